// The link and file checks as they cross HTTP and Astro.locals (GET/POST /url/check, /url/hashes,
// /hash/…): one definition for the API's validation and OpenAPI document, the result pages and
// the islands.
import { z } from "zod";
import { hasControl, isDigest, MAX_URL_LENGTH, utf8Length } from "./rules.ts";

/** A link as a citizen pastes it. Whether it is a web address at all is decided by canonicalisation. */
export const UrlInput = z
  .string()
  .superRefine((s, ctx) => {
    if (s.trim() === "") {
      ctx.addIssue({ code: "custom", message: "the link is empty" });
      return;
    }
    if (s.length > MAX_URL_LENGTH || utf8Length(s) > MAX_URL_LENGTH) {
      ctx.addIssue({ code: "custom", message: `a link may be at most ${MAX_URL_LENGTH} bytes (UTF-8)`, params: { code: "url_too_long" } });
      return;
    }
    if (hasControl(s))
      ctx.addIssue({ code: "custom", message: "the link contains control characters", params: { code: "not_a_web_address" } });
  })
  // The length is checked above (to answer url_too_long); maxLength documents it in the OpenAPI
  // schema, where it counts characters: a link of ASCII characters only is 8192 of either.
  .meta({
    example: "http://vietc0mbank.com/dang-nhap",
    maxLength: MAX_URL_LENGTH,
    description: `A link of at most ${MAX_URL_LENGTH} bytes in UTF-8.`,
  });

export const UrlVerdictSchema = z.enum(["malicious", "phishing", "suspicious", "trusted", "unknown"]);
export type UrlVerdict = z.infer<typeof UrlVerdictSchema>;
export const ListedVerdictSchema = z.enum(["malicious", "phishing", "suspicious"]);
export type ListedVerdict = z.infer<typeof ListedVerdictSchema>;

export const UrlMatchSchema = z
  .object({
    expression: z.string().meta({ description: "The host-suffix/path-prefix expression that matched", example: "vietc0mbank.com/" }),
    hash: z.string().meta({ description: "SHA-256 of the expression, hex" }),
    verdict: ListedVerdictSchema,
    threat: z.string().meta({ example: "phishing" }),
    source: z.string().meta({ description: 'Feed or list; names starting with "demo:" are demo data', example: "openphish" }),
    target: z.string().nullable(),
    reference: z.string().nullable().meta({ description: "The feed's page about this entry" }),
    tags: z.array(z.string()),
    addedBy: z.string(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    expiresAt: z.string().nullable(),
  })
  .meta({ id: "UrlMatch" });
export type UrlMatch = z.infer<typeof UrlMatchSchema>;

export const UrlReasonSchema = z
  .object({
    code: z.enum(["listed", "trusted", "lookalike", "not_listed"]),
    message: z.string(),
    verdict: z.string().optional(),
    sources: z.array(z.string()).optional(),
    source: z.string().optional().meta({ description: "The list that vouches for a trusted site" }),
    domain: z.string().optional().meta({ description: "The trusted domain (trusted) or the one imitated (lookalike)" }),
    name: z.string().nullable().optional(),
    category: z.string().nullable().optional(),
    imitation: z.string().optional(),
    method: z.enum(["confusable", "edit_distance"]).optional(),
    distance: z.number().int().optional(),
  })
  .meta({ id: "UrlReason" });
export type UrlReason = z.infer<typeof UrlReasonSchema>;

export const UrlCheckSchema = z
  .object({
    input: z.string(),
    canonical: z.string().meta({ description: "Safe Browsing v4 canonical form", example: "http://vietc0mbank.com/dang-nhap" }),
    verdict: UrlVerdictSchema,
    reasons: z.array(UrlReasonSchema),
    matches: z.array(UrlMatchSchema),
    checkedAt: z.iso.datetime(),
  })
  .meta({ id: "UrlCheck" });
export type UrlCheck = z.infer<typeof UrlCheckSchema>;

export const UrlBulkRequest = z.object({ urls: z.array(UrlInput).min(1).max(500) });
export const UrlBulkResponse = z.object({ results: z.array(UrlCheckSchema) });

export const UrlHashesRequest = z.object({
  prefixes: z
    .array(z.string().regex(/^[0-9a-fA-F]{8}$/, "a prefix is 4 bytes in hex (8 characters)"))
    .min(1)
    .max(1000)
    .meta({ example: ["ba7816bf"] }),
});
export const UrlHashesResponse = z.object({
  hashes: z.array(
    z.object({
      hash: z.string().meta({ description: "Full SHA-256 of a listed expression, hex" }),
      verdict: ListedVerdictSchema,
      threat: z.string(),
      source: z.string(),
    }),
  ),
});
export type UrlHashes = z.infer<typeof UrlHashesResponse>;

/** Why a link could not be checked: the canonicaliser's reasons, as the result page needs them. */
export type UrlCheckFailureCode = "empty" | "too_long" | "unsupported_scheme" | "missing_host" | "invalid_host" | "invalid_path";
export interface UrlCheckFailure {
  input: string;
  error: UrlCheckFailureCode;
  message: string;
}

export const HashAlgorithmSchema = z.enum(["md5", "sha1", "sha256"]);
export type HashAlgorithm = z.infer<typeof HashAlgorithmSchema>;
export const HashVerdictSchema = z.enum(["malicious", "known_good", "unknown"]);
export type HashVerdict = z.infer<typeof HashVerdictSchema>;

export const HashInput = z
  .string()
  .max(200, "a hash is at most 64 hexadecimal characters")
  .refine(isDigest, "a hash is 32 (MD5), 40 (SHA-1) or 64 (SHA-256) hexadecimal characters");

export const HashMatchSchema = z
  .object({
    source: z.string().meta({ description: 'Feed or list; names starting with "demo:" are demo data', example: "malwarebazaar" }),
    verdict: z.enum(["malicious", "known_good"]),
    md5: z.string().nullable(),
    sha1: z.string().nullable(),
    sha256: z.string().nullable(),
    family: z.string().nullable().meta({ description: "Malware family or signature", example: "AgentTesla" }),
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
  .meta({ id: "HashMatch" });
export type HashMatch = z.infer<typeof HashMatchSchema>;

export const HashCheckSchema = z
  .object({
    hash: z
      .string()
      .meta({ description: "The digest, lower-case", example: "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f" }),
    algorithm: HashAlgorithmSchema,
    verdict: HashVerdictSchema,
    matches: z.array(HashMatchSchema),
    checkedAt: z.iso.datetime(),
  })
  .meta({ id: "HashCheck" });
export type HashCheck = z.infer<typeof HashCheckSchema>;

export const HashBulkRequest = z.object({ hashes: z.array(HashInput).min(1).max(1000) });
export const HashBulkResponse = z.object({ results: z.array(HashCheckSchema) });
