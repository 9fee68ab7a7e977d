// `npm run bench -- search` (pnpm bench search): search latency through the real API over 10 000
// generated documents, for Meilisearch and for the FTS fallback, and the time to index the real
// content. Everything runs on loopback against a Meilisearch started here; nothing persists.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { startMeilisearch } from "@portal/meili";
import { createSearchClient, type SearchDocument, SearchService } from "@portal/search";
import { createApp } from "../apps/api/src/app.ts";
import { makeTestDeps } from "../apps/api/src/testing/deps.ts";
import { say } from "./lib/cli.ts";

const DOCS = Number(process.env.BENCH_DOCS ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2_000);
const root = join(import.meta.dirname, "..");
say(
  `machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`,
);

// Vocabulary from the real guidance, so generated text has real Vietnamese and English words.
const real = JSON.parse(readFileSync(join(root, "apps/web/dist/client/search-index.json"), "utf8")) as SearchDocument[];
const vocab = [...new Set(real.flatMap((d) => `${d.title} ${d.body}`.split(/\s+/)).filter((w) => /^[\p{L}]{2,}$/u.test(w)))];
let seed = 42;
const rnd = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const words = (n: number) => Array.from({ length: n }, () => vocab[Math.floor(rnd() * vocab.length)]).join(" ");
const topics = ["scams", "accounts", "malware", "personal-data", "data-leak", "fake-news"];
const docs: SearchDocument[] = Array.from({ length: DOCS }, (_, i) => ({
  id: `guidance:${i % 3 === 0 ? "en" : "vi"}:gen-${i}`,
  type: "guidance",
  lang: i % 3 === 0 ? "en" : "vi",
  title: words(8),
  url: `/huong-dan/gen-${i}/`,
  summary: words(30),
  body: words(250),
  topic: topics[i % topics.length] as string,
  audience: ["citizen"],
  updated: "2026-11-22",
}));
const queries = [
  "ma doc",
  "mã độc",
  "lua dao",
  "lừa đảo",
  "mat khau",
  "bảo vệ thông tin cá nhân",
  "scam",
  "password",
  "tin gia",
  "ngân hàng",
  "xac thuc hai lop",
  "dữ liệu",
];

const dir = mkdtempSync(join(tmpdir(), "portal-bench-search-"));
const meili = await startMeilisearch({ dataDir: join(dir, "meili") });
const deps = await makeTestDeps({
  meiliUrl: meili.url,
  meiliKey: meili.masterKey,
  env: { DATA_DIR: dir, LOG_LEVEL: "silent", RATE_LIMITS: "off" },
});
const service = new SearchService({
  db: deps.db.client,
  meili: createSearchClient({ url: meili.url, masterKey: meili.masterKey }),
  log: deps.log,
});

let t = performance.now();
await service.sync("guidance", docs);
say(`indexed ${DOCS.toLocaleString("en-US")} documents (libSQL + FTS5 + Meilisearch) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

async function measure(label: string, svc: SearchService) {
  const app = createApp({ ...deps, searchService: svc });
  const server = await new Promise<Server>((res) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => res(s as Server));
  });
  const port = (server.address() as { port: number }).port;
  const times: number[] = [];
  let engine = "";
  for (let i = 0; i < QUERIES; i++) {
    const q = queries[i % queries.length] as string;
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/search?q=${encodeURIComponent(q)}`);
    const body = (await res.json()) as { engine: string };
    times.push(performance.now() - started);
    engine = body.engine;
  }
  await new Promise((r) => server.close(r));
  times.sort((a, b) => a - b);
  const pct = (p: number) => (times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] as number).toFixed(1);
  say(`${label} (engine ${engine}): ${QUERIES} sequential queries over HTTP — p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms`);
}
// Meilisearch alone, same queries, to separate its time from the portal's.
{
  const raw = createSearchClient({ url: meili.url, masterKey: meili.masterKey });
  const times: number[] = [];
  const processing: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const q = queries[i % queries.length] as string;
    const started = performance.now();
    const res = await raw.request<{ processingTimeMs: number }>("POST", "/indexes/portal/search", {
      q,
      limit: 10,
      facets: ["type", "lang", "topic", "audience", "status"],
      attributesToSearchOn: ["title", "summary", "body"],
      attributesToRetrieve: ["ref", "title", "url", "summary"],
    });
    processing.push(res.processingTimeMs);
    times.push(performance.now() - started);
  }
  const p = (a: number[], q: number) => [...a].sort((x, y) => x - y)[Math.floor((q / 100) * a.length)]?.toFixed(1);
  say(
    `Meilisearch directly (no portal): round trip p50 ${p(times, 50)} ms, p95 ${p(times, 95)} ms; its own processingTimeMs p50 ${p(processing, 50)}, p95 ${p(processing, 95)}`,
  );
}
await measure("Meilisearch", service);
await measure("FTS5 fallback", new SearchService({ db: deps.db.client, meili: null, log: deps.log }));

// Full re-index of the real content into a fresh database and a fresh index.
const dir2 = mkdtempSync(join(tmpdir(), "portal-bench-search2-"));
const fresh = await makeTestDeps({
  meiliUrl: meili.url,
  meiliKey: meili.masterKey,
  env: { DATA_DIR: dir2, LOG_LEVEL: "silent", RATE_LIMITS: "off" },
});
const svc2 = new SearchService({
  db: fresh.db.client,
  meili: createSearchClient({ url: meili.url, masterKey: meili.masterKey }),
  log: fresh.log,
  indexUid: "reindex",
});
t = performance.now();
for (const type of ["guidance", "legal"])
  await svc2.sync(
    type,
    real.filter((d) => d.type === type),
  );
say(`full re-index of the real content (${real.length} documents) in ${((performance.now() - t) / 1000).toFixed(2)} s`);

fresh.cleanup();
deps.cleanup();
await meili.stop();
rmSync(dir, { recursive: true, force: true });
rmSync(dir2, { recursive: true, force: true });
