// Shared by the url and hash benchmarks.
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";

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
    const over = () => performance.now() >= end || (w.max && lat.length >= w.max);
    // One client: a keep-alive connection, opened again whenever the server closes it (the portal
    // closes a connection after 1000 requests, as clients and proxies expect servers to).
    const one = () => new Promise((done) => {
      let finished = false;
      const finish = () => { if (!finished) { finished = true; done(); } };
      const open = () => {
        const sock = net.connect(w.port, "127.0.0.1");
        sock.setNoDelay(true);
        let buf = Buffer.alloc(0); let started = 0;
        const send = () => {
          if (over()) { sock.end(); return finish(); }
          const i = k++;
          const path = w.body ? w.path : w.path + w.suffixes[i % w.suffixes.length];
          const head = (w.body ? "POST " : (w.method || "GET") + " ") + path + " HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n" + (w.headers || "") +
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
            // A 304 and the answer to HEAD have no body, whatever Content-Length says.
            if (headers.startsWith("http/1.1 304") || w.method === "HEAD") total = h + 4;
            else if (m) total = h + 4 + Number(m[1]);
            else { const z = buf.indexOf("\\r\\n0\\r\\n\\r\\n", h); if (z < 0) return; total = z + 7; }
            if (buf.length < total) return;
            if (!headers.startsWith("http/1.1 " + (w.status || 200))) errors++;
            lat.push(performance.now() - started);
            buf = buf.subarray(total);
            // "connection: close": the server ends this socket after this answer; "close" reopens.
            if (/\\r\\nconnection: *close/.test(headers)) return;
            send();
          }
        });
        sock.on("error", () => { errors++; });
        sock.on("close", () => { if (finished) return; if (over()) finish(); else open(); });
        sock.on("connect", send);
      };
      open();
    });
    const startedAll = performance.now();
    await Promise.all(Array.from({ length: w.connections }, one));
    parentPort.postMessage({ lat, errors, secs: (performance.now() - startedAll) / 1000 });
  })();`;

/** One load phase's raw figures: every response's latency (ms) and the phase's length (s). */
export interface LoadRun {
  lat: number[];
  errors: number;
  secs: number;
}

export interface LoadOptions {
  port: number;
  path: string;
  suffixes?: string[];
  body?: string;
  /** Extra request header lines, each ending in \r\n (e.g. "Accept-Encoding: gzip\r\n"). */
  headers?: string;
  /** GET (the default) or HEAD; ignored with `body`, which POSTs. */
  method?: "GET" | "HEAD";
  /** The status every answer should have (default 200); others are counted as errors. */
  status?: number;
  connections: number;
  seconds: number;
  max?: number;
}

async function runLoad(data: LoadOptions): Promise<LoadRun> {
  const worker = new Worker(workerCode, { eval: true, workerData: data });
  const r = await new Promise<LoadRun>((res, rej) => {
    worker.once("message", res);
    worker.once("error", rej);
  });
  await worker.terminate();
  return r;
}

/** Requests/s, p50 and p99 of one or more runs taken together, and their line of output. */
function summarise(name: string, runs: LoadRun[]) {
  const lat = runs.flatMap((r) => r.lat).sort((a, b) => a - b);
  const errors = runs.reduce((s, r) => s + r.errors, 0);
  const q = (x: number) => lat[Math.min(lat.length - 1, Math.floor(x * lat.length))] ?? 0;
  const rps = lat.length / runs.reduce((s, r) => s + r.secs, 0);
  const line = `${name.padEnd(36)} ${Math.round(rps).toLocaleString("en-US").padStart(7)} req/s  p50 ${q(0.5).toFixed(2)} ms  p99 ${q(0.99).toFixed(2)} ms  (${lat.length.toLocaleString("en-US")} requests${errors ? `, ${errors} not as expected` : ""})`;
  return { rps, p50: q(0.5), p99: q(0.99), line };
}

/**
 * Runs a load phase against 127.0.0.1:port and prints one line: requests/s, p50, p99.
 * GET requests append the next of `suffixes` (already URL-encoded) to `path`; with `body`, POSTs it.
 */
export async function httpLoad(name: string, data: LoadOptions, say: (line: string) => void) {
  const s = summarise(name, [await runLoad(data)]);
  say(s.line);
  return s;
}

/**
 * Loads several servers in turn, `rounds` times over, each round `seconds / rounds` long, so that a
 * noisy neighbour on a shared machine slows every side alike instead of one side's whole run.
 * Prints one line per side (all its rounds together) and returns, per side, those figures and the
 * requests/s of each round, for ratios taken round by round.
 */
export async function interleavedLoad(sides: { name: string; data: LoadOptions }[], rounds: number, say: (line: string) => void) {
  const runs = sides.map(() => [] as LoadRun[]);
  for (let r = 0; r < rounds; r++)
    for (const [i, side] of sides.entries()) runs[i]?.push(await runLoad({ ...side.data, seconds: side.data.seconds / rounds }));
  return sides.map((side, i) => {
    const s = summarise(side.name, runs[i] ?? []);
    say(s.line);
    return { ...s, perRound: (runs[i] ?? []).map((r) => r.lat.length / r.secs) };
  });
}

/** The median of the round-by-round ratios a[i] / b[i]. */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  const ratios = a.map((x, i) => x / (b[i] ?? Number.NaN)).sort((x, y) => x - y);
  const m = ratios.length >> 1;
  return ratios.length % 2 ? (ratios[m] ?? Number.NaN) : ((ratios[m - 1] ?? 0) + (ratios[m] ?? 0)) / 2;
}

/**
 * CPU time the hypervisor handed to other guests ("steal" in /proc/stat) since `from`, as a share
 * of all CPU time; on a shared virtual machine this is what makes two runs disagree. Null off Linux.
 */
export function stolenSince(from: ReturnType<typeof cpuTicks>): number | null {
  const now = cpuTicks();
  if (!from || !now || now.total === from.total) return null;
  return (now.steal - from.steal) / (now.total - from.total);
}

/** The machine's CPU tick counters (all, and stolen), or null where /proc/stat does not exist. */
export function cpuTicks(): { total: number; steal: number } | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    return { total: f.slice(0, 8).reduce((s, x) => s + x, 0), steal: f[7] ?? 0 };
  } catch {
    return null;
  }
}
