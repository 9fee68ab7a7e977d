// Time-based one-time passwords (RFC 6238) for every staff account: the secret sealed at rest with
// AES-256-GCM, each code accepted once, and the otpauth:// URI and QR codes for enrolment.
import { createCipheriv, createDecipheriv } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from "@oslojs/otp";
import type { Client } from "@portal/db";
import QRCode from "qrcode";
import { randomBytes } from "./random.ts";

/** RFC 6238 defaults every authenticator app supports: 6 digits, 30-second steps (ASVS 5.0 6.5.5), HMAC-SHA-1. */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** RFC 6238 §5.2: accept one step either side for clock drift and typing time, no more. */
export const TOTP_WINDOW = 1;
/** 160 bits, the HMAC-SHA-1 output size RFC 4226 §4 (R6) recommends for the shared secret. */
export const TOTP_SECRET_BYTES = 20;
/** The name shown in the authenticator app, above the account's e-mail address. */
export const TOTP_ISSUER = "Cổng ATKGM";

export const TOTP_KEY_BYTES = 32;
const SEALED_VERSION = 1;
const IV_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit random IVs for GCM
const TAG_BYTES = 16;

export class TotpKeyError extends Error {
  override name = "TotpKeyError";
}

/** A fresh TOTP secret from the CSPRNG (OWASP ASVS 5.0 6.5.3). */
export function generateTotpSecret(): Uint8Array {
  return randomBytes(TOTP_SECRET_BYTES);
}

function checkKey(key: Uint8Array): void {
  if (key.length !== TOTP_KEY_BYTES) throw new TotpKeyError(`The TOTP encryption key must be ${TOTP_KEY_BYTES} bytes, not ${key.length}`);
}

/**
 * Seals a TOTP secret with AES-256-GCM: version byte, 12-byte random IV, ciphertext, 16-byte tag.
 * The user id is the additional authenticated data, so a sealed secret copied onto another
 * account's row does not open there.
 */
export function sealTotpSecret(key: Uint8Array, secret: Uint8Array, userId: string): Uint8Array {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`totp:${userId}`, "utf8"));
  const body = Buffer.concat([cipher.update(secret), cipher.final()]);
  return Buffer.concat([Uint8Array.of(SEALED_VERSION), iv, body, cipher.getAuthTag()]);
}

/**
 * Opens a sealed secret. A wrong key or altered bytes throw TotpKeyError: that is a configuration
 * fault (the key changed) the operator must see, not a wrong code.
 */
export function openTotpSecret(key: Uint8Array, sealed: Uint8Array, userId: string): Uint8Array {
  checkKey(key);
  if (sealed.length !== 1 + IV_BYTES + TOTP_SECRET_BYTES + TAG_BYTES || sealed[0] !== SEALED_VERSION) {
    throw new TotpKeyError("A stored TOTP secret is not in the expected sealed form");
  }
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const body = sealed.subarray(1 + IV_BYTES, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(Buffer.from(`totp:${userId}`, "utf8"));
    decipher.setAuthTag(tag);
    return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
  } catch (err) {
    throw new TotpKeyError("A stored TOTP secret does not open with this key: was the TOTP key changed?", { cause: err });
  }
}

/** The RFC 6238 time step T = floor(unix seconds / 30) for an instant. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * The time step a code belongs to, within ±TOTP_WINDOW of now, or null. Spaces are forgiven
 * ("123 456" as apps show it); anything but six digits is null. Each candidate is compared in
 * constant time by @oslojs/otp.
 */
/**
 * The code an authenticator app shows now for a secret given as its base32 text (the manual key of
 * beginEnrolment). For the operator's CLI, which enrols an account on the server itself, and for
 * tests that play the authenticator app.
 */
export function totpCodeNow(manualKey: string, now: Date = new Date()): string {
  const secret = decodeBase32IgnorePadding(manualKey.replace(/\s+/g, "").toUpperCase());
  // RFC 6238 §4.2: the HOTP counter is the number of whole periods since the Unix epoch.
  return generateHOTP(secret, BigInt(totpStep(now)), TOTP_DIGITS);
}

export function matchTotp(secret: Uint8Array, code: string, now: Date): number | null {
  const digits = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(digits)) return null;
  const current = totpStep(now);
  let found: number | null = null;
  for (let offset = -TOTP_WINDOW; offset <= TOTP_WINDOW; offset++) {
    // Check every step, not just until the first match, so the time taken says nothing about which one matched.
    if (verifyHOTP(secret, BigInt(current + offset), TOTP_DIGITS, digits) && found === null) found = current + offset;
  }
  return found;
}

function bytes(v: unknown): Uint8Array | null {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  return null;
}

/**
 * Checks a user's TOTP code and spends it. A code is accepted once: its time step must be later
 * than the last one accepted for this user (RFC 6238 §5.2: "the verifier MUST NOT accept the second
 * attempt of the OTP after the successful validation"; OWASP ASVS 5.0 6.5.1). The step is moved
 * forward by one conditional UPDATE, so two processes given the same code cannot both accept it.
 */
export async function verifyUserTotp(
  client: Client,
  userId: string,
  code: string,
  key: Uint8Array,
  now: Date = new Date(),
): Promise<boolean> {
  const res = await client.execute({ sql: "SELECT totp_secret_enc FROM users WHERE id = ?", args: [userId] });
  const sealed = bytes(res.rows[0]?.totp_secret_enc);
  if (!sealed) return false;
  const step = matchTotp(openTotpSecret(key, sealed, userId), code, now);
  if (step === null) return false;
  const spent = await client.execute({
    sql: "UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
    args: [step, userId, step],
  });
  return spent.rowsAffected === 1;
}

/** The otpauth:// URI an authenticator app reads from the QR code (Google Authenticator "Key Uri Format"). */
export function totpKeyUri(secret: Uint8Array, accountName: string, issuer: string = TOTP_ISSUER): string {
  return createTOTPKeyURI(issuer, accountName, secret, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** The URI as an SVG QR code for the enrolment page (error correction M, as authenticator apps expect). */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** The URI as a QR code drawn with block characters, for `npm run portal -- users …` in a terminal. */
export function totpQrTerminal(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "terminal", small: true, errorCorrectionLevel: "M" });
}

const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$/;

function parseKey(text: string, from: string): Uint8Array {
  const trimmed = text.trim();
  if (!BASE64_KEY.test(trimmed)) {
    throw new TotpKeyError(`${from} must be ${TOTP_KEY_BYTES} bytes in base64 (44 characters); make one with: openssl rand -base64 32`);
  }
  return new Uint8Array(Buffer.from(trimmed, "base64"));
}

/**
 * The 32-byte key that seals TOTP secrets: from the environment when the operator gives one (the
 * production way, kept apart from the database backups), else from <dataDir>/keys/totp.key, which
 * is created on first use with mode 0600. The key is written to a temporary file and then
 * hard-linked into place, which fails if the file exists: two processes starting together end up
 * with the same key, and neither ever reads a half-written file.
 */
export function loadOrCreateKey(dataDir: string, envValue?: string): Uint8Array {
  if (envValue !== undefined && envValue.trim() !== "") return parseKey(envValue, "The TOTP key given in the environment");
  const dir = join(dataDir, "keys");
  const file = join(dir, "totp.key");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.totp.key.${Buffer.from(randomBytes(8)).toString("hex")}.tmp`);
  try {
    writeFileSync(temp, `${Buffer.from(randomBytes(TOTP_KEY_BYTES)).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
    linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    rmSync(temp, { force: true });
  }
  return parseKey(readFileSync(file, "utf8"), `The TOTP key file ${file}`);
}
