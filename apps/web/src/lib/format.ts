import type { Lang } from "../i18n/index.ts";

/** "22/11/2026" in Vietnamese, "22 November 2026" in English; dates are calendar days (UTC). */
export function formatDate(d: Date | string, lang: Lang): string {
  const date = typeof d === "string" ? new Date(d) : d;
  return lang === "vi"
    ? new Intl.DateTimeFormat("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" }).format(date)
    : new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}
