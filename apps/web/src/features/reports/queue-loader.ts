// The analysts' queue (/quan-tri/bao-cao/, analysts and administrators): a GET filter form (status,
// category, text, days, assignee), sorting, 50 a page, and the CSV export of the same filters.
import {
  type Lang,
  paths,
  REPORT_CATEGORIES,
  REPORT_STATUSES,
  type ReportList,
  type ReportListItem,
  type StaffUser,
} from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t } from "../../i18n/index.ts";
import type { PaginationModel } from "../../ui/pagination/pagination.ts";
import { type FieldError, fetchPage, fieldErrorsAt, generalError, markFailed, openStaffPage, signInFirst } from "../staff/staff-server.ts";

export const QUEUE_FIELDS = {
  status: "queue-status",
  category: "queue-category",
  q: "queue-q",
  from: "queue-from",
  to: "queue-to",
  assignee: "queue-assignee",
  sort: "queue-sort",
} as const;

export interface QueueFilters {
  status: string;
  category: string;
  q: string;
  from: string;
  to: string;
  /** "", "me" or "none" in the page's address; "me" is the signed-in person's id for the API. */
  assignee: string;
  /** "created-desc" (the default), "created-asc", "updated-desc", "updated-asc". */
  sort: string;
}

export type QueueView =
  | { allowed: false; me: StaffUser }
  | {
      allowed: true;
      me: StaffUser;
      filters: QueueFilters;
      filtered: boolean;
      errors: FieldError[];
      reports: ReportListItem[];
      total: number;
      page: number;
      pages: number;
      csvHref: string;
      /** Administrators only: the same export with the reporters' contact details. */
      csvContactHref: string | null;
      /** The pages' links, keeping the filters (null when the list could not be read). */
      pagination: PaginationModel | null;
    };

export const SORTS = ["created-desc", "created-asc", "updated-desc", "updated-asc"] as const;
const PAGE_SIZE = 50;
const MAX_PAGE = 100_000;

const pick = (value: string | null, allowed: readonly string[]) => (value && allowed.includes(value) ? value : "");

/** The filters in the page's own address (only those given, in a fixed order). */
function pageQuery(f: QueueFilters, page?: number): string {
  const q = new URLSearchParams();
  for (const k of ["status", "category", "q", "from", "to", "assignee"] as const) if (f[k] !== "") q.set(k, f[k]);
  if (f.sort !== "" && f.sort !== "created-desc") q.set("sort", f.sort);
  if (page !== undefined && page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The same filters as the API takes them. */
function apiQuery(f: QueueFilters, me: StaffUser, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const k of ["status", "category", "q", "from", "to"] as const) if (f[k] !== "") q.set(k, f[k]);
  if (f.assignee === "me") q.set("assignee", me.id);
  else if (f.assignee === "none") q.set("assignee", "none");
  const [sort, order] = (f.sort || "created-desc").split("-") as [string, string];
  q.set("sort", sort);
  q.set("order", order);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `?${q.toString()}`;
}

export async function loadQueue(astro: AstroGlobal, lang: Lang): Promise<Response | QueueView> {
  const gate = await openStaffPage(astro, lang, "reports");
  if (gate instanceof Response) return gate;
  const { me } = gate;
  if (!gate.allowed) return { allowed: false, me };
  const here = paths.staff("reports", lang);
  const p = astro.url.searchParams;
  const filters: QueueFilters = {
    status: pick(p.get("status"), REPORT_STATUSES),
    category: pick(p.get("category"), REPORT_CATEGORIES),
    q: (p.get("q") ?? "").trim().slice(0, 200),
    from: (p.get("from") ?? "").trim(),
    to: (p.get("to") ?? "").trim(),
    assignee: pick(p.get("assignee"), ["me", "none"]),
    sort: pick(p.get("sort"), SORTS) || "created-desc",
  };
  const asked = Math.trunc(Number(p.get("page") ?? 1));
  const page = Number.isFinite(asked) ? Math.min(Math.max(asked, 1), MAX_PAGE) : 1;
  const base = {
    allowed: true as const,
    me,
    filters,
    filtered: pageQuery({ ...filters, sort: "" }) !== "",
    csvHref: `${paths.api.staff.reportsCsv}${apiQuery(filters, me)}`,
    csvContactHref: me.role === "admin" ? `${paths.api.staff.reportsCsv}${apiQuery(filters, me, { contact: "1" })}` : null,
  };
  const errors: FieldError[] = [];
  if (filters.from !== "" && filters.to !== "" && filters.from > filters.to) {
    errors.push({ fieldId: QUEUE_FIELDS.to, message: t(lang, "reports.queue.error.order") });
  }
  if (errors.length === 0) {
    const r = await fetchPage<ReportList>(
      astro,
      `${paths.api.staff.reports}${apiQuery(filters, me, { page: String(page), pageSize: String(PAGE_SIZE) })}`,
      (n) => `${here}${pageQuery(filters, n)}`,
    );
    if (r instanceof Response) return r;
    if (r.ok)
      return { ...base, errors, reports: r.data.reports, total: r.data.total, page: r.data.page, pages: r.pages, pagination: r.pagination };
    if (r.code === "unauthenticated") return signInFirst(astro, lang, "reports");
    markFailed(astro, r);
    const dateError = t(lang, "reports.queue.error.date");
    errors.push(
      ...fieldErrorsAt(r, {
        from: { fieldId: QUEUE_FIELDS.from, message: dateError },
        to: { fieldId: QUEUE_FIELDS.to, message: dateError },
        q: { fieldId: QUEUE_FIELDS.q, message: t(lang, "reports.queue.error.q") },
      }),
    );
    if (errors.length === 0) errors.push({ fieldId: QUEUE_FIELDS.status, message: generalError(lang, r) });
  } else {
    astro.response.status = 400;
  }
  return { ...base, errors, reports: [], total: 0, page: 1, pages: 1, pagination: null };
}
