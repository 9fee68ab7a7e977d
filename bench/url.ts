// `npm run bench -- url [--entries N] [--seconds S] [--rounds R] [--work µs] [--connections C] [--cpu-prof DIR]`
//
// 1. Generates N block-list entries (default 1 000 000: domains, path prefixes and full URLs, the
//    shapes the feeds give) and imports them with the real store function (addUrlEntries).
// 2. Loads the in-memory prefix set as the server does and reports its size and load time.
// 3. Starts the real portal process (apps/api/src/main.ts, as `npm start` does) on that database,
//    and a bare Hono route in another process; loads them over HTTP on loopback in turn, R rounds
//    (default 4), with the same URLs (90 % unlisted, 10 % listed), and reports responses/s,
//    p50/p99, the ratio (median of the rounds) and the CPU time the hypervisor took meanwhile;
//    then single-request latency and bulk-500 latency. For scale, a third side runs the bare route
//    after --work µs (default 20) of busy loop: how far a route that does a little work falls here.
// Bounded: each side gets --seconds in all (default 8); processes and the temp folder are removed.
// --cpu-prof DIR writes a V8 CPU profile of the portal process into DIR (open it in Chrome DevTools).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, freemem, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { migrate, openDatabase, resolveDatabaseUrl } from "@portal/db";
import { addUrlEntries, loadUrlIndex, seedThreatIntel } from "@portal/threat-intel";
import { fmt, freePort, numberOption, say, stopChild, stringOption } from "./lib/cli.ts";
import { cpuTicks, httpLoad, interleavedLoad, medianRatio, stolenSince } from "./lib/http-load.ts";

const N = numberOption("entries", 1_000_000);
const SECONDS = numberOption("seconds", 8);
const CONNECTIONS = numberOption("connections", 16);
const ROUNDS = numberOption("rounds", 4);
const WORK = numberOption("work", 20);
const cpuProfDir = stringOption("cpu-prof");
const root = join(import.meta.dirname, "..");
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

// A small deterministic PRNG (mulberry32), so runs are comparable.
let seed = 0x9e3779b9;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const letters = "abcdefghijklmnopqrstuvwxyz0123456789";
const label = (min: number, max: number) => {
  let s = "";
  const n = min + Math.floor(rand() * (max - min + 1));
  for (let i = 0; i < n; i++) s += letters[Math.floor(rand() * (i === 0 ? 26 : 36))];
  return s;
};
const TLDS = ["com", "net", "top", "xyz", "vn", "com.vn", "info", "online", "site", "shop"];
const host = (i: number) => `${rand() < 0.3 ? `${label(3, 8)}.` : ""}${label(5, 14)}-${i.toString(36)}.${TLDS[i % TLDS.length]}`;
const entryFor = (i: number) => {
  const r = rand();
  if (r < 0.3) return { url: host(i), verdict: "phishing" as const, threat: "phishing" };
  if (r < 0.5) return { url: `${host(i)}/${label(3, 8)}/*`, verdict: "phishing" as const, threat: "scam" };
  return {
    url: `http://${host(i)}/${label(3, 8)}/${label(4, 12)}.${rand() < 0.5 ? "php" : "exe"}`,
    verdict: "malicious" as const,
    threat: "malware_download",
  };
};

function start(argv: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, argv, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((res, rej) => {
    const on = (b: Buffer) => {
      out += b.toString();
      if (ready.test(out)) res(child);
    };
    child.stdout?.on("data", on);
    child.stderr?.on("data", on);
    child.once("exit", (code) => rej(new Error(`exited with ${code}:\n${out}`)));
    setTimeout(() => rej(new Error(`not ready in 120 s:\n${out}`)), 120_000).unref();
  });
}

// The load generator: a worker thread with keep-alive fetch clients, so the main thread stays idle.
const load = (
  name: string,
  data: { port: number; path: string; urls?: string[]; body?: string; connections: number; seconds: number; max?: number },
) => httpLoad(name, { ...data, suffixes: data.urls?.map((u) => encodeURIComponent(u)) }, say);

say(
  `machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${mb(totalmem())} RAM (${mb(freemem())} free), Node ${process.version}, ${process.platform}`,
);
const dir = mkdtempSync(join(tmpdir(), "bench-url-"));
const children: ChildProcess[] = [];
try {
  // 1. Generate and import.
  const db = await openDatabase(resolveDatabaseUrl(undefined, dir));
  await migrate(db.client);
  const sample: string[] = [];
  function* entries() {
    for (let i = 0; i < N; i++) {
      const e = entryFor(i);
      if (i % Math.max(1, Math.floor(N / 1000)) === 0) sample.push(e.url.replace("/*", "/page.html"));
      yield e;
    }
  }
  let t = performance.now();
  const added = await addUrlEntries(
    db.client,
    entries(),
    { source: "bench", addedBy: "bench", now: new Date().toISOString() },
    {
      onProgress: (n) => {
        if (n % 200_000 < 5000) process.stderr.write(`  imported ${fmt(n)}\n`);
      },
    },
  );
  const importSecs = (performance.now() - t) / 1000;
  say(
    `import: ${fmt(added.stored)} entries (generated, canonicalised, hashed, stored) in ${importSecs.toFixed(1)} s = ${fmt(added.stored / importSecs)} entries/s`,
  );

  // The demo lists too (trusted Vietnamese sites, MetaMask's list), so look-alike detection runs
  // on every check as in production.
  say(`demo lists: ${await seedThreatIntel(db.client)}`);

  // 2. The prefix set, loaded as the server loads it.
  global.gc?.();
  const heapBefore = process.memoryUsage();
  t = performance.now();
  const index = await loadUrlIndex(db.client);
  const loadSecs = (performance.now() - t) / 1000;
  const heapAfter = process.memoryUsage();
  say(
    `prefix set: ${fmt(index.prefixes.size)} distinct 4-byte prefixes, ${mb(index.prefixes.bytes)} of data (${(index.prefixes.bytes / index.prefixes.size).toFixed(1)} bytes/entry), host filter ${fmt(index.hosts.size)} keys, ${mb(index.hosts.bytes)}; both loaded in ${loadSecs.toFixed(2)} s; RSS ${heapAfter.rss >= heapBefore.rss ? "+" : "−"}${mb(Math.abs(heapAfter.rss - heapBefore.rss))} while loading`,
  );
  db.close();

  // 3. HTTP: the real portal process, and a bare Hono route, on the same machine.
  const portalPort = await freePort();
  children.push(
    await start(
      [...(cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : []), join(root, "apps/api/src/main.ts")],
      {
        DATA_DIR: dir,
        PORT: String(portalPort),
        HOST: "127.0.0.1",
        DEMO_DATA: "false",
        // Loopback is one address: the benchmark measures the check, not the rate limit.
        RATE_LIMITS: "off",
        LOG_LEVEL: "warn",
        MEILI_URL: "http://127.0.0.1:9",
        MEILI_MASTER_KEY: "x",
      },
      /Portal ready at/,
    ),
  );
  // Two bare servers: the bare route, and the same route after WORK µs of synthetic work (a
  // busy loop), which shows what ratio a route that does that much more than nothing gets here.
  const barePort = await freePort();
  const workPort = await freePort();
  for (const [port, work] of [
    [barePort, 0],
    [workPort, WORK],
  ] as const) {
    children.push(await start([join(root, "bench/lib/bare.ts"), String(port), String(work)], {}, /bare ready/));
  }
  const listed = sample.map((u) => (u.startsWith("http") ? u : `https://${u}`));
  const urls: string[] = [];
  for (let i = 0; i < 10_000; i++)
    urls.push(
      i % 10 === 0
        ? (listed[i % listed.length] as string)
        : `https://${label(5, 12)}.${TLDS[i % TLDS.length]}/${label(3, 9)}/${label(3, 9)}?id=${i}`,
    );
  const encoded = urls.map((u) => encodeURIComponent(u));
  say(
    `http: ${CONNECTIONS} keep-alive connections (raw HTTP/1.1, in a worker thread), ${SECONDS} s per side in ${ROUNDS} alternating rounds, 10 000 URLs (10 % listed)`,
  );
  await load("warm-up", { port: portalPort, path: "/api/v1/url/check?url=", urls, connections: CONNECTIONS, seconds: 2 });
  await load("warm-up (bare)", { port: barePort, path: "/bare?url=", urls, connections: CONNECTIONS, seconds: 2 });
  // The three sides take turns, ROUNDS times over, and the ratio is the median of the rounds'
  // ratios: on a shared machine the neighbours' load then falls on every side alike.
  const ticks = cpuTicks();
  const side = (name: string, port: number, path: string) => ({
    name,
    data: { port, path, suffixes: encoded, connections: CONNECTIONS, seconds: SECONDS },
  });
  const [p, b, w] = await interleavedLoad(
    [
      side("GET /api/v1/url/check", portalPort, "/api/v1/url/check?url="),
      side("bare Hono route", barePort, "/bare?url="),
      side(`bare Hono route + ${WORK} µs busy loop`, workPort, "/bare?url="),
    ],
    ROUNDS,
    say,
  );
  const stolen = stolenSince(ticks);
  if (!p || !b || !w) throw new Error("a load phase gave no result");
  say(
    `ratio portal/bare throughput: ${medianRatio(p.perRound, b.perRound).toFixed(2)} (target ≥ 0.5; median of ${ROUNDS} rounds: ${p.perRound.map((x, i) => (x / (b.perRound[i] ?? 1)).toFixed(2)).join(", ")})`,
  );
  say(
    `for scale: the bare route after a ${WORK} µs busy loop runs at ${medianRatio(w.perRound, b.perRound).toFixed(2)} of the bare route's throughput on this machine`,
  );
  if (stolen !== null)
    say(
      `CPU time taken by the hypervisor for other guests during those runs: ${(stolen * 100).toFixed(0)} %${stolen > 0.1 ? " — a noisy machine: treat the figures as rough" : ""}`,
    );
  const p1 = await load("GET /api/v1/url/check, 1 client", {
    port: portalPort,
    path: "/api/v1/url/check?url=",
    urls,
    connections: 1,
    seconds: SECONDS / 2,
  });
  await load("bare Hono route, 1 client", { port: barePort, path: "/bare?url=", urls, connections: 1, seconds: SECONDS / 2 });
  say(`single-URL latency, one client at a time: p50 ${p1.p50.toFixed(2)} ms, p99 ${p1.p99.toFixed(2)} ms (target p99 < 5 ms)`);
  const bulk = JSON.stringify({ urls: urls.slice(0, 500) });
  await load("POST /api/v1/url/check (500 URLs)", {
    port: portalPort,
    path: "/api/v1/url/check",
    body: bulk,
    connections: 1,
    seconds: SECONDS,
    max: 200,
  });
} finally {
  // Wait for each to exit (the portal writes its CPU profile on the way out), at most 10 s.
  await Promise.all(children.map(stopChild));
  if (cpuProfDir) say(`CPU profile of the portal written to ${cpuProfDir}`);
  rmSync(dir, { recursive: true, force: true });
}
