// The report form's rules that need no request: which questions a category asks and in what order,
// the ids the error summary links to, what may be prefilled from a checker's link, and how the
// API's field paths become the form's fields. Plain functions, tested in reports.test.ts.
import {
  CATEGORY_FIELDS,
  CONTACT_METHODS,
  EVIDENCE_MAX_FILE_BYTES,
  EVIDENCE_MAX_FILES,
  EVIDENCE_MAX_TOTAL_BYTES,
  type Lang,
  PAYMENT_METHODS,
  PLATFORMS,
  paths,
  REPORT_CATEGORIES,
  REPORT_LIMITS,
  type ReportCategory,
  type ReportField,
} from "@portal/contracts";

export const isCategory = (v: unknown): v is ReportCategory =>
  typeof v === "string" && (REPORT_CATEGORIES as readonly string[]).includes(v);

/** The questions of a category in the order the form asks them: the required ones first, as CATEGORY_FIELDS lists them. */
export function questionsFor(category: ReportCategory): ReportField[] {
  const rules = CATEGORY_FIELDS[category];
  return [...rules.required, ...rules.optional];
}

export const isRequired = (category: ReportCategory, field: ReportField) => CATEGORY_FIELDS[category].required.includes(field);

/** Fields that are not a question of their own category but go with the answers (contact, consent, files). */
export const OTHER_FIELDS = ["anonymous", "contactName", "contactEmail", "contactPhone", "consent", "evidence"] as const;
export type OtherField = (typeof OTHER_FIELDS)[number];
export type FormField = ReportField | OtherField | "category";

/** The id of a field's control: what the error summary links to. Radios link to their first option. */
export const fieldId = (field: FormField): string =>
  field === "category" ? "report-category" : field === "anonymous" ? "report-anonymous-no" : `report-${field}`;

/** The choices of the select questions. */
export const CHOICES = {
  contactMethod: CONTACT_METHODS,
  paymentMethod: PAYMENT_METHODS,
  platform: PLATFORMS,
} as const satisfies Partial<Record<ReportField, readonly string[]>>;
export type ChoiceField = keyof typeof CHOICES;
export const isChoice = (f: ReportField): f is ChoiceField => Object.hasOwn(CHOICES, f);

/** The longest answer each text question takes (the contract's limits, as maxlength). */
export const MAX_LENGTH: Partial<Record<FormField, number>> = {
  description: REPORT_LIMITS.descriptionMax,
  url: REPORT_LIMITS.urlMax,
  phone: REPORT_LIMITS.phoneMax,
  bankName: REPORT_LIMITS.bankNameMax,
  bankAccount: 40,
  accountHolder: REPORT_LIMITS.accountHolderMax,
  amountLost: 30,
  contactName: REPORT_LIMITS.contactNameMax,
  contactEmail: REPORT_LIMITS.contactEmailMax,
  contactPhone: REPORT_LIMITS.phoneMax,
};

/** The evidence limits in words' numbers: files, MB each, MB together. */
export const EVIDENCE_LIMITS_MB = {
  files: EVIDENCE_MAX_FILES,
  each: EVIDENCE_MAX_FILE_BYTES / 1024 / 1024,
  total: EVIDENCE_MAX_TOTAL_BYTES / 1024 / 1024,
} as const;

/** The answers as typed, to give back after a failed post (never a file). */
export type Answers = Partial<Record<Exclude<FormField, "evidence">, string>>;

/**
 * What a link from elsewhere may fill in: the link check's verdict (`url`), the file check's
 * (`hash`, written into the description, as malware reports have no field for it), the number
 * check's (`phone`, or `bankName` and `bankAccount`). Only the questions the category asks, each
 * cut to its length; anything else in the query is ignored.
 */
export function prefill(category: ReportCategory, query: URLSearchParams, hashLine: (hash: string) => string): Answers {
  const asked = new Set<string>(questionsFor(category));
  const out: Answers = {};
  for (const f of ["url", "phone", "bankName", "bankAccount"] as const) {
    const v = query.get(f)?.trim();
    if (v && asked.has(f)) out[f] = v.slice(0, MAX_LENGTH[f]);
  }
  const hash = query.get("hash")?.trim();
  if (hash && /^[0-9a-f]{32,128}$/i.test(hash)) out.description = hashLine(hash.toLowerCase());
  return out;
}

/** The hidden field of the category step: a step sent with nothing chosen is told apart from a first visit. */
export const CATEGORY_STEP = "category";

/** The query a prefilled link carries on to the questions (from the category step). */
export const PREFILL_KEYS = ["url", "hash", "phone", "bankName", "bankAccount"] as const;

/**
 * The form field an issue of the API's 400 belongs to ("description", "contactEmail"), or null
 * for one the form has no field for (then the summary says so in general words).
 */
export function fieldOfIssue(path: string): FormField | null {
  const head = path.split(".")[0] ?? "";
  if (head === "category") return "category";
  if ((OTHER_FIELDS as readonly string[]).includes(head)) return head as OtherField;
  const all = new Set<string>(REPORT_CATEGORIES.flatMap((c) => questionsFor(c)));
  return all.has(head) ? (head as ReportField) : null;
}

/** Puts the errors in the order of the form's fields, so the summary reads top to bottom. */
export function formOrder(category: ReportCategory): FormField[] {
  return ["category", ...questionsFor(category), "evidence", "anonymous", "contactName", "contactEmail", "contactPhone", "consent"];
}

/**
 * The statistics as CSV: one file for both languages (its columns are the API's words). An
 * on-demand endpoint of this feature (pages/thong-ke/du-lieu.csv.ts), not an API path.
 */
export const STATS_CSV = "/thong-ke/du-lieu.csv";

/** "VN-2026-7K3F-9QX2" in the groups a person reads out over the phone. */
export const codeGroups = (code: string): string[] => code.split("-").filter(Boolean);

/** A report's page in the analysts' console, by its id (never the tracking code: ids are for staff only). */
export const staffReportPath = (lang: Lang, id: string): string => `${paths.staff("reports", lang)}${encodeURIComponent(id)}/`;

/** A link to the report form from a verdict or a number check: the category and what to prefill. */
export function reportHref(
  lang: Lang,
  category: ReportCategory,
  fill: Partial<Record<(typeof PREFILL_KEYS)[number], string>> = {},
): string {
  const q = new URLSearchParams({ category });
  for (const k of PREFILL_KEYS) {
    const v = fill[k];
    if (v) q.set(k, v);
  }
  return `${paths.page("report", lang)}?${q.toString()}`;
}
