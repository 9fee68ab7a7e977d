// Brute-force defences for sign-in (OWASP ASVS 5.0 6.3.1; NIST SP 800-63B §5.2.2 "rate limiting"):
// an account lockout kept in the database, so every process that signs people in agrees, and an
// in-memory per-IP limiter for the HTTP layer.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Client } from "@portal/db";

/** Ten failures for one account within fifteen minutes lock it for fifteen minutes. */
export const LOCKOUT_THRESHOLD = 10;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_DURATION_MS = 15 * 60 * 1000;

export type LockState = { locked: false } | { locked: true; retryAfterSeconds: number };

/**
 * The account is the normalised e-mail as typed, whether or not an account has it: an unknown
 * address locks exactly like a real one, so "locked" never tells an attacker an address exists.
 * Only its SHA-256 is stored — people type passwords into the e-mail field, and those must not sit
 * in a table for fifteen minutes.
 */
function accountKey(account: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(account)));
}

/** Whether the account is locked at `now`, and for how many more seconds. */
export async function isLocked(client: Client, account: string, now: Date = new Date()): Promise<LockState> {
  const res = await client.execute({ sql: "SELECT locked_until FROM sign_in_locks WHERE account = ?", args: [accountKey(account)] });
  const until = res.rows[0]?.locked_until;
  if (until == null) return { locked: false };
  const ms = new Date(String(until)).getTime() - now.getTime();
  // Retry-After is whole seconds (RFC 9110 §10.2.3); round up so a client that obeys it is not refused again.
  return ms > 0 ? { locked: true, retryAfterSeconds: Math.ceil(ms / 1000) } : { locked: false };
}

/**
 * Records one failed sign-in and locks the account when it is the tenth within the window (a sliding
 * window: the failures of the last fifteen minutes, whenever they started). Returns the state after.
 */
export async function recordFailure(client: Client, account: string, now: Date = new Date()): Promise<LockState> {
  const key = accountKey(account);
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - LOCKOUT_WINDOW_MS).toISOString();
  const lockedUntil = new Date(now.getTime() + LOCKOUT_DURATION_MS).toISOString();
  // One write transaction: count and lock together, so two processes cannot both see nine.
  await client.batch(
    [
      // Old failures of every account go first; the table holds one window's worth at most.
      { sql: "DELETE FROM sign_in_failures WHERE at <= ?", args: [windowStart] },
      { sql: "DELETE FROM sign_in_locks WHERE locked_until <= ?", args: [at] },
      { sql: "INSERT INTO sign_in_failures (account, at) VALUES (?, ?)", args: [key, at] },
      {
        sql: `INSERT INTO sign_in_locks (account, locked_until)
              SELECT ?, ? WHERE (SELECT COUNT(*) FROM sign_in_failures WHERE account = ? AND at > ?) >= ?
              ON CONFLICT (account) DO NOTHING`,
        args: [key, lockedUntil, key, windowStart, LOCKOUT_THRESHOLD],
      },
      // Once locked, start counting afresh: after the lock the account gets ten new tries, not one.
      {
        sql: "DELETE FROM sign_in_failures WHERE account = ? AND EXISTS (SELECT 1 FROM sign_in_locks WHERE account = ?)",
        args: [key, key],
      },
    ],
    "write",
  );
  return isLocked(client, account, now);
}

/** A successful sign-in clears the account's failures and any lock; an administrator can lift a lock the same way. */
export async function resetFailures(client: Client, account: string): Promise<void> {
  const key = accountKey(account);
  await client.batch(
    [
      { sql: "DELETE FROM sign_in_failures WHERE account = ?", args: [key] },
      { sql: "DELETE FROM sign_in_locks WHERE account = ?", args: [key] },
    ],
    "write",
  );
}

export interface RateLimiterOptions {
  /** Requests allowed per window for one key. */
  limit: number;
  windowMs: number;
  /**
   * Keys remembered at most; past it the least recently seen key is forgotten. It bounds memory under
   * a flood of addresses (an IPv6 /64 has plenty), at the price of forgetting the quietest ones.
   */
  maxKeys?: number;
}

export type RateLimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

interface Slot {
  /** Start of the current fixed window. */
  start: number;
  current: number;
  previous: number;
}

/**
 * A per-key (per-IP) limiter with the sliding-window-counter estimate: the current window's count
 * plus the previous window's, weighted by how much of it still overlaps the last windowMs. Two
 * numbers per key instead of a timestamp per request, and no burst of 2× at a window edge as a plain
 * fixed window allows. One process only: behind several processes, each counts for itself.
 */
export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly maxKeys: number;
  readonly #slots = new Map<string, Slot>();

  constructor(options: RateLimiterOptions) {
    if (!(options.limit > 0 && options.windowMs > 0)) throw new RangeError("RateLimiter needs a positive limit and windowMs");
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Counts one request for a key, unless it is over the limit (refused requests are not counted). */
  hit(key: string, now: number = Date.now()): RateLimitResult {
    const slot = this.#roll(key, now);
    const elapsed = now - slot.start;
    const estimate = slot.previous * ((this.windowMs - elapsed) / this.windowMs) + slot.current;
    if (estimate + 1 > this.limit) {
      // When would one more request fit if no more came? Solve previous × (W − t)/W + current ≤ limit − 1
      // for t in this window; when the current window alone is full, the same after it rolls over.
      const w = this.windowMs;
      const waitMs =
        slot.current <= this.limit - 1
          ? w - ((this.limit - 1 - slot.current) * w) / slot.previous - elapsed
          : w - elapsed + w * (1 - (this.limit - 1) / slot.current);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    slot.current += 1;
    return { allowed: true, remaining: Math.max(0, Math.floor(this.limit - estimate - 1)) };
  }

  /** Forgets a key (for example after a successful sign-in from that address). */
  reset(key: string): void {
    this.#slots.delete(key);
  }

  /** Keys currently remembered. */
  get size(): number {
    return this.#slots.size;
  }

  #roll(key: string, now: number): Slot {
    const windowStart = now - (now % this.windowMs);
    let slot = this.#slots.get(key);
    if (slot) {
      this.#slots.delete(key); // re-inserted below: Map order is then least recently seen first
      if (slot.start !== windowStart) {
        const adjacent = slot.start + this.windowMs === windowStart;
        slot = { start: windowStart, previous: adjacent ? slot.current : 0, current: 0 };
      }
    } else {
      slot = { start: windowStart, current: 0, previous: 0 };
    }
    this.#slots.set(key, slot);
    while (this.#slots.size > this.maxKeys) {
      const oldest = this.#slots.keys().next().value as string;
      this.#slots.delete(oldest);
    }
    return slot;
  }
}
