// Partner API keys as they cross HTTP (/api/v1/staff/partner-keys) and the staff console's page:
// banks, browser extensions and ISPs get a key with its own quotas; administrators issue and revoke.
import { z } from "zod";

export const PARTNER_KINDS = ["bank", "extension", "isp", "other"] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const PartnerUsageSchema = z
  .object({
    day: z.string().meta({ example: "2026-05-01", description: "UTC day" }),
    requests: z.number().int().meta({ description: "Requests admitted" }),
    items: z.number().int().meta({ description: "Units spent: a batch of 500 links is 500" }),
    refused: z.number().int().meta({ description: "Requests refused for being over a quota" }),
  })
  .meta({ id: "PartnerUsage" });
export type PartnerUsage = z.infer<typeof PartnerUsageSchema>;

export const PartnerKeySchema = z
  .object({
    id: z.string().meta({ example: "3f2a9c0d4e5b6a71" }),
    name: z.string().meta({ example: "Ngân hàng TMCP Ví dụ" }),
    kind: z.enum(PARTNER_KINDS),
    hint: z.string().meta({ example: "ncsp_pk_Ab3x…", description: "The key's first characters, to tell keys apart" }),
    perMinute: z.number().int(),
    perDay: z.number().int(),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
    today: PartnerUsageSchema,
    recent: z.array(PartnerUsageSchema).meta({ description: "The last 7 UTC days with any use, newest first" }),
  })
  .meta({ id: "PartnerKey" });
export type PartnerKeyView = z.infer<typeof PartnerKeySchema>;

export const PartnerKeysResponse = z.object({ keys: z.array(PartnerKeySchema) }).meta({ id: "PartnerKeys" });

export const IssuePartnerKeyRequest = z
  .object({
    name: z.string().trim().min(2, "at least 2 characters").max(120, "at most 120 characters"),
    kind: z.enum(PARTNER_KINDS),
    perMinute: z.number().int().min(1).max(1_000_000).meta({ description: "Units a minute (a token bucket that refills in a minute)" }),
    perDay: z.number().int().min(1).max(1_000_000_000).meta({ description: "Units a UTC day" }),
  })
  .meta({ id: "IssuePartnerKeyRequest", example: { name: "Ngân hàng TMCP Ví dụ", kind: "bank", perMinute: 6000, perDay: 2_000_000 } });
export type IssuePartnerKeyRequest = z.infer<typeof IssuePartnerKeyRequest>;

export const IssuePartnerKeyResponse = z
  .object({
    key: PartnerKeySchema,
    secret: z.string().meta({ description: "The key itself: shown this once, never stored (only its SHA-256 is)" }),
  })
  .meta({ id: "IssuedPartnerKey" });

export const PartnerKeyId = z.string().regex(/^[0-9a-f]{16}$/, "not a partner key id");
