// Sign-in and sign-out: e-mail, password and a TOTP (or recovery) code checked together, one answer
// for every wrong part, a new session on success, and an audit row either way.
import type { Client } from "@portal/db";
import { type AuditContext, auditStatement, recordAudit } from "./audit.ts";
import { verifyAgainstDummy, verifyPassword } from "./password.ts";
import { useRecoveryCode } from "./recovery-codes.ts";
import { createSession, type Session } from "./session.ts";
import { isLocked, recordFailure, resetFailures } from "./throttle.ts";
import { verifyUserTotp } from "./totp.ts";
import { canSignIn, isEmail, normaliseEmail, USER_COLUMNS, type User, userFromRow } from "./user-record.ts";

export interface SignInInput {
  email: string;
  password: string;
  /** Six digits from the authenticator app, or one of the recovery codes. */
  totp: string;
  ip: string | null;
  userAgent: string | null;
}

export interface SignInDeps {
  /** The key that seals TOTP secrets (loadOrCreateKey). */
  totpKey: Uint8Array;
  now?: Date;
}

export type SignInResult =
  | { ok: true; user: User; session: Session; token: string; secondFactor: "totp" | "recovery_code" }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "locked"; retryAfterSeconds: number };

/** Why a sign-in failed, for the audit log only — the person signing in is never told which. */
type FailureCause = "unknown_email" | "wrong_password" | "not_activated" | "disabled" | "not_enrolled" | "wrong_second_factor";

/** Bounds the lockout key, so a megabyte typed into the e-mail field is not a megabyte stored. */
const MAX_ACCOUNT_KEY = 320;

/**
 * Signs a staff member in. Everything that could tell an attacker which part was wrong is evened out:
 *  - one answer, { ok: false, reason: "invalid_credentials" }, for an unknown e-mail, a wrong
 *    password, a wrong code, or an account that is disabled or not yet activated (OWASP ASVS 5.0 6.3.8);
 *  - an unknown e-mail still costs one argon2id verification (against the dummy hash), the same as
 *    a wrong password, so response time does not reveal which addresses have accounts;
 *  - the lockout counts unknown e-mails too, so "locked" is no oracle either.
 * The second factor is checked only after the password, so a guessed code cannot spend (and block)
 * the real user's current TOTP step.
 */
export async function signIn(client: Client, input: SignInInput, deps: SignInDeps): Promise<SignInResult> {
  const now = deps.now ?? new Date();
  const account = normaliseEmail(input.email).slice(0, MAX_ACCOUNT_KEY);
  const ctx: AuditContext = { actorId: null, ip: input.ip, userAgent: input.userAgent };
  // What was typed in the e-mail field goes in the log only if it looks like an address: people
  // sometimes type their password there.
  const typedTarget = isEmail(account) ? `email:${account}` : null;

  const lock = await isLocked(client, account, now);
  if (lock.locked) {
    await recordAudit(client, { ...ctx, action: "session.sign_in_failed", target: typedTarget, details: { reason: "locked" } }, now);
    return { ok: false, reason: "locked", retryAfterSeconds: lock.retryAfterSeconds };
  }

  const res = await client.execute({
    sql: `SELECT ${USER_COLUMNS}, users.password_hash FROM users WHERE users.email = ?`,
    args: [account],
  });
  const row = res.rows[0] as Record<string, unknown> | undefined;
  const user = row ? userFromRow(row) : null;
  const passwordHash = row?.password_hash == null ? null : String(row.password_hash);

  let cause: FailureCause | null = null;
  let secondFactor: "totp" | "recovery_code" = "totp";
  if (!user || passwordHash === null) {
    await verifyAgainstDummy(input.password);
    cause = user ? "not_activated" : "unknown_email";
  } else if (!(await verifyPassword(passwordHash, input.password))) {
    cause = "wrong_password";
  } else if (!canSignIn(user)) {
    cause = user.disabledAt ? "disabled" : user.activatedAt ? "not_enrolled" : "not_activated";
  } else {
    const code = input.totp.trim();
    if (/^[\d\s]+$/.test(code)) {
      if (!(await verifyUserTotp(client, user.id, code, deps.totpKey, now))) cause = "wrong_second_factor";
    } else {
      secondFactor = "recovery_code";
      if (!(await useRecoveryCode(client, user.id, code, now))) cause = "wrong_second_factor";
    }
  }

  if (cause !== null || !user) {
    await recordFailure(client, account, now);
    await recordAudit(
      client,
      { ...ctx, action: "session.sign_in_failed", target: user ? `user:${user.id}` : typedTarget, details: { reason: cause } },
      now,
    );
    return { ok: false, reason: "invalid_credentials" };
  }

  await resetFailures(client, account);
  // Always a new session: a token the browser held before signing in is never promoted (ASVS 5.0 7.2.4).
  const { session, token } = await createSession(client, user.id, { ip: input.ip, userAgent: input.userAgent }, now);
  await recordAudit(
    client,
    { ...ctx, actorId: user.id, action: "session.sign_in", target: `session:${session.id}`, details: { secondFactor } },
    now,
  );
  return { ok: true, user, session, token, secondFactor };
}

/**
 * Ends one of a user's sessions — their current one (sign-out) or another from their list. Scoped
 * by user id, so nobody ends a session that is not theirs. Returns whether there was one to end.
 */
export async function signOut(
  client: Client,
  target: { userId: string; sessionId: string },
  ctx: AuditContext,
  now: Date = new Date(),
): Promise<boolean> {
  const [ended] = await client.batch(
    [
      { sql: "DELETE FROM sessions WHERE id = ? AND user_id = ?", args: [target.sessionId, target.userId] },
      auditStatement({ ...ctx, action: "session.sign_out", target: `session:${target.sessionId}` }, now),
    ],
    "write",
  );
  return (ended?.rowsAffected ?? 0) > 0;
}

/** "Sign out everywhere else" (OWASP ASVS 5.0 7.4.3, 7.5.2): ends all the user's sessions but this one. */
export async function signOutOtherSessions(
  client: Client,
  current: { userId: string; sessionId: string },
  ctx: AuditContext,
  now: Date = new Date(),
): Promise<number> {
  const [ended] = await client.batch(
    [
      { sql: "DELETE FROM sessions WHERE user_id = ? AND id <> ?", args: [current.userId, current.sessionId] },
      auditStatement({ ...ctx, action: "session.sign_out_others", target: `user:${current.userId}` }, now),
    ],
    "write",
  );
  return ended?.rowsAffected ?? 0;
}
