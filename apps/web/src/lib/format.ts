// Dates, times, numbers and sizes in the reader's language: the one module that writes them, for
// pages and islands alike. Dates are put together by hand from UTC parts rather than with
// Intl.DateTimeFormat, so that the server (Node's ICU) and the browser (its own) write exactly the
// same text and an island rendered on the server hydrates without a mismatch; format.test.ts holds
// each form equal to what Intl writes in locales[lang].intlLocale. Numbers use Intl directly.
import type { Lang } from "@portal/contracts";
import { locales } from "../i18n/locales.ts";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Vietnam keeps UTC+7 all year (no daylight saving since 1975), so its wall clock is a fixed shift. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;

const pad = (n: number) => String(n).padStart(2, "0");

/** "14/03/2025" (vi); "14 March 2025" or, with `short`, "14 Mar 2025" (en) — from the UTC parts of `d`. */
function writeDay(d: Date, lang: Lang, short: boolean): string {
  if (lang === "vi") return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  const month = MONTHS[d.getUTCMonth()] as string;
  return `${d.getUTCDate()} ${short ? month.slice(0, 3) : month} ${d.getUTCFullYear()}`;
}

/** A time and a day, the way each language joins them: "14:05 ngày 22/11/2026", "14:05, 22 Nov 2026". */
const joinTime = (time: string, day: string, lang: Lang) => (lang === "vi" ? `${time} ngày ${day}` : `${time}, ${day}`);

/**
 * A calendar day as written — a content date or a breach's YYYY-MM-DD, so no time zone applies:
 * "14/03/2025", "14 March 2025". A string that is not a date is returned as it is.
 */
export function formatDay(value: Date | string, lang: Lang): string {
  const d = typeof value === "string" ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
  return Number.isNaN(d.getTime()) ? String(value) : writeDay(d, lang, false);
}

/**
 * The day of an instant in Vietnam time, the month short in English: "22/11/2026", "22 Nov 2026";
 * with `withTime`, "14:05 ngày 22/11/2026", "14:05, 22 Nov 2026". The check results use it.
 */
export function formatShortDate(iso: string, lang: Lang, withTime = false): string {
  const d = new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS);
  if (Number.isNaN(d.getTime())) return iso;
  const day = writeDay(d, lang, lang === "en");
  return withTime ? joinTime(`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`, day, lang) : day;
}

/** An instant to the second in Vietnam time: "14:05:09 ngày 23/11/2026", "14:05:09, 23 November 2026". */
export function formatTimestamp(iso: string, lang: Lang): string {
  const d = new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS);
  if (Number.isNaN(d.getTime())) return iso;
  return joinTime(`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`, writeDay(d, lang, false), lang);
}

/** "1.234.567" (vi), "1,234,567" (en). */
export const formatNumber = (n: number, lang: Lang): string => new Intl.NumberFormat(locales[lang].intlLocale).format(n);

/** A file size in binary units, one decimal: "1,5 GB" (vi), "1.5 GB" (en); bytes as a whole number. */
export function formatSize(bytes: number, lang: Lang): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const n = u === 0 ? String(v) : v.toFixed(1);
  return `${lang === "vi" ? n.replace(".", ",") : n} ${units[u]}`;
}
