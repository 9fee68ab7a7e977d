// Per-client rate limits: a fixed window per key, in memory, with a ceiling on how many clients
// are tracked so a flood of addresses cannot exhaust memory. One process = one set of counters;
// behind several portal processes each counts on its own (say so in the docs, not here).
import type { Context, MiddlewareHandler } from "hono";
import type { Deps } from "../../deps.ts";
import { ApiError } from "../errors.ts";
import { clientIp } from "./client.ts";

export interface RateLimitOptions {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  /** Most clients tracked at once; the oldest window is dropped first when full. Default 100 000. */
  maxClients?: number;
}

export interface RateLimitDecision {
  ok: boolean;
  remaining: number;
  /** Seconds until the window resets (whole seconds, at least 1). */
  resetSeconds: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  readonly limit: number;
  readonly windowMs: number;
  private readonly maxClients: number;

  constructor(opts: RateLimitOptions) {
    this.limit = opts.limit;
    this.windowMs = opts.windowMs;
    this.maxClients = opts.maxClients ?? 100_000;
  }

  hit(key: string, now = Date.now()): RateLimitDecision {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (w) this.windows.delete(key);
      w = { start: now, count: 0 };
      // Map keeps insertion order, so the first keys are the oldest windows.
      while (this.windows.size >= this.maxClients) {
        const oldest = this.windows.keys().next().value as string;
        this.windows.delete(oldest);
      }
      this.windows.set(key, w);
    }
    w.count++;
    const resetSeconds = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    return { ok: w.count <= this.limit, remaining: Math.max(0, this.limit - w.count), resetSeconds };
  }

  get size(): number {
    return this.windows.size;
  }
}

/**
 * The key a client is counted under: its address (see clientIp), with IPv6 clients grouped by
 * their /64, which one subscriber usually holds whole.
 */
export function clientKey(c: Context, trustProxy: boolean): string {
  const ip = clientIp(c, trustProxy);
  if (!ip) return "unknown";
  if (ip.includes(":")) return `${expandV6(ip).slice(0, 4).join(":")}::/64`;
  return ip;
}

function expandV6(ip: string): string[] {
  const [head = "", tail = ""] = ip.split("%")[0]?.split("::") ?? [];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = ip.includes("::") ? Array(Math.max(0, 8 - h.length - t.length)).fill("0") : [];
  return [...h, ...fill, ...t].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""));
}

/**
 * Middleware refusing a client over the limit with 429 in the contract's error shape (thrown, so
 * the one onError renders it), with Retry-After (RFC 9110 §10.2.3) and the draft RateLimit
 * header fields; answers under the limit carry the RateLimit fields too.
 */
export function rateLimit(deps: Pick<Deps, "env">, limiter: RateLimiter, what: string): MiddlewareHandler {
  return async (c, next) => {
    const d = limiter.hit(clientKey(c, deps.env.TRUST_PROXY));
    const headers = {
      "RateLimit-Limit": String(limiter.limit),
      "RateLimit-Remaining": String(d.remaining),
      "RateLimit-Reset": String(d.resetSeconds),
    };
    if (!d.ok) {
      throw new ApiError(
        429,
        "rate_limited",
        `Too many ${what} requests from your address: at most ${limiter.limit} per ${Math.round(limiter.windowMs / 1000)} s. Try again in ${d.resetSeconds} s.`,
        { retryAfterSeconds: d.resetSeconds },
        { ...headers, "Retry-After": String(d.resetSeconds), "Cache-Control": "no-store" },
      );
    }
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
}
