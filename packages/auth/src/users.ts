// Staff accounts: created by an administrator, activated by the person through a one-time link
// (set a password, enrol TOTP), changed, disabled. Each change and its audit row are written together.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import type { Client, InStatement } from "@portal/db";
import { getAgency } from "./agencies.ts";
import { type AuditContext, auditStatement } from "./audit.ts";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "./password.ts";
import { randomBytes, randomId } from "./random.ts";
import { newRecoveryCodes, recoveryCodeStatements } from "./recovery-codes.ts";
import { generateTotpSecret, matchTotp, openTotpSecret, sealTotpSecret, totpKeyUri } from "./totp.ts";
import { isEmail, normaliseEmail, ROLES, type Role, USER_COLUMNS, type User, userFromRow } from "./user-record.ts";

/** An activation link works for 72 hours (OWASP ASVS 5.0 6.4.1: activation codes expire after a short time). */
export const ACTIVATION_TTL_MS = 72 * 60 * 60 * 1000;
/** Wrong codes or passwords on one link before it stops working; the person then asks for a new one. */
export const ENROLMENT_MAX_ATTEMPTS = 10;
/** 256-bit link tokens: 52 lower-case base32 characters. */
const LINK_TOKEN_SHAPE = /^[a-z2-7]{52}$/;

export type UserRuleFailure =
  | "invalid_email"
  | "invalid_name"
  | "invalid_role"
  | "agency_required"
  | "agency_not_allowed"
  | "unknown_agency";

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  /** Required for a publisher, refused for the other roles. */
  agencyId?: string | null;
}

/** A one-time link token: shown once (put it in the e-mail), stored only as its SHA-256. */
export interface LinkToken {
  token: string;
  expiresAt: Date;
}

function cleanName(name: string): string | null {
  const n = name.normalize("NFC").trim().replace(/\s+/g, " ");
  return n.length > 0 && n.length <= 200 ? n : null;
}

/**
 * A publisher speaks for exactly one agency; admins and analysts for none. The same rule is a CHECK
 * constraint on the users table, so no other writer can break it either.
 */
async function checkRoleAgency(client: Client, role: string, agencyId: string | null): Promise<UserRuleFailure | null> {
  if (!(ROLES as readonly string[]).includes(role)) return "invalid_role";
  if (role === "publisher" && agencyId === null) return "agency_required";
  if (role !== "publisher" && agencyId !== null) return "agency_not_allowed";
  if (agencyId !== null && !(await getAgency(client, agencyId))) return "unknown_agency";
  return null;
}

function hashLinkToken(token: string): Uint8Array {
  return sha256(new TextEncoder().encode(token));
}

/** A new link token and the statements that make it the user's only one. */
function linkTokenStatements(userId: string, kind: "activate" | "totp_reset", now: Date): { link: LinkToken; statements: InStatement[] } {
  const token = encodeBase32LowerCaseNoPadding(randomBytes(32));
  const expiresAt = new Date(now.getTime() + ACTIVATION_TTL_MS);
  return {
    link: { token, expiresAt },
    statements: [
      { sql: "DELETE FROM activation_tokens WHERE user_id = ?", args: [userId] },
      {
        sql: "INSERT INTO activation_tokens (token_hash, user_id, kind, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        args: [hashLinkToken(token), userId, kind, now.toISOString(), expiresAt.toISOString()],
      },
    ],
  };
}

export async function getUserById(client: Client, id: string): Promise<User | null> {
  const res = await client.execute({ sql: `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`, args: [id] });
  const row = res.rows[0];
  return row ? userFromRow(row as Record<string, unknown>) : null;
}

export async function getUserByEmail(client: Client, email: string): Promise<User | null> {
  const res = await client.execute({ sql: `SELECT ${USER_COLUMNS} FROM users WHERE email = ?`, args: [normaliseEmail(email)] });
  const row = res.rows[0];
  return row ? userFromRow(row as Record<string, unknown>) : null;
}

export interface UserFilter {
  role?: Role;
  agencyId?: string;
  /** true by default; false leaves out disabled accounts. */
  includeDisabled?: boolean;
}

/** Accounts by e-mail address. */
export async function listUsers(client: Client, filter: UserFilter = {}): Promise<User[]> {
  const where: string[] = [];
  const args: string[] = [];
  if (filter.role) {
    where.push("role = ?");
    args.push(filter.role);
  }
  if (filter.agencyId) {
    where.push("agency_id = ?");
    args.push(filter.agencyId);
  }
  if (filter.includeDisabled === false) where.push("disabled_at IS NULL");
  const res = await client.execute({
    sql: `SELECT ${USER_COLUMNS} FROM users ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY email`,
    args,
  });
  return res.rows.map((r) => userFromRow(r as Record<string, unknown>));
}

export type CreateUserResult = { ok: true; user: User; activation: LinkToken } | { ok: false; reason: UserRuleFailure | "email_taken" };

/**
 * Creates an account that cannot sign in yet, and its activation link. The person sets their own
 * password and enrols TOTP through the link (completeEnrolment), so no administrator ever knows
 * a staff member's password (OWASP ASVS 5.0 6.4.6).
 */
export async function createUser(client: Client, input: NewUser, actor: AuditContext, now: Date = new Date()): Promise<CreateUserResult> {
  const email = normaliseEmail(input.email);
  if (!isEmail(email)) return { ok: false, reason: "invalid_email" };
  const name = cleanName(input.name);
  if (!name) return { ok: false, reason: "invalid_name" };
  const agencyId = input.agencyId ?? null;
  const rule = await checkRoleAgency(client, input.role, agencyId);
  if (rule) return { ok: false, reason: rule };
  if (await getUserByEmail(client, email)) return { ok: false, reason: "email_taken" };

  const id = randomId();
  const at = now.toISOString();
  const { link, statements } = linkTokenStatements(id, "activate", now);
  try {
    await client.batch(
      [
        {
          sql: "INSERT INTO users (id, email, name, role, agency_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          args: [id, email, name, input.role, agencyId, at, at],
        },
        ...statements,
        auditStatement({ ...actor, action: "user.create", target: `user:${id}`, details: { email, role: input.role, agencyId } }, now),
      ],
      "write",
    );
  } catch (err) {
    if (await getUserByEmail(client, email)) return { ok: false, reason: "email_taken" }; // lost a race for the address
    throw err;
  }
  return { ok: true, user: (await getUserById(client, id)) as User, activation: link };
}

export interface UserPatch {
  name?: string;
  role?: Role;
  /** Leave out to keep; when the role stops being publisher, the agency is cleared unless given. */
  agencyId?: string | null;
  disabled?: boolean;
}

export type UpdateUserResult = { ok: true; user: User; sessionsEnded: number } | { ok: false; reason: "not_found" | UserRuleFailure };

/**
 * Changes name, role, agency or the disabled flag. Disabling here ends every session at once, as
 * disableUser does. Role changes need no session work: each request reads the user afresh.
 */
export async function updateUser(
  client: Client,
  id: string,
  patch: UserPatch,
  actor: AuditContext,
  now: Date = new Date(),
): Promise<UpdateUserResult> {
  const before = await getUserById(client, id);
  if (!before) return { ok: false, reason: "not_found" };
  const name = patch.name === undefined ? before.name : cleanName(patch.name);
  if (!name) return { ok: false, reason: "invalid_name" };
  const role = patch.role ?? before.role;
  const agencyId = patch.agencyId !== undefined ? patch.agencyId : role === "publisher" ? before.agencyId : null;
  const rule = await checkRoleAgency(client, role, agencyId);
  if (rule) return { ok: false, reason: rule };

  const at = now.toISOString();
  const disable = patch.disabled === true && before.disabledAt === null;
  const enable = patch.disabled === false && before.disabledAt !== null;
  const changes: Record<string, unknown> = {};
  if (name !== before.name) changes.name = name;
  if (role !== before.role) changes.role = role;
  if (agencyId !== before.agencyId) changes.agencyId = agencyId;
  if (disable || enable) changes.disabled = disable;
  if (Object.keys(changes).length === 0) return { ok: true, user: before, sessionsEnded: 0 };

  const statements: InStatement[] = [
    {
      sql: `UPDATE users SET name = ?, role = ?, agency_id = ?, updated_at = ?,
              disabled_at = CASE WHEN ? THEN ? WHEN ? THEN NULL ELSE disabled_at END
            WHERE id = ?`,
      args: [name, role, agencyId, at, disable ? 1 : 0, at, enable ? 1 : 0, id],
    },
    auditStatement(
      { ...actor, action: disable ? "user.disable" : enable ? "user.enable" : "user.update", target: `user:${id}`, details: changes },
      now,
    ),
  ];
  // OWASP ASVS 5.0 7.4.2: a disabled account keeps no session — ended in the same transaction.
  if (disable) statements.push({ sql: "DELETE FROM sessions WHERE user_id = ?", args: [id] });
  const results = await client.batch(statements, "write");
  return { ok: true, user: (await getUserById(client, id)) as User, sessionsEnded: disable ? (results[2]?.rowsAffected ?? 0) : 0 };
}

export type DisableUserResult = { ok: true; user: User; sessionsEnded: number } | { ok: false; reason: "not_found" };

/** Disables an account and ends ALL its sessions at once (OWASP ASVS 5.0 7.4.2 — someone who left). */
export async function disableUser(client: Client, id: string, actor: AuditContext, now: Date = new Date()): Promise<DisableUserResult> {
  const res = await updateUser(client, id, { disabled: true }, actor, now);
  if (!res.ok) return { ok: false, reason: "not_found" };
  return res;
}

export interface PasswordChange {
  userId: string;
  currentPassword: string;
  newPassword: string;
  /** The session making the change; it stays signed in, all others end. */
  currentSessionId: string;
}

export type ChangePasswordResult =
  | { ok: true; sessionsEnded: number }
  | { ok: false; reason: "not_found" | "invalid_credentials" | "too_short" | "too_long" | "breached" };

/**
 * Changes a password after checking the current one (OWASP ASVS 5.0 6.2.3), and ends the user's other
 * sessions — whoever else holds one may be the reason for the change (ASVS 5.0 7.4.3).
 */
export async function changePassword(
  client: Client,
  change: PasswordChange,
  actor: AuditContext,
  options: { isBreached?: (password: string) => Promise<boolean>; now?: Date } = {},
): Promise<ChangePasswordResult> {
  const now = options.now ?? new Date();
  const res = await client.execute({ sql: "SELECT password_hash FROM users WHERE id = ?", args: [change.userId] });
  const row = res.rows[0];
  if (!row) return { ok: false, reason: "not_found" };
  if (row.password_hash == null || !(await verifyPassword(String(row.password_hash), change.currentPassword))) {
    await client.execute(
      auditStatement(
        { ...actor, action: "user.password_change_failed", target: `user:${change.userId}`, details: { reason: "wrong_current" } },
        now,
      ),
    );
    return { ok: false, reason: "invalid_credentials" };
  }
  const policy = await checkPasswordPolicy(change.newPassword, options.isBreached);
  if (!policy.ok) return { ok: false, reason: policy.reason };
  const passwordHash = await hashPassword(change.newPassword);
  const [, ended] = await client.batch(
    [
      { sql: "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", args: [passwordHash, now.toISOString(), change.userId] },
      { sql: "DELETE FROM sessions WHERE user_id = ? AND id <> ?", args: [change.userId, change.currentSessionId] },
      auditStatement({ ...actor, action: "user.password_change", target: `user:${change.userId}` }, now),
    ],
    "write",
  );
  return { ok: true, sessionsEnded: ended?.rowsAffected ?? 0 };
}

export type ResetTotpResult = { ok: true; enrolment: LinkToken; sessionsEnded: number } | { ok: false; reason: "not_found" };

/**
 * For a lost phone: removes the TOTP secret and recovery codes, ends every session, and returns a
 * one-time link to enrol again. Re-enrolling asks for the account's password as well as a code from
 * the new app, so the link alone (in an e-mail) does not open the account.
 */
export async function resetTotp(client: Client, userId: string, actor: AuditContext, now: Date = new Date()): Promise<ResetTotpResult> {
  const user = await getUserById(client, userId);
  if (!user) return { ok: false, reason: "not_found" };
  const { link, statements } = linkTokenStatements(userId, user.activatedAt ? "totp_reset" : "activate", now);
  const [, , ended] = await client.batch(
    [
      {
        sql: "UPDATE users SET totp_secret_enc = NULL, totp_last_step = NULL, updated_at = ? WHERE id = ?",
        args: [now.toISOString(), userId],
      },
      { sql: "DELETE FROM recovery_codes WHERE user_id = ?", args: [userId] },
      { sql: "DELETE FROM sessions WHERE user_id = ?", args: [userId] },
      ...statements,
      auditStatement({ ...actor, action: "user.totp_reset", target: `user:${userId}` }, now),
    ],
    "write",
  );
  return { ok: true, enrolment: link, sessionsEnded: ended?.rowsAffected ?? 0 };
}

export type IssueActivationResult = { ok: true; activation: LinkToken } | { ok: false; reason: "not_found" | "already_active" };

/** A new activation link for an account not yet activated (the first expired or was lost); the old one stops working. */
export async function issueActivation(
  client: Client,
  userId: string,
  actor: AuditContext,
  now: Date = new Date(),
): Promise<IssueActivationResult> {
  const user = await getUserById(client, userId);
  if (!user) return { ok: false, reason: "not_found" };
  if (user.activatedAt) return { ok: false, reason: "already_active" };
  const { link, statements } = linkTokenStatements(userId, "activate", now);
  await client.batch(
    [...statements, auditStatement({ ...actor, action: "user.activation_issue", target: `user:${userId}` }, now)],
    "write",
  );
  return { ok: true, activation: link };
}

interface LinkRow {
  tokenHash: Uint8Array;
  kind: "activate" | "totp_reset";
  user: User;
  passwordHash: string | null;
  pendingSecret: Uint8Array | null;
}

function blob(v: unknown): Uint8Array | null {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  return null;
}

/** The live link for a token: not expired, not worn out by wrong attempts, account not disabled. */
async function findLink(client: Client, token: string, now: Date): Promise<LinkRow | null> {
  if (typeof token !== "string" || !LINK_TOKEN_SHAPE.test(token)) return null;
  const tokenHash = hashLinkToken(token);
  const res = await client.execute({
    sql: `SELECT t.kind, t.totp_secret_enc AS pending, users.password_hash, ${USER_COLUMNS}
          FROM activation_tokens t JOIN users ON users.id = t.user_id
          WHERE t.token_hash = ? AND t.expires_at > ? AND t.failed_attempts < ? AND users.disabled_at IS NULL`,
    args: [tokenHash, now.toISOString(), ENROLMENT_MAX_ATTEMPTS],
  });
  const row = res.rows[0] as Record<string, unknown> | undefined;
  if (!row) return null;
  return {
    tokenHash,
    kind: String(row.kind) as LinkRow["kind"],
    user: userFromRow(row),
    passwordHash: row.password_hash == null ? null : String(row.password_hash),
    pendingSecret: blob(row.pending),
  };
}

export type BeginEnrolmentResult =
  | {
      ok: true;
      user: User;
      kind: "activate" | "totp_reset";
      /** For the QR code (totpQrSvg / totpQrTerminal). */
      keyUri: string;
      /** The secret in upper-case base32, for typing into an app by hand. */
      manualKey: string;
    }
  | { ok: false; reason: "invalid_token" };

/**
 * Opens an activation or re-enrolment link: offers a TOTP secret to scan. The secret is kept
 * (sealed) on the link, so reloading the page shows the same QR code the app already scanned.
 */
export async function beginEnrolment(
  client: Client,
  token: string,
  totpKey: Uint8Array,
  now: Date = new Date(),
): Promise<BeginEnrolmentResult> {
  const link = await findLink(client, token, now);
  if (!link) return { ok: false, reason: "invalid_token" };
  let sealed = link.pendingSecret;
  if (!sealed) {
    await client.execute({
      sql: "UPDATE activation_tokens SET totp_secret_enc = ? WHERE token_hash = ? AND totp_secret_enc IS NULL",
      args: [sealTotpSecret(totpKey, generateTotpSecret(), link.user.id), link.tokenHash],
    });
    // Read back: if two tabs opened the link at once, both show the secret that was stored first.
    sealed = blob(
      (await client.execute({ sql: "SELECT totp_secret_enc FROM activation_tokens WHERE token_hash = ?", args: [link.tokenHash] })).rows[0]
        ?.totp_secret_enc,
    );
    if (!sealed) return { ok: false, reason: "invalid_token" };
  }
  const secret = openTotpSecret(totpKey, sealed, link.user.id);
  return {
    ok: true,
    user: link.user,
    kind: link.kind,
    keyUri: totpKeyUri(secret, link.user.email),
    manualKey: encodeBase32UpperCaseNoPadding(secret),
  };
}

export interface EnrolmentInput {
  token: string;
  /** A new password for "activate"; the account's current password for "totp_reset". */
  password: string;
  /** A code from the authenticator app that scanned the offered secret. */
  totp: string;
}

export type CompleteEnrolmentResult =
  | { ok: true; user: User; recoveryCodes: string[] }
  | { ok: false; reason: "invalid_token" | "not_started" | "invalid_code" | "invalid_credentials" | "too_short" | "too_long" | "breached" };

/**
 * Finishes activation (or re-enrolment): the password, then a code proving the app holds the secret.
 * Then, in one transaction, the link is spent, the secret moves to the account, the code's time step
 * is recorded so it cannot be replayed at sign-in, and ten recovery codes are made — returned here,
 * their only appearance. The account can then sign in; no session is created here.
 */
export async function completeEnrolment(
  client: Client,
  input: EnrolmentInput,
  deps: { totpKey: Uint8Array; isBreached?: (password: string) => Promise<boolean> },
  meta: { ip: string | null; userAgent: string | null },
  now: Date = new Date(),
): Promise<CompleteEnrolmentResult> {
  const link = await findLink(client, input.token, now);
  if (!link) return { ok: false, reason: "invalid_token" };
  if (!link.pendingSecret) return { ok: false, reason: "not_started" };
  const userId = link.user.id;
  const audit = { actorId: userId, ip: meta.ip, userAgent: meta.userAgent, target: `user:${userId}` };

  const fail = async (reason: "invalid_code" | "invalid_credentials"): Promise<CompleteEnrolmentResult> => {
    await client.batch(
      [
        { sql: "UPDATE activation_tokens SET failed_attempts = failed_attempts + 1 WHERE token_hash = ?", args: [link.tokenHash] },
        auditStatement({ ...audit, action: "user.enrol_failed", details: { kind: link.kind, reason } }, now),
      ],
      "write",
    );
    return { ok: false, reason };
  };

  if (link.kind === "activate") {
    const policy = await checkPasswordPolicy(input.password, deps.isBreached);
    if (!policy.ok) return { ok: false, reason: policy.reason };
  } else if (link.passwordHash === null || !(await verifyPassword(link.passwordHash, input.password))) {
    return fail("invalid_credentials");
  }
  const step = matchTotp(openTotpSecret(deps.totpKey, link.pendingSecret, userId), input.totp, now);
  if (step === null) return fail("invalid_code");

  // Hash before the transaction: argon2 takes tens of milliseconds and the write lock should not wait on it.
  const passwordHash = link.kind === "activate" ? await hashPassword(input.password) : null;
  const recoveryCodes = newRecoveryCodes();
  const at = now.toISOString();
  const tx = await client.transaction("write");
  try {
    const spent = await tx.execute({ sql: "DELETE FROM activation_tokens WHERE token_hash = ? RETURNING user_id", args: [link.tokenHash] });
    if (spent.rows.length === 0) {
      await tx.rollback();
      return { ok: false, reason: "invalid_token" }; // used by a parallel request a moment ago
    }
    await tx.batch([
      {
        sql: `UPDATE users SET password_hash = COALESCE(?, password_hash), totp_secret_enc = ?, totp_last_step = ?,
                activated_at = COALESCE(activated_at, ?), updated_at = ? WHERE id = ?`,
        args: [passwordHash, link.pendingSecret, step, at, at, userId],
      },
      { sql: "DELETE FROM activation_tokens WHERE user_id = ?", args: [userId] },
      ...recoveryCodeStatements(userId, recoveryCodes, now),
      auditStatement({ ...audit, action: link.kind === "activate" ? "user.activate" : "user.totp_enrol" }, now),
    ]);
    await tx.commit();
  } catch (err) {
    await tx.rollback().catch(() => {});
    throw err;
  } finally {
    tx.close();
  }
  return { ok: true, user: (await getUserById(client, userId)) as User, recoveryCodes };
}

/** Ten new recovery codes for a signed-in user (the old ones stop working); shown once. */
export async function regenerateRecoveryCodes(
  client: Client,
  userId: string,
  actor: AuditContext,
  now: Date = new Date(),
): Promise<string[]> {
  const codes = newRecoveryCodes();
  await client.batch(
    [
      ...recoveryCodeStatements(userId, codes, now),
      auditStatement({ ...actor, action: "user.recovery_codes_regenerate", target: `user:${userId}` }, now),
    ],
    "write",
  );
  return codes;
}

/** Ends every session of a user (administrator action, e.g. a stolen laptop; ASVS 5.0 7.4.5), with its audit row. */
export async function endAllSessions(client: Client, userId: string, actor: AuditContext, now: Date = new Date()): Promise<number> {
  const [ended] = await client.batch(
    [
      { sql: "DELETE FROM sessions WHERE user_id = ?", args: [userId] },
      auditStatement({ ...actor, action: "user.sessions_end", target: `user:${userId}` }, now),
    ],
    "write",
  );
  return ended?.rowsAffected ?? 0;
}
