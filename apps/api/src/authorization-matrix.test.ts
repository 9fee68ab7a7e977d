// The authorization matrix: every staff route the app has × every kind of caller. A route added
// without a row here fails the first test; the next issues (reports, alerts) add their rows here.
import type { Role } from "@portal/auth";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type App, createApp } from "./app.ts";
import { makeTestDeps, type TestDeps } from "./testing/deps.ts";
import { sameOrigin, sessionCookie, type TestStaff, testStaff } from "./testing/staff.ts";

/** Who may call a route: anyone (it is how one signs in or activates), any staff member, or these roles. */
type Access = "public" | "staff" | readonly Role[];

const MATRIX: Record<string, Access> = {
  "POST /api/v1/staff/session": "public",
  "DELETE /api/v1/staff/session": "staff",
  "GET /api/v1/staff/me": "staff",
  "GET /api/v1/staff/sessions": "staff",
  "DELETE /api/v1/staff/sessions": "staff",
  "POST /api/v1/staff/me/password": "staff",
  "POST /api/v1/staff/me/recovery-codes": "staff",
  "GET /api/v1/staff/users": ["admin"],
  "POST /api/v1/staff/users": ["admin"],
  "PATCH /api/v1/staff/users/:id": ["admin"],
  "GET /api/v1/staff/agencies": "staff",
  "POST /api/v1/staff/agencies": ["admin"],
  "GET /api/v1/staff/audit": ["admin"],
  "GET /api/v1/staff/audit.csv": ["admin"],
  "GET /api/v1/staff/activation/:token": "public",
  "POST /api/v1/staff/activation": "public",
  // Reports (issue 13): analysts and administrators; contact details in the CSV only for admins.
  "GET /api/v1/staff/reports": ["analyst", "admin"],
  "GET /api/v1/staff/reports.csv": ["analyst", "admin"],
  "GET /api/v1/staff/reports/:id": ["analyst", "admin"],
  "POST /api/v1/staff/reports/:id/status": ["analyst", "admin"],
  "POST /api/v1/staff/reports/:id/notes": ["analyst", "admin"],
  "POST /api/v1/staff/reports/:id/assign": ["analyst", "admin"],
  "POST /api/v1/staff/reports/:id/protect": ["analyst", "admin"],
  "DELETE /api/v1/staff/reports/:id/protect": ["analyst", "admin"],
  "GET /api/v1/staff/reports/:id/evidence/:fileId": ["analyst", "admin"],
  // Alerts (issue 14): publishers (their own agency's, checked per alert) and administrators.
  "GET /api/v1/staff/alerts": ["publisher", "admin"],
  "POST /api/v1/staff/alerts": ["publisher", "admin"],
  "POST /api/v1/staff/alerts/preview": ["publisher", "admin"],
  "GET /api/v1/staff/alerts/:id": ["publisher", "admin"],
  "PATCH /api/v1/staff/alerts/:id": ["publisher", "admin"],
  "POST /api/v1/staff/alerts/:id/submit": ["publisher", "admin"],
  "POST /api/v1/staff/alerts/:id/publish": ["publisher", "admin"],
  "POST /api/v1/staff/alerts/:id/withdraw": ["publisher", "admin"],
  // Partner API keys (issue 15): administrators only.
  "GET /api/v1/staff/partner-keys": ["admin"],
  "POST /api/v1/staff/partner-keys": ["admin"],
  "POST /api/v1/staff/partner-keys/:id/revoke": ["admin"],
};

/** A body each route accepts far enough to reach its authorization (or past it). */
const BODIES: Record<string, unknown> = {
  "POST /api/v1/staff/session": { email: "nobody@example.gov.vn", password: "wrong password", totp: "000000" },
  "POST /api/v1/staff/me/password": { currentPassword: "wrong", newPassword: "a new password long enough" },
  "POST /api/v1/staff/users": { email: "new@example.gov.vn", name: "Người mới", role: "analyst" },
  "PATCH /api/v1/staff/users/:id": { name: "Tên mới" },
  "POST /api/v1/staff/agencies": { slug: "co-quan-moi", nameVi: "Cơ quan mới", nameEn: "New agency" },
  "POST /api/v1/staff/activation": { token: "a".repeat(52), password: "a password long enough", totp: "000000" },
  "POST /api/v1/staff/reports/:id/status": { status: "triaging", publicNote: "Đang xem xét." },
  "POST /api/v1/staff/reports/:id/notes": { privateNote: "Ghi chú nội bộ." },
  "POST /api/v1/staff/reports/:id/assign": { assigneeId: null },
  "POST /api/v1/staff/reports/:id/protect": { kind: "url", value: "https://example.org/" },
  "POST /api/v1/staff/alerts": {
    kind: "advice",
    severity: "minor",
    urgency: "future",
    certainty: "possible",
    tlp: "CLEAR",
    title: { vi: "Bật xác thực hai lớp", en: "Turn on two-step verification" },
    summary: { vi: "Hãy bật xác thực hai lớp.", en: "Turn on two-step verification." },
    body: { vi: "Nội dung.", en: "Text." },
  },
  "POST /api/v1/staff/alerts/preview": { markdown: "**Chú ý**" },
  "PATCH /api/v1/staff/alerts/:id": { severity: "moderate" },
  "POST /api/v1/staff/alerts/:id/withdraw": { reason: "Trùng lặp." },
  "POST /api/v1/staff/partner-keys": { name: "Ngân hàng thử", kind: "bank", perMinute: 60, perDay: 1000 },
};

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

let deps: TestDeps;
let app: App;
const callers: Record<string, TestStaff | null> = {};
let target: TestStaff;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  app = createApp(deps);
  callers.anonymous = null;
  callers.admin = await testStaff(deps, "admin");
  callers.analyst = await testStaff(deps, "analyst");
  callers.publisher = await testStaff(deps, "publisher", { agency: "agency-a" });
  callers["publisher of another agency"] = await testStaff(deps, "publisher", { agency: "agency-b" });
  target = await testStaff(deps, "analyst");
});
afterAll(() => deps?.cleanup());

/** Every staff route the app answers, as "METHOD /path" (middleware entries are method ALL). */
function staffRoutes(): string[] {
  return [
    ...new Set(app.routes.filter((r) => r.method !== "ALL" && r.path.startsWith("/api/v1/staff")).map((r) => `${r.method} ${r.path}`)),
  ].sort();
}

const urlOf = (route: string) => (route.split(" ")[1] as string).replace(":id", target.user.id).replace(":token", "b".repeat(52));

async function call(route: string, cookie?: string, headers?: Record<string, string>): Promise<Response> {
  const method = route.split(" ")[0] as string;
  const body = BODIES[route];
  return app.request(urlOf(route), {
    method,
    headers: headers ?? sameOrigin(cookie),
    ...(body !== undefined ? { body: JSON.stringify(body) } : STATE_CHANGING.has(method) && method !== "DELETE" ? { body: "{}" } : {}),
  });
}

describe("the authorization matrix", () => {
  it("has a row for every staff route the app has, and no row for a route it lacks", () => {
    expect(staffRoutes()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [route, access] of Object.entries(MATRIX)) {
    for (const who of ["anonymous", "admin", "analyst", "publisher", "publisher of another agency"]) {
      const allowed = access === "public" || (who !== "anonymous" && (access === "staff" || access.includes(who.split(" ")[0] as Role)));
      it(`${allowed ? `lets ${who} use` : `refuses ${who}`} ${route}`, async () => {
        const caller = callers[who];
        const res = await call(route, caller ? await sessionCookie(deps, caller.user) : undefined);
        const json = res.headers.get("content-type")?.startsWith("application/json");
        const body = json ? ((await res.json()) as { error?: { code: string } }) : null;
        if (allowed) {
          expect(res.status, JSON.stringify(body)).not.toBe(403);
          if (body?.error) expect(body.error.code).not.toMatch(/^(unauthenticated|forbidden|cross_site_request)$/);
        } else if (who === "anonymous") {
          expect(res.status).toBe(401);
          expect(body?.error?.code).toBe("unauthenticated");
        } else {
          expect(res.status).toBe(403);
          expect(body?.error?.code).toBe("forbidden");
        }
        expect(res.headers.get("cache-control")).toBe("no-store");
      });
    }
  }
});

describe("cross-site requests to staff routes", () => {
  const changing = Object.keys(MATRIX).filter((r) => STATE_CHANGING.has(r.split(" ")[0] as string));

  it("covers every state-changing staff route", () => {
    expect(changing.length).toBeGreaterThanOrEqual(9);
  });

  for (const route of changing) {
    it(`refuses ${route} from another site, and without any sign of where it came from, even with a valid session`, async () => {
      const cookie = await sessionCookie(deps, (callers.admin as TestStaff).user);
      const attempts: Record<string, string>[] = [
        { "sec-fetch-site": "cross-site", "content-type": "application/json", cookie },
        { "sec-fetch-site": "same-site", "content-type": "application/json", cookie },
        { origin: "https://evil.example", "content-type": "application/json", cookie },
        { "content-type": "application/json", cookie },
      ];
      for (const headers of attempts) {
        const res = await call(route, undefined, headers);
        expect(res.status, JSON.stringify(headers)).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("cross_site_request");
      }
    });
  }

  it("accepts a same-origin request shown by its Origin alone (a browser without Fetch Metadata)", async () => {
    const cookie = await sessionCookie(deps, (callers.admin as TestStaff).user);
    const res = await app.request("/api/v1/staff/sessions", {
      method: "DELETE",
      headers: { origin: "http://localhost", cookie },
    });
    expect(res.status).toBe(200);
  });

  it("lets reading routes through whatever site asked (they change nothing)", async () => {
    const cookie = await sessionCookie(deps, (callers.admin as TestStaff).user);
    const res = await app.request("/api/v1/staff/me", { headers: { "sec-fetch-site": "cross-site", cookie } });
    expect(res.status).toBe(200);
  });
});
