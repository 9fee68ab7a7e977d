// Following a report (/bao-cao/tra-cuu/, /en/report/status/): the tracking code and the status key
// are posted to this page (never a GET: the key would sit in the address, the history and the
// logs), and the page asks GET /api/v1/reports/{code} with the key in X-Status-Key. A wrong key
// and an unknown code get the same answer, as from the API.
import { type Lang, paths, type ReportStatusView, STATUS_KEY_HEADER } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t } from "../../i18n/index.ts";
import { minutesToWait } from "../staff/staff.ts";
import { callApi, type FieldError, isPost, markFailed, noStore, readForm } from "../staff/staff-server.ts";

export const STATUS_FIELDS = { code: "status-code", key: "status-key" } as const;

export interface StatusView {
  errors: FieldError[];
  /** The code as typed, given back; the key never is. */
  code: string;
  report: ReportStatusView | null;
}

/** The API's limit on a tracking code in the path; anything longer is no code of ours. */
const CODE_MAX = 40;

export async function loadStatus(astro: AstroGlobal, lang: Lang): Promise<StatusView> {
  noStore(astro);
  if (!isPost(astro)) return { errors: [], code: "", report: null };
  const field = await readForm(astro);
  const code = field("code").trim();
  const key = field("key").trim();
  const errors: FieldError[] = [];
  if (code === "") errors.push({ fieldId: STATUS_FIELDS.code, message: t(lang, "reports.status.error.code") });
  if (key === "") errors.push({ fieldId: STATUS_FIELDS.key, message: t(lang, "reports.status.error.key") });
  if (errors.length > 0) {
    astro.response.status = 400;
    return { errors, code, report: null };
  }
  const notFound = (): StatusView => {
    astro.response.status = 404;
    return { errors: [{ fieldId: STATUS_FIELDS.code, message: t(lang, "reports.status.error.notFound") }], code, report: null };
  };
  if (code.length > CODE_MAX || key.length > 200) return notFound();
  const r = await callApi<ReportStatusView>(astro, {
    method: "GET",
    path: paths.api.report(code),
    headers: { [STATUS_KEY_HEADER]: key },
  });
  if (r.ok) return { errors: [], code, report: r.data };
  // A code the API cannot even read is as unknown as one it has never issued.
  if (r.code === "not_found" || r.code === "invalid_request") return notFound();
  markFailed(astro, r);
  const message =
    r.code === "rate_limited"
      ? t(lang, "reports.error.rateLimited", { minutes: minutesToWait(r.retryAfter) })
      : t(lang, "reports.error.unavailable");
  return { errors: [{ fieldId: STATUS_FIELDS.code, message }], code, report: null };
}
