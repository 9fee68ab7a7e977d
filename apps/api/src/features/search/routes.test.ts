import { randomUUID } from "node:crypto";
import { createSearchClient, type SearchDocument, SearchService } from "@portal/search";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";
import { contentFeature } from "../content/index.ts";

const docs: SearchDocument[] = [
  {
    id: "guidance:vi:ma-doc",
    type: "guidance",
    lang: "vi",
    title: "Dấu hiệu nhiễm mã độc",
    url: "/huong-dan/ma-doc/",
    summary: "Máy chậm, ứng dụng lạ, pin hao nhanh: có thể đã nhiễm mã độc.",
    body: "Gỡ ứng dụng lạ.",
    topic: "malware",
    audience: ["citizen"],
    updated: "2026-11-22",
  },
  {
    id: "legal:vi:chi-thi-04",
    type: "legal",
    lang: "vi",
    title: "04/CT-BTTTT — Chỉ thị phòng chống mã độc",
    url: "/van-ban-phap-luat/chi-thi-04/",
    summary: "Tăng cường phòng chống mã độc và bảo vệ thông tin cá nhân.",
    body: "Mục 3(đ): cổng thông tin.",
    status: "in-force",
    updated: "2019-01-11",
  },
];

let deps: TestDeps;
let withMeili: ReturnType<typeof createApp>;
let ftsOnly: ReturnType<typeof createApp>;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  await deps.searchService.sync("guidance", [docs[0] as SearchDocument]);
  await deps.searchService.sync("legal", [docs[1] as SearchDocument]);
  ftsOnly = createApp(deps);
  // The run's shared Meilisearch, in an index of this file's own.
  const service = new SearchService({
    db: deps.db.client,
    meili: createSearchClient({ url: inject("meiliUrl"), masterKey: inject("meiliKey") }),
    log: deps.log,
    indexUid: `test-${randomUUID()}`,
  });
  expect(await service.reconcile()).toBe(true);
  withMeili = createApp({ ...deps, searchService: service });
});
afterAll(() => deps.cleanup());

describe("GET /api/v1/search", () => {
  for (const [engine, app] of [
    ["meilisearch", () => withMeili],
    ["fts", () => ftsOnly],
  ] as const) {
    it(`[${engine}] finds "mã độc" for "ma doc", with facets and highlighted excerpts`, async () => {
      const res = await app().request("/api/v1/search?q=ma%20doc");
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.engine).toBe(engine);
      expect(body.total).toBe(2);
      expect(body.hits[0]).toMatchObject({ id: "guidance:vi:ma-doc", type: "guidance", lang: "vi", url: "/huong-dan/ma-doc/" });
      expect(body.hits[0].excerpt).toContain("<mark>");
      expect(body.facets.type).toEqual({ guidance: 1, legal: 1 });
    });

    it(`[${engine}] filters by type and status`, async () => {
      const body = await (await app().request("/api/v1/search?q=ma+doc&type=legal&status=in-force")).json();
      expect(body.hits.map((h: { id: string }) => h.id)).toEqual(["legal:vi:chi-thi-04"]);
    });
  }

  it("rejects bad parameters with 400 in the error shape", async () => {
    for (const qs of [
      `q=${"a".repeat(201)}`,
      "page=0",
      "page=abc",
      "pageSize=500",
      "lang=fr",
      "type=Guidance",
      "type=a%20b",
      "audience=everyone",
    ]) {
      const res = await ftsOnly.request(`/api/v1/search?${qs}`);
      expect(res.status, qs).toBe(400);
      const body = await res.json();
      expect(body.error.code, qs).toBe("invalid_request");
    }
  });

  it("never logs the query", async () => {
    deps.logs.length = 0;
    await ftsOnly.request("/api/v1/search?q=nguyen%20van%20a%40example.vn");
    expect(JSON.stringify(deps.logs)).not.toMatch(/nguyen|example\.vn/);
  });
});

// The tools as the content feature indexes them, against articles that repeat the same words in
// their titles: without best bets both engines would answer with the articles.
describe("GET /api/v1/search finds the tools people ask for", () => {
  const articles: SearchDocument[] = [
    {
      id: "guidance:vi:nhan-dien-cuoc-goi",
      type: "guidance",
      lang: "vi",
      title: "Nhận diện cuộc gọi, số điện thoại lừa đảo và cách báo cáo lừa đảo",
      url: "/huong-dan/nhan-dien-cuoc-goi/",
      summary: "Số điện thoại lừa đảo thường giả danh công an, ngân hàng. Báo cáo lừa đảo cho ngân hàng và công an.",
      body: "Kiểm tra đường dẫn trong tin nhắn trước khi bấm. Kiểm tra mật khẩu của bạn. Số điện thoại lừa đảo, báo cáo lừa đảo.",
      topic: "scams",
      audience: ["citizen"],
      updated: "2026-11-22",
    },
    {
      id: "guidance:vi:trang-gia",
      type: "guidance",
      lang: "vi",
      title: "Kiểm tra đường dẫn và nhận diện trang web giả mạo",
      url: "/huong-dan/trang-gia/",
      summary: "Kiểm tra đường dẫn: đọc tên miền từ phải sang trái, kiểm tra đường dẫn rút gọn.",
      body: "Kiểm tra đường dẫn, kiểm tra mật khẩu, kiểm tra đường dẫn.",
      topic: "scams",
      audience: ["citizen"],
      updated: "2026-11-22",
    },
    {
      id: "guidance:vi:mat-khau",
      type: "guidance",
      lang: "vi",
      title: "Kiểm tra mật khẩu: mật khẩu mạnh và trình quản lý mật khẩu",
      url: "/huong-dan/mat-khau/",
      summary: "Kiểm tra mật khẩu của bạn: đủ dài, khác nhau cho mỗi tài khoản.",
      body: "Kiểm tra mật khẩu, kiểm tra mật khẩu.",
      topic: "accounts",
      audience: ["citizen"],
      updated: "2026-11-22",
    },
    {
      id: "guidance:en:scam-calls",
      type: "guidance",
      lang: "en",
      title: "Check a link, report a scam: recognising scam calls and text messages",
      url: "/en/guidance/scam-calls/",
      summary: "Check a link before you tap it, and report a scam to your bank and the police.",
      body: "Check a link. Report a scam. Check a link. Report a scam.",
      topic: "scams",
      audience: ["citizen"],
      updated: "2026-11-22",
    },
    {
      id: "guidance:vi:chay",
      type: "guidance",
      lang: "vi",
      title: "Tin giả về đám cháy",
      url: "/huong-dan/chay/",
      summary: "Ngọn lửa trong video là cảnh cũ; đừng chia sẻ khi chưa kiểm chứng.",
      body: "Lửa.",
      topic: "fake-news",
      audience: ["citizen"],
      updated: "2026-11-22",
    },
  ];
  let deps2: TestDeps;
  let apps: [string, ReturnType<typeof createApp>][];

  beforeAll(async () => {
    deps2 = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
    const source = contentFeature.searchSources?.find((s) => s.type === "tool");
    expect(source).toBeDefined();
    const tools = (await source?.load(deps2)) ?? [];
    const service = new SearchService({
      db: deps2.db.client,
      meili: createSearchClient({ url: inject("meiliUrl"), masterKey: inject("meiliKey") }),
      log: deps2.log,
      indexUid: `test-${randomUUID()}`,
    });
    for (const svc of [service, deps2.searchService]) {
      await svc.sync("guidance", articles);
      await svc.sync("tool", tools);
    }
    expect(await service.reconcile()).toBe(true);
    apps = [
      ["meilisearch", createApp({ ...deps2, searchService: service })],
      ["fts", createApp(deps2)],
    ];
  });
  afterAll(() => deps2.cleanup());

  const cases = [
    ["kiểm tra đường dẫn", "vi", "/kiem-tra/duong-dan/"],
    ["kiem tra duong dan", "vi", "/kiem-tra/duong-dan/"],
    ["số điện thoại lừa đảo", "vi", "/kiem-tra/so-dien-thoai-tai-khoan/"],
    ["báo cáo lừa đảo", "vi", "/bao-cao/"],
    ["kiểm tra mật khẩu", "vi", "/kiem-tra/mat-khau/"],
    ["check a link", "en", "/en/check/link/"],
    ["report a scam", "en", "/en/report/"],
  ] as const;
  for (const engine of ["meilisearch", "fts"] as const) {
    for (const [q, lang, url] of cases) {
      it(`[${engine}] answers "${q}" with the tool at ${url} first`, async () => {
        const app = apps.find(([e]) => e === engine)?.[1] as ReturnType<typeof createApp>;
        const res = await app.request(`/api/v1/search?${new URLSearchParams({ q, lang })}`);
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body.engine).toBe(engine);
        expect(body.hits[0]).toMatchObject({ type: "tool", lang, url });
        // The articles still follow.
        expect(body.hits.slice(1).some((h: { type: string }) => h.type === "guidance")).toBe(true);
      });
    }

    it(`[${engine}] does not mark "lửa" in an excerpt when the query is "lừa"`, async () => {
      const app = apps.find(([e]) => e === engine)?.[1] as ReturnType<typeof createApp>;
      const body = await (await app.request(`/api/v1/search?${new URLSearchParams({ q: "lừa", lang: "vi" })}`)).json();
      // The article about a fire is found (folded, "lừa" and "lửa" are one word) but not marked.
      expect(body.hits.map((h: { id: string }) => h.id)).toContain("guidance:vi:chay");
      const excerpts = body.hits.map((h: { excerpt: string }) => h.excerpt).join("\n");
      expect(excerpts).toContain("<mark>lừa</mark>");
      expect(excerpts).not.toMatch(/<mark>lửa<\/mark>/i);
    });
  }
});
