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
import { cpus, freemem, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { migrate, openDatabase, resolveDatabaseUrl } from "@portal/db";
import { addHashEntries } from "@portal/threat-intel";
import { fmt, freePort, numberOption, say } from "./lib/cli.ts";
import { httpLoad } from "./lib/http-load.ts";

const N = numberOption("hashes", 10_000_000);
const SECONDS = numberOption("seconds", 8);
const CONNECTIONS = numberOption("connections", 16);
const root = join(import.meta.dirname, "..");
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

const load = (
  name: string,
  data: { port: number; path: string; hashes?: string[]; body?: string; connections: number; seconds: number; max?: number },
) => httpLoad(name, { ...data, suffixes: data.hashes }, say);

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
      // Loopback is one address: the benchmark measures the check, not the rate limit.
      RATE_LIMITS: "off",
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
