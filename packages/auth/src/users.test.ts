import { sha256 } from "@oslojs/crypto/sha2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgency } from "./agencies.ts";
import { listAudit } from "./audit.ts";
import { verifyPassword } from "./password.ts";
import { countRecoveryCodes } from "./recovery-codes.ts";
import { createSession, validateSessionToken } from "./session.ts";
import { codeAt, enrolledUser, secretFromUri, TEST_KEY, type TempDb, tempDb } from "./test-db.ts";
import { canSignIn } from "./user-record.ts";
import {
  ACTIVATION_TTL_MS,
  beginEnrolment,
  changePassword,
  completeEnrolment,
  createUser,
  disableUser,
  ENROLMENT_MAX_ATTEMPTS,
  endAllSessions,
  getUserByEmail,
  getUserById,
  issueActivation,
  listUsers,
  regenerateRecoveryCodes,
  resetTotp,
  updateUser,
} from "./users.ts";

const T0 = new Date("2025-03-01T08:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60 * 1000;
const admin = { actorId: "admin-1", ip: "192.0.2.1", userAgent: "console" };
const meta = { ip: "198.51.100.7", userAgent: "browser" };

let db: TempDb;
let agencyId: string;
let n = 0;
const email = () => `user-${++n}@example.gov.vn`;

beforeAll(async () => {
  db = await tempDb();
  const made = await createAgency(db.client, { slug: "vncert", nameVi: "VNCERT/CC", nameEn: "VNCERT/CC" }, admin, T0);
  if (!made.ok) throw new Error(made.reason);
  agencyId = made.agency.id;
});
afterAll(() => db.cleanup());

describe("creating accounts", () => {
  it("normalises the e-mail and refuses a second account with the same address in another case", async () => {
    const made = await createUser(
      db.client,
      { email: "  Nguyen.Van.A@Example.GOV.vn ", name: " Nguyễn  Văn A ", role: "analyst" },
      admin,
      T0,
    );
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.user).toMatchObject({ email: "nguyen.van.a@example.gov.vn", name: "Nguyễn Văn A", role: "analyst", agencyId: null });
    expect((await getUserByEmail(db.client, "NGUYEN.VAN.A@example.gov.vn"))?.id).toBe(made.user.id);
    expect(await createUser(db.client, { email: "nguyen.van.a@EXAMPLE.gov.vn", name: "B", role: "admin" }, admin, T0)).toEqual({
      ok: false,
      reason: "email_taken",
    });
    expect(await createUser(db.client, { email: "not-an-address", name: "B", role: "admin" }, admin, T0)).toEqual({
      ok: false,
      reason: "invalid_email",
    });
  });

  it("binds a publisher to exactly one agency and the other roles to none", async () => {
    expect(await createUser(db.client, { email: email(), name: "P", role: "publisher" }, admin, T0)).toEqual({
      ok: false,
      reason: "agency_required",
    });
    expect(await createUser(db.client, { email: email(), name: "A", role: "analyst", agencyId }, admin, T0)).toEqual({
      ok: false,
      reason: "agency_not_allowed",
    });
    expect(await createUser(db.client, { email: email(), name: "P", role: "publisher", agencyId: "nope" }, admin, T0)).toEqual({
      ok: false,
      reason: "unknown_agency",
    });
    const ok = await createUser(db.client, { email: email(), name: "P", role: "publisher", agencyId }, admin, T0);
    expect(ok.ok && ok.user.agencyId).toBe(agencyId);
  });

  it("has the database refuse a publisher without an agency and an analyst with one", async () => {
    const insert = (role: string, agency: string | null) =>
      db.client.execute({
        sql: "INSERT INTO users (id, email, name, role, agency_id, created_at, updated_at) VALUES (?, ?, 'X', ?, ?, 'now', 'now')",
        args: [`raw-${++n}`, email(), role, agency],
      });
    await expect(insert("publisher", null)).rejects.toThrow(/CHECK constraint/);
    await expect(insert("analyst", agencyId)).rejects.toThrow(/CHECK constraint/);
    await expect(insert("superuser", null)).rejects.toThrow(/CHECK constraint/);
  });

  it("creates an account that cannot sign in until it is activated, and audits the creation", async () => {
    const made = await createUser(db.client, { email: email(), name: "Mới", role: "admin" }, admin, T0);
    if (!made.ok) throw new Error(made.reason);
    expect(canSignIn(made.user)).toBe(false);
    expect(made.activation.expiresAt.getTime()).toBe(T0.getTime() + ACTIVATION_TTL_MS);
    const log = await listAudit(db.client, { action: "user.create", actor: "admin-1" });
    expect(log.rows.find((r) => r.target === `user:${made.user.id}`)?.details).toEqual({
      email: made.user.email,
      role: "admin",
      agencyId: null,
    });
  });

  it("stores the activation token only as its SHA-256", async () => {
    const made = await createUser(db.client, { email: email(), name: "Mới", role: "admin" }, admin, T0);
    if (!made.ok) throw new Error(made.reason);
    const rows = (await db.client.execute({ sql: "SELECT * FROM activation_tokens WHERE user_id = ?", args: [made.user.id] })).rows;
    expect(rows).toHaveLength(1);
    expect(new Uint8Array(rows[0]?.token_hash as ArrayBuffer)).toEqual(sha256(new TextEncoder().encode(made.activation.token)));
    expect(JSON.stringify(rows)).not.toContain(made.activation.token);
  });
});

describe("activation", () => {
  it("activates with a password and a TOTP code, once, and returns ten recovery codes", async () => {
    const made = await createUser(db.client, { email: email(), name: "Kích hoạt", role: "analyst" }, admin, T0);
    if (!made.ok) throw new Error(made.reason);
    const begun = await beginEnrolment(db.client, made.activation.token, TEST_KEY, at(MIN));
    if (!begun.ok) throw new Error(begun.reason);
    // Opening the link again shows the same secret (the app has already scanned it).
    const again = await beginEnrolment(db.client, made.activation.token, TEST_KEY, at(2 * MIN));
    expect(again.ok && again.keyUri).toBe(begun.keyUri);
    const secret = secretFromUri(begun.keyUri);
    const done = await completeEnrolment(
      db.client,
      { token: made.activation.token, password: "mật khẩu của tôi đây", totp: codeAt(secret, at(3 * MIN)) },
      { totpKey: TEST_KEY },
      meta,
      at(3 * MIN),
    );
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(done.recoveryCodes).toHaveLength(10);
    expect(canSignIn(done.user)).toBe(true);
    expect(await countRecoveryCodes(db.client, done.user.id)).toBe(10);
    // The link is spent.
    expect(await beginEnrolment(db.client, made.activation.token, TEST_KEY, at(4 * MIN))).toEqual({ ok: false, reason: "invalid_token" });
    const log = await listAudit(db.client, { action: "user.activate", actor: done.user.id });
    expect(log.total).toBe(1);
  });

  it("refuses an activation link after 72 hours", async () => {
    const made = await createUser(db.client, { email: email(), name: "Muộn", role: "analyst" }, admin, T0);
    if (!made.ok) throw new Error(made.reason);
    expect((await beginEnrolment(db.client, made.activation.token, TEST_KEY, at(ACTIVATION_TTL_MS - 1))).ok).toBe(true);
    expect(await beginEnrolment(db.client, made.activation.token, TEST_KEY, at(ACTIVATION_TTL_MS))).toEqual({
      ok: false,
      reason: "invalid_token",
    });
    // A new link replaces it.
    const fresh = await issueActivation(db.client, made.user.id, admin, at(ACTIVATION_TTL_MS));
    if (!fresh.ok) throw new Error(fresh.reason);
    expect((await beginEnrolment(db.client, fresh.activation.token, TEST_KEY, at(ACTIVATION_TTL_MS + MIN))).ok).toBe(true);
  });

  it("refuses a wrong code and a short password, and wears the link out after ten wrong codes", async () => {
    const made = await createUser(db.client, { email: email(), name: "Sai", role: "analyst" }, admin, T0);
    if (!made.ok) throw new Error(made.reason);
    const token = made.activation.token;
    const deps = { totpKey: TEST_KEY };
    expect(await completeEnrolment(db.client, { token, password: "đủ dài rồi đấy nhé", totp: "123456" }, deps, meta, T0)).toEqual({
      ok: false,
      reason: "not_started",
    });
    const begun = await beginEnrolment(db.client, token, TEST_KEY, T0);
    if (!begun.ok) throw new Error(begun.reason);
    const secret = secretFromUri(begun.keyUri);
    expect(await completeEnrolment(db.client, { token, password: "ngắn quá", totp: codeAt(secret, T0) }, deps, meta, T0)).toMatchObject({
      ok: false,
      reason: "too_short",
    });
    const wrong = codeAt(secret, T0, 5);
    for (let i = 0; i < ENROLMENT_MAX_ATTEMPTS; i++) {
      expect(await completeEnrolment(db.client, { token, password: "đủ dài rồi đấy nhé", totp: wrong }, deps, meta, T0)).toEqual({
        ok: false,
        reason: "invalid_code",
      });
    }
    expect(await completeEnrolment(db.client, { token, password: "đủ dài rồi đấy nhé", totp: codeAt(secret, T0) }, deps, meta, T0)).toEqual(
      {
        ok: false,
        reason: "invalid_token",
      },
    );
  });

  it("refuses garbage link tokens without throwing", async () => {
    for (const token of ["", "x", "A".repeat(52), "a".repeat(53), "😀"]) {
      expect(await beginEnrolment(db.client, token, TEST_KEY, T0)).toEqual({ ok: false, reason: "invalid_token" });
    }
  });
});

describe("changing accounts", () => {
  it("updates name, role and agency together, with a user.update audit row of the changes", async () => {
    const made = await createUser(db.client, { email: email(), name: "Đổi", role: "analyst" }, admin, T0);
    if (!made.ok) throw new Error(made.reason);
    expect(await updateUser(db.client, made.user.id, { role: "publisher" }, admin, T0)).toEqual({ ok: false, reason: "agency_required" });
    const res = await updateUser(db.client, made.user.id, { name: "Đã đổi", role: "publisher", agencyId }, admin, at(MIN));
    expect(res.ok && res.user).toMatchObject({ name: "Đã đổi", role: "publisher", agencyId });
    // Back to analyst: the agency goes with the role.
    const back = await updateUser(db.client, made.user.id, { role: "analyst" }, admin, at(2 * MIN));
    expect(back.ok && back.user.agencyId).toBeNull();
    const log = await listAudit(db.client, { action: "user.update" });
    expect(log.rows.filter((r) => r.target === `user:${made.user.id}`).map((r) => r.details)).toEqual([
      { role: "analyst", agencyId: null },
      { name: "Đã đổi", role: "publisher", agencyId },
    ]);
    expect(await updateUser(db.client, "missing", { name: "x" }, admin, T0)).toEqual({ ok: false, reason: "not_found" });
  });

  it("lists accounts by e-mail, by role and without the disabled ones", async () => {
    const fresh = await tempDb();
    try {
      const make = async (e: string, role: "admin" | "analyst") => {
        const r = await createUser(fresh.client, { email: e, name: e, role }, admin, T0);
        if (!r.ok) throw new Error(r.reason);
        return r.user;
      };
      await make("c@example.gov.vn", "analyst");
      const b = await make("b@example.gov.vn", "admin");
      await make("a@example.gov.vn", "analyst");
      await disableUser(fresh.client, b.id, admin, T0);
      expect((await listUsers(fresh.client)).map((u) => u.email)).toEqual(["a@example.gov.vn", "b@example.gov.vn", "c@example.gov.vn"]);
      expect((await listUsers(fresh.client, { role: "analyst" })).map((u) => u.email)).toEqual(["a@example.gov.vn", "c@example.gov.vn"]);
      expect((await listUsers(fresh.client, { includeDisabled: false })).map((u) => u.email)).not.toContain("b@example.gov.vn");
    } finally {
      fresh.cleanup();
    }
  });

  it("disabling an account ends all its sessions at once", async () => {
    const made = await createUser(db.client, { email: email(), name: "Nghỉ việc", role: "analyst" }, admin, T0);
    if (!made.ok) throw new Error(made.reason);
    const tokens = await Promise.all([1, 2, 3].map(() => createSession(db.client, made.user.id, meta, T0)));
    const res = await disableUser(db.client, made.user.id, admin, at(MIN));
    expect(res.ok && res.sessionsEnded).toBe(3);
    const left = await db.client.execute({ sql: "SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?", args: [made.user.id] });
    expect(left.rows[0]?.n).toBe(0);
    for (const { token } of tokens) expect(await validateSessionToken(db.client, token, at(2 * MIN))).toBeNull();
    const user = await getUserById(db.client, made.user.id);
    expect(user?.disabledAt).toEqual(at(MIN));
    const log = await listAudit(db.client, { action: "user.disable", actor: "admin-1" });
    expect(log.rows.some((r) => r.target === `user:${made.user.id}`)).toBe(true);
    // Enabling again does not bring sessions back.
    const enabled = await updateUser(db.client, made.user.id, { disabled: false }, admin, at(3 * MIN));
    expect(enabled.ok && enabled.user.disabledAt).toBeNull();
    for (const { token } of tokens) expect(await validateSessionToken(db.client, token, at(4 * MIN))).toBeNull();
  });

  it("changing the password ends the other sessions and keeps this one", async () => {
    const { user, password } = await enrolledUser(db.client, { email: email(), now: T0 });
    const current = await createSession(db.client, user.id, meta, T0);
    const other = await createSession(db.client, user.id, meta, T0);
    const actor = { actorId: user.id, ...meta };
    expect(
      await changePassword(
        db.client,
        {
          userId: user.id,
          currentPassword: "không phải mật khẩu",
          newPassword: "mật khẩu mới dài hơn",
          currentSessionId: current.session.id,
        },
        actor,
        { now: at(MIN) },
      ),
    ).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await validateSessionToken(db.client, other.token, at(MIN))).not.toBeNull();

    const res = await changePassword(
      db.client,
      { userId: user.id, currentPassword: password, newPassword: "mật khẩu mới dài hơn", currentSessionId: current.session.id },
      actor,
      { now: at(2 * MIN) },
    );
    expect(res).toEqual({ ok: true, sessionsEnded: 1 });
    expect(await validateSessionToken(db.client, current.token, at(3 * MIN))).not.toBeNull();
    expect(await validateSessionToken(db.client, other.token, at(3 * MIN))).toBeNull();
    const row = (await db.client.execute({ sql: "SELECT password_hash FROM users WHERE id = ?", args: [user.id] })).rows[0];
    expect(await verifyPassword(String(row?.password_hash), "mật khẩu mới dài hơn")).toBe(true);
    expect((await listAudit(db.client, { action: "user.password_change", actor: user.id })).total).toBe(1);
  });

  it("resetting TOTP ends every session, removes recovery codes, and re-enrolment asks for the password", async () => {
    const { user, password } = await enrolledUser(db.client, { email: email(), now: T0 });
    const session = await createSession(db.client, user.id, meta, T0);
    const reset = await resetTotp(db.client, user.id, admin, at(MIN));
    if (!reset.ok) throw new Error(reset.reason);
    expect(reset.sessionsEnded).toBe(1);
    expect(await validateSessionToken(db.client, session.token, at(2 * MIN))).toBeNull();
    expect(await countRecoveryCodes(db.client, user.id)).toBe(0);
    expect(canSignIn((await getUserById(db.client, user.id)) as NonNullable<Awaited<ReturnType<typeof getUserById>>>)).toBe(false);

    const begun = await beginEnrolment(db.client, reset.enrolment.token, TEST_KEY, at(2 * MIN));
    if (!begun.ok) throw new Error(begun.reason);
    expect(begun.kind).toBe("totp_reset");
    const secret = secretFromUri(begun.keyUri);
    const deps = { totpKey: TEST_KEY };
    const token = reset.enrolment.token;
    expect(
      await completeEnrolment(
        db.client,
        { token, password: "đoán bừa một câu", totp: codeAt(secret, at(3 * MIN)) },
        deps,
        meta,
        at(3 * MIN),
      ),
    ).toEqual({
      ok: false,
      reason: "invalid_credentials",
    });
    const done = await completeEnrolment(db.client, { token, password, totp: codeAt(secret, at(3 * MIN)) }, deps, meta, at(3 * MIN));
    expect(done.ok).toBe(true);
    expect(done.ok && canSignIn(done.user)).toBe(true);
  });
  it("lets an administrator end all of a user's sessions, audited", async () => {
    const made = await createUser(db.client, { email: email(), name: "Mất máy", role: "analyst" }, admin, T0);
    if (!made.ok) throw new Error(made.reason);
    const a = await createSession(db.client, made.user.id, meta, T0);
    const b = await createSession(db.client, made.user.id, meta, T0);
    expect(await endAllSessions(db.client, made.user.id, admin, at(MIN))).toBe(2);
    expect(await validateSessionToken(db.client, a.token, at(2 * MIN))).toBeNull();
    expect(await validateSessionToken(db.client, b.token, at(2 * MIN))).toBeNull();
    const log = await listAudit(db.client, { action: "user.sessions_end", actor: "admin-1" });
    expect(log.rows.some((r) => r.target === `user:${made.user.id}`)).toBe(true);
  });

  it("makes new recovery codes on request, and the old ones stop working", async () => {
    const made = await createUser(db.client, { email: email(), name: "Mã mới", role: "analyst" }, admin, T0);
    if (!made.ok) throw new Error(made.reason);
    const actor = { actorId: made.user.id, ...meta };
    const first = await regenerateRecoveryCodes(db.client, made.user.id, actor, T0);
    const second = await regenerateRecoveryCodes(db.client, made.user.id, actor, at(MIN));
    expect(second).toHaveLength(10);
    expect(second.some((c) => first.includes(c))).toBe(false);
    const stored = (await db.client.execute({ sql: "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = ?", args: [made.user.id] }))
      .rows[0];
    expect(stored?.n).toBe(10);
    expect((await listAudit(db.client, { action: "user.recovery_codes_regenerate", actor: made.user.id })).total).toBe(2);
  });
});
