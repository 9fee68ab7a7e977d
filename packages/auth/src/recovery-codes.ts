// One-time recovery codes (NIST SP 800-63B "look-up secrets") for a staff member who lost the
// phone with the authenticator app: ten per enrolment, each usable once, shown once, stored hashed.

import { generateRandomString } from "@oslojs/crypto/random";
import { sha256 } from "@oslojs/crypto/sha2";
import type { Client, InStatement } from "@portal/db";

export const RECOVERY_CODE_COUNT = 10;
/**
 * Crockford's base32: no I, L, O or U, so a code read aloud or copied from paper is unambiguous,
 * and I/L/O typed by mistake can be read as 1/1/0.
 */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/**
 * 24 characters × 5 bits = 120 bits. OWASP ASVS 5.0 6.5.2 lets look-up secrets of 112 bits or more be
 * stored with a plain hash; shorter ones would need a salted password hash per code. Shown as six
 * groups of four: XXXX-XXXX-XXXX-XXXX-XXXX-XXXX.
 */
const CODE_CHARS = 24;
const GROUP = 4;

const random = { read: (bytes: Uint8Array) => void crypto.getRandomValues(bytes) };

/** A fresh code in its display form. */
export function generateRecoveryCode(): string {
  const raw = generateRandomString(random, CROCKFORD, CODE_CHARS);
  return raw.match(new RegExp(`.{${GROUP}}`, "g"))?.join("-") ?? raw;
}

/** The canonical form of what someone typed (case, spaces and dashes forgiven; I, L → 1, O → 0), or null. */
export function normaliseRecoveryCode(input: string): string | null {
  const s = input
    .toUpperCase()
    .replace(/[\s-]+/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  return s.length === CODE_CHARS && [...s].every((c) => CROCKFORD.includes(c)) ? s : null;
}

function hashCode(canonical: string): Uint8Array {
  return sha256(new TextEncoder().encode(canonical));
}

/** Ten fresh codes in display form. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
}

/** The statements that replace a user's codes with these, to run in one batch or transaction. */
export function recoveryCodeStatements(userId: string, codes: string[], now: Date): InStatement[] {
  const at = now.toISOString();
  return [
    { sql: "DELETE FROM recovery_codes WHERE user_id = ?", args: [userId] },
    ...codes.map((code) => {
      const canonical = normaliseRecoveryCode(code);
      if (!canonical) throw new Error("recoveryCodeStatements was given something that is not a recovery code");
      return {
        sql: "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)",
        args: [userId, hashCode(canonical), at],
      };
    }),
  ];
}

/**
 * Replaces a user's recovery codes with ten new ones and returns them in display form; this is the
 * only time they exist outside the user's hands. Old codes stop working at once.
 */
export async function replaceRecoveryCodes(client: Client, userId: string, now: Date = new Date()): Promise<string[]> {
  const codes = newRecoveryCodes();
  await client.batch(recoveryCodeStatements(userId, codes, now), "write");
  return codes;
}

/**
 * Spends a recovery code: true once, false ever after (OWASP ASVS 5.0 6.5.1). One conditional UPDATE
 * marks it used, so two requests racing with the same code cannot both succeed.
 */
export async function useRecoveryCode(client: Client, userId: string, code: string, now: Date = new Date()): Promise<boolean> {
  const canonical = normaliseRecoveryCode(code);
  if (!canonical) return false;
  const res = await client.execute({
    sql: "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
    args: [now.toISOString(), userId, hashCode(canonical)],
  });
  return res.rowsAffected === 1;
}

/** How many unused codes a user has left (the console suggests new ones when few remain). */
export async function countRecoveryCodes(client: Client, userId: string): Promise<number> {
  const res = await client.execute({
    sql: "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL",
    args: [userId],
  });
  return Number(res.rows[0]?.n ?? 0);
}
