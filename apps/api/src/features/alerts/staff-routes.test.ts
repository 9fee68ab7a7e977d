// The staff alert API against the real app, a real libSQL file and the real checks: a publisher
// drafts, another publishes (never the author), a publisher of another agency and an analyst are
// refused, and publishing puts the indicators into the link check, the scam identifiers and
// search at once; a withdrawal takes them out again.
import { checkPhone } from "@portal/reports";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type App, createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";
import { sameOrigin, sessionCookie, type TestStaff, testStaff } from "../../testing/staff.ts";

const ORIGIN = "https://canhbao.example.vn";
let deps: TestDeps;
let app: App;
const cookies: Record<"admin" | "author" | "reviewer" | "other" | "analyst", string> = {
  admin: "",
  author: "",
  reviewer: "",
  other: "",
  analyst: "",
};
let author: TestStaff;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey"), env: { PUBLIC_ORIGIN: ORIGIN } });
  app = createApp(deps);
  author = await testStaff(deps, "publisher", { agency: "vncert" });
  const staff = {
    admin: await testStaff(deps, "admin"),
    author,
    reviewer: await testStaff(deps, "publisher", { agency: "vncert" }),
    other: await testStaff(deps, "publisher", { agency: "ncsc" }),
    analyst: await testStaff(deps, "analyst"),
  };
  for (const [k, s] of Object.entries(staff)) cookies[k as keyof typeof cookies] = await sessionCookie(deps, s.user);
});
afterAll(() => deps?.cleanup());

type Who = keyof typeof cookies;
type Answer = {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; details?: { reason?: string; issues?: { path: string }[] } } };
};
async function call(who: Who | null, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await app.request(path, {
    method,
    headers: sameOrigin(who ? cookies[who] : undefined),
    ...(body !== undefined ? { body: JSON.stringify(body) } : method === "GET" ? {} : { body: "{}" }),
  });
  return { status: res.status, body: (await res.json()) as Answer["body"] };
}
const alertOf = (a: Answer) => a.body.alert as Record<string, unknown> & { history: unknown[]; trackingId: string | null };

const PHISHING = "https://vcb-xacminh-taikhoan.example/dang-nhap";
const DRAFT = {
  kind: "scam_campaign",
  severity: "severe",
  urgency: "immediate",
  certainty: "observed",
  tlp: "CLEAR",
  title: { vi: "Tin nhắn giả mạo ngân hàng đòi xác minh tài khoản", en: "Fake bank texts asking you to verify your account" },
  summary: { vi: "Đường dẫn trong tin nhắn dẫn tới trang đăng nhập giả.", en: "The link in the text leads to a fake sign-in page." },
  body: { vi: "## Diễn biến\n\nKẻ gian gửi **tin nhắn** <script>alert(1)</script>.", en: "## What happens\n\nCriminals send **texts**." },
  recommendations: { vi: "- Không bấm vào đường dẫn.", en: "- Do not follow the link." },
  indicators: { urls: [PHISHING], phones: ["0912 345 678"], bankAccounts: [{ bank: "Ngân hàng Ví Dụ", account: "0071 0001 23456" }] },
};

const checkUrl = async (url: string) =>
  (await (await app.request(`/api/v1/url/check?url=${encodeURIComponent(url)}`)).json()) as {
    verdict: string;
    matches: { source: string; reference: string | null; tags: string[] }[];
  };

describe("drafting, review and publication", () => {
  let id = "";

  it("lets a publisher draft for their agency (201 with the id) and nobody but the agency's publishers and admins see it", async () => {
    const created = await call("author", "POST", "/api/v1/staff/alerts", DRAFT);
    expect(created.status).toBe(201);
    id = String(created.body.id);
    expect(id).toMatch(/^[a-z2-7]{24}$/);

    const mine = await call("author", "GET", `/api/v1/staff/alerts/${id}`);
    expect(mine.status).toBe(200);
    expect(alertOf(mine)).toMatchObject({ draftStatus: "draft", publicStatus: null, canEdit: true, canPublish: false });
    expect((await call("reviewer", "GET", `/api/v1/staff/alerts/${id}`)).status).toBe(200);
    expect((await call("admin", "GET", `/api/v1/staff/alerts/${id}`)).status).toBe(200);

    const list = await call("author", "GET", "/api/v1/staff/alerts?state=draft");
    expect((list.body.alerts as { id: string }[]).map((a) => a.id)).toContain(id);
    expect((await call("other", "GET", "/api/v1/staff/alerts")).body.alerts).toEqual([]);
    // Not on the public side before publication.
    expect((await app.request(`/api/v1/alerts/${id}`)).status).toBe(404);
  });

  it("answers 403 to a publisher of another agency on every route of the alert, and to an analyst on all of them", async () => {
    for (const [method, path, body] of [
      ["GET", `/api/v1/staff/alerts/${id}`, undefined],
      ["PATCH", `/api/v1/staff/alerts/${id}`, { severity: "minor" }],
      ["POST", `/api/v1/staff/alerts/${id}/submit`, undefined],
      ["POST", `/api/v1/staff/alerts/${id}/publish`, undefined],
      ["POST", `/api/v1/staff/alerts/${id}/withdraw`, { reason: "Không." }],
    ] as const) {
      const other = await call("other", method, path, body);
      expect(other.status, `${method} ${path}`).toBe(403);
      expect(other.body.error?.code).toBe("forbidden");
      expect((await call("analyst", method, path, body)).status).toBe(403);
    }
    expect((await call("analyst", "GET", "/api/v1/staff/alerts")).status).toBe(403);
    expect((await call(null, "GET", "/api/v1/staff/alerts")).status).toBe(401);
    // An admin filtering by another agency sees it; a publisher may not ask for another agency.
    expect((await call("other", "GET", "/api/v1/staff/alerts?agency=vncert")).status).toBe(403);
  });

  it("refuses to publish a draft that was not submitted (409), then the author's own submitted draft (403 own_draft)", async () => {
    const early = await call("reviewer", "POST", `/api/v1/staff/alerts/${id}/publish`);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: "conflict", details: { reason: "not_in_review" } });

    expect((await call("author", "POST", `/api/v1/staff/alerts/${id}/submit`)).status).toBe(200);
    const own = await call("author", "POST", `/api/v1/staff/alerts/${id}/publish`);
    expect(own.status).toBe(403);
    expect(own.body.error).toMatchObject({ code: "forbidden", details: { reason: "own_draft" } });
    expect(alertOf(await call("reviewer", "GET", `/api/v1/staff/alerts/${id}`))).toMatchObject({
      canPublish: true,
      draftStatus: "in_review",
    });
  });

  it("publishes by another publisher of the agency: a tracking ID, the link check names the alert at once, the number check and search know it", async () => {
    expect((await checkUrl(PHISHING)).verdict).toBe("unknown");
    const published = await call("reviewer", "POST", `/api/v1/staff/alerts/${id}/publish`);
    expect(published.status).toBe(200);
    const alert = alertOf(published);
    expect(alert.trackingId).toMatch(/^VN-ATTT-\d{4}-0001$/);
    expect(alert).toMatchObject({ publicStatus: "published", draftStatus: null, version: 1 });

    // No wait for the index's poll: the route reloaded it before it answered.
    const check = await checkUrl(PHISHING);
    expect(check.verdict).toBe("phishing");
    const match = check.matches.find((m) => m.source === `alert:${id}`);
    expect(match?.tags).toContain(alert.trackingId);
    expect(match?.reference).toBe(`${ORIGIN}/canh-bao/${String(alert.trackingId).toLowerCase()}/`);

    expect(await checkPhone(deps.db.client, "+84 912 345 678", { includeSources: true })).toMatchObject({
      confirmed: true,
      sources: [`alert:${id}`],
    });
    const found = await deps.searchService.search({ q: "xác minh tài khoản", type: "alert", lang: "vi", page: 1, pageSize: 10 });
    expect(found.hits.map((h) => h.url)).toContain(`/canh-bao/${String(alert.trackingId).toLowerCase()}/`);

    const pub = await app.request(`/api/v1/alerts/${String(alert.trackingId).toLowerCase()}`);
    expect(pub.status).toBe(200);
    const body = (await pub.json()) as { bodyHtml: { vi: string } };
    expect(body.bodyHtml.vi).toContain("<strong>tin nhắn</strong>");
    expect(body.bodyHtml.vi).not.toContain("<script");

    const audit = await deps.db.client.execute({
      sql: "SELECT action FROM audit_log WHERE target = ? ORDER BY at, rowid",
      args: [`alert:${id}`],
    });
    expect(audit.rows.map((r) => r.action)).toEqual(["alert.create", "alert.submit", "alert.publish"]);
  });

  it("corrects as a new version: the change note is required before submitting (409), and the reviewer publishes it", async () => {
    const patched = await call("author", "PATCH", `/api/v1/staff/alerts/${id}`, { severity: "extreme" });
    expect(patched.status).toBe(200);
    const early = await call("author", "POST", `/api/v1/staff/alerts/${id}/submit`);
    expect(early.status).toBe(409);
    expect(early.body.error?.details?.reason).toBe("change_note_required");
    expect(
      (await call("author", "PATCH", `/api/v1/staff/alerts/${id}`, { changeNote: { vi: "Nâng mức độ.", en: "Raised the severity." } }))
        .status,
    ).toBe(200);
    expect((await call("author", "POST", `/api/v1/staff/alerts/${id}/submit`)).status).toBe(200);
    const published = await call("reviewer", "POST", `/api/v1/staff/alerts/${id}/publish`);
    expect(published.status).toBe(200);
    expect(alertOf(published).version).toBe(2);
    expect(alertOf(published).history).toHaveLength(2);
    expect((await checkUrl(PHISHING)).verdict).toBe("phishing");
  });

  it("withdraws with a reason: still public, marked withdrawn, and out of the checks at once", async () => {
    const bad = await call("author", "POST", `/api/v1/staff/alerts/${id}/withdraw`, { reason: "" });
    expect(bad.status).toBe(400);
    const withdrawn = await call("author", "POST", `/api/v1/staff/alerts/${id}/withdraw`, { reason: "Trùng với cảnh báo khác." });
    expect(withdrawn.status).toBe(200);
    expect(alertOf(withdrawn)).toMatchObject({ publicStatus: "withdrawn", version: 3 });
    expect((await checkUrl(PHISHING)).verdict).toBe("unknown");
    expect((await checkPhone(deps.db.client, "0912345678"))?.confirmed).toBe(false);
    const pub = (await (await app.request(`/api/v1/alerts/${id}`)).json()) as { status: string; withdrawalReason: { vi: string } };
    expect(pub).toMatchObject({ status: "withdrawn", withdrawalReason: { vi: "Trùng với cảnh báo khác." } });

    const again = await call("author", "POST", `/api/v1/staff/alerts/${id}/withdraw`, { reason: "Lần nữa." });
    expect(again.status).toBe(409);
    expect(again.body.error?.details?.reason).toBe("already_withdrawn");
    expect((await call("author", "PATCH", `/api/v1/staff/alerts/${id}`, { severity: "minor" })).status).toBe(409);
  });
});

describe("what the staff API refuses and how it says so", () => {
  it("answers 400 with every issue for a draft that is not valid, naming the fields", async () => {
    const r = await call("author", "POST", "/api/v1/staff/alerts", { ...DRAFT, kind: "vulnerability", title: { vi: "", en: "x" } });
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe("invalid_request");
    const at = (r.body.error?.details?.issues ?? []).map((i) => i.path);
    expect(at).toEqual(expect.arrayContaining(["title.vi", "products"]));
  });

  it("makes an administrator name the agency, and refuses an agency that does not exist", async () => {
    const none = await call("admin", "POST", "/api/v1/staff/alerts", DRAFT);
    expect(none.status).toBe(400);
    expect(none.body.error?.details?.reason).toBe("agency_required");
    const unknown = await call("admin", "POST", "/api/v1/staff/alerts", { ...DRAFT, agency: "khong-co" });
    expect(unknown.body.error?.details?.reason).toBe("unknown_agency");
    const made = await call("admin", "POST", "/api/v1/staff/alerts", { ...DRAFT, agency: "ncsc" });
    expect(made.status).toBe(201);
    // A publisher may not speak for another agency.
    expect((await call("author", "POST", "/api/v1/staff/alerts", { ...DRAFT, agency: "ncsc" })).status).toBe(403);
  });

  it("previews Markdown as the public will see it: rendered, raw HTML shown as text, no script", async () => {
    const r = await call("author", "POST", "/api/v1/staff/alerts/preview", {
      markdown: "# Tiêu đề\n\n**Chú ý** <img src=x onerror=alert(1)> [x](javascript:alert(1))",
    });
    expect(r.status).toBe(200);
    const html = String(r.body.html);
    expect(html).toContain("<h2>Tiêu đề</h2>");
    expect(html).toContain("<strong>Chú ý</strong>");
    // The typed HTML is shown as the text it is; the javascript: link loses its address.
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toMatch(/<img|javascript:/);
    expect((await call("analyst", "POST", "/api/v1/staff/alerts/preview", { markdown: "x" })).status).toBe(403);
  });

  it("refuses a cross-site post even with a valid session", async () => {
    const res = await app.request("/api/v1/staff/alerts", {
      method: "POST",
      headers: { "sec-fetch-site": "cross-site", "content-type": "application/json", cookie: cookies.author },
      body: JSON.stringify(DRAFT),
    });
    expect(res.status).toBe(403);
  });

  it("answers 404 for an alert that does not exist and 400 for an id that is not one", async () => {
    expect((await call("author", "GET", `/api/v1/staff/alerts/${"a".repeat(24)}`)).status).toBe(404);
    expect((await call("author", "GET", "/api/v1/staff/alerts/KHONG")).status).toBe(400);
  });
});
