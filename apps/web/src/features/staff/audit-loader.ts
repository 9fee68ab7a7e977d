// The audit log (/quan-tri/nhat-ky/, admins): newest first, 50 a page, filtered by actor, action
// and days through a plain GET form, with the same filters as a CSV download from the API.
import { type AuditEntry, type Lang, paths, type StaffUser } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t } from "../../i18n/index.ts";
import type { PaginationModel } from "../../ui/pagination/pagination.ts";
import { type FieldError, fetchPage, fieldErrorsAt, generalError, markFailed, openStaffPage, signInFirst } from "./staff-server.ts";

export const AUDIT_FIELDS = { actor: "audit-actor", action: "audit-action", from: "audit-from", to: "audit-to" } as const;

export interface AuditFilters {
  actor: string;
  action: string;
  from: string;
  to: string;
}

export type AuditView =
  | { allowed: false; me: StaffUser }
  | {
      allowed: true;
      me: StaffUser;
      filters: AuditFilters;
      filtered: boolean;
      errors: FieldError[];
      entries: AuditEntry[];
      total: number;
      page: number;
      pages: number;
      /** Links keeping the filters: the CSV export, and the pages (null when the list is empty). */
      csvHref: string;
      pagination: PaginationModel | null;
    };

/** The API's largest page number (AuditQuery). */
const MAX_PAGE = 10_000;

/** The filters as a query string, only those given, in a fixed order. */
function query(filters: AuditFilters, page?: number): string {
  const q = new URLSearchParams();
  for (const k of ["actor", "action", "from", "to"] as const) if (filters[k] !== "") q.set(k, filters[k]);
  if (page !== undefined && page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export async function loadAudit(astro: AstroGlobal, lang: Lang): Promise<Response | AuditView> {
  const gate = await openStaffPage(astro, lang, "audit");
  if (gate instanceof Response) return gate;
  const { me } = gate;
  if (!gate.allowed) return { allowed: false, me };
  const here = paths.staff("audit", lang);

  const p = astro.url.searchParams;
  const filters: AuditFilters = {
    actor: (p.get("actor") ?? "").trim(),
    action: (p.get("action") ?? "").trim(),
    from: (p.get("from") ?? "").trim(),
    to: (p.get("to") ?? "").trim(),
  };
  const asked = Math.trunc(Number(p.get("page") ?? 1));
  const page = Number.isFinite(asked) ? Math.min(Math.max(asked, 1), MAX_PAGE) : 1;
  const base = {
    allowed: true as const,
    me,
    filters,
    filtered: query(filters) !== "",
    csvHref: `${paths.api.staff.auditCsv}${query(filters)}`,
  };

  const errors: FieldError[] = [];
  if (filters.from !== "" && filters.to !== "" && filters.from > filters.to) {
    errors.push({ fieldId: AUDIT_FIELDS.to, message: t(lang, "staff.audit.error.order") });
  }
  if (errors.length === 0) {
    const r = await fetchPage<{ entries: AuditEntry[]; total: number; page: number; pageSize: number }>(
      astro,
      `${paths.api.staff.audit}${query(filters, page)}`,
      (n) => `${here}${query(filters, n)}`,
    );
    if (r instanceof Response) return r;
    if (r.ok)
      return { ...base, errors, entries: r.data.entries, total: r.data.total, page: r.data.page, pages: r.pages, pagination: r.pagination };
    if (r.code === "unauthenticated") return signInFirst(astro, lang, "audit");
    markFailed(astro, r);
    const dateError = t(lang, "staff.audit.error.date");
    errors.push(
      ...fieldErrorsAt(r, {
        actor: { fieldId: AUDIT_FIELDS.actor, message: t(lang, "staff.audit.error.actor") },
        action: { fieldId: AUDIT_FIELDS.action, message: t(lang, "staff.audit.error.action") },
        from: { fieldId: AUDIT_FIELDS.from, message: dateError },
        to: { fieldId: AUDIT_FIELDS.to, message: dateError },
      }),
    );
    if (errors.length === 0) errors.push({ fieldId: AUDIT_FIELDS.actor, message: generalError(lang, r) });
  } else {
    astro.response.status = 400;
  }
  return { ...base, errors, entries: [], total: 0, page: 1, pages: 1, pagination: null };
}
