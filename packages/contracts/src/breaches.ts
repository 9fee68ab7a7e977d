// The breach catalogue and the two k-anonymity ranges (passwords, accounts) as they cross HTTP
// and Astro.locals. The catalogue follows HIBP's breach model (https://haveibeenpwned.com/API/v3#BreachModel)
// in camelCase, with descriptions in both languages.
import { z } from "zod";
import { LangSchema } from "./lang.ts";

/** HIBP breach names are letters and digits; we allow "-" and "_" too. */
export const BREACH_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const BreachSchema = z
  .object({
    name: z.string().meta({ example: "DemoShopVN", description: "Stable identifier (HIBP Name)" }),
    title: z.string(),
    domain: z.string().meta({ description: "The breached service's domain; empty when there is none" }),
    breachDate: z.string().meta({ example: "2025-03-14", description: "When the breach happened (YYYY-MM-DD)" }),
    addedDate: z.string().meta({ description: "When the portal added it (ISO 8601)" }),
    modifiedDate: z.string(),
    pwnCount: z.number().int().meta({ description: "Accounts in the breach" }),
    description: z.object({ vi: z.string(), en: z.string() }).meta({ description: "Plain text, no HTML" }),
    dataClasses: z.array(z.string()).meta({ example: ["Email addresses", "Passwords"], description: "HIBP data class names" }),
    isVerified: z.boolean(),
    isFabricated: z.boolean(),
    isSensitive: z.boolean().meta({ description: "Never returned by the account range" }),
    isRetired: z.boolean().meta({ description: "Data removed; never returned by the account range" }),
    isSpamList: z.boolean(),
    logoPath: z.string().nullable(),
    isDemo: z.boolean().meta({ description: "Fictional demo data, not a real breach" }),
  })
  .meta({ id: "Breach" });
export type Breach = z.infer<typeof BreachSchema>;

export const BreachName = z.string().regex(BREACH_NAME, "a breach name is letters, digits, - and _");
export const BreachListQuery = z.object({ domain: z.string().max(253).optional().meta({ example: "shop.example.com" }) });
export const BreachListResponse = z.object({ breaches: z.array(BreachSchema) });
export const FeedLangQuery = LangSchema.default("vi");

/** The Pwned Passwords range prefix: the first 5 hex digits of the SHA-1 (or NTLM) hash. */
export const PasswordPrefix = z.string().regex(/^[0-9A-Fa-f]{5}$/, "the prefix is the first 5 hexadecimal digits of the hash");
export const HashModeSchema = z.enum(["sha1", "ntlm"], { error: 'mode is "sha1" (the default) or "ntlm"' });
export type HashMode = z.infer<typeof HashModeSchema>;

export const PasswordCorpusSchema = z
  .object({
    kind: z.enum(["demo", "import"]).meta({ description: "demo: the list shipped in an npm package; import: an operator's HIBP download" }),
    label: z.string().meta({ description: "The npm package of the demo list, or the imported file or folder name" }),
    count: z.number().int(),
    builtAt: z.iso.datetime(),
  })
  .meta({ id: "PasswordCorpus" });
export type PasswordCorpus = z.infer<typeof PasswordCorpusSchema>;
export const PasswordCorpusResponse = z.object({ sha1: PasswordCorpusSchema.nullable(), ntlm: PasswordCorpusSchema.nullable() });

/** The account range prefix: the first 6 hex digits of the SHA-1 of a normalised e-mail or phone number. */
export const AccountPrefix = z.string().regex(/^[0-9A-Fa-f]{6}$/, "the prefix is the first 6 hexadecimal digits of the SHA-1");
export const AccountMatchSchema = z.object({
  suffix: z.string().meta({ description: "34 upper-case hex digits" }),
  breaches: z.array(z.string()),
});
export type AccountMatch = z.infer<typeof AccountMatchSchema>;
export const AccountRangeResponse = z.object({
  prefix: z.string(),
  matches: z.array(AccountMatchSchema),
  breaches: z.array(BreachSchema),
});
export type AccountRange = z.infer<typeof AccountRangeResponse>;
