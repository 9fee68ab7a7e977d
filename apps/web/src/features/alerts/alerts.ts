// The public alert pages' rules that need no request: reading the list's filters from the address,
// the addresses of its pages, and what an alert's parts are called. Plain functions, tested in
// alerts.test.ts. Safe in the browser (no zod).
import { ALERT_KINDS, ALERT_PAGE_SIZE, ALERT_SEVERITIES, type AlertKind, type AlertSeverity, type Lang, paths } from "@portal/contracts";

/** The list's filters as the address gives them; a value that is not one of the choices is left out. */
export interface ListFilters {
  kind?: AlertKind;
  severity?: AlertSeverity;
  agency?: string;
  year?: number;
  page: number;
}

const AGENCY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function filtersFrom(q: URLSearchParams): ListFilters {
  const kind = q.get("kind") ?? "";
  const severity = q.get("severity") ?? "";
  const agency = q.get("agency") ?? "";
  const year = Number(q.get("year") ?? "");
  const page = Math.trunc(Number(q.get("page") ?? "1"));
  return {
    ...((ALERT_KINDS as readonly string[]).includes(kind) ? { kind: kind as AlertKind } : {}),
    ...((ALERT_SEVERITIES as readonly string[]).includes(severity) ? { severity: severity as AlertSeverity } : {}),
    ...(agency.length <= 64 && AGENCY.test(agency) ? { agency } : {}),
    ...(Number.isInteger(year) && year >= 2000 && year <= 2100 ? { year } : {}),
    page: Number.isFinite(page) && page >= 1 && page <= 1000 ? page : 1,
  };
}

/** True when any filter is set (the page says "no match" rather than "nothing published"). */
export const isFiltered = (f: ListFilters) =>
  f.kind !== undefined || f.severity !== undefined || f.agency !== undefined || f.year !== undefined;

/** The list's address with these filters and this page (the first page has no `page`). */
export function listHref(lang: Lang, f: ListFilters, page = f.page): string {
  const q = new URLSearchParams();
  if (f.kind) q.set("kind", f.kind);
  if (f.severity) q.set("severity", f.severity);
  if (f.agency) q.set("agency", f.agency);
  if (f.year) q.set("year", String(f.year));
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return `${paths.page("alerts", lang)}${s ? `?${s}` : ""}`;
}

export const pageCount = (total: number) => Math.max(1, Math.ceil(total / ALERT_PAGE_SIZE));

/**
 * Where an alert's page should be: the canonical address (tracking ID, lower case) when `ref` is
 * another name for it (its id, upper case), else null.
 */
export function canonicalRedirect(lang: Lang, ref: string, trackingId: string): string | null {
  return ref === trackingId.toLowerCase() ? null : paths.alert(lang, trackingId);
}

/** A CVSS score as written: one decimal ("9,8" in Vietnamese). */
export const formatScore = (score: number, lang: Lang) => (lang === "vi" ? score.toFixed(1).replace(".", ",") : score.toFixed(1));
