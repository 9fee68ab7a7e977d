// Validation rules that both sides apply (the browser to answer at once, the server to decide),
// as plain functions so that islands use them without shipping zod.

/** True when a string has control characters other than tab, CR and LF (canonicalisation removes those three). */
export function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/**
 * The longest link the checks accept, in bytes of its UTF-8 form (canonicalisation in
 * @portal/threat-intel counts the same bytes). Sent in a GET query string it is percent-encoded,
 * and the whole request head may be at most 16384 bytes (431 otherwise), so long links go in the
 * body of POST /api/v1/url/check.
 */
export const MAX_URL_LENGTH = 8192;

/**
 * The most links one bulk check may hold together, in UTF-16 code units: 500 links of 262
 * characters, far more than a message or a page's links. It caps the work one request can ask
 * for (a batch over it is answered 413 payload_too_large).
 */
export const MAX_BULK_URL_CHARS = 128 * 1024;

/** The length of `s` in UTF-8 bytes, counted without encoding it (a lone surrogate counts 3, as TextEncoder writes U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** MD5, SHA-1 or SHA-256 in hex, told apart by length; case and surrounding spaces ignored. */
export const isDigest = (s: string): boolean => /^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i.test(s.trim());

/** Block-list and allow-list sources named "demo:…" hold the demo data loaded at first start. */
export const isDemoSource = (source: string): boolean => source.startsWith("demo:");

/** Guidance topics: the content schema and the search filter both take exactly these. */
export const TOPICS = [
  "scams",
  "accounts",
  "malware",
  "personal-data",
  "social-media",
  "data-leak",
  "fake-news",
  "duties",
  "tools",
] as const;
export type Topic = (typeof TOPICS)[number];

/** Who an article is written for. */
export const AUDIENCES = ["citizen", "business", "agency"] as const;
export type Audience = (typeof AUDIENCES)[number];
