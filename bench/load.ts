// `npm run bench -- load [--seconds S] [--clients C] [--cpu-requests N] [--cpu-connections K] [--no-pin]`
//
// 1. Starts the real portal (apps/api/src/main.ts on a fresh DATA_DIR, with its demo data,
//    its bundled Meilisearch, RATE_LIMITS=off) pinned to CPU 0 with taskset; this script and its load
//    generator run pinned to CPU 1. The site must be built first (`pnpm --filter @portal/web build`).
// 2. Finds what a visitor would ask for: the pages in the sitemap, the /_astro assets those pages
//    load, the demo breaches and alerts, a few reports it submits for status look-ups, listed links
//    from the demo block-list.
// 3. Sends S seconds (default 60) of mixed traffic over every public endpoint from C keep-alive
//    clients (default 100) after a short warm-up, and prints per endpoint: requests, errors (an
//    answer of 400 or more other than 429, a dropped connection or a timeout), 429s counted apart,
//    p50 and p99, as a Markdown table for docs/benchmarks.md.
// 4. With the same pinning, the portal's CPU time per link check against a bare Hono route's
//    (bench/lib/bare.ts), from /proc/<pid>/stat before and after N requests each (default 20 000,
//    K = 16 connections), in two alternating rounds; goal: at most 2×.
// A quick smoke run: `npm run bench -- load --seconds 5 --clients 20 --cpu-requests 2000`.
import { createRequire } from "node:module";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { EICAR } from "@portal/threat-intel";
import { fmt, numberOption, say } from "./lib/cli.ts";
import { cpuTicks, httpLoad, stolenSince } from "./lib/http-load.ts";
import { type KindSummary, mixedLoad, type RequestKind, rawGet, rawPost, summariseMixed } from "./lib/mixed-load.ts";
import { canPin, cpuSeconds, cpuSecondsWithChildren, pinSelf, type Started, startBare, startPortal } from "./lib/pinned.ts";

const SECONDS = numberOption("seconds", 60);
const CLIENTS = numberOption("clients", 100);
const CPU_REQUESTS = numberOption("cpu-requests", 20_000);
const CPU_CONNECTIONS = numberOption("cpu-connections", 16);
const PIN = !process.argv.includes("--no-pin") && canPin();
const SERVER_CPU = 0;
const LOAD_CPU = 1;
const root = join(import.meta.dirname, "..");

say(
  `machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
if (PIN) {
  pinSelf(LOAD_CPU);
  say(`pinning: server on CPU ${SERVER_CPU}, this script and its load generator on CPU ${LOAD_CPU} (taskset)`);
} else say("pinning: off (taskset missing, fewer than 2 CPUs, or --no-pin): server and load share every CPU");

// A small deterministic PRNG (mulberry32), for the generated links and prefixes.
let seed = 0x1234567;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const word = (n: number) => Array.from({ length: n }, () => "abcdefghijklmnopqrstuvwxyz"[Math.floor(rand() * 26)]).join("");
const hex = (n: number) => Array.from({ length: n }, () => "0123456789ABCDEF"[Math.floor(rand() * 16)]).join("");
const TLDS = ["com", "vn", "com.vn", "net", "org", "info", "top", "xyz", "edu.vn", "gov.vn"];
const cleanLink = () =>
  `https://${rand() < 0.4 ? "www." : ""}${word(5 + Math.floor(rand() * 8))}.${TLDS[Math.floor(rand() * TLDS.length)]}/${word(4)}/${word(6)}${rand() < 0.3 ? `?id=${Math.floor(rand() * 1e6)}` : ""}`;
const enc = encodeURIComponent;

const PAGE = "Accept: text/html,application/xhtml+xml\r\nAccept-Language: vi,en;q=0.8\r\nAccept-Encoding: gzip, br\r\n";
const ASSET = "Accept: */*\r\nAccept-Encoding: gzip, br\r\n";
const API = "Accept: application/json\r\nAccept-Encoding: gzip\r\n";

let portal: Started | null = null;
let bare: Started | null = null;
try {
  portal = await startPortal({ cpu: PIN ? SERVER_CPU : undefined });
  const base = `http://127.0.0.1:${portal.port}`;
  const home = await fetch(`${base}/`);
  if (!home.ok || !(home.headers.get("content-type") ?? "").includes("text/html"))
    throw new Error(`the site answered ${home.status} at /: build it first (pnpm --filter @portal/web build)`);
  await home.text();

  // What a visitor asks for: the sitemap's pages and the assets they load.
  const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
  const pages = [...sitemap.matchAll(/<loc>https?:\/\/[^/<]+([^<]*)<\/loc>/g)].map((m) => m[1] as string);
  const homes: string[] = pages.filter((p) => p === "/" || p === "/en/");
  const guidance = pages.filter((p) => p.startsWith("/huong-dan/") || p.startsWith("/en/guidance/"));
  const others = pages.filter((p) => !homes.includes(p) && !guidance.includes(p));
  const assets = new Set<string>(["/favicon.svg"]);
  for (const p of [...homes, ...guidance.slice(0, 3), ...others]) {
    const html = await (await fetch(`${base}${p}`)).text();
    for (const m of html.matchAll(/"(\/_astro\/[^"?#]+)"/g)) assets.add(m[1] as string);
  }
  const breaches = ((await (await fetch(`${base}/api/v1/breaches`)).json()) as { breaches: { name: string }[] }).breaches.map(
    (b) => b.name,
  );
  const alerts = ((await (await fetch(`${base}/api/v1/alerts`)).json()) as { alerts: { id: string; trackingId: string }[] }).alerts;
  // Listed links from the demo block-list (MetaMask's list, loaded at first start).
  const mm = createRequire(join(root, "packages/threat-intel/package.json"))("eth-phishing-detect/src/config.json") as {
    blacklist: string[];
  };
  const listed = mm.blacklist.slice(0, 200).map((d) => `https://${d}/connect-wallet`);
  const lookalikes = ["vietc0mbank.com.vn", "vietcombank-xacthuc.com", "dichvucong-gov.vn.top", "momo-vn.online", "vietinbank.corn.vn"].map(
    (h) => `http://${h}/dang-nhap`,
  );
  // Reports for status look-ups: a JSON submission as the form's script sends it.
  const report = (i: number) =>
    JSON.stringify({
      category: "scam",
      description: `Tin nhắn mạo danh ngân hàng yêu cầu đăng nhập qua đường dẫn lạ, lần ${i}.`,
      url: `https://gia-mao-${i}.example/`,
      contactMethod: "sms",
      anonymous: true,
      consent: true,
      formStartedAt: Date.now() - 60_000,
    });
  const tracked: { code: string; key: string }[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`${base}/api/v1/reports`, { method: "POST", headers: { "content-type": "application/json" }, body: report(i) });
    const body = (await r.json()) as { trackingCode?: string; statusKey?: string };
    if (r.status === 201 && body.trackingCode && body.statusKey) tracked.push({ code: body.trackingCode, key: body.statusKey });
    else say(`note: a report submission for the status look-ups answered ${r.status}: ${JSON.stringify(body).slice(0, 200)}`);
  }

  const n = (count: number, f: (i: number) => string) => Array.from({ length: count }, (_, i) => f(i));
  const kinds: RequestKind[] = [
    { name: "page: home", weight: 8, raw: homes.map((p) => rawGet(p, PAGE)) },
    { name: "page: guidance", weight: 8, raw: guidance.map((p) => rawGet(p, PAGE)) },
    { name: "page: other (sitemap)", weight: 6, raw: others.map((p) => rawGet(p, PAGE)) },
    {
      name: "page: search results",
      weight: 3,
      raw: ["lừa đảo", "mat khau", "phishing", "mã độc", "ngân hàng"].map((q) => rawGet(`/tim-kiem/?q=${enc(q)}`, PAGE)),
    },
    {
      name: "page: link check result",
      weight: 2,
      raw: n(50, () => rawGet(`/kiem-tra/duong-dan/ket-qua/?url=${enc(cleanLink())}`, PAGE)),
    },
    { name: "static assets (/_astro, favicon)", weight: 25, raw: [...assets].map((a) => rawGet(a, ASSET)) },
    { name: "GET /url/check (clean)", weight: 12, raw: n(500, () => rawGet(`/api/v1/url/check?url=${enc(cleanLink())}`, API)) },
    { name: "GET /url/check (listed)", weight: 2, raw: listed.map((u) => rawGet(`/api/v1/url/check?url=${enc(u)}`, API)) },
    { name: "GET /url/check (look-alike)", weight: 2, raw: lookalikes.map((u) => rawGet(`/api/v1/url/check?url=${enc(u)}`, API)) },
    {
      name: "POST /url/check (20 links)",
      weight: 1,
      raw: n(20, (i) =>
        rawPost(
          "/api/v1/url/check",
          JSON.stringify({ urls: [...n(17, cleanLink), listed[i] as string, lookalikes[i % lookalikes.length] as string, cleanLink()] }),
          "application/json",
          API,
        ),
      ),
    },
    {
      name: "POST /url/hashes",
      weight: 0.5,
      raw: n(20, () =>
        rawPost("/api/v1/url/hashes", JSON.stringify({ prefixes: n(6, () => hex(8).toLowerCase()) }), "application/json", API),
      ),
    },
    {
      name: "GET /hash/{hash}",
      weight: 3,
      raw: [EICAR.sha256, EICAR.md5, ...n(50, () => hex(64).toLowerCase())].map((h) => rawGet(`/api/v1/hash/${h}`, API)),
    },
    {
      name: "POST /hash/bulk (50)",
      weight: 0.5,
      raw: n(10, () =>
        rawPost(
          "/api/v1/hash/bulk",
          JSON.stringify({ hashes: [EICAR.sha1, ...n(49, () => hex(64).toLowerCase())] }),
          "application/json",
          API,
        ),
      ),
    },
    { name: "GET /passwords/range/{prefix}", weight: 4, raw: n(200, () => rawGet(`/api/v1/passwords/range/${hex(5)}`, API)) },
    { name: "GET /accounts/range/{prefix}", weight: 2, raw: n(200, () => rawGet(`/api/v1/accounts/range/${hex(6)}`, API)) },
    { name: "GET /breaches", weight: 2, raw: [rawGet("/api/v1/breaches", API)] },
    { name: "GET /breaches/{name}", weight: 0.5, raw: breaches.map((b) => rawGet(`/api/v1/breaches/${enc(b)}`, API)) },
    { name: "GET /breaches/feed.atom", weight: 0.3, raw: ["vi", "en"].map((l) => rawGet(`/api/v1/breaches/feed.atom?lang=${l}`, ASSET)) },
    {
      name: "GET /search",
      weight: 4,
      raw: ["lừa đảo", "ma doc", "mật khẩu", "scam", "tin giả", "ngân hàng giả"].map((q) => rawGet(`/api/v1/search?q=${enc(q)}`, API)),
    },
    { name: "GET /alerts", weight: 2, raw: [rawGet("/api/v1/alerts", API)] },
    { name: "GET /alerts/{id}", weight: 0.5, raw: alerts.map((a) => rawGet(`/api/v1/alerts/${enc(a.trackingId)}`, API)) },
    { name: "GET /alerts/feed.atom", weight: 1, raw: ["vi", "en"].map((l) => rawGet(`/api/v1/alerts/feed.atom?lang=${l}`, ASSET)) },
    { name: "GET /alerts/cap.atom", weight: 0.3, raw: ["vi", "en"].map((l) => rawGet(`/api/v1/alerts/cap.atom?lang=${l}`, ASSET)) },
    { name: "GET /alerts/{id}.cap.xml", weight: 0.3, raw: alerts.map((a) => rawGet(`/api/v1/alerts/${enc(a.id)}.cap.xml`, ASSET)) },
    {
      name: "GET /scam-identifiers/check",
      weight: 2,
      raw: n(50, (i) =>
        rawGet(
          i % 3
            ? `/api/v1/scam-identifiers/check?phone=09${String(Math.floor(rand() * 1e8)).padStart(8, "0")}`
            : `/api/v1/scam-identifiers/check?bank=VCB&account=${String(Math.floor(rand() * 1e10)).padStart(10, "0")}`,
          API,
        ),
      ),
    },
    { name: "GET /stats", weight: 0.5, raw: [rawGet("/api/v1/stats", API)] },
    { name: "GET /health", weight: 2, raw: [rawGet("/api/v1/health", API)] },
    { name: "POST /reports", weight: 0.3, raw: n(50, (i) => rawPost("/api/v1/reports", report(100 + i), "application/json", API)) },
    {
      name: "GET /reports/{code}",
      weight: 0.5,
      raw: tracked.map((t) => rawGet(`/api/v1/reports/${enc(t.code)}`, `${API}X-Status-Key: ${t.key}\r\n`)),
    },
    {
      name: "POST /csp-reports",
      weight: 0.2,
      raw: [
        rawPost(
          "/api/v1/csp-reports",
          JSON.stringify({
            "csp-report": {
              "document-uri": `${base}/`,
              "violated-directive": "script-src",
              "blocked-uri": "inline",
              disposition: "enforce",
            },
          }),
          "application/csp-report",
        ),
      ],
    },
    {
      name: "feeds and metadata",
      weight: 0.5,
      raw: [
        "/sitemap.xml",
        "/.well-known/security.txt",
        "/.well-known/csaf/provider-metadata.json",
        "/huong-dan/rss.xml",
        "/api/v1/openapi.json",
      ].map((p) => rawGet(p, ASSET)),
    },
  ].filter((k) => k.raw.length > 0);

  // Every kind answers before the load starts (a wrong request here would be all errors below).
  for (const k of kinds) {
    const raw = k.raw[0] as string;
    const [line] = raw.split("\r\n");
    const [method, path] = (line ?? "").split(" ");
    const headers = Object.fromEntries(
      raw
        .split("\r\n\r\n")[0]
        ?.split("\r\n")
        .slice(1)
        .map((h) => [h.slice(0, h.indexOf(":")), h.slice(h.indexOf(":") + 1).trim()])
        .filter(([h]) => !/^(host|content-length)$/i.test(h as string)) ?? [],
    );
    const body = method === "POST" ? raw.slice(raw.indexOf("\r\n\r\n") + 4) : undefined;
    const r = await fetch(`${base}${path}`, { method, headers, body });
    await r.arrayBuffer();
    if (r.status >= 400) say(`note: ${k.name} (${method} ${path?.slice(0, 60)}) answered ${r.status} before the load`);
  }

  say(`mix: ${kinds.length} kinds of request, ${pages.length} pages, ${assets.size} assets, ${fmt(CLIENTS)} keep-alive clients`);
  await mixedLoad({ port: portal.port, kinds, connections: CLIENTS, seconds: Math.min(5, Math.max(1, SECONDS / 6)) }); // warm-up
  const ticks = cpuTicks();
  const cpuBefore = cpuSecondsWithChildren(portal.child.pid as number);
  const run = await mixedLoad({ port: portal.port, kinds, connections: CLIENTS, seconds: SECONDS });
  const cpuAfter = cpuSecondsWithChildren(portal.child.pid as number);
  const cpuUsed = cpuAfter.own - cpuBefore.own;
  const searchCpu = cpuAfter.children - cpuBefore.children;
  const stolen = stolenSince(ticks);
  const rows = summariseMixed(kinds, run);
  const total = rows.reduce((s, r) => s + r.requests, 0);
  const errors = rows.reduce((s, r) => s + r.errors, 0);
  const limited = rows.reduce((s, r) => s + r.limited, 0);
  const allLat = run.lat.flat().sort((a, b) => a - b);
  const q = (x: number) => allLat[Math.min(allLat.length - 1, Math.floor(x * allLat.length))] ?? 0;
  const row = (r: KindSummary) =>
    `| ${r.name} | ${fmt(r.requests)} | ${r.requests ? ((r.errors / r.requests) * 100).toFixed(2) : "0.00"} % | ${fmt(r.limited)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`;
  say("");
  say(`| endpoint | requests | errors | 429 | p50 ms | p99 ms |`);
  say(`|---|---|---|---|---|---|`);
  for (const r of rows) say(row(r));
  say(
    `| **all** | **${fmt(total)}** (${fmt(total / run.secs)}/s) | **${total ? ((errors / total) * 100).toFixed(2) : "0.00"} %** | ${fmt(limited)} | ${q(0.5).toFixed(1)} | ${q(0.99).toFixed(1)} |`,
  );
  say("");
  for (const r of rows) if (r.errors || r.limited) say(`  ${r.name}: ${r.statuses}`);
  say(
    `portal CPU time during the run: ${cpuUsed.toFixed(1)} s in ${run.secs.toFixed(1)} s (${((cpuUsed / run.secs) * 100).toFixed(0)} % of one CPU), ${((cpuUsed / Math.max(1, total)) * 1e6).toFixed(0)} µs a request`,
  );
  say(
    `its bundled Meilisearch (pinned with it, as a child process): ${searchCpu.toFixed(1)} s (${((searchCpu / run.secs) * 100).toFixed(0)} % of one CPU)`,
  );
  if (stolen !== null) say(`CPU time taken by the hypervisor for other guests meanwhile: ${(stolen * 100).toFixed(0)} %`);

  // CPU time per request: the link check against a bare Hono route, same pinning, same client.
  bare = await startBare({ cpu: PIN ? SERVER_CPU : undefined });
  const links = Array.from({ length: 2000 }, () => enc(cleanLink()));
  const perRequest = async (name: string, target: Started, path: string) => {
    const pid = target.child.pid as number;
    const before = cpuSeconds(pid);
    await httpLoad(name, { port: target.port, path, suffixes: links, connections: CPU_CONNECTIONS, seconds: 600, max: CPU_REQUESTS }, say);
    return ((cpuSeconds(pid) - before) / CPU_REQUESTS) * 1e6;
  };
  say("");
  say(`CPU time per request, ${fmt(CPU_REQUESTS)} requests each, ${CPU_CONNECTIONS} connections, two alternating rounds:`);
  await httpLoad("warm-up (bare)", { port: bare.port, path: "/bare?url=", suffixes: links, connections: 4, seconds: 1 }, () => {});
  const check: number[] = [];
  const plain: number[] = [];
  for (let round = 0; round < 2; round++) {
    check.push(await perRequest("GET /api/v1/url/check", portal, "/api/v1/url/check?url="));
    plain.push(await perRequest("bare Hono route", bare, "/bare?url="));
  }
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  say(
    `link check ${mean(check).toFixed(0)} µs of server CPU a request (rounds ${check.map((x) => x.toFixed(0)).join(", ")}), bare route ${mean(plain).toFixed(0)} µs (${plain.map((x) => x.toFixed(0)).join(", ")}): ratio ${(mean(check) / mean(plain)).toFixed(2)}× (goal ≤ 2×)`,
  );
} finally {
  await bare?.stop();
  await portal?.stop();
}
