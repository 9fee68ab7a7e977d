// The server exactly as `npm start` runs it (runtime.ts listen(): the Node server of
// http/node-server.ts around the real app and the built site) on a free port, and a raw-socket
// client for what must reach the server unnormalised (Node answers some of it before the app).
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { inject } from "vitest";
import { listen, type RunningServer, type Runtime } from "../runtime.ts";
import { makeTestDeps, type TestDeps } from "./deps.ts";

export interface Started {
  deps: TestDeps;
  server: RunningServer;
  port: number;
}

export async function startServer(env: Record<string, string>, limits?: Parameters<typeof listen>[1]): Promise<Started> {
  const deps = await makeTestDeps({
    meiliUrl: inject("meiliUrl"),
    meiliKey: inject("meiliKey"),
    env: { HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
  });
  if (!existsSync(`${deps.env.WEB_DIST}/server/entry.mjs`))
    throw new Error(`No built site in ${deps.env.WEB_DIST}: run \`npm run build\` first.`);
  const runtime: Runtime = { deps, meili: null, close: async () => deps.cleanup() };
  const server = await listen(runtime, limits);
  return { deps, server, port: Number(new URL(server.url).port) };
}

export async function stopServer(s: Started | undefined) {
  if (!s) return;
  await s.server.close();
  s.deps.cleanup();
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything the server sent, as latin1 text. */
  raw: string;
  /** Milliseconds from connecting to the server closing the connection. */
  ms: number;
}

/** Sends `parts` on one connection (each after `gapMs`), and reads until the server closes it. */
export function rawExchange(port: number, parts: (string | Buffer)[], gapMs = 0, timeoutMs = 20_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on("data", (d) => chunks.push(d));
    socket.on("error", () => {}); // a reset after the answer is fine: the answer is what is checked
    socket.on("close", () => {
      clearTimeout(giveUp);
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString("latin1");
      const [head = "", ...rest] = raw.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(":");
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({
        status: Number(statusLine.split(" ")[1] ?? 0),
        headers,
        body: Buffer.from(rest.join("\r\n\r\n"), "latin1").toString("utf8"),
        raw,
        ms: performance.now() - started,
      });
    });
    let i = 0;
    const next = () => {
      if (i >= parts.length || socket.destroyed) return;
      socket.write(parts[i++] as string | Buffer);
      timer = setTimeout(next, gapMs);
    };
    socket.once("connect", next);
  });
}
