import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Database, migrate, openDatabase, resolveDatabaseUrl } from "@portal/db";
import { type MeiliProcess, startMeilisearch } from "@portal/meili";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bestBets, keywordScore } from "./best-bets.ts";
import { createSearchClient } from "./client.ts";
import type { SearchDocument } from "./documents.ts";
import { SearchService } from "./service.ts";

describe("keywordScore", () => {
  it("finds a keyword as a run of words in the query, accents optional", () => {
    expect(keywordScore("kiểm tra đường dẫn", ["kiểm tra đường dẫn"])).toBe(4);
    expect(keywordScore("kiem tra duong dan nay", ["kiểm tra đường dẫn"])).toBe(4);
    expect(keywordScore("làm sao kiểm tra đường dẫn", ["kiểm tra đường dẫn"])).toBe(4);
    expect(keywordScore("đường dẫn kiểm tra", ["kiểm tra đường dẫn"])).toBe(0);
  });

  it("does not take a word typed with other accents for the keyword's word", () => {
    expect(keywordScore("số điện thoại lửa đảo", ["số điện thoại lừa đảo"])).toBe(0);
    expect(keywordScore("so dien thoai lua dao", ["số điện thoại lừa đảo"])).toBe(5);
  });

  it("ignores articles, so one keyword covers both ways of asking", () => {
    expect(keywordScore("check a link", ["check link"])).toBe(2);
    expect(keywordScore("check link", ["check a link"])).toBe(2);
    expect(keywordScore("kiểm tra một đường dẫn", ["kiểm tra đường dẫn"])).toBe(4);
  });

  it("lets the last word be the start of the keyword's last word, as the person types", () => {
    expect(keywordScore("report a sca", ["report a scam"])).toBe(2);
    expect(keywordScore("report a s", ["report a scam"])).toBe(0);
    expect(keywordScore("report a", ["report a scam"])).toBe(0);
  });

  it("prefers the tool whose keyword is longer", () => {
    const tools = [
      { id: "number", keywords: ["số điện thoại lừa đảo"] },
      { id: "report", keywords: ["báo cáo lừa đảo", "báo cáo số điện thoại lừa đảo"] },
    ].map((t) => ({ ...t, type: "tool", lang: "vi", title: t.id, url: `/${t.id}/`, summary: "", body: "" }) as SearchDocument);
    expect(bestBets("báo cáo số điện thoại lừa đảo", tools).map((d) => d.id)).toEqual(["report", "number"]);
    expect(bestBets("số điện thoại lừa đảo", tools).map((d) => d.id)).toEqual(["number"]);
    expect(bestBets("lừa đảo", tools)).toEqual([]);
    expect(bestBets("", tools)).toEqual([]);
  });
});

// The engines on their own rank the articles first for these queries: their titles and summaries
// repeat the words, while the tools' pages are short. Best bets must win in both engines.
const tool = (lang: "vi" | "en", page: string, title: string, summary: string, keywords: string[]): SearchDocument => ({
  id: `tool:${lang}:${page}`,
  type: "tool",
  lang,
  title,
  url: `/${lang}/tool/${page}/`,
  summary,
  body: `${summary}\n${keywords.join("; ")}.`,
  keywords,
});
const article = (lang: "vi" | "en", id: string, title: string, summary: string, body: string): SearchDocument => ({
  id: `guidance:${lang}:${id}`,
  type: "guidance",
  lang,
  title,
  url: `/${lang}/guidance/${id}/`,
  summary,
  body,
  topic: "scams",
  audience: ["citizen"],
  updated: "2026-11-22",
});

const tools: SearchDocument[] = [
  tool("vi", "link", "Kiểm tra đường dẫn đáng ngờ", "Dán đường dẫn để xem có trong danh sách trang lừa đảo không.", [
    "kiểm tra đường dẫn",
    "kiểm tra link",
  ]),
  tool("vi", "password", "Kiểm tra mật khẩu đã bị lộ chưa", "Xem mật khẩu đã xuất hiện trong dữ liệu bị lộ chưa.", ["kiểm tra mật khẩu"]),
  tool("vi", "number", "Kiểm tra số điện thoại, số tài khoản", "Xem một số đã được xác nhận là dùng để lừa đảo chưa.", [
    "số điện thoại lừa đảo",
    "số tài khoản lừa đảo",
  ]),
  tool("vi", "report", "Gửi báo cáo", "Gửi báo cáo kèm bằng chứng và theo dõi việc xử lý.", [
    "báo cáo lừa đảo",
    "báo cáo số điện thoại lừa đảo",
  ]),
  tool("en", "link", "Check a suspicious link", "Paste a link to see whether it is on a list of scam sites.", [
    "check a link",
    "link check",
  ]),
  tool("en", "report", "Send a report", "Send a report with evidence and follow it.", ["report a scam", "report fraud"]),
];
const articles: SearchDocument[] = [
  article(
    "vi",
    "links",
    "Kiểm tra đường dẫn trước khi bấm: đường dẫn lừa đảo trông thế nào",
    "Cách kiểm tra đường dẫn trong tin nhắn: đọc tên miền, kiểm tra đường dẫn rút gọn.",
    "Kiểm tra đường dẫn, kiểm tra đường dẫn, kiểm tra đường dẫn.",
  ),
  article(
    "vi",
    "calls",
    "Số điện thoại lừa đảo: nhận diện cuộc gọi và báo cáo lừa đảo",
    "Số điện thoại lừa đảo thường giả danh công an; hãy báo cáo lừa đảo cho ngân hàng và công an.",
    "Số điện thoại lừa đảo, báo cáo lừa đảo, số điện thoại lừa đảo.",
  ),
  article(
    "vi",
    "passwords",
    "Kiểm tra mật khẩu của bạn có đủ mạnh: mật khẩu mạnh và trình quản lý mật khẩu",
    "Kiểm tra mật khẩu: dài, khác nhau cho mỗi tài khoản.",
    "Kiểm tra mật khẩu, kiểm tra mật khẩu.",
  ),
  article(
    "vi",
    "fire",
    "Tin giả về vụ cháy: lửa lan nhanh trên mạng",
    "Một tin về lửa cháy lan được chia sẻ nhanh hơn người kiểm chứng.",
    "Ngọn lửa, tin giả.",
  ),
  article(
    "en",
    "links",
    "Check a link before you click: what a scam link looks like",
    "How to check a link in a message: check a link by reading its domain.",
    "Check a link, check a link.",
  ),
  article(
    "en",
    "scams",
    "Report a scam call: how to report a scam",
    "Report a scam to your bank and the police; report a scam early.",
    "Report a scam.",
  ),
];

let dir: string;
let db: Database;
let meili: MeiliProcess;
let service: SearchService;
const log = { info: () => {}, warn: () => {} };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "portal-search-bets-"));
  db = await openDatabase(resolveDatabaseUrl(undefined, dir));
  await migrate(db.client);
  meili = await startMeilisearch({ dataDir: join(dir, "meili") });
  service = new SearchService({ db: db.client, meili: createSearchClient({ url: meili.url, masterKey: meili.masterKey }), log });
  await service.sync("guidance", articles);
  await service.sync("tool", tools);
  expect(service.meiliReady).toBe(true);
});

afterAll(async () => {
  await meili.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const search = (q: string, extra: Partial<{ lang: "vi" | "en"; type: string; page: number; pageSize: number }> = {}) =>
  service.search({ q, page: 1, pageSize: 10, ...extra });

function sharedCases(engine: "meilisearch" | "fts") {
  it.each([
    ["kiểm tra đường dẫn", "vi", "tool:vi:link"],
    ["kiem tra duong dan", "vi", "tool:vi:link"],
    ["số điện thoại lừa đảo", "vi", "tool:vi:number"],
    ["báo cáo lừa đảo", "vi", "tool:vi:report"],
    ["kiểm tra mật khẩu", "vi", "tool:vi:password"],
    ["check a link", "en", "tool:en:link"],
    ["report a scam", "en", "tool:en:report"],
  ] as const)(`[${engine}] opens "%s" (%s) on the tool: %s`, async (q, lang, id) => {
    const r = await search(q, { lang });
    expect(r.engine).toBe(engine);
    expect(r.hits[0]?.id).toBe(id);
    // The tool is shown once, and the articles the engine found follow it.
    expect(r.hits.filter((h) => h.id === id)).toHaveLength(1);
    expect(r.hits.length).toBeGreaterThan(1);
  });

  it(`[${engine}] puts the report form first for "báo cáo số điện thoại lừa đảo", then the number check`, async () => {
    const r = await search("báo cáo số điện thoại lừa đảo", { lang: "vi" });
    expect(r.hits.slice(0, 2).map((h) => h.id)).toEqual(["tool:vi:report", "tool:vi:number"]);
  });

  it(`[${engine}] counts a pinned tool once in the total and the facets, and keeps the pages consistent`, async () => {
    const all = await search("kiem tra duong dan", { lang: "vi" });
    const ids = all.hits.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.total).toBe(ids.length);
    expect(all.facets.type.tool).toBe(ids.filter((id) => id.startsWith("tool:")).length);
    // One result a page: the pinned tool on page 1, then the engine's list from its start.
    const pages = [];
    for (let page = 1; page <= all.total; page++)
      pages.push((await search("kiem tra duong dan", { lang: "vi", page, pageSize: 1 })).hits[0]?.id);
    expect(pages).toEqual(ids);
    expect((await search("kiem tra duong dan", { lang: "vi", page: 2, pageSize: 1 })).total).toBe(all.total);
  });

  it(`[${engine}] pins nothing when a filter leaves the tools out, or when the query only shares a word`, async () => {
    expect((await search("kiểm tra đường dẫn", { lang: "vi", type: "guidance" })).hits[0]?.id).toBe("guidance:vi:links");
    expect((await search("kiểm tra đường dẫn", { lang: "en" })).hits.some((h) => h.id.startsWith("tool:vi:"))).toBe(false);
    expect((await search("đường dẫn lừa đảo", { lang: "vi" })).hits[0]?.id).toBe("guidance:vi:links");
  });

  it(`[${engine}] marks only exact-accent matches in excerpts when the query has accents`, async () => {
    const accented = await search("lừa", { lang: "vi" });
    const fire = accented.hits.find((h) => h.id === "guidance:vi:fire");
    if (fire) expect(fire.excerpt).not.toContain("<mark>");
    for (const h of accented.hits) expect(h.excerpt).not.toMatch(/<mark>lửa<\/mark>/i);
    const folded = await search("lua", { lang: "vi" });
    expect(folded.hits.find((h) => h.id === "guidance:vi:fire")?.excerpt).toContain("<mark>lửa</mark>");
  });
}

describe("best bets with Meilisearch up", () => {
  sharedCases("meilisearch");
});

describe("best bets after Meilisearch is killed", () => {
  beforeAll(async () => {
    meili.child.kill("SIGKILL");
    await new Promise((r) => meili.child.once("exit", r));
  });
  sharedCases("fts");
});
