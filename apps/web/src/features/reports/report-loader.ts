// The report form (/bao-cao/, /en/report/): GOV.UK question pages that work without JavaScript.
// GET: what happened (the category, a GET to the same page), then that category's questions.
// POST: the multipart body streams to POST /api/v1/reports as it arrives; a refusal gives the page
// back with the answers and an error summary, and a stored report is confirmed in the answer to
// the post itself — the status key never goes in an address.
import { randomUUID } from "node:crypto";
import { type Lang, paths, type ReportCategory, type ReportSubmitResponse } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t, type UIKey } from "../../i18n/index.ts";
import { minutesToWait } from "../staff/staff.ts";
import { type ApiFailure, callApi, type FieldError, issuePaths, markFailed, noStore, reasonOf } from "../staff/staff-server.ts";
import { watchFormBody } from "./form-stream.ts";
import {
  type Answers,
  CATEGORY_STEP,
  EVIDENCE_LIMITS_MB,
  type FormField,
  fieldId,
  fieldOfIssue,
  formOrder,
  isCategory,
  OTHER_FIELDS,
  PREFILL_KEYS,
  prefill,
  questionsFor,
} from "./report-form.ts";

export type ReportView =
  | {
      step: "category";
      errors: FieldError[];
      selected: ReportCategory | null;
      /** What a checker's link asked to prefill, carried on through the category step. */
      carry: [string, string][];
    }
  | {
      step: "questions";
      category: ReportCategory;
      answers: Answers;
      errors: FieldError[];
      /** A fresh one each time the form is shown: a double click sends one report, a corrected form a new one. */
      idempotencyKey: string;
      /** When the form was shown (ms): the API refuses a form filled faster than a person can. */
      startedAt: number;
      /** The post had files: they are not kept when the form comes back, so the summary asks for them again. */
      filesLost: boolean;
    }
  | { step: "sent"; category: ReportCategory; trackingCode: string; statusKey: string; duplicate: boolean };

/** The text fields a post may give back; files never. */
const TEXT_FIELDS: readonly Exclude<FormField, "evidence">[] = [
  "category",
  "description",
  "url",
  "phone",
  "bankName",
  "bankAccount",
  "accountHolder",
  "amountLost",
  "paymentMethod",
  "contactMethod",
  "platform",
  "occurredOn",
  ...OTHER_FIELDS.filter((f): f is Exclude<typeof f, "evidence"> => f !== "evidence"),
];

const questions = (category: ReportCategory, answers: Answers, errors: FieldError[] = [], filesLost = false): ReportView => ({
  step: "questions",
  category,
  answers,
  errors,
  idempotencyKey: randomUUID(),
  startedAt: Date.now(),
  filesLost,
});

export async function loadReport(astro: AstroGlobal, lang: Lang): Promise<ReportView> {
  noStore(astro);
  if (astro.request.method === "POST") return submit(astro, lang);
  const q = astro.url.searchParams;
  const category = q.get("category");
  const carry = PREFILL_KEYS.flatMap((k) => {
    const v = q.get(k);
    return v ? [[k, v] as [string, string]] : [];
  });
  if (isCategory(category) && !q.has("change")) {
    return questions(category, { category, ...prefill(category, q, (hash) => t(lang, "reports.prefill.hash", { hash })) });
  }
  const errors: FieldError[] = [];
  if (q.get("step") === CATEGORY_STEP && !isCategory(category)) {
    astro.response.status = 400;
    errors.push({ fieldId: fieldId("category"), message: t(lang, "reports.error.category") });
  }
  return { step: "category", errors, selected: isCategory(category) ? category : null, carry };
}

async function submit(astro: AstroGlobal, lang: Lang): Promise<ReportView> {
  const contentType = astro.request.headers.get("content-type") ?? "";
  const watched = watchFormBody(astro.request.body, contentType);
  const r = await callApi<ReportSubmitResponse>(astro, {
    method: "POST",
    path: paths.api.reports,
    raw: { body: watched.stream, contentType },
  });
  const form = await watched.finish();
  const answers: Answers = {};
  for (const f of TEXT_FIELDS) {
    const v = form.get(f);
    if (v !== "") answers[f] = v;
  }
  const category = isCategory(answers.category) ? answers.category : null;
  if (r.ok && category) {
    return { step: "sent", category, trackingCode: r.data.trackingCode, statusKey: r.data.statusKey, duplicate: r.data.duplicate === true };
  }
  if (r.ok) throw new Error("The API stored a report whose category the page did not see.");
  markFailed(astro, r);
  if (!category) {
    return {
      step: "category",
      errors: [{ fieldId: fieldId("category"), message: t(lang, "reports.error.category") }],
      selected: null,
      carry: [],
    };
  }
  const errors = errorsOf(lang, category, answers, r, form.files);
  if (form.files > 0 && !errors.some((e) => e.fieldId === fieldId("evidence"))) {
    errors.push({ fieldId: fieldId("evidence"), message: t(lang, "reports.error.evidenceAgain", { count: form.files }) });
  }
  const order = formOrder(category).map(fieldId);
  errors.sort((a, b) => order.indexOf(a.fieldId) - order.indexOf(b.fieldId));
  return questions(category, answers, errors, form.files > 0);
}

/** The message for one field the API refused, from what was typed: missing, or not right. */
function fieldMessage(lang: Lang, category: ReportCategory, field: FormField, answers: Answers): string {
  const value = field === "evidence" ? "" : (answers[field] ?? "").trim();
  switch (field) {
    case "category":
      return t(lang, "reports.error.category");
    case "consent":
      return t(lang, "reports.error.consent");
    case "anonymous":
      return t(lang, "reports.error.anonymous");
    case "contactEmail":
      return value === "" && (answers.contactPhone ?? "").trim() === ""
        ? t(lang, "reports.error.contactNeeded")
        : t(lang, "reports.error.contactEmail");
    case "contactPhone":
      return t(lang, "reports.error.contactPhone");
    case "contactName":
      return t(lang, "reports.error.contactName");
    case "evidence":
      return t(lang, "reports.error.evidence");
    case "url":
      if (value === "" && category !== "scam" && category !== "phishing" && category !== "malware")
        return t(lang, "reports.error.urlOrPlatform");
      break;
  }
  if (field === "contactMethod" || field === "paymentMethod" || field === "platform") return t(lang, `reports.error.${field}`);
  return t(lang, `reports.error.${field}.${value === "" ? "missing" : "invalid"}`);
}

function errorsOf(lang: Lang, category: ReportCategory, answers: Answers, r: ApiFailure, files: number): FieldError[] {
  const general = (key: UIKey, vars: Record<string, string | number> = {}): FieldError[] => [
    { fieldId: fieldId(questionsFor(category)[0] ?? "description"), message: t(lang, key, vars) },
  ];
  const evidence = (key: UIKey, vars: Record<string, string | number> = {}): FieldError[] => [
    { fieldId: fieldId("evidence"), message: t(lang, key, vars) },
  ];
  switch (r.code) {
    case "invalid_request":
    case "malformed_json": {
      if (reasonOf(r) === "empty_file") return evidence("reports.error.emptyFile");
      const seen = new Set<FormField>();
      const errors: FieldError[] = [];
      for (const path of issuePaths(r)) {
        const field = fieldOfIssue(path);
        if (!field || seen.has(field)) continue;
        seen.add(field);
        errors.push({ fieldId: fieldId(field), message: fieldMessage(lang, category, field, answers) });
      }
      // No field named: the honeypot, or a form sent faster than a person fills it in.
      return errors.length > 0 ? errors : general("reports.error.notAccepted");
    }
    case "payload_too_large": {
      const reason = reasonOf(r);
      if (reason === "too_many_files") return evidence("reports.error.tooManyFiles", { files: EVIDENCE_LIMITS_MB.files });
      if (reason === "file_too_large") return evidence("reports.error.fileTooLarge", { each: EVIDENCE_LIMITS_MB.each });
      return evidence("reports.error.totalTooLarge", { total: EVIDENCE_LIMITS_MB.total });
    }
    case "unsupported_media_type":
      return files > 0 ? evidence("reports.error.fileType") : general("reports.error.notAccepted");
    case "rate_limited":
      return general("reports.error.rateLimited", { minutes: minutesToWait(r.retryAfter) });
    case "conflict":
      return general("reports.error.resend");
    default:
      return general("reports.error.unavailable");
  }
}
