// Link checks. The portal never fetches the submitted URL nor resolves its host: the verdict comes
// from the string alone (Safe Browsing v4 canonicalisation and expressions, see @portal/threat-intel).
import { createRoute } from "@hono/zod-openapi";
import {
  type ErrorCode,
  MAX_BULK_URL_CHARS,
  UrlBulkRequest,
  UrlBulkResponse,
  type UrlCheck,
  type UrlCheckFailure,
  UrlCheckSchema,
  UrlHashesRequest,
  UrlHashesResponse,
  UrlInput,
} from "@portal/contracts";
import type { Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { chargeItems } from "../../http/guards/limits.ts";
import { errorResponse, invalidRequest, router, z } from "../../http/router.ts";
import { sendJson } from "../../http/send.ts";
import { checkUrlNow, checkUrlsNow, hashesForPrefixes } from "./lookups.ts";

const checkOne = createRoute({
  method: "get",
  path: "/url/check",
  tags: ["Link and file checks"],
  summary: "Check one link",
  description:
    "Canonicalises the link as Google Safe Browsing v4 does, looks its host-suffix/path-prefix expressions up in the block-lists (URLhaus, PhishTank, OpenPhish, ChongLuaDao, MetaMask, analysts' lists), the allow-list of verified Vietnamese sites, and look-alike detection against it. The link is never visited and its host never resolved. Verdicts: malicious, phishing, suspicious (listed, or imitating a trusted site), trusted, unknown (on no list — not a proof of safety). A link may be 8192 bytes (UTF-8) long, but in the query string it is percent-encoded and the whole request line and headers may be at most 16384 bytes (431 request_header_too_large): send long links in the body of POST /url/check.",
  request: { query: z.object({ url: UrlInput.meta({ param: { name: "url", in: "query" } }) }) },
  responses: {
    200: {
      content: { "application/json": { schema: UrlCheckSchema } },
      description: "The verdict, with reasons and every block-list match",
    },
    400: errorResponse(
      "Missing or empty (invalid_request), too long (url_too_long), or not a web address: control characters, javascript:, data: … (not_a_web_address)",
    ),
    431: errorResponse(
      "The request line and headers are over 16384 bytes, as a long link percent-encoded in the query can make them (request_header_too_large): send it with POST /url/check",
    ),
  },
});

const checkMany = createRoute({
  method: "post",
  path: "/url/check",
  tags: ["Link and file checks"],
  summary: "Check up to 500 links",
  description: `Up to 500 links of at most ${MAX_BULK_URL_CHARS / 1024} Ki characters together. A large batch is checked in slices of about a millisecond of work, with other requests served in between.`,
  request: { body: { required: true, content: { "application/json": { schema: UrlBulkRequest } } } },
  responses: {
    200: {
      content: { "application/json": { schema: UrlBulkResponse } },
      description: "One result per link, in the order sent",
    },
    400: errorResponse(
      "Not JSON, no links, more than 500 (invalid_request), or a link that is too long (url_too_long) or not a web address (not_a_web_address); the issue names its index",
    ),
    413: errorResponse(
      `The links together are longer than ${MAX_BULK_URL_CHARS} characters (payload_too_large), or the body is larger than the API's limit`,
    ),
  },
});

const prefixes = createRoute({
  method: "post",
  path: "/url/hashes",
  tags: ["Link and file checks"],
  summary: "Full hashes for 4-byte prefixes (check a link without revealing it)",
  description:
    'For clients that must not reveal the link (browser extensions, bank apps), as Safe Browsing v5 does: canonicalise the link and build its expressions (Safe Browsing v4 "URLs and Hashing"), hash each with SHA-256, and send the first 4 bytes of each hash in hex. The answer lists every block-listed full hash that starts with one of them; the client compares its own full hashes locally. Trusted sites and look-alikes are not part of this mode.',
  request: { body: { required: true, content: { "application/json": { schema: UrlHashesRequest } } } },
  responses: {
    200: {
      content: { "application/json": { schema: UrlHashesResponse } },
      description: "Every listed full hash sharing one of the prefixes (often none)",
    },
    400: errorResponse("Not JSON, no prefixes, more than 1000, or a prefix that is not 8 hex digits"),
  },
});

/** The code a client sees for a link that canonicalisation refused. */
const failureCode = (f: UrlCheckFailure): ErrorCode =>
  f.error === "too_long" ? "url_too_long" : f.error === "empty" ? "invalid_request" : "not_a_web_address";

export function urlRoutes(deps: Deps) {
  const app = router();
  // Validated by hand, with the same schema and the same 400: this is the busiest route, and the
  // generic validator parses every query parameter into an object first (bench/url.ts).
  app.openAPIRegistry.registerPath(checkOne);
  app.get("/url/check", async (c) => {
    const url = UrlInput.safeParse(c.req.query("url"));
    if (!url.success) throw invalidRequest("query", url.error, "url");
    const r = await checkUrlNow(deps, url.data);
    if ("error" in r) throw new ApiError(400, failureCode(r), r.message);
    deps.checks.count("url", r.verdict);
    return sendJson(c, r);
  });
  app.openapi(checkMany, async (c) => {
    const urls = c.req.valid("json").urls;
    // The cap on one request's work: each link is bounded (8 192 characters, a host of 253), and
    // so is their sum.
    let chars = 0;
    for (const u of urls) chars += u.length;
    if (chars > MAX_BULK_URL_CHARS)
      throw new ApiError(
        413,
        "payload_too_large",
        `The links together are ${chars} characters long; one request may hold at most ${MAX_BULK_URL_CHARS}. Send them in several requests.`,
      );
    // A batch costs one unit of the rate limit per link.
    chargeItems(c, urls.length);
    const results = await checkUrlsNow(deps, urls);
    const bad = results.findIndex((r) => "error" in r);
    if (bad >= 0) {
      const f = results[bad] as UrlCheckFailure;
      throw new ApiError(400, failureCode(f), `urls.${bad}: ${f.message}`, { issues: [{ path: `urls.${bad}`, message: f.message }] });
    }
    for (const r of results as UrlCheck[]) deps.checks.count("url", r.verdict);
    return sendJson(c, { results: results as UrlCheck[] });
  });
  app.openapi(prefixes, async (c) => {
    const list = c.req.valid("json").prefixes.map((p) => Number.parseInt(p, 16));
    chargeItems(c, list.length);
    return sendJson(c, { hashes: await hashesForPrefixes(deps, list) });
  });
  return app;
}
