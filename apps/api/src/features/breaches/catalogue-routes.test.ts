import { loadDemoBreaches } from "@portal/breach";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";

let deps: TestDeps;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  await loadDemoBreaches(deps.db.client);
  app = createApp(deps);
});
afterAll(() => deps.cleanup());

describe("breach catalogue API", () => {
  it("lists every breach with HIBP's fields, newest breach first", async () => {
    const res = await app.request("/api/v1/breaches");
    expect(res.status).toBe(200);
    const { breaches } = (await res.json()) as { breaches: Record<string, unknown>[] };
    expect(breaches.map((b) => b.name)).toEqual(["DemoShopVN", "DemoForumVN", "DemoClinicVN"]);
    expect(Object.keys(breaches[0] ?? {}).sort()).toEqual(
      [
        "addedDate",
        "breachDate",
        "dataClasses",
        "description",
        "domain",
        "isDemo",
        "isFabricated",
        "isRetired",
        "isSensitive",
        "isSpamList",
        "isVerified",
        "logoPath",
        "modifiedDate",
        "name",
        "pwnCount",
        "title",
      ].sort(),
    );
    expect(breaches.every((b) => b.isDemo === true)).toBe(true);
  });

  it("filters by domain", async () => {
    const { breaches } = (await (await app.request("/api/v1/breaches?domain=forum.example.com")).json()) as {
      breaches: { name: string }[];
    };
    expect(breaches.map((b) => b.name)).toEqual(["DemoForumVN"]);
  });

  it("returns one breach by name whatever its case, and 404 for an unknown one", async () => {
    const res = await app.request("/api/v1/breaches/demoshopvn");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { pwnCount: number }).pwnCount).toBe(5);
    const missing = await app.request("/api/v1/breaches/NoSuchBreach");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect((await app.request("/api/v1/breaches/bad%20name")).status).toBe(400);
  });

  it("publishes an Atom feed of newly added breaches in either language", async () => {
    const res = await app.request("/api/v1/breaches/feed.atom?lang=vi");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    expect(xml).toContain('xml:lang="vi"');
    expect(xml).toContain("/lo-lot-du-lieu/DemoShopVN/");
    expect(xml).toContain("[Dữ liệu minh hoạ]");
    expect((await app.request("/api/v1/breaches/feed.atom?lang=fr")).status).toBe(400);
  });

  it("documents every breach route in the OpenAPI description", async () => {
    const doc = (await (await app.request("/api/v1/openapi.json")).json()) as { paths: Record<string, unknown> };
    for (const p of ["/passwords/range/{prefix}", "/accounts/range/{prefix}", "/breaches", "/breaches/{name}", "/breaches/feed.atom"]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});
