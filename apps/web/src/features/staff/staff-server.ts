// The staff pages' one way to the portal: `Astro.locals.portal.api` runs the real JSON API in
// process as the browser that asked (its cookie, Origin, Fetch Metadata and address), so the
// console goes through the same guards, validation, roles and audit as any API client. Also the
// pieces every staff page shares on the server: no caching, the 303 after a change, reading a
// posted form, the session gate, and turning an error code into words. Used only in frontmatter.
import { type ErrorCode, errorCodeOf, type InProcessCall, type Lang, paths, type StaffPageKey, type StaffUser } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t } from "../../i18n/index.ts";
import { type PaginationModel, paginate } from "../../ui/pagination/pagination.ts";
import { mayOpen, minutesToWait } from "./staff.ts";

/** A field the error summary links to, and what is wrong with it (already in the page's language). */
export interface FieldError {
  fieldId: string;
  message: string;
}

export interface ApiFailure {
  ok: false;
  status: number;
  /** The contract's code; "network" when the answer was not in the contract's shape. */
  code: ErrorCode | "network";
  details: { reason?: unknown; issues?: unknown };
  /** Retry-After in seconds, when the answer had it (429). */
  retryAfter: number | null;
}
export type ApiAnswer<T> = { ok: true; status: number; data: T } | ApiFailure;

/**
 * Calls the API in process. Any `set-cookie` of the answer (sign-in sets the session cookie,
 * sign-out clears it) is copied onto the page's response; `seeOther` carries them on a redirect.
 */
export async function callApi<T>(astro: AstroGlobal, call: InProcessCall): Promise<ApiAnswer<T>> {
  const portal = astro.locals.portal;
  if (!portal) return { ok: false, status: 503, code: "service_unavailable", details: {}, retryAfter: null };
  let address: string | undefined;
  try {
    address = astro.clientAddress;
  } catch {
    address = undefined; // not served by the Node adapter (astro dev without it): the API records none
  }
  const res = await portal.api(astro.request, address, call);
  for (const v of res.headers.getSetCookie()) astro.response.headers.append("set-cookie", v);
  let body: unknown = null;
  if (res.status !== 204) body = await res.json().catch(() => null);
  if (res.ok) return { ok: true, status: res.status, data: body as T };
  const error = (body as { error?: { details?: unknown } } | null)?.error;
  const details = error?.details && typeof error.details === "object" ? (error.details as ApiFailure["details"]) : {};
  const retry = Number(res.headers.get("retry-after"));
  return {
    ok: false,
    status: res.status,
    code: errorCodeOf(body) ?? "network",
    details,
    retryAfter: Number.isFinite(retry) ? retry : null,
  };
}

/** Every staff page and redirect: never stored by a browser or a proxy (the issue, ASVS 14.3.2). */
export function noStore(astro: AstroGlobal): void {
  astro.response.headers.set("cache-control", "no-store");
}

/** One page of a console list as the staff API answers it. */
interface ApiPage {
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Page `page` of a console list from the staff API (`apiPath` asks for it), with its numbered
 * links (`hrefFor(n)` is page n's address); past the last page (the list was filtered, or the
 * link is old), a 303 to the last page there is; a failure as the API gave it.
 */
export async function fetchPage<T extends ApiPage>(
  astro: AstroGlobal,
  apiPath: string,
  hrefFor: (n: number) => string,
): Promise<{ ok: true; data: T; pages: number; pagination: PaginationModel } | ApiFailure | Response> {
  const r = await callApi<T>(astro, { method: "GET", path: apiPath });
  if (!r.ok) return r;
  const links = pageLinks(r.data.total, r.data.pageSize, r.data.page, hrefFor);
  if (links.pastEnd) return seeOther(astro, links.lastHref);
  return { ok: true, data: r.data, pages: links.pages, pagination: links.pagination };
}

/** Where a paged list's links go: the number of pages, and the previous and next pages' addresses. */
export interface PageLinks {
  pages: number;
  /** The page asked for lies past the last one (the list was filtered, or the link is old). */
  pastEnd: boolean;
  lastHref: string;
  prevHref: string | null;
  nextHref: string | null;
  /** The numbered links for ui/pagination (the page asked for, kept within the list). */
  pagination: PaginationModel;
}

/** The links of page `page` of `total` items, `pageSize` a page; `hrefFor(n)` is page n's address. */
export function pageLinks(total: number, pageSize: number, page: number, hrefFor: (n: number) => string): PageLinks {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return {
    pages,
    pastEnd: page > pages,
    lastHref: hrefFor(pages),
    prevHref: page > 1 ? hrefFor(page - 1) : null,
    nextHref: page < pages ? hrefFor(page + 1) : null,
    pagination: paginate(page, pages, hrefFor),
  };
}

/**
 * 303 See Other to a path of the console: the "redirect" of Post/Redirect/Get, carrying the
 * cookies an API answer set on this response (a returned Response replaces Astro.response).
 */
export function seeOther(astro: AstroGlobal, location: string): Response {
  const headers = new Headers({ location, "cache-control": "no-store" });
  for (const v of astro.response.headers.getSetCookie()) headers.append("set-cookie", v);
  return new Response(null, { status: 303, headers });
}

/** The posted form's text fields; an unreadable body reads as an empty form (every field then "missing"). */
export async function readForm(astro: AstroGlobal): Promise<(name: string) => string> {
  let data: FormData | null = null;
  try {
    data = await astro.request.formData();
  } catch {
    data = null;
  }
  return (name) => {
    const v = data?.get(name);
    return typeof v === "string" ? v : "";
  };
}

export const isPost = (astro: AstroGlobal) => astro.request.method === "POST";

/** The signed-in person, or null when signed out (401). Any other failure is the server's: thrown. */
export async function currentUser(astro: AstroGlobal): Promise<StaffUser | null> {
  const me = await callApi<{ user: StaffUser }>(astro, { method: "GET", path: paths.api.staff.me });
  if (me.ok) return me.data.user;
  if (me.code === "unauthenticated") return null;
  throw new Error(`The staff API did not say who is signed in (${me.status} ${me.code}).`);
}

/** Where a signed-out visitor of `key` is sent: the sign-in page, to come back after. */
export const signInFirst = (astro: AstroGlobal, lang: Lang, key: StaffPageKey) =>
  seeOther(astro, `${paths.staff("home", lang)}?next=${encodeURIComponent(paths.staff(key, lang))}`);

/**
 * The gate of a page that needs a session: signed out → 303 to sign-in with `?next=`; signed in
 * without the role → `allowed: false` and status 403 (the page shows why). Sets no-store.
 */
export async function openStaffPage(
  astro: AstroGlobal,
  lang: Lang,
  key: StaffPageKey,
): Promise<Response | { me: StaffUser; allowed: boolean }> {
  noStore(astro);
  const me = await currentUser(astro);
  if (!me) return signInFirst(astro, lang, key);
  const allowed = mayOpen(me.role, key);
  if (!allowed) astro.response.status = 403;
  return { me, allowed };
}

/** The issue paths of a 400 answer ("email", "agency"), to put each message at its field. */
export function issuePaths(f: ApiFailure): string[] {
  const issues = Array.isArray(f.details.issues) ? (f.details.issues as { path?: unknown }[]) : [];
  return issues.map((i) => (typeof i.path === "string" ? i.path : "")).filter((p) => p !== "");
}

/**
 * The errors of a 400 answer at the form's fields: for each issue path the form names
 * (`{ from: { fieldId, message } }`), its error, in the order the form gives them.
 */
export function fieldErrorsAt(f: ApiFailure, fields: Record<string, FieldError>): FieldError[] {
  const at = new Set(issuePaths(f));
  return Object.entries(fields)
    .filter(([path]) => at.has(path))
    .map(([, e]) => e);
}

/** `details.reason` of an answer, when it gave one (password_rejected, the account rules). */
export const reasonOf = (f: ApiFailure): string | null => (typeof f.details.reason === "string" ? f.details.reason : null);

/**
 * Words for the failures any staff form may meet; a form maps its own codes (a wrong password, a
 * taken e-mail address) first and falls back to this. Never the API's English `message`.
 */
export function generalError(lang: Lang, f: ApiFailure): string {
  switch (f.code) {
    case "rate_limited":
      return t(lang, "staff.error.rateLimited", { minutes: minutesToWait(f.retryAfter) });
    case "cross_site_request":
      return t(lang, "staff.error.crossSite");
    case "forbidden":
      return t(lang, "staff.error.forbidden");
    case "unauthenticated":
      return t(lang, "staff.error.signedOut");
    case "payload_too_large":
      return t(lang, "staff.error.tooLarge");
    case "invalid_request":
    case "malformed_json":
      return t(lang, "staff.error.invalid");
    default:
      return t(lang, "staff.error.unavailable");
  }
}

const PASSWORD_REASONS = {
  too_short: "staff.password.error.tooShort",
  too_long: "staff.password.error.tooLong",
  breached: "staff.password.error.breached",
} as const;

/** The message for a password_rejected answer's reason. */
export function passwordReason(lang: Lang, f: ApiFailure): string {
  const reason = reasonOf(f);
  return t(
    lang,
    reason && Object.hasOwn(PASSWORD_REASONS, reason) ? PASSWORD_REASONS[reason as keyof typeof PASSWORD_REASONS] : "staff.error.invalid",
  );
}

/** The page status for a form that failed: the API's 4xx as it is, a 401 as 400 (no WWW-Authenticate challenge here). */
export function failedStatus(f: ApiFailure): number {
  if (f.status === 401) return 400;
  return f.status >= 400 && f.status < 600 ? f.status : 500;
}

/** Sets the page's status for a failed form post, with Retry-After passed on for a 429. */
export function markFailed(astro: AstroGlobal, f: ApiFailure): void {
  astro.response.status = failedStatus(f);
  if (f.status === 429 && f.retryAfter !== null) astro.response.headers.set("retry-after", String(f.retryAfter));
}

/** The message for one field, for Field.astro's `error`. */
export const errorFor = (errors: readonly FieldError[], fieldId: string): string | undefined =>
  errors.find((e) => e.fieldId === fieldId)?.message;
