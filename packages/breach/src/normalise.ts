// Normalisation of the identifiers a citizen checks (and an importer hashes), so that the forms
// one person writes the same mailbox or phone number in all map to one SHA-1. Pure functions,
// no Node or DOM APIs: the account check page imports this file and runs it in the browser.

export type Identifier = { kind: "email" | "phone"; value: string };
export type NormaliseResult = Identifier | { kind: "invalid"; reason: "empty" | "email" | "phone" | "unknown" };

/** Providers whose mailboxes ignore dots in the local part (Gmail; googlemail.com is the same service). */
const DOTLESS = new Set(["gmail.com", "googlemail.com"]);
const ALIASES: Record<string, string> = { "googlemail.com": "gmail.com" };

/**
 * E-mail: trimmed, lower-cased, a "+tag" (RFC 5233 sub-addressing, used by Gmail, Outlook,
 * iCloud, Yahoo, Proton…) removed, dots removed where the provider ignores them, and an
 * internationalised domain written in its ASCII (punycode) form.
 */
export function normaliseEmail(input: string): string | null {
  const s = input.normalize("NFC").trim().toLowerCase();
  const at = s.lastIndexOf("@");
  if (at <= 0 || at === s.length - 1 || /\s/.test(s) || s.length > 320) return null;
  let local = s.slice(0, at);
  let domain = s.slice(at + 1).replace(/\.$/, "");
  if (local.includes("@") || local.length > 64) return null;
  try {
    domain = new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) return null;
  domain = ALIASES[domain] ?? domain;
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (DOTLESS.has(domain)) local = local.replaceAll(".", "");
  if (local.length === 0) return null;
  return `${local}@${domain}`;
}

/**
 * Phone: E.164 (ITU-T E.164: "+", country code, national number, at most 15 digits). Vietnamese
 * forms — "0912 345 678", "84912345678", "+84 912 345 678", "+84 (0) 912…", "0084…" — all become
 * "+84912345678": national numbers are 9 digits (mobile) or 10 (fixed line, 02x area codes).
 * Other countries are accepted only in international form ("+…" or "00…").
 */
export function normalisePhone(input: string): string | null {
  const s = input.normalize("NFC").trim();
  if (!/^\+?[\d\s().\-/]+$/.test(s)) return null;
  const plus = s.startsWith("+");
  let digits = s.replace(/\D/g, "");
  if (!plus && digits.startsWith("00")) {
    digits = digits.slice(2);
    return international(digits);
  }
  if (plus) return international(digits);
  // National Vietnamese forms.
  if (digits.startsWith("84") && (digits.length === 11 || digits.length === 12)) return vietnam(digits.slice(2));
  if (digits.startsWith("0")) return vietnam(digits.slice(1));
  if (digits.length === 9) return vietnam(digits);
  return null;
}

function international(digits: string): string | null {
  if (digits.startsWith("84")) return vietnam(digits.slice(2));
  if (digits.length < 8 || digits.length > 15 || digits.startsWith("0")) return null;
  return `+${digits}`;
}

function vietnam(national: string): string | null {
  // "+84 (0) 912…": the trunk 0 is dropped in international form.
  const n = national.startsWith("0") ? national.slice(1) : national;
  if (!/^[1-9]\d{8,9}$/.test(n)) return null;
  return `+84${n}`;
}

/** Decides whether the input is an e-mail address or a phone number, and normalises it. */
export function normaliseIdentifier(input: string): NormaliseResult {
  const s = input.trim();
  if (s === "") return { kind: "invalid", reason: "empty" };
  if (s.includes("@")) {
    const v = normaliseEmail(s);
    return v ? { kind: "email", value: v } : { kind: "invalid", reason: "email" };
  }
  if (/^[+\d\s().\-/]+$/.test(s)) {
    const v = normalisePhone(s);
    return v ? { kind: "phone", value: v } : { kind: "invalid", reason: "phone" };
  }
  return { kind: "invalid", reason: "unknown" };
}

/**
 * Current Vietnamese mobile prefixes (the 3 digits after the trunk 0), after the 2018 move of
 * the 11-digit 01x ranges to 03x/05x/07x/08x (Ministry of Information and Communications,
 * Circular 22/2014/TT-BTTTT and its 2018 conversion plan): 032–039, 052/055/056/058/059,
 * 070/076–079, 081–089 and 09x. Fixed lines (02x), 0120… and foreign numbers are not mobiles.
 */
const VN_MOBILE = /^(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$/;

export type CitizenResult = Identifier | { kind: "invalid"; reason: "empty" | "email" | "notEmailOrMobile" };

/**
 * What the citizen's account check accepts: a valid e-mail address, or a Vietnamese mobile
 * number written as 10 digits starting with 0, or with +84 / 84 / 0084 in front of the 9-digit
 * national number ("+84 912 345 678", "+84 (0) 912…"). Everything else — a 13-digit bank
 * account, a landline, a foreign number, a retired 0120… number — is refused, so nobody is told
 * "not found" about something that was never checked. An accepted number's value is exactly what
 * normalisePhone (the importer's rule) gives for it, so the hash matches the stored one.
 */
export function normaliseCitizenIdentifier(input: string): CitizenResult {
  const s = input.normalize("NFC").trim();
  if (s === "") return { kind: "invalid", reason: "empty" };
  if (s.includes("@")) {
    const v = normaliseEmail(s);
    return v ? { kind: "email", value: v } : { kind: "invalid", reason: "email" };
  }
  const refused = { kind: "invalid", reason: "notEmailOrMobile" } as const;
  if (!/^\+?[\d\s().\-/]+$/.test(s)) return refused;
  const digits = s.replace(/\D/g, "");
  let national: string;
  if (s.startsWith("+")) {
    if (!digits.startsWith("84")) return refused;
    national = digits.slice(2);
  } else if (digits.startsWith("0084")) national = digits.slice(4);
  else if (digits.startsWith("84") && digits.length === 11) national = digits.slice(2);
  else if (digits.startsWith("0") && digits.length === 10) national = digits.slice(1);
  else return refused;
  // "+84 (0) 912 345 678": the trunk 0 written after the country code.
  if (national.length === 10 && national.startsWith("0")) national = national.slice(1);
  if (!VN_MOBILE.test(national)) return refused;
  const value = normalisePhone(s);
  return value === `+84${national}` ? { kind: "phone", value } : refused;
}

/** The k-anonymity prefix length of the account range API, in hex digits. */
export const ACCOUNT_PREFIX_DIGITS = 6;
