// `npm run bench -- fairness [--seconds S] [--batch-clients B] [--no-pin]`
//
// Can one client stall everyone? Starts the real portal (apps/api/src/main.ts, fresh DATA_DIR, demo
// data, RATE_LIMITS=off) pinned to CPU 0 with taskset, and from CPU 1:
// 1. health alone: one client asking GET /api/v1/health in a loop for S/2 seconds (default S = 10);
// 2. the same health client while B clients (default 2) each send the costliest batch the API
//    accepts, in a loop, for S seconds: 500 links whose 240-octet hosts are all near misses of a
//    trusted brand (every label goes through look-alike detection), just under the 131 072-character
//    cap on one request.
// Prints health p50/p99 in both phases (target: p99 < 50 ms under the batches) and the batches'
// own latency. The batch is checked in ~1 ms slices (CHECK_SLICE_MS), so health is answered in
// between instead of after the whole batch.
import { cpus, totalmem } from "node:os";
// Not a dependency of the root package: read from its source (a plain module without imports).
import { MAX_BULK_URL_CHARS } from "@portal/contracts";
import { fmt, numberOption, say } from "./lib/cli.ts";
import { cpuTicks, httpLoad, stolenSince } from "./lib/http-load.ts";
import { canPin, pinSelf, type Started, startPortal } from "./lib/pinned.ts";

const SECONDS = numberOption("seconds", 10);
const BATCH_CLIENTS = numberOption("batch-clients", 2);
const PIN = !process.argv.includes("--no-pin") && canPin();

say(
  `machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
if (PIN) {
  pinSelf(1);
  say("pinning: server on CPU 0, this script and its clients on CPU 1 (taskset)");
} else say("pinning: off (taskset missing, fewer than 2 CPUs, or --no-pin)");

/** A link at the bound of what a check accepts, built to make look-alike detection do the most work. */
function costly(i: number): string {
  const label = (j: number) => `vietcombanx${String.fromCharCode(97 + ((i + j) % 26))}-secure-login`;
  let host = "top";
  for (let j = 0; host.length + label(j).length + 1 <= 240; j++) host = `${label(j)}.${host}`;
  return `http://${host}/`;
}

let portal: Started | null = null;
try {
  portal = await startPortal({ cpu: PIN ? 0 : undefined });
  const base = `http://127.0.0.1:${portal.port}`;
  const urls = Array.from({ length: 500 }, (_, i) => costly(i));
  const chars = urls.reduce((s, u) => s + u.length, 0);
  const body = JSON.stringify({ urls });
  // The batch is accepted, and every link in it goes through look-alike detection.
  const t = performance.now();
  const first = await fetch(`${base}/api/v1/url/check`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const answer = (await first.json()) as { results?: { verdict: string }[] };
  const ms = performance.now() - t;
  if (first.status !== 200) throw new Error(`the worst-case batch answered ${first.status}: ${JSON.stringify(answer).slice(0, 300)}`);
  say(
    `worst-case batch: 500 links, ${fmt(chars)} characters (cap ${fmt(MAX_BULK_URL_CHARS)}), ${fmt(Buffer.byteLength(body))} bytes of JSON; ${answer.results?.filter((r) => r.verdict === "suspicious").length} of 500 flagged as look-alikes; first answer in ${ms.toFixed(0)} ms`,
  );
  const over = JSON.stringify({ urls: urls.map((u) => `${u}${"x".repeat(20)}`) });
  const refused = await fetch(`${base}/api/v1/url/check`, { method: "POST", headers: { "content-type": "application/json" }, body: over });
  say(`a batch over the cap answers ${refused.status} ${((await refused.json()) as { error?: { code: string } }).error?.code ?? ""}`);

  const health = { port: portal.port, path: "/api/v1/health", suffixes: [""], connections: 1 };
  await httpLoad("warm-up", { ...health, seconds: 1 }, () => {});
  const alone = await httpLoad("GET /api/v1/health, alone", { ...health, seconds: SECONDS / 2 }, say);
  const ticks = cpuTicks();
  const [loaded, batches] = await Promise.all([
    httpLoad(`GET /api/v1/health, ${BATCH_CLIENTS} batch clients`, { ...health, seconds: SECONDS }, say),
    httpLoad(
      `POST /api/v1/url/check (worst case) ×${BATCH_CLIENTS}`,
      { port: portal.port, path: "/api/v1/url/check", body, connections: BATCH_CLIENTS, seconds: SECONDS },
      say,
    ),
  ]);
  const stolen = stolenSince(ticks);
  say(
    `health under worst-case batches: p50 ${loaded.p50.toFixed(2)} ms, p99 ${loaded.p99.toFixed(2)} ms (alone: p50 ${alone.p50.toFixed(2)} ms, p99 ${alone.p99.toFixed(2)} ms) — target p99 < 50 ms: ${loaded.p99 < 50 ? "met" : "NOT met"}`,
  );
  say(
    `worst-case batches answered: ${fmt(batches.rps * SECONDS)} (${(batches.rps * 500).toFixed(0)} links/s), p50 ${batches.p50.toFixed(0)} ms`,
  );
  if (stolen !== null) say(`CPU time taken by the hypervisor for other guests meanwhile: ${(stolen * 100).toFixed(0)} %`);
} finally {
  await portal?.stop();
}
