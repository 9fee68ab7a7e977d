// The running server's side of partner keys: which key a request carries, whether its quota
// admits the request, and its use counted per day. Keys are read from the database once and kept
// for CACHE_MS (a revocation by the CLI, another process, reaches a running server within that;
// one made through the API reaches this process at once, by forget()). Use is counted in memory
// and written by flush() every few seconds: a crash loses at most the uses since the last flush.
//
// Quotas are in items (a batch of 500 links costs 500): a token bucket of perMinute tokens that
// fills in a minute, and a fixed count per UTC day.
import { createHash } from "node:crypto";
import type { Client } from "@portal/db";
import { KEY_PATTERN, type PartnerKey, usedOn, utcDay } from "./keys.ts";

const CACHE_MS = 10_000;

/** Whole seconds, rounded up, for a number of milliseconds (a float error of 1e-6 s is not a second more). */
const seconds = (ms: number) => Math.ceil(ms / 1000 - 1e-6);

interface Entry {
  key: PartnerKey;
  loadedAt: number;
  /** Minute bucket. */
  tokens: number;
  stamp: number;
  /** The UTC day `dayUsed` and the pending counts are for. */
  day: string;
  dayUsed: number;
  requests: number;
  items: number;
  refused: number;
}

export type Resolved = { ok: true; entry: Entry } | { ok: false; reason: "unknown" | "revoked" };

/** What admit() decided; the fields of the RateLimit answer headers. */
export interface Admission {
  ok: boolean;
  /** Which quota refused it. */
  refusedBy: "minute" | "day" | null;
  remainingMinute: number;
  resetMinute: number;
  remainingDay: number;
  resetDay: number;
  retryAfter: number;
}

interface Stale {
  id: string;
  day: string;
  requests: number;
  items: number;
  refused: number;
}

const hash = (secret: string) => createHash("sha256").update(secret).digest("hex");

export class PartnerGate {
  private readonly byHash = new Map<string, Entry>();
  private readonly byId = new Map<string, string>();
  private stale: Stale[] = [];
  private readonly cacheMs: number;
  private readonly client: Client;

  constructor(client: Client, opts: { cacheMs?: number } = {}) {
    this.client = client;
    this.cacheMs = opts.cacheMs ?? CACHE_MS;
  }

  /** The key behind a secret: unknown (not ours, or malformed) or revoked are refusals. */
  async resolve(secret: string, now = Date.now()): Promise<Resolved> {
    if (!KEY_PATTERN.test(secret)) return { ok: false, reason: "unknown" };
    const h = hash(secret);
    let entry = this.byHash.get(h);
    if (!entry || now - entry.loadedAt > this.cacheMs) {
      const res = await this.client.execute({
        sql: `SELECT id, name, kind, key_hint, per_minute, per_day, created_at, created_by, revoked_at, last_used_at
              FROM partner_keys WHERE key_hash = ?`,
        args: [h],
      });
      const r = res.rows[0];
      if (!r) {
        if (entry) this.drop(h, entry);
        return { ok: false, reason: "unknown" };
      }
      const key: PartnerKey = {
        id: String(r.id),
        name: String(r.name),
        kind: String(r.kind) as PartnerKey["kind"],
        hint: String(r.key_hint),
        perMinute: Number(r.per_minute),
        perDay: Number(r.per_day),
        createdAt: new Date(String(r.created_at)),
        createdBy: r.created_by == null ? null : String(r.created_by),
        revokedAt: r.revoked_at == null ? null : new Date(String(r.revoked_at)),
        lastUsedAt: r.last_used_at == null ? null : new Date(String(r.last_used_at)),
      };
      if (entry) {
        entry.key = key;
        entry.loadedAt = now;
      } else {
        const day = utcDay(new Date(now));
        entry = {
          key,
          loadedAt: now,
          tokens: key.perMinute,
          stamp: now,
          day,
          dayUsed: await usedOn(this.client, key.id, day),
          requests: 0,
          items: 0,
          refused: 0,
        };
        this.byHash.set(h, entry);
        this.byId.set(key.id, h);
      }
    }
    if (entry.key.revokedAt) return { ok: false, reason: "revoked" };
    return { ok: true, entry };
  }

  /**
   * Spends `weight` of the key's quotas if both hold it, and counts the request either way. With
   * `enforce` false (RATE_LIMITS=off) it only counts. `more` charges further items of a request
   * already counted (a batch whose size is known once its body is read).
   */
  admit(entry: Entry, weight: number, now = Date.now(), enforce = true, more = false): Admission {
    const { perMinute, perDay } = entry.key;
    const day = utcDay(new Date(now));
    if (day !== entry.day) {
      this.retire(entry);
      entry.day = day;
      entry.dayUsed = 0;
    }
    const msPerToken = 60_000 / perMinute;
    let t = Math.min(perMinute, entry.tokens + Math.max(0, now - entry.stamp) / msPerToken);
    entry.stamp = now;
    // A batch larger than the bucket passes on a full bucket; its first unit was spent already when `more`.
    const cost = Math.min(weight, more ? perMinute - 1 : perMinute);
    const endOfDay = Date.parse(`${day}T00:00:00.000Z`) + 86_400_000;
    const resetDay = Math.max(1, Math.ceil((endOfDay - now) / 1000));
    let refusedBy: Admission["refusedBy"] = null;
    if (enforce && entry.dayUsed + weight > perDay) refusedBy = "day";
    else if (enforce && t < cost) refusedBy = "minute";
    if (refusedBy === null) {
      t = Math.max(0, t - cost);
      entry.dayUsed += weight;
      if (!more) entry.requests += 1;
      entry.items += weight;
    } else if (more) {
      entry.requests -= 1;
      entry.items -= 1;
      entry.refused += 1;
    } else entry.refused += 1;
    entry.tokens = t;
    return {
      ok: refusedBy === null,
      refusedBy,
      remainingMinute: Math.floor(t),
      resetMinute: t >= perMinute ? 0 : seconds((perMinute - t) * msPerToken),
      remainingDay: Math.max(0, perDay - entry.dayUsed),
      resetDay,
      retryAfter: refusedBy === "day" ? resetDay : refusedBy === "minute" ? Math.max(1, seconds((cost - t) * msPerToken)) : 0,
    };
  }

  /** Forgets a key at once (it was revoked or changed in this process). */
  forget(id: string): void {
    const h = this.byId.get(id);
    const entry = h ? this.byHash.get(h) : undefined;
    if (h && entry) this.drop(h, entry);
  }

  private drop(h: string, entry: Entry): void {
    this.retire(entry);
    this.byHash.delete(h);
    this.byId.delete(entry.key.id);
  }

  /** Moves an entry's pending counts aside, to be written by the next flush. */
  private retire(entry: Entry): void {
    if (entry.requests + entry.refused > 0) {
      this.stale.push({ id: entry.key.id, day: entry.day, requests: entry.requests, items: entry.items, refused: entry.refused });
    }
    entry.requests = 0;
    entry.items = 0;
    entry.refused = 0;
  }

  /** Writes the counts since the last flush (one batch); returns the number of rows touched. */
  async flush(now = new Date()): Promise<number> {
    for (const entry of this.byHash.values()) this.retire(entry);
    const rows = this.stale;
    this.stale = [];
    if (rows.length === 0) return 0;
    try {
      await this.client.batch(
        rows.flatMap((r) => [
          {
            sql: `INSERT INTO partner_key_usage (key_id, day, requests, items, refused) VALUES (?, ?, ?, ?, ?)
                  ON CONFLICT (key_id, day) DO UPDATE SET requests = requests + excluded.requests,
                    items = items + excluded.items, refused = refused + excluded.refused`,
            args: [r.id, r.day, r.requests, r.items, r.refused],
          },
          ...(r.requests > 0 ? [{ sql: "UPDATE partner_keys SET last_used_at = ? WHERE id = ?", args: [now.toISOString(), r.id] }] : []),
        ]),
        "write",
      );
    } catch (err) {
      // Kept for the next flush rather than lost (the database may be busy for a moment).
      this.stale.push(...rows);
      throw err;
    }
    return rows.length;
  }
}
