import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { freePort } from "@portal/meili";

const root = join(import.meta.dirname, "..");

export interface PortalProcess {
  url: string;
  child: ChildProcess;
  output: string[];
  /** SIGTERM and wait; resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** Runs apps/api/src/main.ts (the server `npm start` runs) and waits for its "ready" line. */
export async function startPortal(env: Record<string, string>): Promise<PortalProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, "apps/api/src/main.ts")], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", MEILI_URL: "", MEILI_MASTER_KEY: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((res) => child.once("exit", (code) => res(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (buf: Buffer) => {
      const text = buf.toString("utf8");
      output.push(text);
      const m = /Portal ready at (http:\/\/\S+?)\/ /.exec(output.join(""));
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    // "close" fires after the output streams end, so the message below is complete.
    child.once("close", (code) => reject(new Error(`portal exited with ${code} before it was ready:\n${output.join("")}`)));
    setTimeout(() => reject(new Error(`portal not ready within 60 s:\n${output.join("")}`)), 60_000).unref();
  });
  const url = await ready;
  return {
    url,
    child,
    output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
