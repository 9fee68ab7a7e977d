// File-hash checks. Only the digest travels: the portal's page hashes the file in the browser.
import { createRoute, z } from "@hono/zod-openapi";
import { checkHashes, parseHash } from "@portal/threat-intel";
import type { Deps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { checkHashNow } from "../threat-intel.ts";
import { router } from "./router.ts";
import { errorResponse } from "./schemas.ts";
import { sendJson } from "./send.ts";

const HashInput = z
  .string()
  .max(200, "a hash is at most 64 hexadecimal characters")
  .refine((s) => parseHash(s).ok, "a hash is 32 (MD5), 40 (SHA-1) or 64 (SHA-256) hexadecimal characters");

const HashMatchSchema = z
  .object({
    source: z.string().openapi({ description: 'Feed or list; names starting with "demo:" are demo data', example: "malwarebazaar" }),
    verdict: z.enum(["malicious", "known_good"]),
    md5: z.string().nullable(),
    sha1: z.string().nullable(),
    sha256: z.string().nullable(),
    family: z.string().nullable().openapi({ description: "Malware family or signature", example: "AgentTesla" }),
    fileName: z.string().nullable(),
    fileType: z.string().nullable(),
    fileSize: z.number().int().nullable(),
    tags: z.array(z.string()),
    reference: z.string().nullable(),
    addedBy: z.string(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    expiresAt: z.string().nullable(),
  })
  .openapi("HashMatch");

export const HashCheckSchema = z
  .object({
    hash: z
      .string()
      .openapi({ description: "The digest, lower-case", example: "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f" }),
    algorithm: z.enum(["md5", "sha1", "sha256"]),
    verdict: z.enum(["malicious", "known_good", "unknown"]),
    matches: z.array(HashMatchSchema),
    checkedAt: z.iso.datetime(),
  })
  .openapi("HashCheck");

const one = createRoute({
  method: "get",
  path: "/hash/{hash}",
  tags: ["Link and file checks"],
  summary: "Check one file hash",
  description:
    "MD5, SHA-1 or SHA-256 (told apart by length; case and surrounding spaces ignored). malicious: a malware feed lists it (family, source, first and last seen, file type, tags in matches). known_good: a known-file list (CIRCL hashlookup) has it and no malware feed does. unknown: on no list.",
  request: {
    params: z.object({
      hash: HashInput.openapi({ param: { name: "hash", in: "path" }, example: "44d88612fea8a8f36de82e1278abb02f" }),
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
    body: { required: true, content: { "application/json": { schema: z.object({ hashes: z.array(HashInput).min(1).max(1000) }) } } },
  },
  responses: {
    200: {
      content: { "application/json": { schema: z.object({ results: z.array(HashCheckSchema) }) } },
      description: "One result per hash, in the order sent",
    },
    400: errorResponse("Not JSON, no hashes, more than 1000, or one that is not a digest (the issue names its index)"),
  },
});

export function hashRoutes(deps: Deps) {
  const app = router();
  app.openapi(bulk, async (c) => {
    const parsed = c.req.valid("json").hashes.map((h) => parseHash(h));
    const digests = parsed.map((p) => {
      if (!p.ok) throw new ApiError(400, "invalid_request", p.message);
      return p;
    });
    return sendJson(c, { results: await checkHashes(deps.db.client, digests) });
  });
  app.openapi(one, async (c) => {
    const r = await checkHashNow(deps, c.req.valid("param").hash);
    if (!r) throw new ApiError(400, "invalid_request", "A hash is 32 (MD5), 40 (SHA-1) or 64 (SHA-256) hexadecimal characters.");
    return sendJson(c, r);
  });
  return app;
}
