// Partner API keys: issued and revoked by administrators, each change audited in the same batch as
// the change itself. A key is 32 random bytes behind a recognisable prefix ("ncsp_pk_", so secret
// scanners and people can tell what leaked); only its SHA-256 is stored, and the key is returned
// once, when issued. SHA-256 without salt or stretching is enough here: the key is random with 256
// bits of entropy, so no dictionary applies (OWASP ASVS 5.0 11.4.2 asks slow hashes for passwords).

import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase64urlNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { type AuditContext, auditStatement } from "@portal/auth";
import type { Client } from "@portal/db";

export const KEY_PREFIX = "ncsp_pk_";
/** The prefix and 43 base64url characters (32 bytes). */
export const KEY_PATTERN = /^ncsp_pk_[A-Za-z0-9_-]{43}$/;
export const PARTNER_KINDS = ["bank", "extension", "isp", "other"] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** Ceilings an admin may set, so a typo cannot switch the quota off in practice. */
export const MAX_PER_MINUTE = 1_000_000;
export const MAX_PER_DAY = 1_000_000_000;

export interface PartnerKey {
  id: string;
  name: string;
  kind: PartnerKind;
  /** The key's first characters ("ncsp_pk_Ab3x…"), enough to tell keys apart, not to use one. */
  hint: string;
  perMinute: number;
  perDay: number;
  createdAt: Date;
  createdBy: string | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface PartnerKeyInput {
  name: string;
  kind: PartnerKind;
  perMinute: number;
  perDay: number;
}

export type IssueResult =
  | { ok: true; key: PartnerKey; secret: string }
  | { ok: false; reason: "invalid_name" | "invalid_kind" | "invalid_quota" };

export type RevokeResult = { ok: true; key: PartnerKey } | { ok: false; reason: "not_found" | "already_revoked" };

export function hashKey(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

function randomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  crypto.getRandomValues(b);
  return b;
}

function fromRow(r: Record<string, unknown>): PartnerKey {
  const date = (v: unknown) => (v == null ? null : new Date(String(v)));
  return {
    id: String(r.id),
    name: String(r.name),
    kind: String(r.kind) as PartnerKind,
    hint: String(r.key_hint),
    perMinute: Number(r.per_minute),
    perDay: Number(r.per_day),
    createdAt: new Date(String(r.created_at)),
    createdBy: r.created_by == null ? null : String(r.created_by),
    revokedAt: date(r.revoked_at),
    lastUsedAt: date(r.last_used_at),
  };
}

const COLUMNS = "id, name, kind, key_hint, per_minute, per_day, created_at, created_by, revoked_at, last_used_at";

const validQuota = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;

/** Issues a key; the secret in the result is the only copy there will ever be. */
export async function issueKey(client: Client, input: PartnerKeyInput, actor: AuditContext, now = new Date()): Promise<IssueResult> {
  const name = input.name.normalize("NFC").trim().replace(/\s+/g, " ");
  if (name.length < 2 || name.length > 120) return { ok: false, reason: "invalid_name" };
  if (!(PARTNER_KINDS as readonly string[]).includes(input.kind)) return { ok: false, reason: "invalid_kind" };
  if (!validQuota(input.perMinute, MAX_PER_MINUTE) || !validQuota(input.perDay, MAX_PER_DAY)) return { ok: false, reason: "invalid_quota" };
  const secret = KEY_PREFIX + encodeBase64urlNoPadding(randomBytes(32));
  const id = encodeHexLowerCase(randomBytes(8));
  const hint = `${secret.slice(0, KEY_PREFIX.length + 4)}…`;
  await client.batch(
    [
      {
        sql: `INSERT INTO partner_keys (id, name, kind, key_hash, key_hint, per_minute, per_day, created_at, created_by)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [id, name, input.kind, hashKey(secret), hint, input.perMinute, input.perDay, now.toISOString(), actor.actorId],
      },
      auditStatement(
        {
          ...actor,
          action: "partner.issue",
          target: `partner:${id}`,
          details: { name, kind: input.kind, perMinute: input.perMinute, perDay: input.perDay },
        },
        now,
      ),
    ],
    "write",
  );
  const key: PartnerKey = {
    id,
    name,
    kind: input.kind,
    hint,
    perMinute: input.perMinute,
    perDay: input.perDay,
    createdAt: now,
    createdBy: actor.actorId,
    revokedAt: null,
    lastUsedAt: null,
  };
  return { ok: true, key, secret };
}

/** Revokes a key at once; the audit row is written with the change. */
export async function revokeKey(client: Client, id: string, actor: AuditContext, now = new Date()): Promise<RevokeResult> {
  const found = await getKey(client, id);
  if (!found) return { ok: false, reason: "not_found" };
  if (found.revokedAt) return { ok: false, reason: "already_revoked" };
  await client.batch(
    [
      {
        sql: "UPDATE partner_keys SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
        args: [now.toISOString(), actor.actorId, id],
      },
      auditStatement({ ...actor, action: "partner.revoke", target: `partner:${id}`, details: { name: found.name } }, now),
    ],
    "write",
  );
  return { ok: true, key: { ...found, revokedAt: now } };
}

export async function getKey(client: Client, id: string): Promise<PartnerKey | null> {
  const res = await client.execute({ sql: `SELECT ${COLUMNS} FROM partner_keys WHERE id = ?`, args: [id] });
  const row = res.rows[0];
  return row ? fromRow(row as Record<string, unknown>) : null;
}

/**
 * The key a secret stands for, revoked or not (the caller refuses revoked keys); null for a secret
 * that is not ours. Looked up by its hash, an indexed equality: comparing hashes of random keys
 * leaks nothing useful through timing.
 */
export async function findKeyBySecret(client: Client, secret: string): Promise<PartnerKey | null> {
  if (!KEY_PATTERN.test(secret)) return null;
  const res = await client.execute({ sql: `SELECT ${COLUMNS} FROM partner_keys WHERE key_hash = ?`, args: [hashKey(secret)] });
  const row = res.rows[0];
  return row ? fromRow(row as Record<string, unknown>) : null;
}

export interface DayUsage {
  day: string;
  requests: number;
  items: number;
  refused: number;
}

export interface PartnerKeyWithUsage extends PartnerKey {
  /** Today's use (UTC), as far as it has been written (see UsageCounter). */
  today: DayUsage;
  /** The last days with any use, newest first. */
  recent: DayUsage[];
}

export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** Every key, newest first, with its use per day over the last `days` days. */
export async function listKeys(client: Client, opts: { days?: number; now?: Date } = {}): Promise<PartnerKeyWithUsage[]> {
  const now = opts.now ?? new Date();
  const days = opts.days ?? 7;
  const since = utcDay(new Date(now.getTime() - (days - 1) * 86_400_000));
  const [keys, usage] = await client.batch(
    [
      `SELECT ${COLUMNS} FROM partner_keys ORDER BY created_at DESC, id`,
      { sql: "SELECT key_id, day, requests, items, refused FROM partner_key_usage WHERE day >= ? ORDER BY day DESC", args: [since] },
    ],
    "read",
  );
  const byKey = new Map<string, DayUsage[]>();
  for (const r of usage?.rows ?? []) {
    const id = String(r.key_id);
    const list = byKey.get(id) ?? [];
    list.push({ day: String(r.day), requests: Number(r.requests), items: Number(r.items), refused: Number(r.refused) });
    byKey.set(id, list);
  }
  const today = utcDay(now);
  return (keys?.rows ?? []).map((r) => {
    const key = fromRow(r as Record<string, unknown>);
    const recent = byKey.get(key.id) ?? [];
    return { ...key, recent, today: recent.find((u) => u.day === today) ?? { day: today, requests: 0, items: 0, refused: 0 } };
  });
}

/** Items a key has used on a UTC day, as written so far. */
export async function usedOn(client: Client, id: string, day: string): Promise<number> {
  const res = await client.execute({ sql: "SELECT items FROM partner_key_usage WHERE key_id = ? AND day = ?", args: [id, day] });
  return Number(res.rows[0]?.items ?? 0);
}
