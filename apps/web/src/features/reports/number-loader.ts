// The public check of a phone number or bank account (/kiem-tra/so-dien-thoai-tai-khoan/): a plain
// GET form, answered on the server from GET /api/v1/scam-identifiers/check. Only what analysts
// confirmed is public; "not confirmed" is said never to mean "safe".
import { type Lang, paths, type ScamIdentifierCheck } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t } from "../../i18n/index.ts";
import { minutesToWait } from "../staff/staff.ts";
import { callApi, type FieldError, issuePaths, markFailed, noStore } from "../staff/staff-server.ts";

export const NUMBER_FIELDS = { phone: "number-phone", bank: "number-bank", account: "number-account" } as const;

export interface NumberView {
  /** Which form was sent, to show its answer beside it. */
  asked: "phone" | "bank_account" | null;
  values: { phone: string; bank: string; account: string };
  errors: FieldError[];
  result: ScamIdentifierCheck | null;
}

export async function loadNumberCheck(astro: AstroGlobal, lang: Lang): Promise<NumberView> {
  noStore(astro);
  const q = astro.url.searchParams;
  const values = { phone: (q.get("phone") ?? "").trim(), bank: (q.get("bank") ?? "").trim(), account: (q.get("account") ?? "").trim() };
  const asked = q.has("phone") ? "phone" : q.has("account") || q.has("bank") ? "bank_account" : null;
  const view = (errors: FieldError[], result: ScamIdentifierCheck | null = null): NumberView => ({ asked, values, errors, result });
  if (!asked) return view([]);

  const errors: FieldError[] = [];
  if (asked === "phone" && values.phone === "")
    errors.push({ fieldId: NUMBER_FIELDS.phone, message: t(lang, "reports.number.error.phone") });
  if (asked === "bank_account") {
    if (values.bank === "") errors.push({ fieldId: NUMBER_FIELDS.bank, message: t(lang, "reports.number.error.bank") });
    if (values.account === "") errors.push({ fieldId: NUMBER_FIELDS.account, message: t(lang, "reports.number.error.account") });
  }
  if (errors.length > 0) {
    astro.response.status = 400;
    return view(errors);
  }
  const query = new URLSearchParams(asked === "phone" ? { phone: values.phone } : { bank: values.bank, account: values.account });
  const r = await callApi<ScamIdentifierCheck>(astro, { method: "GET", path: `${paths.api.scamIdentifiers}?${query}` });
  if (r.ok) return view([], r.data);
  markFailed(astro, r);
  if (r.code === "invalid_request") {
    const at = new Set(issuePaths(r));
    if (asked === "phone") return view([{ fieldId: NUMBER_FIELDS.phone, message: t(lang, "reports.number.error.phoneInvalid") }]);
    if (at.has("bank")) errors.push({ fieldId: NUMBER_FIELDS.bank, message: t(lang, "reports.number.error.bankInvalid") });
    if (at.has("account") || errors.length === 0)
      errors.push({ fieldId: NUMBER_FIELDS.account, message: t(lang, "reports.number.error.accountInvalid") });
    return view(errors);
  }
  const field = asked === "phone" ? NUMBER_FIELDS.phone : NUMBER_FIELDS.account;
  const message =
    r.code === "rate_limited"
      ? t(lang, "reports.error.rateLimited", { minutes: minutesToWait(r.retryAfter) })
      : t(lang, "reports.error.unavailable");
  return view([{ fieldId: field, message }]);
}
