// Staff passwords: the length-only policy of NIST SP 800-63B and OWASP ASVS 5.0 V6.2, and argon2id
// with the OWASP Password Storage Cheat Sheet's first parameter set.
import { type Algorithm, hash, verify } from "@node-rs/argon2";

/**
 * OWASP Password Storage Cheat Sheet (argon2id, first option): m = 19 MiB, t = 2, p = 1.
 * RFC 9106 §4 names argon2id the one to use. `2` is Algorithm.Argon2id — a const enum, which an
 * isolated-modules build cannot read, so the value is written out and checked by the type.
 */
export const ARGON2_OPTIONS = {
  algorithm: 2 satisfies Algorithm.Argon2id as Algorithm,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * 12 characters at least: NIST SP 800-63B asks for 8 (ASVS 5.0 6.2.1 recommends 15); staff
 * accounts guard citizens' reports, so a middle ground a pass phrase meets easily. 128 at most:
 * well above the 64 ASVS 5.0 6.2.9 says must be allowed, and it bounds the work one sign-in costs.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export type PasswordPolicyResult =
  | { ok: true }
  | { ok: false; reason: "too_short"; min: number }
  | { ok: false; reason: "too_long"; max: number }
  | { ok: false; reason: "breached" };

/**
 * Passwords are compared in NFC so "Mật khẩu" typed as precomposed or combining characters is one
 * password (NIST SP 800-63B §5.1.1.2 asks for normalisation before hashing; NFC keeps what the user
 * typed, unlike NFKC, which would fold look-alikes).
 */
export function normalisePassword(password: string): string {
  return password.normalize("NFC");
}

/** Length in characters the user sees (code points after NFC), not UTF-16 units or bytes. */
export function passwordLength(password: string): number {
  return [...normalisePassword(password)].length;
}

/**
 * Length only — any Unicode, no composition rules (ASVS 5.0 6.2.5) — and, when a check is given,
 * not in a known breach (ASVS 5.0 6.2.12; NIST SP 800-63B §5.1.1.2 "blocklist"). The portal's
 * own Pwned Passwords store is the natural `isBreached`.
 */
export async function checkPasswordPolicy(
  password: string,
  isBreached?: (password: string) => Promise<boolean>,
): Promise<PasswordPolicyResult> {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN) return { ok: false, reason: "too_short", min: PASSWORD_MIN };
  if (length > PASSWORD_MAX) return { ok: false, reason: "too_long", max: PASSWORD_MAX };
  if (isBreached && (await isBreached(normalisePassword(password)))) return { ok: false, reason: "breached" };
  return { ok: true };
}

/** An argon2id PHC string ($argon2id$v=19$m=19456,t=2,p=1$salt$hash) with a fresh 16-byte salt. */
export async function hashPassword(password: string): Promise<string> {
  return hash(normalisePassword(password), ARGON2_OPTIONS);
}

/** Never throws: a malformed stored hash is a failed check, not a crash of the sign-in route. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalisePassword(password));
  } catch {
    return false;
  }
}

/**
 * A real argon2id hash, with ARGON2_OPTIONS, of a random password nobody kept. Signing in with an
 * unknown e-mail verifies against it, so the answer takes as long as for a wrong password and the
 * timing does not tell which addresses have accounts (ASVS 5.0 6.3.8). A test checks that its
 * parameters still match ARGON2_OPTIONS; regenerate it with hashPassword() if they change.
 */
export const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$xD+x6HbAZDLj33m+WG9tEw$li+WRJxWcsVcoEa1Fu+qVVt7+qiehYaqfKnhehfmREc";

/** Spends the time of one password check and always answers false. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(DUMMY_HASH, password);
  return false;
}
