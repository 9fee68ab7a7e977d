import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "./audit.ts";
import { validateSessionToken } from "./session.ts";
import { signIn, signOut, signOutOtherSessions } from "./signin.ts";
import { codeAt, enrolledUser, TEST_KEY, type TempDb, type TestUser, tempDb } from "./test-db.ts";
import { LOCKOUT_THRESHOLD } from "./throttle.ts";
import { createUser, disableUser } from "./users.ts";

const ENROLLED = new Date("2025-03-01T08:00:00.000Z");
const MIN = 60 * 1000;
/** Sign-ins happen after enrolment, so the enrolment code's time step is behind them. */
const at = (minutes: number) => new Date(ENROLLED.getTime() + (minutes + 5) * MIN);
const from = { ip: "203.0.113.5", userAgent: "Mozilla/5.0 (sign-in test)" };

let db: TempDb;
beforeAll(async () => {
  db = await tempDb();
});
afterAll(() => db.cleanup());

function attempt(u: TestUser, when: Date, parts: { email?: string; password?: string; totp?: string } = {}) {
  return signIn(
    db.client,
    { email: parts.email ?? u.email, password: parts.password ?? u.password, totp: parts.totp ?? codeAt(u.secret, when), ...from },
    { totpKey: TEST_KEY, now: when },
  );
}

describe("signing in", () => {
  it("signs in with e-mail, password and TOTP code, and returns a new session token", async () => {
    const u = await enrolledUser(db.client, { now: ENROLLED });
    const res = await attempt(u, at(0), { email: u.email.toUpperCase() });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.secondFactor).toBe("totp");
    const valid = await validateSessionToken(db.client, res.token, at(1));
    expect(valid?.user.id).toBe(u.user.id);
    expect(valid?.session).toMatchObject({ id: res.session.id, ip: from.ip, userAgent: from.userAgent });
  });

  it("gives a new token at every sign-in, never reusing one", async () => {
    const u = await enrolledUser(db.client, { now: ENROLLED });
    const first = await attempt(u, at(0));
    const second = await attempt(u, at(1));
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.token).not.toBe(first.token);
    expect(second.session.id).not.toBe(first.session.id);
    // Both are separate, live sessions; signing in again did not promote or reuse the first.
    expect(await validateSessionToken(db.client, first.token, at(2))).not.toBeNull();
  });

  it("gives the identical answer for an unknown e-mail and for a wrong password", async () => {
    const u = await enrolledUser(db.client, { now: ENROLLED });
    const unknown = await attempt(u, at(0), { email: "nobody-here@example.gov.vn" });
    const wrongPassword = await attempt(u, at(0), { password: "not the password at all" });
    expect(unknown).toStrictEqual({ ok: false, reason: "invalid_credentials" });
    expect(wrongPassword).toStrictEqual(unknown);
  });

  it("takes about as long for an unknown e-mail as for a wrong password", async () => {
    const u = await enrolledUser(db.client, { now: ENROLLED });
    // CPU time of this process (argon2 runs on its thread pool), not wall time: other test files
    // running at once slow the wall clock but not the work done here.
    const time = async (f: () => Promise<unknown>) => {
      const t = process.cpuUsage();
      await f();
      const d = process.cpuUsage(t);
      return d.user + d.system;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 3; i++) {
      unknown.push(await time(() => attempt(u, at(0), { email: `nobody-${i}@example.gov.vn` })));
      wrong.push(await time(() => attempt(u, at(0), { password: `wrong password number ${i}` })));
    }
    // Loose bounds on the fastest of three: skipping the dummy hash would make unknown e-mails ~10× faster.
    const ratio = Math.min(...unknown) / Math.min(...wrong);
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(4);
  });

  it("gives the same answer for a wrong TOTP code, and for a right one from two steps ago", async () => {
    const u = await enrolledUser(db.client, { now: ENROLLED });
    expect(await attempt(u, at(0), { totp: codeAt(u.secret, at(0), 3) })).toStrictEqual({ ok: false, reason: "invalid_credentials" });
    expect(await attempt(u, at(0), { totp: codeAt(u.secret, at(0), -2) })).toStrictEqual({ ok: false, reason: "invalid_credentials" });
    expect(await attempt(u, at(0), { totp: "" })).toStrictEqual({ ok: false, reason: "invalid_credentials" });
  });

  it("refuses a TOTP code that was already used", async () => {
    const u = await enrolledUser(db.client, { now: ENROLLED });
    const code = codeAt(u.secret, at(0));
    expect((await attempt(u, at(0), { totp: code })).ok).toBe(true);
    expect(await attempt(u, new Date(at(0).getTime() + 10_000), { totp: code })).toStrictEqual({
      ok: false,
      reason: "invalid_credentials",
    });
    // Nor the code that was used to enrol.
    const again = await enrolledUser(db.client, { now: ENROLLED });
    expect(await attempt(again, new Date(ENROLLED.getTime() + 10_000), { totp: codeAt(again.secret, ENROLLED) })).toStrictEqual({
      ok: false,
      reason: "invalid_credentials",
    });
  });

  it("accepts a recovery code in place of the TOTP code, once", async () => {
    const u = await enrolledUser(db.client, { now: ENROLLED });
    const code = u.recoveryCodes[0] as string;
    const first = await attempt(u, at(0), { totp: code.toLowerCase() });
    expect(first.ok && first.secondFactor).toBe("recovery_code");
    expect(await attempt(u, at(1), { totp: code })).toStrictEqual({ ok: false, reason: "invalid_credentials" });
  });

  it("refuses a disabled account and one not yet activated, with the same answer", async () => {
    const u = await enrolledUser(db.client, { now: ENROLLED });
    await disableUser(db.client, u.user.id, { actorId: null }, at(0));
    expect(await attempt(u, at(1))).toStrictEqual({ ok: false, reason: "invalid_credentials" });
    const pending = await createUser(
      db.client,
      { email: "pending@example.gov.vn", name: "Chờ", role: "analyst" },
      { actorId: null },
      ENROLLED,
    );
    if (!pending.ok) throw new Error(pending.reason);
    expect(
      await signIn(
        db.client,
        { email: "pending@example.gov.vn", password: "anything at all", totp: "123456", ...from },
        { totpKey: TEST_KEY, now: at(1) },
      ),
    ).toStrictEqual({
      ok: false,
      reason: "invalid_credentials",
    });
  });

  it("locks the account after 10 failures and says when to try again, even with the right password", async () => {
    const u = await enrolledUser(db.client, { now: ENROLLED });
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      expect(await attempt(u, at(i), { password: `wrong password ${i}` })).toStrictEqual({ ok: false, reason: "invalid_credentials" });
    }
    // The tenth failure was at +9 min; the lock lasts 15 minutes from it.
    expect(await attempt(u, at(10))).toStrictEqual({ ok: false, reason: "locked", retryAfterSeconds: 14 * 60 });
    expect(await attempt(u, at(23.5))).toStrictEqual({ ok: false, reason: "locked", retryAfterSeconds: 30 });
    expect((await attempt(u, at(24))).ok).toBe(true);
  });

  it("locks unknown e-mail addresses too, so 'locked' does not reveal which addresses exist", async () => {
    const ghost = { email: "ghost@example.gov.vn", password: "whatever it is", secret: new Uint8Array(20) } as TestUser;
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await attempt(ghost, at(i));
    expect(await attempt(ghost, at(10))).toMatchObject({ ok: false, reason: "locked" });
  });

  it("writes audit rows for success and failure, never the password or the code", async () => {
    const u = await enrolledUser(db.client, { now: ENROLLED });
    const wrongCode = codeAt(u.secret, at(0), 4);
    await attempt(u, at(0), { password: "a wrong password here" });
    await attempt(u, at(0), { totp: wrongCode });
    await attempt(u, at(0), { email: "unknown-person@example.gov.vn" });
    await attempt(u, at(0), { email: "my password typed in the e-mail box" });
    const ok = await attempt(u, at(0));
    if (!ok.ok) throw new Error("sign-in failed");

    const failed = await listAudit(db.client, { action: "session.sign_in_failed", from: at(0), to: at(1) });
    const mine = failed.rows.filter((r) => r.target === `user:${u.user.id}`).map((r) => r.details.reason);
    expect(mine.sort()).toEqual(["wrong_password", "wrong_second_factor"]);
    expect(failed.rows.find((r) => r.target === "email:unknown-person@example.gov.vn")).toMatchObject({
      actorId: null,
      ip: from.ip,
      details: { reason: "unknown_email" },
    });
    // Text that is not an address is not logged as the target, nor kept by the lockout.
    expect(failed.rows.some((r) => r.target?.includes("typed in the e-mail box"))).toBe(false);
    const lockout = JSON.stringify((await db.client.execute("SELECT * FROM sign_in_failures")).rows);
    expect(lockout).not.toContain("typed in the e-mail box");
    expect(lockout).not.toContain("unknown-person");

    const success = await listAudit(db.client, { action: "session.sign_in", actor: u.user.id });
    expect(success.rows).toHaveLength(1);
    expect(success.rows[0]).toMatchObject({
      target: `session:${ok.session.id}`,
      ip: from.ip,
      userAgent: from.userAgent,
      details: { secondFactor: "totp" },
    });

    const everything = JSON.stringify((await db.client.execute("SELECT * FROM audit_log")).rows);
    for (const secret of [u.password, "a wrong password here", wrongCode, codeAt(u.secret, at(0)), ok.token, ok.token.split(".")[1]]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe("signing out", () => {
  it("signs out: the token stops working and the sign-out is audited", async () => {
    const u = await enrolledUser(db.client, { now: ENROLLED });
    const res = await attempt(u, at(0));
    if (!res.ok) throw new Error("sign-in failed");
    // Someone else cannot end this session by naming its id.
    expect(await signOut(db.client, { userId: "someone-else", sessionId: res.session.id }, { actorId: "someone-else" }, at(1))).toBe(false);
    expect(await validateSessionToken(db.client, res.token, at(1))).not.toBeNull();
    expect(await signOut(db.client, { userId: u.user.id, sessionId: res.session.id }, { actorId: u.user.id, ...from }, at(1))).toBe(true);
    expect(await validateSessionToken(db.client, res.token, at(2))).toBeNull();
    const log = await listAudit(db.client, { action: "session.sign_out", actor: u.user.id });
    expect(log.rows[0]?.target).toBe(`session:${res.session.id}`);
  });

  it("signs out of all other sessions and keeps this one", async () => {
    const u = await enrolledUser(db.client, { now: ENROLLED });
    const here = await attempt(u, at(0));
    const there = await attempt(u, at(1));
    if (!here.ok || !there.ok) throw new Error("sign-in failed");
    expect(await signOutOtherSessions(db.client, { userId: u.user.id, sessionId: here.session.id }, { actorId: u.user.id }, at(2))).toBe(1);
    expect(await validateSessionToken(db.client, here.token, at(3))).not.toBeNull();
    expect(await validateSessionToken(db.client, there.token, at(3))).toBeNull();
    expect((await listAudit(db.client, { action: "session.sign_out_others", actor: u.user.id })).total).toBe(1);
  });
});
