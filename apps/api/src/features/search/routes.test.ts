import { randomUUID } from "node:crypto";
import { createSearchClient, type SearchDocument, SearchService } from "@portal/search";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";

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
