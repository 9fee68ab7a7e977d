// Link checks. The portal never fetches the submitted URL nor resolves its host: the verdict comes
// from the string alone (Safe Browsing v4 canonicalisation and expressions, see @portal/threat-intel).
import { createRoute, z } from "@hono/zod-openapi";
import { MAX_URL_BYTES } from "@portal/threat-intel";
import type { Deps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { checkUrlNow, checkUrlsNow, hashesForPrefixes, urlIndex } from "../threat-intel.ts";
import { invalidRequest, router } from "./router.ts";
import { errorResponse } from "./schemas.ts";
import { sendJson } from "./send.ts";

// C0 controls and DEL, except tab, CR and LF, which canonicalisation removes (a pasted link often
// ends with a newline).
const hasControl = (s: string) => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
};

/** A link as a citizen pastes it. */
export const UrlInput = z
  .string()
  .max(MAX_URL_BYTES, `a link may be at most ${MAX_URL_BYTES} characters`)
  .superRefine((s, ctx) => {
    if (s.trim() === "") {
      ctx.addIssue({ code: "custom", message: "the link is empty" });
      return;
    }
    if (hasControl(s)) ctx.addIssue({ code: "custom", message: "the link contains control characters" });
    // Whether it is a web address at all is decided by canonicalisation, once, in the handler.
  })
  .openapi({ example: "http://vietc0mbank.com/dang-nhap" });

const MatchSchema = z
  .object({
    expression: z.string().openapi({ description: "The host-suffix/path-prefix expression that matched", example: "vietc0mbank.com/" }),
    hash: z.string().openapi({ description: "SHA-256 of the expression, hex" }),
    verdict: z.enum(["malicious", "phishing", "suspicious"]),
    threat: z.string().openapi({ example: "phishing" }),
    source: z.string().openapi({ description: 'Feed or list; names starting with "demo:" are demo data', example: "openphish" }),
    target: z.string().nullable(),
    reference: z.string().nullable().openapi({ description: "The feed's page about this entry" }),
    tags: z.array(z.string()),
    addedBy: z.string(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    expiresAt: z.string().nullable(),
  })
  .openapi("UrlMatch");

const ReasonSchema = z
  .object({
    code: z.enum(["listed", "trusted", "lookalike", "not_listed"]),
    message: z.string(),
    verdict: z.string().optional(),
    sources: z.array(z.string()).optional(),
    source: z.string().optional().openapi({ description: "The list that vouches for a trusted site" }),
    domain: z.string().optional().openapi({ description: "The trusted domain (trusted) or the one imitated (lookalike)" }),
    name: z.string().nullable().optional(),
    category: z.string().nullable().optional(),
    imitation: z.string().optional(),
    method: z.enum(["confusable", "edit_distance"]).optional(),
    distance: z.number().int().optional(),
  })
  .openapi("UrlReason");

export const UrlCheckSchema = z
  .object({
    input: z.string(),
    canonical: z.string().openapi({ description: "Safe Browsing v4 canonical form", example: "http://vietc0mbank.com/dang-nhap" }),
    verdict: z.enum(["malicious", "phishing", "suspicious", "trusted", "unknown"]),
    reasons: z.array(ReasonSchema),
    matches: z.array(MatchSchema),
    checkedAt: z.iso.datetime(),
  })
  .openapi("UrlCheck");

const checkOne = createRoute({
  method: "get",
  path: "/url/check",
  tags: ["Link and file checks"],
  summary: "Check one link",
  description:
    "Canonicalises the link as Google Safe Browsing v4 does, looks its host-suffix/path-prefix expressions up in the block-lists (URLhaus, PhishTank, OpenPhish, ChongLuaDao, MetaMask, analysts' lists), the allow-list of verified Vietnamese sites, and look-alike detection against it. The link is never visited and its host never resolved. Verdicts: malicious, phishing, suspicious (listed, or imitating a trusted site), trusted, unknown (on no list — not a proof of safety).",
  request: { query: z.object({ url: UrlInput.openapi({ param: { name: "url", in: "query" } }) }) },
  responses: {
    200: {
      content: { "application/json": { schema: UrlCheckSchema } },
      description: "The verdict, with reasons and every block-list match",
    },
    400: errorResponse("Missing, empty, too long, with control characters, or not a web address (javascript:, data: …)"),
  },
});

const checkMany = createRoute({
  method: "post",
  path: "/url/check",
  tags: ["Link and file checks"],
  summary: "Check up to 500 links",
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ urls: z.array(UrlInput).min(1).max(500) }) } },
    },
  },
  responses: {
    200: {
      content: { "application/json": { schema: z.object({ results: z.array(UrlCheckSchema) }) } },
      description: "One result per link, in the order sent",
    },
    400: errorResponse("Not JSON, no links, more than 500, or a link that is not a web address (the issue names its index)"),
  },
});

const prefixes = createRoute({
  method: "post",
  path: "/url/hashes",
  tags: ["Link and file checks"],
  summary: "Full hashes for 4-byte prefixes (check a link without revealing it)",
  description:
    'For clients that must not reveal the link (browser extensions, bank apps), as Safe Browsing v5 does: canonicalise the link and build its expressions (Safe Browsing v4 "URLs and Hashing"), hash each with SHA-256, and send the first 4 bytes of each hash in hex. The answer lists every block-listed full hash that starts with one of them; the client compares its own full hashes locally. Trusted sites and look-alikes are not part of this mode.',
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            prefixes: z
              .array(z.string().regex(/^[0-9a-fA-F]{8}$/, "a prefix is 4 bytes in hex (8 characters)"))
              .min(1)
              .max(1000)
              .openapi({ example: ["ba7816bf"] }),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      content: {
        "application/json": {
          schema: z.object({
            hashes: z.array(
              z.object({
                hash: z.string().openapi({ description: "Full SHA-256 of a listed expression, hex" }),
                verdict: z.enum(["malicious", "phishing", "suspicious"]),
                threat: z.string(),
                source: z.string(),
              }),
            ),
          }),
        },
      },
      description: "Every listed full hash sharing one of the prefixes (often none)",
    },
    400: errorResponse("Not JSON, no prefixes, more than 1000, or a prefix that is not 8 hex digits"),
  },
});

export function urlRoutes(deps: Deps) {
  // Load the prefix set now, not on the first citizen's request.
  urlIndex(deps)
    .get()
    .catch((err) => deps.log.warn("url index load failed", { err }));
  const app = router();
  // Validated by hand, with the same schema and the same 400: this is the busiest route, and the
  // generic validator parses every query parameter into an object first (bench/url.ts).
  app.openAPIRegistry.registerPath(checkOne);
  app.get("/url/check", async (c) => {
    const url = UrlInput.safeParse(c.req.query("url"));
    if (!url.success) throw invalidRequest("query", url.error, "url");
    const r = await checkUrlNow(deps, url.data);
    if ("error" in r) throw new ApiError(400, "invalid_request", r.message);
    return sendJson(c, r);
  });
  app.openapi(checkMany, async (c) => {
    const results = await checkUrlsNow(deps, c.req.valid("json").urls);
    const bad = results.findIndex((r) => "error" in r);
    if (bad >= 0) throw new ApiError(400, "invalid_request", `urls.${bad}: ${(results[bad] as { message: string }).message}`);
    return sendJson(c, { results: results as z.infer<typeof UrlCheckSchema>[] });
  });
  app.openapi(prefixes, async (c) => {
    const list = c.req.valid("json").prefixes.map((p) => Number.parseInt(p, 16));
    return sendJson(c, { hashes: await hashesForPrefixes(deps, list) });
  });
  return app;
}
