// Random identifiers and secrets. Everything comes from crypto.getRandomValues (a CSPRNG, as
// OWASP ASVS 5.0 requirement 7.2.3 asks for session tokens and 6.5.3 for codes and TOTP seeds).
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return bytes;
}

/** 120 random bits as 24 lower-case base32 characters: the Lucia guide's id size, safe in URLs and cookies. */
export function randomId(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(15));
}
