// `npm run bench -- passwords [--hashes N] [--seconds S] [--connections C]`
//
// 1. Generates N random SHA-1 hashes (default 100 000 000) as a HIBP downloader single file
//    ("HASH:COUNT" lines, sorted), streamed to a temporary folder: generated prefix by prefix, so
//    the file is sorted without holding it in memory.
// 2. Imports it with the real importer; reports hashes/s and peak memory.
// 3. Serves the real password route and, in the same process and app, a route returning the same
//    bytes from memory; loads both over HTTP on loopback with the same random prefixes and
//    reports responses/s, p50/p99 and the ratio. Padded and unpadded.
// Bounded: every load phase runs for --seconds (default 8); the temp folder is deleted at the end.
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, freemem, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { serve } from "@hono/node-server";
import { importPwnedPasswords, PasswordStore } from "@portal/breach";
import { createLogger } from "@portal/config";
import { CheckCounter } from "@portal/reports";
import { Hono } from "hono";
import type { Deps } from "../apps/api/src/deps.ts";
import { loadEnv } from "../apps/api/src/env.ts";
import { passwordRoutes } from "../apps/api/src/features/breaches/password-routes.ts";
import { numberOption, say } from "./lib/cli.ts";

const N = numberOption("hashes", 100_000_000);
const SECONDS = numberOption("seconds", 8);
const CONNECTIONS = numberOption("connections", 32);

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

say(
  `machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${mb(totalmem())} RAM (${mb(freemem())} free), Node ${process.version}, ${process.platform}`,
);
const dir = mkdtempSync(join(tmpdir(), "bench-passwords-"));
const input = join(dir, "pwnedpasswords.txt");
const corpusDir = join(dir, "pwned");

try {
  // 1. Generate, sorted by construction: for each of the 2^20 prefixes, its share of random suffixes.
  let t = performance.now();
  const out = createWriteStream(input, { highWaterMark: 4 << 20 });
  const perPrefix = N / 2 ** 20;
  let made = 0;
  const write = (buf: Buffer) => (out.write(buf) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  for (let p = 0; p < 2 ** 20; p++) {
    const n = Math.floor((p + 1) * perPrefix) - Math.floor(p * perPrefix);
    const raw = randomBytes(n * 18);
    const suffixes: string[] = new Array(n);
    for (let i = 0; i < n; i++)
      suffixes[i] = raw
        .toString("hex", i * 18, i * 18 + 18)
        .slice(0, 35)
        .toUpperCase();
    suffixes.sort();
    const prefix = p.toString(16).toUpperCase().padStart(5, "0");
    let text = "";
    for (let i = 0; i < n; i++) text += `${prefix}${suffixes[i]}:${1 + ((raw[i * 18] as number) % 97)}\r\n`;
    made += n;
    await write(Buffer.from(text, "latin1"));
    if ((p & 0x3ffff) === 0x3ffff) process.stderr.write(`  generated ${made.toLocaleString("en-US")} hashes\n`);
  }
  await new Promise<void>((r) => out.end(() => r()));
  const genSecs = (performance.now() - t) / 1000;
  say(`generate: ${made.toLocaleString("en-US")} hashes, ${mb(statSync(input).size)} of text in ${genSecs.toFixed(1)} s`);

  // 2. Import with the real importer.
  peakRss = process.memoryUsage().rss;
  const rssBefore = peakRss;
  t = performance.now();
  const r = await importPwnedPasswords(input, { dir: corpusDir });
  const impSecs = (performance.now() - t) / 1000;
  say(
    `import: ${r.hashes.toLocaleString("en-US")} hashes in ${impSecs.toFixed(1)} s = ${Math.round(r.hashes / impSecs).toLocaleString("en-US")} hashes/s; corpus file ${mb(statSync(join(corpusDir, "sha1.bin")).size)}; RSS before ${mb(rssBefore)}, peak during import ${mb(peakRss)}`,
  );
  rmSync(input, { force: true });

  // 3. HTTP: the real route, and the same bytes from memory, in one app and one server.
  const store = new PasswordStore(corpusDir);
  const env = loadEnv({ DATA_DIR: dir, LOG_LEVEL: "silent" });
  // Only what the password routes read; the check counter is the real one (counting is part of the cost).
  const deps = { env, log: createLogger("silent"), checks: new CheckCounter() } as unknown as Deps;
  const prefixes = Array.from({ length: 4096 }, () => randomBytes(3).toString("hex").slice(0, 5).toUpperCase());
  const memory = new Map<string, Uint8Array>();
  for (const p of prefixes) {
    const b = (await store.range(p, "sha1")).body;
    memory.set(p, new Uint8Array(b));
  }
  const app = new Hono();
  app.route("/api/v1", passwordRoutes(deps, { store }));
  app.get("/memory/range/:prefix", (c) => {
    const body = memory.get(c.req.param("prefix")) ?? new Uint8Array();
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { "Content-Type": "text/plain" });
  });
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  const base = `http://127.0.0.1:${port}`;

  // The load generator runs in a worker thread, so the server's event loop has the main thread.
  const workerCode = `
    const { parentPort, workerData: w } = require("node:worker_threads");
    (async () => {
      const lat = []; let bytes = 0; let errors = 0; let k = 0;
      const end = performance.now() + w.seconds * 1000;
      const one = async () => {
        while (performance.now() < end) {
          const p = w.prefixes[k++ % w.prefixes.length];
          const s = performance.now();
          const res = await fetch(w.url.replace("{p}", p), { headers: w.headers });
          const buf = await res.arrayBuffer();
          lat.push(performance.now() - s); bytes += buf.byteLength; if (res.status !== 200) errors++;
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: w.connections }, one));
      parentPort.postMessage({ lat, bytes, errors, secs: (performance.now() - started) / 1000 });
    })();`;
  async function load(label: string, url: string, headers: Record<string, string>) {
    const worker = new Worker(workerCode, {
      eval: true,
      workerData: { url, headers, prefixes, seconds: SECONDS, connections: CONNECTIONS },
    });
    const r = await new Promise<{ lat: number[]; bytes: number; errors: number; secs: number }>((res, rej) => {
      worker.once("message", res);
      worker.once("error", rej);
    });
    await worker.terminate();
    const lat = r.lat.sort((a, b) => a - b);
    const q = (x: number) => (lat[Math.min(lat.length - 1, Math.floor(x * lat.length))] ?? 0).toFixed(2);
    const rps = lat.length / r.secs;
    say(
      `${label.padEnd(28)} ${Math.round(rps).toLocaleString("en-US").padStart(7)} responses/s  p50 ${q(0.5)} ms  p99 ${q(0.99)} ms  avg body ${Math.round(r.bytes / lat.length)} B${r.errors ? `  ${r.errors} non-200` : ""}`,
    );
    return rps;
  }

  say(
    `http: ${CONNECTIONS} concurrent keep-alive clients (fetch, in a worker thread), ${SECONDS} s per run, ${prefixes.length} random prefixes`,
  );
  // Warm-up, then each pair side by side.
  await load("warm-up", `${base}/api/v1/passwords/range/{p}`, {});
  const store1 = await load("store route (unpadded)", `${base}/api/v1/passwords/range/{p}`, {});
  const mem1 = await load("memory route (unpadded)", `${base}/memory/range/{p}`, {});
  const store2 = await load("store route (Add-Padding)", `${base}/api/v1/passwords/range/{p}`, { "Add-Padding": "true" });
  say(`ratio store/memory (unpadded): ${(store1 / mem1).toFixed(2)}; padded/unpadded: ${(store2 / store1).toFixed(2)}`);
  say(
    `memory: RSS at end ${mb(process.memoryUsage().rss)}, peak ${mb(Math.max(peakRss, process.memoryUsage().rss))} (includes the load generator worker)`,
  );
  server.close();
  await store.close();
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
