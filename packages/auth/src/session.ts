// Staff sessions, following the Lucia project's reference implementation (lucia-auth/lucia,
// code/auth_session.ts, and the Lucia guide's "inactivity timeout" page): the token is
// "<id>.<secret>", only SHA-256(secret) is stored, and the secret is compared in constant time, so a
// copy of the database (or a timing side channel) never yields a usable token.
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { decodeBase32IgnorePadding, encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Client } from "@portal/db";
import { randomBytes, randomId } from "./random.ts";
import { USER_COLUMNS, type User, userFromRow } from "./user-record.ts";

/** Signed out after 30 minutes without a request: NIST SP 800-63B (rev. 3) §4.2.3, AAL2 inactivity. */
export const INACTIVITY_MS = 30 * 60 * 1000;
/** Signed out 12 hours after sign-in however active: NIST SP 800-63B (rev. 3) §4.2.3, AAL2 reauthentication. */
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/**
 * last_verified_at is written at most once a minute (the Lucia guide's "activity check interval"),
 * so busy pages do not turn every request into a write; the inactivity timeout is therefore exact
 * to within a minute, on the generous side.
 */
export const ACTIVITY_CHECK_MS = 60 * 1000;

/** 32 bytes = 256 bits of secret, twice the 128 bits OWASP ASVS 5.0 requirement 7.2.3 asks for. */
const SECRET_BYTES = 32;
// randomId() is 24 characters; 32 bytes are 52 base32 characters. Anything else is not our token.
const TOKEN_SHAPE = /^([a-z2-7]{24})\.([a-z2-7]{52})$/;
/** User agents are kept for the "your sessions" list only; a long one is cut, not refused. */
const MAX_USER_AGENT = 512;

export interface SessionMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  lastVerifiedAt: Date;
  /** When the session ends if unused: the earlier of the inactivity and the absolute limit (for the cookie's Expires). */
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export interface SessionValidation {
  session: Session;
  user: User;
}

function expiresAt(createdAt: Date, lastVerifiedAt: Date): Date {
  return new Date(Math.min(lastVerifiedAt.getTime() + INACTIVITY_MS, createdAt.getTime() + ABSOLUTE_MS));
}

function sessionFromRow(r: Record<string, unknown>): Session {
  const createdAt = new Date(String(r.created_at));
  const lastVerifiedAt = new Date(String(r.last_verified_at));
  return {
    id: String(r.id),
    userId: String(r.user_id),
    createdAt,
    lastVerifiedAt,
    expiresAt: expiresAt(createdAt, lastVerifiedAt),
    ip: r.ip == null ? null : String(r.ip),
    userAgent: r.user_agent == null ? null : String(r.user_agent),
  };
}

function isExpired(createdAt: Date, lastVerifiedAt: Date, now: Date): boolean {
  return now.getTime() - lastVerifiedAt.getTime() >= INACTIVITY_MS || now.getTime() - createdAt.getTime() >= ABSOLUTE_MS;
}

function bytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  return new Uint8Array(0);
}

/**
 * Starts a new session for a user who has just proved who they are. Always a fresh id and secret —
 * never an existing token — so a token planted before sign-in is worthless (session fixation;
 * OWASP ASVS 5.0 requirement 7.2.4). The token goes in the cookie and is never stored.
 */
export async function createSession(
  client: Client,
  userId: string,
  meta: SessionMeta,
  now: Date = new Date(),
): Promise<{ session: Session; token: string }> {
  const id = randomId();
  const secret = randomBytes(SECRET_BYTES);
  const at = now.toISOString();
  const userAgent = meta.userAgent == null ? null : meta.userAgent.slice(0, MAX_USER_AGENT);
  await client.execute({
    sql: `INSERT INTO sessions (id, user_id, secret_hash, created_at, last_verified_at, ip, user_agent)
          VALUES (?, ?, ?, ?, ?, ?, ?)`,
    args: [id, userId, sha256(secret), at, at, meta.ip, userAgent],
  });
  return {
    session: { id, userId, createdAt: now, lastVerifiedAt: now, expiresAt: expiresAt(now, now), ip: meta.ip, userAgent },
    token: `${id}.${encodeBase32LowerCaseNoPadding(secret)}`,
  };
}

/**
 * The session and its user for a token from a cookie, or null. Anything that is not exactly a token
 * we issued (wrong shape, tampered secret, expired, deleted, disabled user) is null — never an
 * exception — so the HTTP layer answers every bad cookie the same way.
 */
export async function validateSessionToken(client: Client, token: string, now: Date = new Date()): Promise<SessionValidation | null> {
  const m = typeof token === "string" ? TOKEN_SHAPE.exec(token) : null;
  if (!m) return null;
  const id = m[1] as string;
  let secret: Uint8Array;
  try {
    secret = decodeBase32IgnorePadding(m[2] as string);
  } catch {
    return null; // 52 characters whose last one carries non-zero padding bits: not one of ours
  }
  if (secret.length !== SECRET_BYTES) return null;

  const res = await client.execute({
    sql: `SELECT sessions.*, ${USER_COLUMNS} FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.id = ?`,
    args: [id],
  });
  const row = res.rows[0] as Record<string, unknown> | undefined;
  if (!row) return null;
  // The guide's order: prove the secret before acting on the row, so knowing a session id (shown in
  // "your sessions") is not enough to end or extend someone's session.
  if (!constantTimeEqual(sha256(secret), bytes(row.secret_hash))) return null;

  const session = sessionFromRow(row);
  if (isExpired(session.createdAt, session.lastVerifiedAt, now)) {
    await invalidateSession(client, id);
    return null;
  }
  const user = userFromRow(row);
  // Disabling ends every session at once (users.ts); this is the second lock on the same door.
  if (user.disabledAt !== null) return null;

  if (now.getTime() - session.lastVerifiedAt.getTime() >= ACTIVITY_CHECK_MS) {
    await client.execute({ sql: "UPDATE sessions SET last_verified_at = ? WHERE id = ?", args: [now.toISOString(), id] });
    session.lastVerifiedAt = now;
    session.expiresAt = expiresAt(session.createdAt, now);
  }
  return { session, user };
}

/** Ends one session (sign-out). Ending one that is already gone is not an error. */
export async function invalidateSession(client: Client, sessionId: string): Promise<void> {
  await client.execute({ sql: "DELETE FROM sessions WHERE id = ?", args: [sessionId] });
}

/**
 * Ends all of a user's sessions, or all but the one in use ("sign out everywhere else"; OWASP ASVS
 * 5.0 requirements 7.4.2 and 7.4.3). Returns how many were ended.
 */
export async function invalidateUserSessions(client: Client, userId: string, exceptSessionId?: string): Promise<number> {
  const res = exceptSessionId
    ? await client.execute({ sql: "DELETE FROM sessions WHERE user_id = ? AND id <> ?", args: [userId, exceptSessionId] })
    : await client.execute({ sql: "DELETE FROM sessions WHERE user_id = ?", args: [userId] });
  return res.rowsAffected;
}

/** A user's live sessions, most recently used first, for the "where you are signed in" page. */
export async function listUserSessions(client: Client, userId: string, now: Date = new Date()): Promise<Session[]> {
  const res = await client.execute({
    sql: "SELECT * FROM sessions WHERE user_id = ? ORDER BY last_verified_at DESC, id",
    args: [userId],
  });
  return res.rows.map((r) => sessionFromRow(r as Record<string, unknown>)).filter((s) => !isExpired(s.createdAt, s.lastVerifiedAt, now));
}

/** Removes sessions past either limit; validation refuses them anyway, this only keeps the table small. */
export async function deleteExpiredSessions(client: Client, now: Date = new Date()): Promise<number> {
  const res = await client.execute({
    sql: "DELETE FROM sessions WHERE last_verified_at <= ? OR created_at <= ?",
    args: [new Date(now.getTime() - INACTIVITY_MS).toISOString(), new Date(now.getTime() - ABSOLUTE_MS).toISOString()],
  });
  return res.rowsAffected;
}
