// Helpers shared by the breach pages and islands (no server code: islands run in the browser).
import type { Lang, PasswordCorpus } from "@portal/contracts";
import { fill } from "../../i18n/fill.ts";
import type { KeysUnder, Strings } from "../../i18n/index.ts";
import { locales } from "../../i18n/locales.ts";
import type { ApiFailure } from "../../lib/api.ts";
import { formatNumber } from "../../lib/format.ts";

/** The breach feature's strings (src/i18n/ui/*\/breach.json), as the islands receive them. */
export type BreachStrings = Strings<"breach">;

/** HIBP data class names (as stored) → UI string keys; unknown classes are shown as written. */
const DATA_CLASS_KEYS: Record<string, KeysUnder<"breach.dc">> = {
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

/** A data class in the reader's language. */
export function dataClassLabel(name: string, strings: BreachStrings): string {
  const key = DATA_CLASS_KEYS[name];
  return key ? strings[key] : name;
}

/** Upper-case hex SHA-1 of a string, with the browser's Web Crypto. */
export async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();
}

export const hasWebCrypto = () => typeof crypto !== "undefined" && typeof crypto.subtle?.digest === "function";

/**
 * Both checks answer a refused range request the same way: a rate limit says how long to wait
 * (Retry-After); any other failure throws, and the check shows its generic error.
 */
export function rangeFailure(failure: ApiFailure, s: BreachStrings): { kind: "error"; message: string } {
  if (failure.code !== "rate_limited") throw new Error(failure.code);
  return { kind: "error", message: fill(s["breach.error.rateLimited"], { seconds: failure.retryAfter ?? 60 }) };
}

/**
 * The found message. The demo corpus (corpus.kind "demo") ranks passwords but gives no counts —
 * every hash says 1 — so a count would understate the risk of `password`: it is said to be on
 * the list of the most common passwords instead. Without knowing the corpus, no count either.
 * Real counts are pluralised with Intl.PluralRules (English "1 time", "2 times"; Vietnamese has one
 * form, "1 lần") and written with the site's number format ("1.234" vi, "1,234" en).
 */
export function foundMessage(count: number, corpus: PasswordCorpus | null | undefined, lang: Lang, s: BreachStrings): string {
  if (corpus?.kind === "demo") return s["breach.password.foundCommon"];
  if (!corpus) return s["breach.password.foundListed"];
  const form = new Intl.PluralRules(locales[lang].intlLocale).select(count) === "one" ? "one" : "other";
  const times = fill(s[`breach.password.times.${form}`], { count: formatNumber(count, lang) });
  return fill(s["breach.password.found"], { count: times });
}
