// `npm run bench -- hash [--hashes N] [--seconds S] [--connections C]`
//
// 1. Generates N random SHA-256 digests (default 10 000 000: one a sample, as a feed of file
//    hashes gives them) and imports them with the real store function (addHashEntries), reporting
//    rows/s.
// 2. Starts the real portal process (apps/api/src/main.ts) on that database and measures, over HTTP
//    on loopback: GET /api/v1/hash/{hash} (half known, half unknown) throughput and p50/p99, and
//    POST /api/v1/hash/bulk with 1000 hashes, p50/p99.
// Bounded: each load phase runs --seconds (default 8); the process and temp folder are removed.
import { type ChildProcess, spawn } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, freemem, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { addHashEntries, migrate, openDatabase, resolveDatabaseUrl } from "../apps/api/src/bench-threat-intel.ts";

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = opt("hashes", 10_000_000);
const SECONDS = opt("seconds", 8);
const CONNECTIONS = opt("connections", 16);
const root = join(import.meta.dirname, "..");
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const say = (s: string) => process.stdout.write(`${s}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

const freePort = () =>
  new Promise<number>((res) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => res(typeof a === "object" && a ? a.port : 0));
    });
  });

// The load generator: raw keep-alive HTTP/1.1 over sockets in a worker thread. It parses only the
// status line and Content-Length (or a chunked ending), so it spends little CPU per response and
// the figures reflect the server rather than the client (fetch would parse every header into
// objects, which costs more for the portal's security headers than for the bare route's three).
const workerCode = `
  const { parentPort, workerData: w } = require("node:worker_threads");
  const net = require("node:net");
  (async () => {
    const lat = []; let errors = 0; let k = 0;
    const end = performance.now() + w.seconds * 1000;
    const one = () => new Promise((done) => {
      const sock = net.connect(w.port, "127.0.0.1");
      sock.setNoDelay(true);
      let buf = Buffer.alloc(0); let started = 0;
      const send = () => {
        if (performance.now() >= end || (w.max && lat.length >= w.max)) { sock.end(); return done(); }
        const i = k++;
        const path = w.body ? w.path : w.path + w.hashes[i % w.hashes.length];
        const head = (w.body ? "POST " : "GET ") + path + " HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n" +
          (w.body ? "Content-Type: application/json\\r\\nContent-Length: " + Buffer.byteLength(w.body) + "\\r\\n" : "") + "\\r\\n";
        started = performance.now();
        sock.write(w.body ? head + w.body : head);
      };
      sock.on("data", (chunk) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        for (;;) {
          const h = buf.indexOf("\\r\\n\\r\\n");
          if (h < 0) return;
          const headers = buf.toString("latin1", 0, h).toLowerCase();
          const m = /content-length: *(\\d+)/.exec(headers);
          let total;
          if (m) total = h + 4 + Number(m[1]);
          else { const z = buf.indexOf("\\r\\n0\\r\\n\\r\\n", h); if (z < 0) return; total = z + 7; }
          if (buf.length < total) return;
          if (!headers.startsWith("http/1.1 200")) errors++;
          lat.push(performance.now() - started);
          buf = buf.subarray(total);
          send();
        }
      });
      sock.on("error", () => { errors++; done(); });
      sock.on("connect", send);
    });
    const startedAll = performance.now();
    await Promise.all(Array.from({ length: w.connections }, one));
    parentPort.postMessage({ lat, errors, secs: (performance.now() - startedAll) / 1000 });
  })();`;

async function load(
  name: string,
  data: { port: number; path: string; hashes?: string[]; body?: string; connections: number; seconds: number; max?: number },
) {
  const worker = new Worker(workerCode, { eval: true, workerData: data });
  const r = await new Promise<{ lat: number[]; errors: number; secs: number }>((res, rej) => {
    worker.once("message", res);
    worker.once("error", rej);
  });
  await worker.terminate();
  const lat = r.lat.sort((a, b) => a - b);
  const q = (x: number) => lat[Math.min(lat.length - 1, Math.floor(x * lat.length))] ?? 0;
  say(
    `${name.padEnd(36)} ${fmt(lat.length / r.secs).padStart(7)} req/s  p50 ${q(0.5).toFixed(2)} ms  p99 ${q(0.99).toFixed(2)} ms  (${fmt(lat.length)} requests${r.errors ? `, ${r.errors} not 200` : ""})`,
  );
}

say(
  `machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${mb(totalmem())} RAM (${mb(freemem())} free), Node ${process.version}, ${process.platform}`,
);
const dir = mkdtempSync(join(tmpdir(), "bench-hash-"));
let child: ChildProcess | null = null;
try {
  const db = await openDatabase(resolveDatabaseUrl(undefined, dir));
  await migrate(db.client);
  const known: string[] = [];
  const CHUNK = 100_000;
  // Generated on the fly, chunk by chunk, so the 10 million never sit in memory at once.
  async function* samples() {
    const buf = Buffer.alloc(CHUNK * 32);
    for (let done = 0; done < N; done += CHUNK) {
      randomFillSync(buf);
      const n = Math.min(CHUNK, N - done);
      for (let i = 0; i < n; i++) {
        const sha256 = buf.toString("hex", i * 32, i * 32 + 32);
        if (i === 0 && known.length < 5000) known.push(sha256);
        yield { sha256, verdict: "malicious" as const, family: i % 3 === 0 ? "AgentTesla" : null, fileType: "exe" };
      }
    }
  }
  let lastReport = 0;
  const t = performance.now();
  const r = await addHashEntries(
    db.client,
    samples(),
    { source: "bench", addedBy: "bench", now: new Date().toISOString() },
    {
      onProgress: (n) => {
        if (n - lastReport >= 1_000_000) {
          lastReport = n;
          const s = (performance.now() - t) / 1000;
          process.stderr.write(`  imported ${fmt(n)} in ${s.toFixed(0)} s (${fmt(n / s)} rows/s)\n`);
        }
      },
    },
  );
  const secs = (performance.now() - t) / 1000;
  db.close();
  say(
    `import: ${fmt(r.stored)} hashes (generated, then stored by addHashEntries) in ${secs.toFixed(1)} s = ${fmt(r.stored / secs)} rows/s; database ${mb(statSync(join(dir, "portal.db")).size)}`,
  );

  const port = await freePort();
  child = spawn(process.execPath, [join(root, "apps/api/src/main.ts")], {
    env: {
      ...process.env,
      DATA_DIR: dir,
      PORT: String(port),
      HOST: "127.0.0.1",
      DEMO_DATA: "false",
      LOG_LEVEL: "warn",
      MEILI_URL: "http://127.0.0.1:9",
      MEILI_MASTER_KEY: "x",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((res, rej) => {
    let out = "";
    const on = (b: Buffer) => {
      out += b.toString();
      if (out.includes("Portal ready at")) res();
    };
    child?.stdout?.on("data", on);
    child?.stderr?.on("data", on);
    child?.once("exit", (code) => rej(new Error(`portal exited with ${code}:\n${out}`)));
  });
  const unknown = known.map((h) => h.replace(/^./, (c) => (c === "0" ? "1" : "0")));
  const mixed = known.flatMap((h, i) => [h, unknown[i] as string]);
  say(`http: ${CONNECTIONS} keep-alive connections (raw HTTP/1.1, in a worker thread), ${SECONDS} s per run`);
  await load("warm-up", { port, path: "/api/v1/hash/", hashes: mixed, connections: CONNECTIONS, seconds: 2 });
  await load("GET /api/v1/hash/{sha256}", { port, path: "/api/v1/hash/", hashes: mixed, connections: CONNECTIONS, seconds: SECONDS });
  await load("GET /api/v1/hash/{sha256}, 1 client", { port, path: "/api/v1/hash/", hashes: mixed, connections: 1, seconds: SECONDS / 2 });
  const bulk = JSON.stringify({ hashes: mixed.slice(0, 1000) });
  await load("POST /api/v1/hash/bulk (1000), 1 client", {
    port,
    path: "/api/v1/hash/bulk",
    body: bulk,
    connections: 1,
    seconds: SECONDS,
    max: 300,
  });
} finally {
  child?.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dir, { recursive: true, force: true });
}
