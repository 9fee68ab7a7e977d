// `npm run bench -- ratelimit [--hits N] [--keys K]`
//
// The per-address token bucket (apps/api/src/http/guards/rate-limit.ts) on its own, as every
// public request meets it: nanoseconds per hit over K active addresses, and the memory a flood of
// 1 000 000 distinct addresses leaves behind (bounded by maxKeys, 100 000 by default). For the
// retained-memory figure run it as `node --expose-gc bench/ratelimit.ts` (npm run bench passes no
// flags to node; without them the heap growth, garbage included, is printed instead).
import { cpus, totalmem } from "node:os";
import { TokenBucket } from "../apps/api/src/http/guards/rate-limit.ts";
import { numberOption, say } from "./lib/cli.ts";

const HITS = numberOption("hits", 5_000_000);
const KEYS = numberOption("keys", 1000);

say(`Machine: ${cpus()[0]?.model ?? "unknown"}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);

const bucket = new TokenBucket({ capacity: 3000, windowSeconds: 60 });
const keys = Array.from({ length: KEYS }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
for (let round = 1; round <= 3; round++) {
  let admitted = 0;
  const t0 = performance.now();
  for (let i = 0; i < HITS; i++) if (bucket.hit(keys[i % KEYS] as string, 1)) admitted++;
  const ns = ((performance.now() - t0) * 1e6) / HITS;
  say(`round ${round}: ${HITS} hits over ${KEYS} addresses: ${ns.toFixed(0)} ns a hit (${admitted} admitted)`);
}

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage().heapUsed;
const flood = new TokenBucket({ capacity: 10, windowSeconds: 60 });
const t0 = performance.now();
for (let i = 0; i < 1_000_000; i++) flood.hit(`198.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 1);
const ms = performance.now() - t0;
gc?.();
say(
  `flood of 1 000 000 distinct addresses: ${flood.size} tracked, ${((ms * 1e6) / 1_000_000).toFixed(0)} ns a hit, ${gc ? "retained" : "heap growth (run with --expose-gc for retained)"} ${((process.memoryUsage().heapUsed - before) / 1e6).toFixed(1)} MB`,
);
