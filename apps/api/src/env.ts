import { fileURLToPath } from "node:url";
import { commonEnv, parseEnv, portSchema } from "@portal/config";
import { z } from "zod";

const booleanString = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"], { error: "must be true or false" })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === "true" || v === "1"));

const perMinute = (fallback: number) =>
  z.coerce.number({ error: "must be a whole number (0 turns the limit off)" }).int().min(0).max(10_000_000).default(fallback);

/** The only place the API reads process.env. */
export const apiEnvShape = {
  ...commonEnv,
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: portSchema.default(8080),
  /** Set when a TLS-terminating proxy sits in front: trust X-Forwarded-Proto and send HSTS. */
  TRUST_PROXY: booleanString(false),
  /**
   * The portal's public origin, e.g. https://khonggianmang.gov.vn, for absolute links in feeds.
   * Unset: the listening address (http://HOST:PORT), which suits local runs only. Never taken from
   * a request's Host header. Once set, other hosts are refused with 421 (http/node-server.ts), and
   * an https origin makes the session cookie Secure (http/guards/session.ts).
   */
  PUBLIC_ORIGIN: z
    .url({ protocol: /^https?$/, error: "must be an http(s) origin such as https://portal.example.vn" })
    .transform((u) => new URL(u).origin)
    .optional(),
  /**
   * The 32-byte key (base64) that seals staff TOTP secrets at rest. Unset: generated on first start
   * into DATA_DIR/keys/totp.key (mode 0600). In production give it here, from a secret store, so
   * that database backups alone do not hold both the sealed secrets and their key.
   */
  TOTP_KEY: z
    .string()
    .refine((v) => Buffer.from(v.trim(), "base64").length === 32 && /^[A-Za-z0-9+/]+=*$/.test(v.trim()), {
      error:
        "must be 32 random bytes in base64 (44 characters), e.g. from: node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64'))\"",
    })
    .optional(),
  /**
   * The armored OpenPGP private key that signs the CSAF documents under /.well-known/csaf. Unset:
   * generated on first start into DATA_DIR/keys/csaf-signing.asc (mode 0600). In production give it
   * here, from a secret store; newlines may be written as "\n".
   */
  CSAF_SIGNING_KEY: z
    .string()
    .transform((v) => v.replace(/\\n/g, "\n").trim())
    .refine((v) => /^-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]+-----END PGP PRIVATE KEY BLOCK-----$/.test(v), {
      error: 'must be an armored OpenPGP private key ("-----BEGIN PGP PRIVATE KEY BLOCK----- …"), newlines written as \\n if need be',
    })
    .optional(),
  /** The passphrase that unlocks CSAF_SIGNING_KEY, when it has one. */
  CSAF_SIGNING_KEY_PASSPHRASE: z.string().optional(),
  /**
   * Where people report a security problem (security.txt's Contact, the CSAF publisher's contact
   * details): a mailto: or https: URI. Unset: mailto:security@ the public origin's host.
   */
  SECURITY_CONTACT: z
    .string()
    .trim()
    .refine((v) => /^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/.test(v), {
      error: "must be a mailto: or https:// URI, e.g. mailto:security@portal.example.vn",
    })
    .optional(),
  /** Days after a report is closed (resolved or rejected) before the reporter's contact details are deleted. */
  REPORT_RETENTION_DAYS: z.coerce.number({ error: "must be a whole number of days" }).int().min(1).max(3650).default(365),
  /** Reports one address may submit in an hour (0 turns the limit off). */
  REPORTS_PER_HOUR: z.coerce.number({ error: "must be a whole number" }).int().min(0).max(100_000).default(20),
  /**
   * "off" turns every rate limit off (per address and partner keys' quotas alike), for a deployment
   * whose proxy or CDN limits instead, and for benchmarks. Partner keys are still checked and counted.
   */
  RATE_LIMITS: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on"),
  /** Items one address (an IPv6 /64) may ask about a minute, per group of endpoints (0 turns that limit off). */
  LIMIT_LINK_CHECKS_PER_MINUTE: perMinute(3000),
  LIMIT_HASH_CHECKS_PER_MINUTE: perMinute(3000),
  LIMIT_PASSWORD_RANGES_PER_MINUTE: perMinute(6000),
  LIMIT_ACCOUNT_RANGES_PER_MINUTE: perMinute(10),
  LIMIT_SEARCHES_PER_MINUTE: perMinute(120),
  LIMIT_REPORT_LOOKUPS_PER_MINUTE: perMinute(30),
  LIMIT_SCAM_CHECKS_PER_MINUTE: perMinute(60),
  LIMIT_CSP_REPORTS_PER_MINUTE: perMinute(60),
  LIMIT_READS_PER_MINUTE: perMinute(600),
  /** Distinct CSP violation rows kept at most; past it, new kinds are counted in one row per directive. */
  CSP_REPORTS_MAX_ROWS: z.coerce.number({ error: "must be a whole number" }).int().min(10).max(1_000_000).default(10_000),
  /** Days a CSP violation row is kept after it was last seen. */
  CSP_REPORT_RETENTION_DAYS: z.coerce.number({ error: "must be a whole number of days" }).int().min(1).max(3650).default(30),
  /** Load demo data into empty tables at start-up. Turn off in production. */
  DEMO_DATA: booleanString(true),
  /** Built Astro site (client/ and server/). */
  WEB_DIST: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL("../../web/dist", import.meta.url))),
};

export type ApiEnv = z.infer<z.ZodObject<typeof apiEnvShape>>;

export function loadEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  return parseEnv(apiEnvShape, source);
}
