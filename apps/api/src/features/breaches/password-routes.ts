// The Pwned Passwords range API (https://haveibeenpwned.com/API/v3#PwnedPasswords), wire-compatible:
// any HIBP client given the base URL <portal>/api/v1/passwords works unchanged.
import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { type PasswordStore, padRange, readCorpusMeta } from "@portal/breach";
import { type HashMode, HashModeSchema, PasswordCorpusResponse, PasswordPrefix } from "@portal/contracts";
import type { Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { errorResponse, router, z } from "../../http/router.ts";
import { sendBody, sendJson } from "../../http/send.ts";

const PrefixParam = PasswordPrefix.meta({ param: { name: "prefix", in: "path" }, example: "21BD1" });
const ModeQuery = HashModeSchema.optional().meta({
  param: { name: "mode", in: "query" },
  description: "Which corpus: SHA-1 (default) or NTLM.",
});

/** Ranges change only when the corpus is replaced; a day of caching keeps CDNs useful and data fresh. */
export const RANGE_MAX_AGE = 86_400;

const route: RouteConfig = {
  method: "get",
  path: "/passwords/range/{prefix}",
  tags: ["Breaches"],
  summary: "Pwned Passwords range (k-anonymity)",
  description: `Every hash in the corpus that starts with the 5-hex-digit prefix, as text/plain lines "SUFFIX:COUNT" (35 upper-case hex digits for SHA-1, 27 for NTLM; decimal count) separated by CRLF, sorted — exactly as api.pwnedpasswords.com serves them. An empty range is 200 with an empty body. Header "Add-Padding: true" adds lines with count 0 until there are 800–1000. Cacheable: ETag, Last-Modified, Cache-Control public.`,
  request: {
    params: z.object({ prefix: PrefixParam }),
    query: z.object({ mode: ModeQuery }),
    headers: z.object({ "add-padding": z.enum(["true", "false"]).optional() }),
  },
  responses: {
    200: {
      content: {
        "text/plain": {
          schema: z.string().openapi({ example: "0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2" }),
        },
      },
      description: "The range",
    },
    304: { description: "Not modified (If-None-Match matched the ETag)" },
    400: errorResponse("The prefix is not 5 hexadecimal digits, or mode is not sha1 or ntlm"),
  },
};

const corpusRoute = createRoute({
  method: "get",
  path: "/passwords/corpus",
  tags: ["Breaches"],
  summary: "Where the password corpus comes from",
  description: "Size, build time and source of the SHA-1 and NTLM corpora; null when there is none.",
  responses: {
    200: {
      content: { "application/json": { schema: PasswordCorpusResponse } },
      description: "The corpora",
    },
  },
});

export interface PasswordRouteOptions {
  /** Default: the store on Deps (benchmarks pass their own). */
  store?: PasswordStore;
}

const invalidPrefix = () =>
  new ApiError(
    400,
    "invalid_prefix",
    "The hash prefix was not in a valid format: send the first 5 hexadecimal digits of the hash, e.g. /passwords/range/21BD1.",
  );

export function passwordRoutes(deps: Deps, opts: PasswordRouteOptions = {}) {
  const store = opts.store ?? deps.passwords;
  const app = router();
  // Rate-limited by http/guards/limits.ts (LIMIT_PASSWORD_RANGES_PER_MINUTE; the range is
  // cacheable, so the default is loose).
  app.openapi(corpusRoute, async (c) => {
    const [sha1, ntlm] = await Promise.all([readCorpusMeta(store.dir, "sha1"), readCorpusMeta(store.dir, "ntlm")]);
    return sendJson(c, { sha1, ntlm }, { "cache-control": "public, max-age=60" });
  });
  app.openAPIRegistry.registerPath(route);
  // Validated by hand: the body is text, and every malformed prefix must get the same 400.
  app.get("/passwords/range/:prefix", async (c) => {
    const prefix = c.req.param("prefix");
    if (!PrefixParam.safeParse(prefix).success) throw invalidPrefix();
    const m = ModeQuery.safeParse(c.req.query("mode") || undefined);
    if (!m.success) throw new ApiError(400, "invalid_request", 'The query parameter "mode" must be "sha1" or "ntlm".');
    const mode: HashMode = m.data ?? "sha1";
    const padding = (c.req.header("add-padding") ?? "").trim().toLowerCase() === "true";
    const upper = prefix.toUpperCase();
    const range = await store.range(upper, mode);
    // A range says nothing about which password was meant: counted as a range served, no more.
    deps.checks.count("password", "range");
    const headers: Record<string, string> = {
      "content-type": "text/plain",
      "cache-control": `public, max-age=${RANGE_MAX_AGE}`,
      vary: "Add-Padding",
      "access-control-allow-origin": "*",
    };
    if (range.corpus) {
      // A padded body differs on every request but means the same: a weak validator (RFC 9110 §8.8.1).
      headers.etag = padding ? `W/"${range.corpus.version}-${upper}-p"` : `"${range.corpus.version}-${upper}"`;
      headers["last-modified"] = range.corpus.builtAt.toUTCString();
      const inm = c.req.header("if-none-match");
      if (inm?.split(",").some((t) => t.trim() === headers.etag || t.trim() === "*")) {
        return c.body(null, 304, headers);
      }
    }
    const body = padding ? padRange(range.body, mode).body : range.body;
    return sendBody(c, new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), 200, headers);
  });
  // No prefix, or more after it: the same 400 as any other malformed prefix.
  app.get("/passwords/range", () => {
    throw invalidPrefix();
  });
  app.get("/passwords/range/*", () => {
    throw invalidPrefix();
  });
  return app;
}
