// A mixed-traffic load generator (bench/load.ts, bench/fairness.ts): raw keep-alive HTTP/1.1 over
// sockets in a worker thread, as bench/lib/http-load.ts does for one route, but each connection
// sends the next request of a weighted schedule over many kinds of request, and every response's
// latency and status is kept per kind. It parses the status line, Content-Length or chunked
// framing, and Connection: close; a closed connection is opened again.
import { Worker } from "node:worker_threads";

const workerCode = `
  const { parentPort, workerData: w } = require("node:worker_threads");
  const net = require("node:net");
  const kinds = w.kinds.length;
  const lat = Array.from({ length: kinds }, () => []);
  const status = Array.from({ length: kinds }, () => ({}));
  const sent = new Array(kinds).fill(0);
  const count = (kind, code) => { status[kind][code] = (status[kind][code] || 0) + 1; };
  let k = 0;
  const startedAll = performance.now();
  const end = startedAll + w.seconds * 1000;
  const sockets = new Set();
  // Parses one complete response at the start of buf: [total bytes, status code, close?] or null.
  const parse = (buf) => {
    const h = buf.indexOf("\\r\\n\\r\\n");
    if (h < 0) return null;
    const head = buf.toString("latin1", 0, h).toLowerCase();
    const code = Number(head.slice(9, 12));
    const close = /\\r\\nconnection: *close/.test(head);
    const m = /\\r\\ncontent-length: *(\\d+)/.exec(head);
    if (m) { const total = h + 4 + Number(m[1]); return buf.length >= total ? [total, code, close] : null; }
    if (/\\r\\ntransfer-encoding: *chunked/.test(head)) {
      let p = h + 4;
      for (;;) {
        const eol = buf.indexOf("\\r\\n", p);
        if (eol < 0) return null;
        const size = parseInt(buf.toString("latin1", p, eol), 16);
        if (size === 0) { const total = eol + 4; return buf.length >= total ? [total, code, close] : null; }
        p = eol + 2 + size + 2;
        if (p > buf.length) return null;
      }
    }
    // No body framing: 204/304, or a body that ends when the server closes (counted on close).
    if (code === 204 || code === 304 || (code >= 100 && code < 200)) return [h + 4, code, close];
    return null;
  };
  const one = () => new Promise((done) => {
    let sock; let buf = Buffer.alloc(0); let started = 0; let kind = -1; let pending = false;
    const send = () => {
      if (performance.now() >= end) { sock.end(); return; }
      const i = k++;
      kind = w.schedule[i % w.schedule.length];
      const raws = w.kinds[kind];
      const raw = raws[sent[kind]++ % raws.length];
      started = performance.now();
      pending = true;
      sock.write(raw);
    };
    const connect = () => {
      buf = Buffer.alloc(0);
      pending = false;
      sock = net.connect(w.port, "127.0.0.1");
      sockets.add(sock);
      sock.setNoDelay(true);
      sock.on("connect", send);
      sock.on("error", () => {});
      sock.on("data", (chunk) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        for (;;) {
          const r = parse(buf);
          if (!r) return;
          lat[kind].push(performance.now() - started);
          count(kind, r[1]);
          pending = false;
          buf = buf.subarray(r[0]);
          if (r[2]) { sock.end(); return; }
          send();
        }
      });
      sock.on("close", () => {
        sockets.delete(sock);
        if (pending) {
          // A body the server ended by closing, or a request it dropped.
          if (buf.indexOf("\\r\\n\\r\\n") > 0) { lat[kind].push(performance.now() - started); count(kind, Number(buf.toString("latin1", 9, 12))); }
          else count(kind, performance.now() >= end + w.graceMs ? "timeout" : "closed");
        }
        if (performance.now() < end) connect(); else done();
      });
    };
    connect();
  });
  // A request still unanswered this long after the end is counted as a timeout.
  setTimeout(() => { for (const s of sockets) s.destroy(); }, w.seconds * 1000 + w.graceMs).unref();
  Promise.all(Array.from({ length: w.connections }, one)).then(() => {
    parentPort.postMessage({ lat, status, secs: (performance.now() - startedAll) / 1000 });
  });`;

/** One kind of request: its name, its share of the traffic, and the raw requests it cycles through. */
export interface RequestKind {
  name: string;
  weight: number;
  raw: string[];
}

export interface MixedOptions {
  port: number;
  kinds: RequestKind[];
  connections: number;
  seconds: number;
  /** How long after the end an unanswered request is given before it counts as a timeout (default 10 s). */
  graceMs?: number;
}

/** Per kind: every latency (ms), and the responses by status code ("closed", "timeout" for none). */
export interface MixedRun {
  lat: number[][];
  status: Record<string, number>[];
  secs: number;
}

// A small deterministic PRNG (mulberry32), so that two runs send the same schedule.
function prng(seed: number) {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled list of kind indices in proportion to their weights (1 000 slots, each kind at least one). */
export function schedule(kinds: readonly RequestKind[], slots = 1000): number[] {
  const total = kinds.reduce((s, k) => s + k.weight, 0);
  const out: number[] = [];
  for (const [i, k] of kinds.entries()) for (let n = Math.max(1, Math.round((k.weight / total) * slots)); n > 0; n--) out.push(i);
  const rand = prng(0x5eed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

/** Runs the mixed load in a worker thread and gives back its raw figures. */
export async function mixedLoad(o: MixedOptions): Promise<MixedRun> {
  const worker = new Worker(workerCode, {
    eval: true,
    workerData: {
      port: o.port,
      kinds: o.kinds.map((k) => k.raw),
      schedule: schedule(o.kinds),
      connections: o.connections,
      seconds: o.seconds,
      graceMs: o.graceMs ?? 10_000,
    },
  });
  const r = await new Promise<MixedRun>((res, rej) => {
    worker.once("message", res);
    worker.once("error", rej);
  });
  await worker.terminate();
  return r;
}

const BASE_HEADERS = "Host: 127.0.0.1\r\nUser-Agent: portal-bench\r\n";

/** A raw GET request; `headers` are extra lines, each ending in \r\n. */
export const rawGet = (path: string, headers = "") => `GET ${path} HTTP/1.1\r\n${BASE_HEADERS}${headers}\r\n`;

/** A raw POST request with a body of `type`. */
export const rawPost = (path: string, body: string, type = "application/json", headers = "") =>
  `POST ${path} HTTP/1.1\r\n${BASE_HEADERS}${headers}Content-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/** The q-quantile of sorted values (0 when empty). */
export const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export interface KindSummary {
  name: string;
  requests: number;
  /** Answers of 400 or more other than 429, dropped connections and timeouts. */
  errors: number;
  limited: number;
  p50: number;
  p99: number;
  statuses: string;
}

/** Per kind: requests, errors (≥ 400 other than 429, dropped, timed out), 429s apart, p50 and p99. */
export function summariseMixed(kinds: readonly RequestKind[], run: MixedRun): KindSummary[] {
  return kinds.map((k, i) => {
    const lat = [...(run.lat[i] ?? [])].sort((a, b) => a - b);
    const st = run.status[i] ?? {};
    let errors = 0;
    let limited = 0;
    let requests = 0;
    for (const [code, n] of Object.entries(st)) {
      requests += n;
      if (code === "429") limited += n;
      else if (!/^[123]\d\d$/.test(code)) errors += n;
    }
    const statuses = Object.entries(st)
      .map(([c, n]) => `${c}×${n}`)
      .join(" ");
    return { name: k.name, requests, errors, limited, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), statuses };
  });
}
