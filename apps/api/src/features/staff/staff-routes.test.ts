import { totpCodeNow } from "@portal/auth";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type App, createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";
import { sameOrigin, sessionCookie, type TestStaff, testStaff } from "../../testing/staff.ts";

let deps: TestDeps;
let app: App;
let admin: TestStaff;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  app = createApp(deps);
  admin = await testStaff(deps, "admin");
});
afterAll(() => deps?.cleanup());

const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;
const post = (path: string, body: unknown, cookie?: string, extra: Record<string, string> = {}) =>
  app.request(path, { method: "POST", headers: { ...sameOrigin(cookie), ...extra }, body: JSON.stringify(body) });
/** The session cookie a Set-Cookie header sets, as a Cookie header. */
const cookieFrom = (res: Response) => (res.headers.get("set-cookie") ?? "").split(";")[0] as string;

/**
 * The code of the next 30-second step: enrolment spent the current step's code, and a server
 * accepts one step either side (RFC 6238 §5.2), so this is what an app shows a moment later.
 */
const nextCode = (manualKey: string) => totpCodeNow(manualKey, new Date(Date.now() + 30_000));

describe("signing in", () => {
  it("signs in with e-mail, password and code, setting an HttpOnly SameSite=Lax cookie, and /me names the person", async () => {
    const analyst = await testStaff(deps, "analyst");
    const res = await post("/api/v1/staff/session", {
      email: analyst.email.toUpperCase(),
      password: analyst.password,
      totp: nextCode(analyst.manualKey),
    });
    expect(res.status).toBe(200);
    expect((await json<{ user: { email: string; role: string } }>(res)).user).toMatchObject({ email: analyst.email, role: "analyst" });
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^portal_session=[a-z0-9]+\.[a-z2-7]{52};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const me = await app.request("/api/v1/staff/me", { headers: { cookie: cookieFrom(res) } });
    expect(me.status).toBe(200);
    expect((await json<{ user: { email: string } }>(me)).user.email).toBe(analyst.email);

    // The same code cannot be used twice (RFC 6238 §5.2).
    const replay = await post("/api/v1/staff/session", {
      email: analyst.email,
      password: analyst.password,
      totp: nextCode(analyst.manualKey),
    });
    expect(replay.status).toBe(401);
  });

  it("uses a __Host- cookie with Secure behind a TLS proxy", async () => {
    const proxied = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey"), env: { TRUST_PROXY: "true" } });
    try {
      const p = await testStaff(proxied, "analyst");
      const res = await createApp(proxied).request("/api/v1/staff/session", {
        method: "POST",
        headers: { ...sameOrigin(), "x-forwarded-proto": "https" },
        body: JSON.stringify({ email: p.email, password: p.password, totp: nextCode(p.manualKey) }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")).toMatch(/^__Host-portal_session=.*; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    } finally {
      proxied.cleanup();
    }
  });

  it("uses a __Host- cookie with Secure whenever PUBLIC_ORIGIN is https, even when the proxy's X-Forwarded-Proto is not trusted", async () => {
    const public_ = await makeTestDeps({
      meiliUrl: inject("meiliUrl"),
      meiliKey: inject("meiliKey"),
      env: { PUBLIC_ORIGIN: "https://portal.example.vn" },
    });
    try {
      const p = await testStaff(public_, "analyst");
      const publicApp = createApp(public_);
      const res = await publicApp.request("http://portal.example.vn/api/v1/staff/session", {
        method: "POST",
        headers: sameOrigin(),
        body: JSON.stringify({ email: p.email, password: p.password, totp: nextCode(p.manualKey) }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")).toMatch(/^__Host-portal_session=.*; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      // The session is read back under the same name; a plain-named cookie is not looked at.
      const token = cookieFrom(res).split("=")[1];
      const me = await publicApp.request("http://portal.example.vn/api/v1/staff/me", { headers: { cookie: cookieFrom(res) } });
      expect(me.status).toBe(200);
      const plain = await publicApp.request("http://portal.example.vn/api/v1/staff/me", { headers: { cookie: `portal_session=${token}` } });
      expect(plain.status).toBe(401);
    } finally {
      public_.cleanup();
    }
  });

  it("answers an unknown e-mail, a wrong password and a wrong code with the same 401", async () => {
    const who = await testStaff(deps, "publisher");
    const answers = [];
    for (const body of [
      { email: "nobody@example.gov.vn", password: who.password, totp: "123456" },
      { email: who.email, password: "not the password at all", totp: "123456" },
      { email: who.email, password: who.password, totp: "000000" },
    ]) {
      const res = await post("/api/v1/staff/session", body);
      expect(res.status).toBe(401);
      expect(res.headers.get("set-cookie")).toBeNull();
      answers.push(await json(res));
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[1]).toEqual(answers[2]);
    expect(answers[0]).toMatchObject({ error: { code: "invalid_credentials" } });
  });

  it("locks an account after 10 failures with 429 and Retry-After, even for the right password", async () => {
    const who = await testStaff(deps, "analyst");
    for (let i = 0; i < 10; i++) {
      const res = await post("/api/v1/staff/session", { email: who.email, password: `wrong ${i}`, totp: "123456" }, undefined, {
        "x-forwarded-for": `198.51.100.${i}`,
      });
      expect(res.status).toBe(401);
    }
    const locked = await post("/api/v1/staff/session", { email: who.email, password: who.password, totp: totpCodeNow(who.manualKey) });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(await json(locked)).toMatchObject({ error: { code: "account_locked" } });
  });

  it("validates the body in the one error shape", async () => {
    const res = await post("/api/v1/staff/session", { email: "a@b.vn" });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ error: { code: "invalid_request", details: { issues: expect.any(Array) } } });
  });
});

describe("sessions", () => {
  it("signs out: the cookie is cleared and the token no longer works", async () => {
    const cookie = await sessionCookie(deps, admin.user);
    const res = await app.request("/api/v1/staff/session", { method: "DELETE", headers: sameOrigin(cookie) });
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toMatch(/^portal_session=;.*Max-Age=0/);
    expect((await app.request("/api/v1/staff/me", { headers: { cookie } })).status).toBe(401);
  });

  it("lists my sessions, marks this one, and ends the others", async () => {
    const a = await sessionCookie(deps, admin.user);
    const b = await sessionCookie(deps, admin.user);
    const list = await json<{ sessions: { current: boolean }[] }>(await app.request("/api/v1/staff/sessions", { headers: { cookie: a } }));
    expect(list.sessions.filter((s) => s.current)).toHaveLength(1);
    expect(list.sessions.length).toBeGreaterThanOrEqual(2);
    const ended = await app.request("/api/v1/staff/sessions", { method: "DELETE", headers: sameOrigin(a) });
    expect(await json(ended)).toMatchObject({ ended: expect.any(Number) });
    expect((await app.request("/api/v1/staff/me", { headers: { cookie: b } })).status).toBe(401);
    expect((await app.request("/api/v1/staff/me", { headers: { cookie: a } })).status).toBe(200);
  });

  it("refuses tampered, truncated and made-up tokens as unauthenticated", async () => {
    const good = (await sessionCookie(deps, admin.user)).split("=")[1] as string;
    const flipped = `${good.slice(0, -1)}${good.endsWith("a") ? "b" : "a"}`;
    for (const token of [flipped, good.slice(0, 20), "x.y", `${good}.extra`, "", "%00"]) {
      const res = await app.request("/api/v1/staff/me", { headers: { cookie: `portal_session=${token}` } });
      expect(res.status, token).toBe(401);
      expect(await json(res)).toMatchObject({ error: { code: "unauthenticated" } });
    }
  });

  it("changes my password, refuses a short or breached one, and ends my other sessions", async () => {
    const me = await testStaff(deps, "analyst");
    const here = await sessionCookie(deps, me.user);
    const elsewhere = await sessionCookie(deps, me.user);
    const short = await post("/api/v1/staff/me/password", { currentPassword: me.password, newPassword: "short" }, here);
    expect(short.status).toBe(400);
    expect(await json(short)).toMatchObject({ error: { code: "password_rejected", details: { reason: "too_short" } } });
    const wrong = await post(
      "/api/v1/staff/me/password",
      { currentPassword: "not mine at all", newPassword: "một mật khẩu mới đủ dài" },
      here,
    );
    expect(wrong.status).toBe(401);
    const ok = await post("/api/v1/staff/me/password", { currentPassword: me.password, newPassword: "một mật khẩu mới đủ dài" }, here);
    expect(ok.status).toBe(200);
    expect((await app.request("/api/v1/staff/me", { headers: { cookie: elsewhere } })).status).toBe(401);
    expect((await app.request("/api/v1/staff/me", { headers: { cookie: here } })).status).toBe(200);
  });
});

describe("accounts, agencies and the audit log (admin)", () => {
  it("creates a publisher with an activation link; the person activates it and signs in", async () => {
    const cookie = await sessionCookie(deps, admin.user);
    const agency = await post("/api/v1/staff/agencies", { slug: "vncert", nameVi: "Trung tâm VNCERT", nameEn: "VNCERT" }, cookie);
    expect(agency.status).toBe(201);
    const created = await post(
      "/api/v1/staff/users",
      { email: "bien.tap@example.gov.vn", name: "Biên Tập", role: "publisher", agency: "vncert" },
      cookie,
    );
    expect(created.status).toBe(201);
    const { user, activation } = await json<{
      user: { id: string; status: string; agency: { slug: string } };
      activation: { url: string };
    }>(created);
    expect(user).toMatchObject({ status: "pending", agency: { slug: "vncert" } });
    expect(activation.url).toMatch(/^\/quan-tri\/kich-hoat\/\?token=[a-z2-7]{52}$/);
    const token = activation.url.split("=")[1] as string;

    const info = await app.request(`/api/v1/staff/activation/${token}`);
    expect(info.status).toBe(200);
    const { manualKey, keyUri, qrSvg } = await json<{ manualKey: string; keyUri: string; qrSvg: string }>(info);
    expect(keyUri).toMatch(/^otpauth:\/\/totp\//);
    expect(qrSvg).toMatch(/^<svg/);

    const weak = await post("/api/v1/staff/activation", { token, password: "password", totp: totpCodeNow(manualKey) });
    expect(await json(weak)).toMatchObject({ error: { code: "password_rejected" } });
    const done = await post("/api/v1/staff/activation", { token, password: "mật khẩu của biên tập viên", totp: totpCodeNow(manualKey) });
    expect(done.status).toBe(200);
    expect((await json<{ recoveryCodes: string[] }>(done)).recoveryCodes).toHaveLength(10);
    expect((await app.request(`/api/v1/staff/activation/${token}`)).status).toBe(404); // used once
    // The token opens the account to whoever holds it: the request log names the path without it.
    expect(deps.logs.some((l) => l.path === "/api/v1/staff/activation/:token")).toBe(true);
    expect(JSON.stringify(deps.logs)).not.toContain(token);

    const signIn = await post("/api/v1/staff/session", {
      email: "bien.tap@example.gov.vn",
      password: "mật khẩu của biên tập viên",
      totp: nextCode(manualKey),
    });
    expect(signIn.status).toBe(200);
    expect((await json<{ user: { agency: { slug: string } } }>(signIn)).user.agency.slug).toBe("vncert");
  });

  it("refuses a second account with the same e-mail (409) and a publisher without an agency (400)", async () => {
    const cookie = await sessionCookie(deps, admin.user);
    expect((await post("/api/v1/staff/users", { email: admin.email, name: "Trùng", role: "analyst" }, cookie)).status).toBe(409);
    const noAgency = await post("/api/v1/staff/users", { email: "x@example.gov.vn", name: "X", role: "publisher" }, cookie);
    expect(noAgency.status).toBe(400);
    expect(await json(noAgency)).toMatchObject({ error: { details: { reason: "agency_required" } } });
  });

  it("disabling an account ends all its sessions at once", async () => {
    const victim = await testStaff(deps, "analyst");
    const theirs = await sessionCookie(deps, victim.user);
    const cookie = await sessionCookie(deps, admin.user);
    const res = await app.request(`/api/v1/staff/users/${victim.user.id}`, {
      method: "PATCH",
      headers: sameOrigin(cookie),
      body: JSON.stringify({ disabled: true }),
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ user: { status: "disabled" }, sessionsEnded: 1 });
    expect((await app.request("/api/v1/staff/me", { headers: { cookie: theirs } })).status).toBe(401);
  });

  it("will not let an administrator disable their own account", async () => {
    const cookie = await sessionCookie(deps, admin.user);
    const res = await app.request(`/api/v1/staff/users/${admin.user.id}`, {
      method: "PATCH",
      headers: sameOrigin(cookie),
      body: JSON.stringify({ disabled: true }),
    });
    expect(res.status).toBe(400);
  });

  it("records sign-ins, failures and changes in the audit log, without any password or code, and exports it as CSV", async () => {
    const cookie = await sessionCookie(deps, admin.user);
    const res = await app.request("/api/v1/staff/audit?action=session.*", { headers: { cookie } });
    const page = await json<{ entries: { action: string; details: Record<string, unknown> }[]; total: number }>(res);
    const actions = new Set(page.entries.map((e) => e.action));
    expect(actions).toContain("session.sign_in");
    expect(actions).toContain("session.sign_in_failed");
    const all = await json<{ entries: { action: string }[] }>(await app.request("/api/v1/staff/audit", { headers: { cookie } }));
    for (const a of ["user.create", "user.activate", "user.disable", "agency.create", "user.password_change", "session.sign_out"]) {
      expect(all.entries.map((e) => e.action)).toContain(a);
    }
    const everything = JSON.stringify(all) + JSON.stringify(deps.logs);
    for (const secret of [admin.password, "mật khẩu của biên tập viên", "một mật khẩu mới đủ dài"])
      expect(everything).not.toContain(secret);

    const csv = await app.request("/api/v1/staff/audit.csv?action=user.*", { headers: { cookie } });
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(/attachment/);
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toMatch(/^\uFEFF?id,at,/);
    expect(text).toContain("user.create");
    expect(text).not.toContain("session.sign_in");
  });

  it("filters the audit log by actor, and refuses a malformed filter", async () => {
    const cookie = await sessionCookie(deps, admin.user);
    const mine = await json<{ entries: { actorId: string | null }[] }>(
      await app.request(`/api/v1/staff/audit?actor=${encodeURIComponent(admin.email)}`, { headers: { cookie } }),
    );
    expect(mine.entries.length).toBeGreaterThan(0);
    expect(mine.entries.every((e) => e.actorId === admin.user.id)).toBe(true);
    expect((await app.request("/api/v1/staff/audit?from=yesterday", { headers: { cookie } })).status).toBe(400);
    // The right digits but no such day: refused as a bad filter, not a failure of the query.
    for (const path of ["/api/v1/staff/audit?to=2655-24-84", "/api/v1/staff/audit.csv?from=2026-02-30"]) {
      const res = await app.request(path, { headers: { cookie } });
      expect(res.status, path).toBe(400);
      expect((await json<{ error: { code: string } }>(res)).error.code).toBe("invalid_request");
    }
  });
});
