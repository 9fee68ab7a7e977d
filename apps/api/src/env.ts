import { fileURLToPath } from "node:url";
import { commonEnv, parseEnv, portSchema } from "@portal/config";
import { z } from "zod";

const booleanString = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"], { error: "must be true or false" })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === "true" || v === "1"));

/** The only place the API reads process.env. */
export const apiEnvShape = {
  ...commonEnv,
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: portSchema.default(8080),
  /** Set when a TLS-terminating proxy sits in front: trust X-Forwarded-Proto and send HSTS. */
  TRUST_PROXY: booleanString(false),
  /**
   * The portal's public origin, e.g. https://khonggianmang.gov.vn, for absolute links in feeds.
   * Unset: feeds use the origin the request came to.
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
