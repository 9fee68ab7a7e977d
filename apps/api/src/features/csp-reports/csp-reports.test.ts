// The CSP report sink against a real libSQL file and the real app: only known directives, a cap on
// distinct rows, old rows pruned, and the per-address rate limit.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";
import { cspReportsFeature, OVER_CAP, pruneViolations } from "./index.ts";

let deps: TestDeps;
beforeAll(async () => {
  deps = await makeTestDeps({
    meiliUrl: inject("meiliUrl"),
    meiliKey: inject("meiliKey"),
    env: { CSP_REPORTS_MAX_ROWS: "10", LIMIT_CSP_REPORTS_PER_MINUTE: "1000" },
  });
});
afterAll(() => deps.cleanup());

const legacy = (directive: string, page: string, blocked = "https://evil.example/x.js") =>
  JSON.stringify({
    "csp-report": { "document-uri": `https://portal.example${page}`, "effective-directive": directive, "blocked-uri": blocked },
  });
const send = (app: ReturnType<typeof createApp>, body: string, type = "application/csp-report") =>
  app.request("/api/v1/csp-reports", { method: "POST", body, headers: { "content-type": type } });
const rows = async () =>
  (await deps.db.client.execute("SELECT directive, blocked, page, count FROM csp_reports ORDER BY directive, page")).rows.map((r) => ({
    ...r,
  }));

describe("POST /api/v1/csp-reports", () => {
  it("refuses a directive CSP does not define, in either report format, and stores nothing of it", async () => {
    await deps.db.client.execute("DELETE FROM csp_reports");
    const app = createApp(deps);
    const res = await send(app, legacy("made-up-src", "/a/"));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    const modern = JSON.stringify([
      {
        type: "csp-violation",
        body: { documentURL: "https://p/x/", effectiveDirective: "img-src", blockedURL: "https://i.example/a.png" },
      },
      { type: "csp-violation", body: { documentURL: "https://p/x/", effectiveDirective: `x${"a".repeat(150)}`, blockedURL: "inline" } },
    ]);
    expect((await send(app, modern, "application/reports+json")).status).toBe(400);
    expect(await rows()).toEqual([]);
    // The old "violated-directive" form with its value is still read by its first word.
    const old = JSON.stringify({
      "csp-report": { "document-uri": "https://p/y/", "violated-directive": "img-src 'self'", "blocked-uri": "data" },
    });
    expect((await send(app, old)).status).toBe(204);
    expect(await rows()).toEqual([{ directive: "img-src", blocked: "data", page: "/y/", count: 1 }]);
  });

  it("keeps made-up blocked values out of the table: a known keyword or one word for the rest", async () => {
    await deps.db.client.execute("DELETE FROM csp_reports");
    const app = createApp(deps);
    expect((await send(app, legacy("script-src-elem", "/k/", "inline"))).status).toBe(204);
    expect((await send(app, legacy("script-src-elem", "/k/", "whatever-1"))).status).toBe(204);
    expect((await send(app, legacy("script-src-elem", "/k/", "whatever-2"))).status).toBe(204);
    expect(await rows()).toEqual([
      { directive: "script-src-elem", blocked: "inline", page: "/k/", count: 1 },
      { directive: "script-src-elem", blocked: "other", page: "/k/", count: 2 },
    ]);
  });

  it("caps the distinct rows: repeats add to their count, new kinds past the cap go to one row per directive", async () => {
    await deps.db.client.execute("DELETE FROM csp_reports");
    const app = createApp(deps);
    for (let i = 0; i < 25; i++) expect((await send(app, legacy("script-src-elem", `/page-${i}/`))).status).toBe(204);
    expect((await send(app, legacy("img-src", "/another/"))).status).toBe(204);
    // A repeat of a row that exists still counts there.
    expect((await send(app, legacy("script-src-elem", "/page-3/"))).status).toBe(204);
    const all = await rows();
    expect(all.length).toBe(12);
    expect(all.filter((r) => r.blocked !== OVER_CAP)).toHaveLength(10);
    expect(all.find((r) => r.page === "/page-3/")?.count).toBe(2);
    expect(all.find((r) => r.directive === "script-src-elem" && r.blocked === OVER_CAP)).toEqual({
      directive: "script-src-elem",
      blocked: OVER_CAP,
      page: OVER_CAP,
      count: 15,
    });
    expect(all.find((r) => r.directive === "img-src")).toMatchObject({ blocked: OVER_CAP, count: 1 });
  });

  it("prunes rows not seen for the retention period, at start-up and then hourly", async () => {
    await deps.db.client.execute("DELETE FROM csp_reports");
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const recent = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await deps.db.client.batch([
      {
        sql: "INSERT INTO csp_reports (directive, blocked, page, first_seen, last_seen) VALUES ('img-src', 'a', '/old/', ?, ?)",
        args: [old, old],
      },
      {
        sql: "INSERT INTO csp_reports (directive, blocked, page, first_seen, last_seen) VALUES ('img-src', 'a', '/recent/', ?, ?)",
        args: [old, recent],
      },
    ]);
    const stop = cspReportsFeature.start?.(deps);
    for (let i = 0; i < 50 && (await rows()).length > 1; i++) await new Promise((r) => setTimeout(r, 20));
    stop?.();
    expect((await rows()).map((r) => r.page)).toEqual(["/recent/"]);
    expect(await pruneViolations(deps.db.client, 1)).toBe(1);
    expect(await rows()).toEqual([]);
  });

  it("is rate-limited per address, one unit per report in a batch", async () => {
    const app = createApp({ ...deps, env: { ...deps.env, LIMIT_CSP_REPORTS_PER_MINUTE: 3 } });
    const batch = JSON.stringify(
      [1, 2, 3].map((i) => ({
        type: "csp-violation",
        body: { documentURL: `https://p/${i}/`, effectiveDirective: "img-src", blockedURL: "inline" },
      })),
    );
    expect((await send(app, batch, "application/reports+json")).status).toBe(204);
    const res = await send(app, legacy("img-src", "/z/"));
    expect(res.status).toBe(429);
    expect(res.headers.get("ratelimit-policy")).toBe('"csp";q=3;w=60');
  });
});
