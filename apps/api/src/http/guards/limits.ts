// Which rate limit each public endpoint falls under, the one middleware that applies it, and the
// description of it in the OpenAPI document. Every public path under /api/v1 (and /.well-known)
// is in exactly one group; each group has its own token bucket per address (an IPv6 /64), sized by
// its environment variable (0 turns that group off). RATE_LIMITS=off installs nothing at all, so a
// deployment whose proxy limits instead, and the benchmarks, pay nothing here.
//
// A request with `Authorization: Bearer <partner key>` is counted against that key's quotas
// (@portal/partners) instead of its address; a key that is not ours, or was revoked, is a 401.
import type { Admission } from "@portal/partners";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv, Deps } from "../../deps.ts";
import type { ApiEnv } from "../../env.ts";
import { requestHeader } from "../edge.ts";
import { ApiError } from "../errors.ts";
import { clientKey, limitField, policyField, TokenBucket } from "./rate-limit.ts";

type LimitVar = keyof Pick<
  ApiEnv,
  | "LIMIT_LINK_CHECKS_PER_MINUTE"
  | "LIMIT_HASH_CHECKS_PER_MINUTE"
  | "LIMIT_PASSWORD_RANGES_PER_MINUTE"
  | "LIMIT_ACCOUNT_RANGES_PER_MINUTE"
  | "LIMIT_SEARCHES_PER_MINUTE"
  | "LIMIT_REPORT_LOOKUPS_PER_MINUTE"
  | "LIMIT_SCAM_CHECKS_PER_MINUTE"
  | "LIMIT_CSP_REPORTS_PER_MINUTE"
  | "LIMIT_READS_PER_MINUTE"
  | "REPORTS_PER_HOUR"
>;

export interface LimitGroup {
  /** The policy's name in the RateLimit fields. */
  name: string;
  env: LimitVar;
  windowSeconds: number;
  /** For the 429's message: "Too many link checks …". */
  what: string;
  /** Whether a request belongs here: `path` is below /api/v1 ("/url/check"). */
  match(path: string, method: string): boolean;
}

const API = "/api/v1";

/** In order; the first match wins, and "reads" takes every other public path. */
export const LIMIT_GROUPS: readonly LimitGroup[] = [
  { name: "links", env: "LIMIT_LINK_CHECKS_PER_MINUTE", windowSeconds: 60, what: "link checks", match: (p) => p.startsWith("/url/") },
  {
    name: "hashes",
    env: "LIMIT_HASH_CHECKS_PER_MINUTE",
    windowSeconds: 60,
    what: "file hash checks",
    match: (p) => p.startsWith("/hash/"),
  },
  {
    name: "passwords",
    env: "LIMIT_PASSWORD_RANGES_PER_MINUTE",
    windowSeconds: 60,
    what: "password range requests",
    match: (p) => p.startsWith("/passwords/"),
  },
  {
    name: "accounts",
    env: "LIMIT_ACCOUNT_RANGES_PER_MINUTE",
    windowSeconds: 60,
    what: "account range requests",
    match: (p) => p.startsWith("/accounts/"),
  },
  { name: "search", env: "LIMIT_SEARCHES_PER_MINUTE", windowSeconds: 60, what: "searches", match: (p) => p === "/search" },
  { name: "reports", env: "REPORTS_PER_HOUR", windowSeconds: 3600, what: "reports", match: (p, m) => p === "/reports" && m === "POST" },
  {
    name: "report-lookups",
    env: "LIMIT_REPORT_LOOKUPS_PER_MINUTE",
    windowSeconds: 60,
    what: "report status lookups",
    match: (p) => p.startsWith("/reports/"),
  },
  {
    name: "scam-checks",
    env: "LIMIT_SCAM_CHECKS_PER_MINUTE",
    windowSeconds: 60,
    what: "scam identifier checks",
    match: (p) => p.startsWith("/scam-identifiers/"),
  },
  { name: "csp", env: "LIMIT_CSP_REPORTS_PER_MINUTE", windowSeconds: 60, what: "CSP reports", match: (p) => p === "/csp-reports" },
  { name: "reads", env: "LIMIT_READS_PER_MINUTE", windowSeconds: 60, what: "requests", match: () => true },
];

/** Paths that no public limit covers: the staff API has its own guards (sign-in throttling, roles). */
const isStaffPath = (path: string) => path === `${API}/staff` || path.startsWith(`${API}/staff/`);

/** The group of a public path ("/api/v1/url/check", "/.well-known/security.txt"); null for staff paths. */
export function groupOf(path: string, method: string): LimitGroup | null {
  if (isStaffPath(path)) return null;
  const rest = path.startsWith(`${API}/`) ? path.slice(API.length) : path;
  for (const g of LIMIT_GROUPS) if (g.match(rest, method)) return g;
  return null;
}

/** Whether limits are on at all, and a group's quota (0 = off). */
export const limitsOn = (env: ApiEnv) => env.RATE_LIMITS !== "off";
export const quotaOf = (env: ApiEnv, g: LimitGroup) => (limitsOn(env) ? env[g.env] : 0);

// biome-ignore lint/suspicious/noExplicitAny: any route's context.
function putHeader(c: Context<any>, name: string, value: string): void {
  const outgoing = c.env?.outgoing as { headersSent?: boolean; setHeader(n: string, v: string): void } | undefined;
  // Under @hono/node-server, set on Node's response (merged at writeHead) so that no undici
  // Headers object is built for the answer (see edge.ts); under app.request(), through Hono.
  if (outgoing && !outgoing.headersSent) outgoing.setHeader(name, value);
  else c.header(name, value);
}

function tooMany(message: string, retryAfter: number, policy: string, state: string): ApiError {
  return new ApiError(
    429,
    "rate_limited",
    message,
    { retryAfterSeconds: retryAfter },
    {
      "retry-after": String(retryAfter),
      "ratelimit-policy": policy,
      ratelimit: state,
      "cache-control": "no-store",
    },
  );
}

/**
 * The partner key of a request, from `Authorization: Bearer …` (RFC 6750 §2.1); undefined without
 * one. Other schemes are not ours and are left alone (a staging site behind HTTP Basic
 * authentication makes browsers send `Authorization: Basic …` with every request).
 */
function bearer(c: Context<AppEnv>): string | undefined {
  const auth = requestHeader(c, "authorization");
  if (auth === undefined || !/^bearer /i.test(auth)) return undefined;
  return auth.slice(7).trim();
}

/**
 * The middleware for every public path: one token bucket per group, built with this app (each
 * createApp() starts with full buckets), and the partner keys of deps.partners.
 */
export function publicLimits(deps: Pick<Deps, "env" | "partners">): MiddlewareHandler<AppEnv> {
  const { env } = deps;
  const on = limitsOn(env);
  type Bucket = { bucket: TokenBucket; policy: string };
  const buckets = new Map<LimitGroup, Bucket>();
  if (on) {
    for (const g of LIMIT_GROUPS) {
      const q = env[g.env];
      if (q > 0)
        buckets.set(g, {
          bucket: new TokenBucket({ capacity: q, windowSeconds: g.windowSeconds }),
          policy: policyField(g.name, q, g.windowSeconds),
        });
    }
  }

  /** Spends `weight` of the address's budget in the group, or throws the 429. */
  const byAddress = (c: Context<AppEnv>, g: LimitGroup, b: Bucket, key: string, weight: number, items = weight) => {
    const { bucket, policy } = b;
    if (!bucket.hit(key, weight)) {
      const r = bucket.retryAfterSeconds;
      throw tooMany(
        `Too many ${g.what} from your address: at most ${bucket.capacity} per ${g.windowSeconds} s${items > 1 ? `, and this request counts as ${items}` : ""}. Try again in ${r} s.`,
        r,
        policy,
        limitField(g.name, bucket.remaining, bucket.resetSeconds),
      );
    }
    putHeader(c, "ratelimit-policy", policy);
    putHeader(c, "ratelimit", limitField(g.name, bucket.remaining, bucket.resetSeconds));
  };

  const byKey = (c: Context<AppEnv>, a: Admission, perMinute: number, perDay: number) => {
    const policy = `${policyField("partner", perMinute, 60)}, ${policyField("partner-day", perDay, 86_400)}`;
    const state = `${limitField("partner", a.remainingMinute, a.resetMinute)}, ${limitField("partner-day", a.remainingDay, a.resetDay)}`;
    if (!a.ok) {
      throw tooMany(
        a.refusedBy === "day"
          ? `This API key has used its ${perDay} units for today (UTC). Try again in ${a.retryAfter} s.`
          : `Too many requests with this API key: at most ${perMinute} units a minute. Try again in ${a.retryAfter} s.`,
        a.retryAfter,
        policy,
        state,
      );
    }
    putHeader(c, "ratelimit-policy", policy);
    putHeader(c, "ratelimit", state);
  };

  return async (c, next) => {
    const secret = bearer(c);
    // RATE_LIMITS=off and no key: one header lookup, nothing else.
    if (secret === undefined && buckets.size === 0) return next();
    const method = c.req.method;
    // A CORS preflight asks nothing of the data (and browsers cache it for a day).
    if (method === "OPTIONS") return next();
    const g = groupOf(c.req.path, method);
    if (!g) return next();
    if (secret === undefined) {
      const b = buckets.get(g);
      if (!b) return next();
      const key = clientKey(c, env.TRUST_PROXY);
      byAddress(c, g, b, key, 1);
      if (method !== "GET") {
        // A batch larger than the bucket still passes on a full bucket (its first unit is spent above).
        const most = b.bucket.capacity - 1;
        c.set("limit", { more: (extra: number) => extra > 0 && byAddress(c, g, b, key, Math.min(extra, most), extra + 1) });
      }
      return next();
    }
    const found = await deps.partners.resolve(secret);
    if (!found.ok) {
      // Guessing keys costs the guesser's address budget like any other request.
      const b = buckets.get(g);
      if (b) byAddress(c, g, b, clientKey(c, env.TRUST_PROXY), 1);
      throw new ApiError(
        401,
        "invalid_api_key",
        found.reason === "revoked"
          ? "This API key has been revoked. Ask the portal's team for a new one, or send the request without an Authorization header."
          : 'This API key is not valid. Send a partner key as "Authorization: Bearer ncsp_pk_…", or no Authorization header at all.',
        undefined,
        { "www-authenticate": `Bearer error="invalid_token"`, "cache-control": "no-store" },
      );
    }
    const { entry } = found;
    if (!on) {
      // RATE_LIMITS=off: the key is still checked and its use counted, but no quota refuses and
      // no RateLimit field is sent.
      deps.partners.admit(entry, 1, Date.now(), false);
      if (method !== "GET")
        c.set("limit", { more: (extra: number) => extra > 0 && void deps.partners.admit(entry, extra, Date.now(), false, true) });
      return next();
    }
    const { perMinute, perDay } = entry.key;
    byKey(c, deps.partners.admit(entry, 1), perMinute, perDay);
    if (method !== "GET")
      c.set("limit", {
        more: (extra: number) => extra > 0 && byKey(c, deps.partners.admit(entry, extra, Date.now(), true, true), perMinute, perDay),
      });
    return next();
  };
}

/**
 * For a batch route: spends the items beyond the first (the middleware spent one before the body
 * was read), so a request for n items costs n. Throws the 429 when the budget does not hold them.
 */
export function chargeItems(c: Context<AppEnv>, items: number): void {
  c.get("limit")?.more(items - 1);
}

type Json = Record<string, unknown>;

const HEADERS = {
  RateLimit: {
    description:
      'What is left of the budget this request was counted in (draft-ietf-httpapi-ratelimit-headers): r = units left, t = seconds until the budget is full again, e.g. "links";r=2999;t=1.',
    schema: { type: "string" },
  },
  "RateLimit-Policy": {
    description:
      'The budget: a token bucket that holds q units and refills q every w seconds, per address (IPv6: per /64) or per partner key, e.g. "links";q=3000;w=60. A batch costs one unit per item.',
    schema: { type: "string" },
  },
  "Retry-After": { description: "Seconds to wait before asking again (RFC 9110 §10.2.3).", schema: { type: "integer", minimum: 1 } },
};

/**
 * Adds the limits to the OpenAPI document: on each public operation whose group is on, the 429
 * answer (with Retry-After and the RateLimit fields) and the RateLimit fields on its successful
 * answers; on every public operation the 401 for a bad partner key; the partnerKey scheme.
 */
export function describeLimits(doc: Json, env: ApiEnv): Json {
  const components = (doc.components ?? {}) as Json;
  doc.components = components;
  components.headers = { ...((components.headers as Json | undefined) ?? {}), ...HEADERS };
  const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });
  const errorContent = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const g = groupOf(`${API}${path}`, method.toUpperCase());
      if (!g || typeof op !== "object" || !op.responses) continue;
      const responses = op.responses as Record<string, Json>;
      responses["401"] ??= {
        description: "invalid_api_key: the Authorization header carries a partner key that is not valid or was revoked",
        content: errorContent,
      };
      const quota = quotaOf(env, g);
      if (quota === 0) continue;
      for (const [status, r] of Object.entries(responses)) {
        if (/^2/.test(status))
          r.headers = {
            ...((r.headers as Json | undefined) ?? {}),
            RateLimit: ref("RateLimit"),
            "RateLimit-Policy": ref("RateLimit-Policy"),
          };
      }
      responses["429"] = {
        description: `rate_limited: over the "${g.name}" budget of ${quota} ${g.windowSeconds === 60 ? "a minute" : `per ${g.windowSeconds} s`} per address (${g.env}), or over the partner key's quota`,
        headers: { "Retry-After": ref("Retry-After"), RateLimit: ref("RateLimit"), "RateLimit-Policy": ref("RateLimit-Policy") },
        content: errorContent,
      };
    }
  }
  return doc;
}
