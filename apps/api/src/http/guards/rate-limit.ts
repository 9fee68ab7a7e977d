// Per-client rate limits: a token bucket per key (an IPv4 address, an IPv6 /64, or a partner's API
// key), in memory, weighted by the number of items a request asks about. One process = one set of
// buckets; behind several portal processes each counts on its own (README, "Rate limits").
//
// Written for the hot path (the link check answers ~10 000 requests/s): the buckets are two
// preallocated Float64Arrays indexed through one Map from key to slot, so a request allocates
// nothing here but the key string it brings; the slots are reused in a ring, so memory is bounded
// whatever number of addresses a flood comes from (the oldest key loses its bucket first, which
// only ever lets a client through sooner, never later).
import type { Context } from "hono";
import { clientIp } from "./client.ts";

export interface TokenBucketOptions {
  /** The most a client may spend at once, and what a full bucket holds: the policy's quota. */
  capacity: number;
  /** Seconds for an empty bucket to fill again: the policy's window. */
  windowSeconds: number;
  /**
   * Most keys tracked at once (default 100 000: about 13 MB retained with IPv4 keys, measured by
   * bench/ratelimit.ts; only a group that a flood of addresses reaches grows that far).
   */
  maxKeys?: number;
}

export class TokenBucket {
  readonly capacity: number;
  readonly windowSeconds: number;
  readonly maxKeys: number;
  /** Milliseconds to add one token. */
  private readonly msPerToken: number;
  private readonly slots = new Map<string, number>();
  private readonly keys: (string | undefined)[];
  private readonly tokens: Float64Array;
  private readonly stamps: Float64Array;
  /** The next slot to hand out once every slot is taken (the ring's oldest). */
  private cursor = 0;

  /** After hit(): whole tokens left in the key's bucket. */
  remaining = 0;
  /** After hit(): seconds until the key's bucket is full again (0 when full). */
  resetSeconds = 0;
  /** After a refused hit(): seconds until the request would be admitted (at least 1). */
  retryAfterSeconds = 0;

  constructor(opts: TokenBucketOptions) {
    if (!(opts.capacity > 0) || !(opts.windowSeconds > 0)) throw new Error("A token bucket needs a positive capacity and window.");
    this.capacity = opts.capacity;
    this.windowSeconds = opts.windowSeconds;
    this.maxKeys = Math.max(1, opts.maxKeys ?? 100_000);
    this.msPerToken = (opts.windowSeconds * 1000) / opts.capacity;
    this.keys = new Array(this.maxKeys);
    this.tokens = new Float64Array(this.maxKeys);
    this.stamps = new Float64Array(this.maxKeys);
  }

  /**
   * Spends `weight` tokens of `key`'s bucket if it holds them; true when admitted. A weight above
   * the capacity costs the whole (full) bucket, so a large batch is slow but never impossible.
   * A refused request spends nothing. Reads remaining / resetSeconds / retryAfterSeconds after.
   */
  hit(key: string, weight = 1, now = Date.now()): boolean {
    let i = this.slots.get(key);
    let t: number;
    if (i === undefined) {
      i = this.take(key);
      t = this.capacity;
    } else {
      t = this.tokens[i] as number;
      const elapsed = now - (this.stamps[i] as number);
      if (elapsed > 0) t = Math.min(this.capacity, t + elapsed / this.msPerToken);
    }
    this.stamps[i] = now;
    const cost = Math.min(weight, this.capacity);
    const ok = t >= cost;
    if (ok) t -= cost;
    this.tokens[i] = t;
    this.remaining = Math.floor(t);
    this.resetSeconds = t >= this.capacity ? 0 : seconds((this.capacity - t) * this.msPerToken);
    this.retryAfterSeconds = ok ? 0 : Math.max(1, seconds((cost - t) * this.msPerToken));
    return ok;
  }

  /** Tokens a key holds now, without spending (a key never seen holds a full bucket). */
  peek(key: string, now = Date.now()): number {
    const i = this.slots.get(key);
    if (i === undefined) return this.capacity;
    return Math.min(this.capacity, (this.tokens[i] as number) + Math.max(0, now - (this.stamps[i] as number)) / this.msPerToken);
  }

  /** A slot for a new key: a free one, else the ring's oldest, whose key is forgotten. */
  private take(key: string): number {
    const i = this.cursor;
    this.cursor = (i + 1) % this.maxKeys;
    const old = this.keys[i];
    if (old !== undefined) this.slots.delete(old);
    this.keys[i] = key;
    this.slots.set(key, i);
    return i;
  }

  /** Keys tracked now (never more than maxKeys). */
  get size(): number {
    return this.slots.size;
  }
}

/** Whole seconds, rounded up, for a number of milliseconds (a float error of 1e-6 s is not a second more). */
export const seconds = (ms: number) => Math.ceil(ms / 1000 - 1e-6);

/**
 * The key a client is counted under: its address (see clientIp), with IPv6 clients grouped by
 * their /64, which one subscriber usually holds whole (RFC 6177; a home or phone gets a /64 or
 * more, so counting single IPv6 addresses would give each subscriber 2^64 buckets).
 */
// biome-ignore lint/suspicious/noExplicitAny: any route's context, whatever its variables.
export function clientKey(c: Context<any>, trustProxy: boolean): string {
  const ip = clientIp(c, trustProxy);
  return ip ? addressKey(ip) : "unknown";
}

/** An address as a rate-limit key: IPv4 as it is, IPv6 as its /64 ("2001:db8:0:1::/64"). */
export function addressKey(ip: string): string {
  if (!ip.includes(":")) return ip;
  return `${expandV6(ip).slice(0, 4).join(":")}::/64`;
}

function expandV6(ip: string): string[] {
  const [head = "", tail = ""] = ip.split("%")[0]?.split("::") ?? [];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = ip.includes("::") ? Array(Math.max(0, 8 - h.length - t.length)).fill("0") : [];
  return [...h, ...fill, ...t].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""));
}

/**
 * The RateLimit-Policy field of draft-ietf-httpapi-ratelimit-headers-10/-11 (§ 3): a list of
 * policies, each a quoted name with q (quota units) and w (window seconds) — here a token bucket
 * that holds q tokens and refills q per w seconds.
 */
export const policyField = (name: string, quota: number, windowSeconds: number) => `"${name}";q=${quota};w=${windowSeconds}`;

/** The RateLimit field (§ 4): r = units left now, t = seconds until the bucket is full again. */
export const limitField = (name: string, remaining: number, resetSeconds: number) => `"${name}";r=${remaining};t=${resetSeconds}`;
