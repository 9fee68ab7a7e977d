import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Database, migrate, openDatabase, resolveDatabaseUrl } from "@portal/db";
import { type MeiliProcess, startMeilisearch } from "@portal/meili";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSearchClient } from "./client.ts";
import type { SearchDocument } from "./documents.ts";
import { SearchService } from "./service.ts";

const doc = (id: string, lang: "vi" | "en", title: string, summary: string, body: string, topic = "scams"): SearchDocument => ({
  id: `guidance:${lang}:${id}`,
  type: "guidance",
  lang,
  title,
  url: `/${lang}/${id}/`,
  summary,
  body,
  topic,
  audience: ["citizen"],
  updated: "2026-11-22",
});

const docs: SearchDocument[] = [
  doc(
    "malware",
    "vi",
    "Dấu hiệu nhiễm mã độc và cách xử lý",
    "Điện thoại chậm bất thường, ứng dụng lạ: có thể bạn đã nhiễm mã độc.",
    "Gỡ ứng dụng lạ, quét lại máy.",
    "malware",
  ),
  doc(
    "reading",
    "vi",
    "Thói quen đọc tin",
    "Vừa đi vừa đọc báo mà đọc không kỹ thì dễ tin nhầm tin giả.",
    "Đọc kỹ nguồn tin trước khi chia sẻ.",
    "fake-news",
  ),
  doc(
    "scam",
    "vi",
    "Nhận diện cuộc gọi lừa đảo",
    "Kẻ gian giả danh công an, ngân hàng để lừa đảo chiếm đoạt tiền.",
    "Không bao giờ đọc mã OTP cho người khác.",
    "scams",
  ),
  doc(
    "privacy",
    "vi",
    "Bảo vệ thông tin cá nhân trên nền tảng số",
    "Nền tảng phải xin sự đồng ý trước khi thu thập dữ liệu của bạn.",
    "Đọc kỹ chính sách quyền riêng tư.",
    "personal-data",
  ),
  doc(
    "scam",
    "en",
    "Recognising scam calls",
    "Criminals pretend to be the police or your bank.",
    "Never read an OTP code to anyone.",
    "scams",
  ),
];

let dir: string;
let db: Database;
let meili: MeiliProcess;
let service: SearchService;
const log = { info: () => {}, warn: () => {} };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "portal-search-svc-"));
  db = await openDatabase(resolveDatabaseUrl(undefined, dir));
  await migrate(db.client);
  meili = await startMeilisearch({ dataDir: join(dir, "meili") });
  service = new SearchService({ db: db.client, meili: createSearchClient({ url: meili.url, masterKey: meili.masterKey }), log });
  expect(await service.sync("guidance", docs)).toEqual({ added: 5, updated: 0, removed: 0, unchanged: 0 });
  expect(service.meiliReady).toBe(true);
});

afterAll(async () => {
  await meili.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const first = async (q: string, extra: Partial<{ lang: "vi" | "en"; type: string }> = {}) => {
  const r = await service.search({ q, page: 1, pageSize: 10, ...extra });
  return { engine: r.engine, ids: r.hits.map((h) => h.id), result: r };
};

/** The behaviour both engines must share. */
function sharedCases(engine: "meilisearch" | "fts") {
  it(`[${engine}] finds "mã độc" when the query is "ma doc"`, async () => {
    const r = await first("ma doc");
    expect(r.engine).toBe(engine);
    expect(r.ids[0]).toBe("guidance:vi:malware");
  });

  it(`[${engine}] finds "lừa đảo" for "lua dao" and "bảo vệ thông tin cá nhân" typed without accents`, async () => {
    expect((await first("lua dao")).ids).toContain("guidance:vi:scam");
    expect((await first("bao ve thong tin ca nhan")).ids[0]).toBe("guidance:vi:privacy");
  });

  it(`[${engine}] ranks exact-accent matches first when accents are typed`, async () => {
    const accented = await first("mã độc");
    expect(accented.ids[0]).toBe("guidance:vi:malware");
    const other = await first("mà đọc");
    expect(other.ids[0]).toBe("guidance:vi:reading");
  });

  it(`[${engine}] finds Vietnamese "lừa đảo" for the English word "scam"`, async () => {
    const r = await first("scam", { lang: "vi" });
    expect(r.ids).toContain("guidance:vi:scam");
  });

  it(`[${engine}] filters by language and counts facets`, async () => {
    const r = await first("", { lang: "en" });
    expect(r.ids).toEqual(["guidance:en:scam"]);
    const all = await first("");
    expect(all.result.total).toBe(5);
    expect(all.result.facets.lang).toEqual({ vi: 4, en: 1 });
    expect(all.result.facets.topic.scams).toBe(2);
  });

  it(`[${engine}] highlights the matching words in the excerpt, HTML-safe`, async () => {
    const r = await first("ma doc");
    expect(r.result.hits[0]?.excerpt).toContain("<mark>mã</mark> <mark>độc</mark>");
  });

  it(`[${engine}] answers a query of punctuation with nothing rather than an error`, async () => {
    expect((await first('"*)(')).ids).toEqual([]);
  });
}

describe("with Meilisearch up", () => {
  sharedCases("meilisearch");

  it("sends only changed documents and removes deleted ones", async () => {
    const changed = docs.map((d) => (d.id === "guidance:vi:reading" ? { ...d, body: `${d.body} Kiểm chứng bằng nhiều nguồn.` } : d));
    expect(await service.sync("guidance", changed)).toEqual({ added: 0, updated: 1, removed: 0, unchanged: 4 });
    expect((await first("kiem chung")).ids).toEqual(["guidance:vi:reading"]);
    expect(await service.sync("guidance", docs)).toMatchObject({ updated: 1 });
  });
});

describe("after Meilisearch is killed mid-run", () => {
  beforeAll(async () => {
    meili.child.kill("SIGKILL");
    await new Promise((r) => meili.child.once("exit", r));
  });
  sharedCases("fts");

  it("catches Meilisearch up on what changed while it was away", async () => {
    const extra = doc("new", "vi", "Cảnh báo mới về tin nhắn giả mạo", "Tin nhắn mạo danh nhà mạng.", "Không bấm vào đường dẫn.");
    await service.sync("guidance", [...docs, extra]);
    expect((await first("mao danh nha mang")).engine).toBe("fts");
    expect((await first("mao danh nha mang")).ids).toEqual(["guidance:vi:new"]);
    // A fresh Meilisearch (empty data) comes back: reconcile sends everything.
    const dir2 = join(dir, "meili2");
    const again = await startMeilisearch({ dataDir: dir2 });
    try {
      const svc = new SearchService({ db: db.client, meili: createSearchClient({ url: again.url, masterKey: again.masterKey }), log });
      expect(await svc.reconcile()).toBe(true);
      const r = await svc.search({ q: "mao danh nha mang", page: 1, pageSize: 10 });
      expect(r.engine).toBe("meilisearch");
      expect(r.hits.map((h) => h.id)).toEqual(["guidance:vi:new"]);
      expect(r.total).toBe(1);
      expect((await svc.search({ q: "", page: 1, pageSize: 10 })).total).toBe(6);
    } finally {
      await again.stop();
    }
  });
});
