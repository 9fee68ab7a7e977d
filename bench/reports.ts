// `npm run bench -- reports` (pnpm bench reports): report intake through the real server process
// (apps/api/src/main.ts on a fresh DATA_DIR), every report with a 1 MB evidence file, from N
// concurrent clients (default 50) for a fixed count (default 1 000): reports per second, latency
// p50/p99, and MB/s of evidence written and fsynced. Loopback only; nothing persists.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fmt, freePort, numberOption, say } from "./lib/cli.ts";

const CLIENTS = numberOption("clients", 50);
const TOTAL = numberOption("reports", 1000);
const FILE_BYTES = numberOption("file-bytes", 1024 * 1024);
const root = join(import.meta.dirname, "..");
say(
  `machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`,
);

const dataDir = mkdtempSync(join(tmpdir(), "portal-bench-reports-"));
const port = await freePort();
const child: ChildProcess = spawn(process.execPath, [join(root, "apps/api/src/main.ts")], {
  env: {
    ...process.env,
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO_DATA: "false",
    REPORTS_PER_HOUR: "0",
    RATE_LIMITS: "off",
    LOG_LEVEL: "error",
    MEILI_URL: "http://127.0.0.1:9",
  },
  stdio: ["ignore", "pipe", "pipe"],
});
await new Promise<void>((res, rej) => {
  let out = "";
  const on = (b: Buffer) => {
    out += b.toString();
    if (out.includes("Portal ready")) res();
  };
  child.stdout?.on("data", on);
  child.stderr?.on("data", on);
  child.once("exit", (code) => rej(new Error(`portal exited ${code}: ${out}`)));
});

/**
 * A whole 1×1 PNG (its IDAT chunk is what the type detector recognises), then random bytes:
 * accepted as an image, different every time. A bare header followed by random bytes is not
 * reliably a PNG to the detector (it reads on through the chunks).
 */
const head = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const payload = Buffer.concat([head, randomBytes(FILE_BYTES - head.length)]);
const url = `http://127.0.0.1:${port}/api/v1/reports`;

function form(i: number): FormData {
  const f = new FormData();
  f.append("category", "phishing");
  f.append("description", `Tin nhắn giả ngân hàng số ${i}.`);
  f.append("url", `https://gia-mao-${i}.example/`);
  f.append("contactMethod", "sms");
  f.append("anonymous", "true");
  f.append("consent", "true");
  // The same bytes but one: each file is new to the store (no deduplication flatters the numbers).
  const bytes = Buffer.from(payload);
  bytes.writeUInt32BE(i, bytes.length - 4);
  f.append("evidence", new Blob([new Uint8Array(bytes)], { type: "image/png" }), `bang-chung-${i}.png`);
  return f;
}

const latencies: number[] = [];
let failures = 0;
let firstFailure = "";
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    for (let i = next++; i < TOTAL; i = next++) {
      const body = form(i);
      const t = performance.now();
      const res = await fetch(url, { method: "POST", body });
      const text = await res.text();
      if (res.status === 201) latencies.push(performance.now() - t);
      else {
        failures++;
        firstFailure ||= `${res.status} ${text.slice(0, 300)}`;
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
say(
  `intake: ${fmt(latencies.length)} reports with a ${(FILE_BYTES / 1024 / 1024).toFixed(1)} MB file each, ${CLIENTS} concurrent clients, in ${seconds.toFixed(1)} s`,
);
say(
  `  ${(latencies.length / seconds).toFixed(1)} reports/s; ${((latencies.length * FILE_BYTES) / 1024 / 1024 / seconds).toFixed(1)} MB/s of evidence stored and fsynced`,
);
say(`  latency p50 ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms, max ${pct(100).toFixed(0)} ms; failures ${failures}`);
if (firstFailure) say(`  first failure: ${firstFailure}`);
child.kill("SIGTERM");
await new Promise((r) => child.once("exit", r));
rmSync(dataDir, { recursive: true, force: true });
