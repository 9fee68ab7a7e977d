// Helpers for the link and file checks, shared by the islands (browser) and the on-demand result
// pages (server). Formatting is done by hand, not with Intl, so that the server's and the
// browser's output are identical and hydration never mismatches.
import type { Lang } from "../i18n/index.ts";

export type Strings = Record<string, string>;

/** The string `key` with `{name}` placeholders filled. */
export const fmt = (s: Strings, key: string, vars: Record<string, string | number> = {}) =>
  (s[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** An ISO date in Vietnam time (UTC+7, no daylight saving): "22/11/2026" or "22 Nov 2026", optionally with "14:05". */
export function vnDate(iso: string, lang: Lang, withTime = false): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  if (Number.isNaN(d.getTime())) return iso;
  const dd = String(d.getUTCDate()).padStart(2, "0");
  const date =
    lang === "vi"
      ? `${dd}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`
      : `${d.getUTCDate()} ${MONTHS_EN[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  if (!withTime) return date;
  const time = `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  return lang === "vi" ? `${time} ngày ${date}` : `${time}, ${date}`;
}

/** "1,5 GB" (vi) / "1.5 GB" (en). */
export function fileSize(bytes: number, lang: Lang): string {
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

export const isHashText = (s: string) => /^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i.test(s.trim());

/** True when a string has control characters other than tab, CR and LF (the API refuses those). */
export function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

export type UrlOutcome = { kind: "result"; result: PortalUrlCheck } | { kind: "error"; message: string };
export type HashOutcome =
  | { kind: "result"; result: PortalHashCheck; file?: { name: string; size: number; md5: string; sha1: string; sha256: string } }
  | { kind: "error"; message: string };

/** The error text for a link the checker refused, by the canonicaliser's error code. */
export function urlErrorText(s: Strings, code: string): string {
  if (code === "empty") return fmt(s, "check.link.error.empty");
  if (code === "too_long") return fmt(s, "check.link.error.tooLong");
  return fmt(s, "check.link.error.invalid");
}

/**
 * One verdict for a file from the results for its three digests: malicious if any list says so,
 * known_good if a known-file list has it, unknown otherwise; every match kept once.
 */
export function combineHashResults(results: PortalHashCheck[], primary: string): PortalHashCheck {
  const matches: PortalHashMatch[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    for (const m of r.matches) {
      const key = `${m.source}|${m.sha256 ?? m.sha1 ?? m.md5}`;
      if (!seen.has(key)) {
        seen.add(key);
        matches.push(m);
      }
    }
  }
  const verdict = results.some((r) => r.verdict === "malicious")
    ? "malicious"
    : results.some((r) => r.verdict === "known_good")
      ? "known_good"
      : "unknown";
  return { hash: primary, algorithm: "sha256", verdict, matches, checkedAt: results[0]?.checkedAt ?? new Date().toISOString() };
}
