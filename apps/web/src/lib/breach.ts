// Helpers shared by the breach pages and islands (no server code: islands run in the browser).
import type { Lang } from "../i18n/index.ts";

/** HIBP data class names (as stored) → UI string keys; unknown classes are shown as written. */
const DATA_CLASS_KEYS: Record<string, string> = {
  "Email addresses": "breach.dc.email",
  Passwords: "breach.dc.passwords",
  "Phone numbers": "breach.dc.phones",
  Names: "breach.dc.names",
  "Physical addresses": "breach.dc.addresses",
  Usernames: "breach.dc.usernames",
  "IP addresses": "breach.dc.ip",
  "Dates of birth": "breach.dc.dob",
  Genders: "breach.dc.genders",
  "Health records": "breach.dc.health",
  "Credit cards": "breach.dc.cards",
  "Partial credit card data": "breach.dc.cards",
  "Bank account numbers": "breach.dc.bank",
  "Government issued IDs": "breach.dc.govIds",
  Employers: "breach.dc.employers",
};

export const dataClassKeys = DATA_CLASS_KEYS;

/** A data class in the reader's language, through a lookup of UI strings. */
export function dataClassLabel(name: string, strings: Record<string, string>): string {
  const key = DATA_CLASS_KEYS[name];
  return (key && strings[key]) || name;
}

/** "14/03/2025" or "14 March 2025"; a YYYY-MM-DD date is a calendar date, so no time zone applies. */
export function formatDay(iso: string, lang: Lang): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", {
    timeZone: "UTC",
    ...(lang === "vi" ? { day: "2-digit", month: "2-digit", year: "numeric" } : { dateStyle: "long" }),
  } as Intl.DateTimeFormatOptions).format(d);
}

export const formatCount = (n: number, lang: Lang) => new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB").format(n);

/** Upper-case hex SHA-1 of a string, with the browser's Web Crypto. */
export async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();
}

export const hasWebCrypto = () => typeof crypto !== "undefined" && typeof crypto.subtle?.digest === "function";

/** Replaces {name} placeholders. */
export const fill = (s: string, vars: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));

/**
 * GET one k-anonymity range for a check page. Both checks answer a rate limit the same way:
 * the message says how long to wait (Retry-After). Any other failure throws.
 */
export async function fetchRange(
  url: string,
  strings: Record<string, string>,
  init?: RequestInit,
): Promise<{ ok: true; res: Response } | { ok: false; message: string }> {
  const res = await fetch(url, init);
  if (res.status === 429) {
    return { ok: false, message: fill(strings["breach.error.rateLimited"] as string, { seconds: res.headers.get("retry-after") ?? "60" }) };
  }
  if (!res.ok) throw new Error(String(res.status));
  return { ok: true, res };
}
