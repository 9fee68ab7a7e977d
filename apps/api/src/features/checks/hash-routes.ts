// File-hash checks. Only the digest travels: the portal's page hashes the file in the browser.
import { createRoute } from "@hono/zod-openapi";
import { HashBulkRequest, HashBulkResponse, HashCheckSchema, HashInput } from "@portal/contracts";
import { checkHashes, parseHash } from "@portal/threat-intel";
import type { Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { chargeItems } from "../../http/guards/limits.ts";
import { errorResponse, router, z } from "../../http/router.ts";
import { sendJson } from "../../http/send.ts";
import { checkHashNow } from "./lookups.ts";

const one = createRoute({
  method: "get",
  path: "/hash/{hash}",
  tags: ["Link and file checks"],
  summary: "Check one file hash",
  description:
    "MD5, SHA-1 or SHA-256 (told apart by length; case and surrounding spaces ignored). malicious: a malware feed lists it (family, source, first and last seen, file type, tags in matches). known_good: a known-file list (CIRCL hashlookup) has it and no malware feed does. unknown: on no list.",
  request: {
    params: z.object({
      hash: HashInput.meta({ param: { name: "hash", in: "path" }, example: "44d88612fea8a8f36de82e1278abb02f" }),
    }),
  },
  responses: {
    200: { content: { "application/json": { schema: HashCheckSchema } }, description: "The verdict and every match" },
    400: errorResponse("Not an MD5, SHA-1 or SHA-256 in hex"),
  },
});

const bulk = createRoute({
  method: "post",
  path: "/hash/bulk",
  tags: ["Link and file checks"],
  summary: "Check up to 1000 file hashes",
  request: {
    body: { required: true, content: { "application/json": { schema: HashBulkRequest } } },
  },
  responses: {
    200: {
      content: { "application/json": { schema: HashBulkResponse } },
      description: "One result per hash, in the order sent",
    },
    400: errorResponse("Not JSON, no hashes, more than 1000, or one that is not a digest (the issue names its index)"),
  },
});

export function hashRoutes(deps: Deps) {
  const app = router();
  app.openapi(bulk, async (c) => {
    const hashes = c.req.valid("json").hashes;
    // A batch costs one unit of the rate limit per hash.
    chargeItems(c, hashes.length);
    const parsed = hashes.map((h) => parseHash(h));
    const digests = parsed.map((p) => {
      if (!p.ok) throw new ApiError(400, "invalid_request", p.message);
      return p;
    });
    const results = await checkHashes(deps.db.client, digests);
    for (const r of results) deps.checks.count("hash", r.verdict);
    return sendJson(c, { results });
  });
  app.openapi(one, async (c) => {
    const r = await checkHashNow(deps, c.req.valid("param").hash);
    if (!r) throw new ApiError(400, "invalid_request", "A hash is 32 (MD5), 40 (SHA-1) or 64 (SHA-256) hexadecimal characters.");
    deps.checks.count("hash", r.verdict);
    return sendJson(c, r);
  });
  return app;
}
