// Citizen reports as they cross HTTP and the report pages (issue 13): the submission the browser
// form and POST /api/v1/reports share, the public status answer, the analysts' queue and case
// shapes, the public scam-number check and the statistics. One definition for the form's
// validation in the browser, the API's validation and its OpenAPI document.
import { z } from "zod";
import { hasControl } from "./rules.ts";

// ── Vocabulary ──────────────────────────────────────────────────────────────────────────────────

/** Directive 04/CT-BTTTT §3(đ) (malware, loss of personal-data safety) and Directive 49/CT-BTTTT (fake news, defamation, privacy, illegal content). */
export const REPORT_CATEGORIES = [
  "scam",
  "phishing",
  "malware",
  "data_leak",
  "fake_news",
  "defamation",
  "privacy",
  "illegal_content",
] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];
export const ReportCategorySchema = z.enum(REPORT_CATEGORIES);

export const REPORT_STATUSES = ["new", "triaging", "forwarded", "resolved", "rejected"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const ReportStatusSchema = z.enum(REPORT_STATUSES);

/**
 * The workflow: new → triaging → forwarded (to a named body) → resolved | rejected; a closed report
 * can be reopened (back to triaging), a forwarded one taken back; obvious spam may be rejected at
 * once. The console shows only these next steps, and the domain refuses any other.
 */
export const REPORT_TRANSITIONS: Readonly<Record<ReportStatus, readonly ReportStatus[]>> = {
  new: ["triaging", "rejected"],
  triaging: ["forwarded", "resolved", "rejected"],
  forwarded: ["triaging", "resolved", "rejected"],
  resolved: ["triaging"],
  rejected: ["triaging"],
};
/** Closed reports start the retention clock of the reporter's contact details. */
export const CLOSED_STATUSES: readonly ReportStatus[] = ["resolved", "rejected"];

/** How the scammer or the phishing message reached the person. */
export const CONTACT_METHODS = ["phone_call", "sms", "zalo", "facebook", "telegram", "website", "email", "in_person", "other"] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];
export const PAYMENT_METHODS = ["bank_transfer", "e_wallet", "card", "cash", "crypto", "other"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** Where harmful content was seen. */
export const PLATFORMS = ["facebook", "zalo", "tiktok", "youtube", "telegram", "instagram", "x", "website", "other"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The answers a report can carry, named as in the API (the contact fields are apart). */
export const REPORT_FIELDS = [
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
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

export interface CategoryFields {
  /** Asked and required. */
  required: readonly ReportField[];
  /** Asked, may be left empty. */
  optional: readonly ReportField[];
  /** Groups of which at least one must be answered (the issue is reported on the first). */
  oneOf?: readonly (readonly ReportField[])[];
}

/**
 * What each category asks — only what it needs (data minimisation, Decree 13/2023 art. 3). The form
 * shows these questions in this order; the schema refuses an answer a category does not ask for.
 * Details without a field of their own (the brand a phishing page imitated, the device malware
 * hit, the organisation that leaked data) go in the description, whose hint says so.
 */
export const CATEGORY_FIELDS: Readonly<Record<ReportCategory, CategoryFields>> = {
  scam: {
    required: ["contactMethod", "description"],
    optional: ["phone", "bankName", "bankAccount", "accountHolder", "url", "amountLost", "paymentMethod", "occurredOn"],
  },
  phishing: { required: ["url", "description"], optional: ["contactMethod", "phone", "occurredOn"] },
  malware: { required: ["description"], optional: ["url", "occurredOn"] },
  data_leak: { required: ["description"], optional: ["url", "platform", "occurredOn"] },
  fake_news: { required: ["description"], optional: ["url", "platform", "occurredOn"], oneOf: [["url", "platform"]] },
  defamation: { required: ["description"], optional: ["url", "platform", "occurredOn"], oneOf: [["url", "platform"]] },
  privacy: { required: ["description"], optional: ["url", "platform", "occurredOn"], oneOf: [["url", "platform"]] },
  illegal_content: { required: ["description"], optional: ["url", "platform", "occurredOn"], oneOf: [["url", "platform"]] },
};

/** Lengths, in characters after trimming. */
export const REPORT_LIMITS = {
  descriptionMin: 10,
  descriptionMax: 5000,
  urlMax: 2048,
  phoneMax: 32,
  bankNameMax: 100,
  accountHolderMax: 100,
  contactNameMax: 100,
  contactEmailMax: 254,
  forwardedToMax: 200,
  publicNoteMax: 2000,
  privateNoteMax: 4000,
  /** 10^15 VND: more than any real loss, small enough to stay an exact integer everywhere. */
  amountMax: 1_000_000_000_000_000,
} as const;

// ── Evidence ────────────────────────────────────────────────────────────────────────────────────

export const EVIDENCE_MAX_FILES = 5;
export const EVIDENCE_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_MAX_TOTAL_BYTES = 30 * 1024 * 1024;
export const EVIDENCE_KINDS = ["image", "pdf", "audio", "text", "email"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * The evidence types accepted, as the server decides them from the content (magic bytes; text and
 * e-mail from valid UTF-8), never from the name or the claimed type. `accept` is only a hint for
 * the browser's file picker.
 */
export const EVIDENCE_TYPES: readonly { mime: string; ext: string; kind: EvidenceKind }[] = [
  { mime: "image/jpeg", ext: "jpg", kind: "image" },
  { mime: "image/png", ext: "png", kind: "image" },
  { mime: "image/gif", ext: "gif", kind: "image" },
  { mime: "image/webp", ext: "webp", kind: "image" },
  { mime: "image/heic", ext: "heic", kind: "image" },
  { mime: "image/heif", ext: "heic", kind: "image" },
  { mime: "application/pdf", ext: "pdf", kind: "pdf" },
  { mime: "audio/mpeg", ext: "mp3", kind: "audio" },
  { mime: "audio/x-m4a", ext: "m4a", kind: "audio" },
  { mime: "audio/mp4", ext: "m4a", kind: "audio" },
  { mime: "audio/ogg", ext: "ogg", kind: "audio" },
  { mime: "audio/ogg; codecs=opus", ext: "opus", kind: "audio" },
  { mime: "audio/wav", ext: "wav", kind: "audio" },
  { mime: "text/plain; charset=utf-8", ext: "txt", kind: "text" },
  { mime: "message/rfc822", ext: "eml", kind: "email" },
];
export const EVIDENCE_ACCEPT =
  ".jpg,.jpeg,.png,.gif,.webp,.heic,.pdf,.mp3,.m4a,.ogg,.opus,.wav,.txt,.eml,image/*,audio/*,application/pdf,text/plain,message/rfc822";
/** Display names of evidence files are cut to this many characters. */
export const EVIDENCE_NAME_MAX = 200;

// ── Field rules (shared by the browser and the server) ──────────────────────────────────────────

/** Control characters other than tab, LF and CR are refused in free text; single-line fields refuse those three too. */
const noControls = (multiline: boolean) => (s: string) => !hasControl(s) && (multiline || !/[\t\r\n]/.test(s));

/** Form posts send "" for an empty field: trimmed and NFC, "" means not answered. */
const clean = (s: string) => {
  const t = s.normalize("NFC").trim();
  return t === "" ? undefined : t;
};

function text(label: string, max: number, opts: { min?: number; multiline?: boolean } = {}) {
  const min = opts.min ?? 1;
  return z
    .string()
    .transform(clean)
    .pipe(
      z
        .string()
        .min(min, min > 1 ? `${label} must be at least ${min} characters` : `enter ${label}`)
        .max(max, `${label} must be at most ${max} characters`)
        .refine(noControls(opts.multiline ?? false), `${label} contains control characters`)
        .optional(),
    )
    .meta({ maxLength: max });
}

function choice<T extends readonly [string, ...string[]]>(values: T, label: string) {
  return z
    .string()
    .transform(clean)
    .pipe(z.enum(values, { error: `choose ${label} from the list` }).optional())
    .meta({ enum: [...values] });
}

/** A link as a citizen pastes it: scheme optional, http(s) only, a host with a dot or an IP address. */
export function isReportableUrl(s: string): boolean {
  if (/\s/.test(s)) return false;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `http://${s}`;
  try {
    const u = new URL(withScheme);
    return (u.protocol === "http:" || u.protocol === "https:") && (u.hostname.includes(".") || u.hostname.startsWith("["));
  } catch {
    return false;
  }
}

/** Characters a phone number is written with, and 8 to 15 digits (ITU-T E.164). Whether it is a real number is the server's E.164 normalisation. */
export function isPhoneShape(s: string): boolean {
  if (!/^\+?[\d\s().\-/]+$/.test(s)) return false;
  const digits = s.replace(/\D/g, "").length;
  return digits >= 8 && digits <= 15;
}

/** An account number as written ("0071 0001 23456", "19-03-1234567-01") to its digits; null unless 6–20 digits. */
export function accountDigits(s: string): string | null {
  const d = s.replace(/[\s.-]/g, "");
  return /^\d{6,20}$/.test(d) ? d : null;
}

/**
 * An amount in đồng as people write it: 1500000, "1.500.000", "1,500,000", "1 500 000 đ", "2000000 VND".
 * Decimals are refused (the đồng has no subunit in use), and so is anything ambiguous like "1.5".
 */
export function parseAmount(v: unknown): number | null {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? v : null;
  if (typeof v !== "string") return null;
  const s = v
    .normalize("NFC")
    .trim()
    .replace(/\s*(₫|đ|đồng|dong|vnd|vnđ)$/i, "")
    .trim();
  let digits: string | null = null;
  if (/^\d+$/.test(s)) digits = s;
  else if (/^\d{1,3}([., ]\d{3})+$/.test(s) && new Set(s.replace(/\d/g, "")).size === 1) digits = s.replace(/\D/g, "");
  if (digits === null || digits.length > 16) return null;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

/** YYYY-MM-DD of a real calendar day. */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * A checkbox or a JSON boolean: true, "true", "on" (what a checked box sends), "1", "yes";
 * false, "false", "off", "0", "no" and "" (an empty field). Anything else is an error.
 */
export function formBoolean(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v === 1 ? true : v === 0 ? false : null;
  if (typeof v !== "string") return null;
  const s = v.trim().toLowerCase();
  if (["true", "on", "1", "yes"].includes(s)) return true;
  if (["false", "off", "0", "no", ""].includes(s)) return false;
  return null;
}

const FormBoolean = z.union([z.boolean(), z.string(), z.number()]).transform((v, ctx) => {
  const b = formBoolean(v);
  if (b === null) {
    ctx.addIssue({ code: "custom", message: 'expected true or false ("on" for a ticked box)' });
    return z.NEVER;
  }
  return b;
});

/** Client-chosen, random (a UUID is fine): a second POST with the same key and the same answers within 24 hours gives the first report back. */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,128}$/, "an idempotency key is 16 to 128 letters, digits, - and _")
  .meta({ example: "6f1c2e7a-4b0d-4a8e-9f3b-2d5c8e1a7b90" });

/** Days may be a day ahead of the server's clock: the reporter's calendar may already show tomorrow. */
const DAY_MS = 24 * 60 * 60 * 1000;

const FIELD_LABEL: Record<ReportField, string> = {
  description: "a description",
  url: "the link",
  phone: "a phone number",
  bankName: "the bank's name",
  bankAccount: "an account number",
  accountHolder: "the account holder's name",
  amountLost: "the amount lost",
  paymentMethod: "how it was paid",
  contactMethod: "how they contacted you",
  platform: "the platform",
  occurredOn: "the date",
};

const L = REPORT_LIMITS;
const submissionFields = {
  category: z.enum(REPORT_CATEGORIES, { error: "choose what happened" }),
  description: text("the description", L.descriptionMax, { min: L.descriptionMin, multiline: true }).optional(),
  url: text("the link", L.urlMax)
    .refine((s) => s === undefined || isReportableUrl(s), "enter a web address, like example.vn/trang")
    .optional(),
  phone: text("the phone number", L.phoneMax)
    .refine((s) => s === undefined || isPhoneShape(s), "enter a phone number, like 0912 345 678 or +84 912 345 678")
    .optional(),
  bankName: text("the bank's name", L.bankNameMax, { min: 2 }).optional(),
  bankAccount: text("the account number", 40)
    .refine((s) => s === undefined || accountDigits(s) !== null, "an account number is 6 to 20 digits")
    .transform((s) => (s === undefined ? undefined : (accountDigits(s) ?? s)))
    .optional(),
  accountHolder: text("the account holder's name", L.accountHolderMax, { min: 2 }).optional(),
  amountLost: z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      if (typeof v === "string" && v.trim() === "") return undefined;
      const n = parseAmount(v);
      if (n === null || n > L.amountMax) {
        ctx.addIssue({ code: "custom", message: "enter the amount in đồng as a whole number, like 1500000 or 1.500.000" });
        return z.NEVER;
      }
      return n;
    })
    .optional()
    .meta({ description: "Amount lost in VND (whole đồng); form posts may write 1.500.000" }),
  paymentMethod: choice(PAYMENT_METHODS, "how it was paid").optional(),
  contactMethod: choice(CONTACT_METHODS, "how they contacted you").optional(),
  platform: choice(PLATFORMS, "the platform").optional(),
  occurredOn: text("the date", 10)
    .refine((s) => s === undefined || isCalendarDay(s), "enter a date as YYYY-MM-DD")
    .refine(
      (s) => s === undefined || !isCalendarDay(s) || Date.parse(`${s}T00:00:00Z`) <= Date.now() + DAY_MS,
      "the date cannot be in the future",
    )
    .refine((s) => s === undefined || !isCalendarDay(s) || s >= "2000-01-01", "the date must be in 2000 or later")
    .optional()
    .meta({ description: "When it happened (YYYY-MM-DD)", example: "2026-03-14" }),
  anonymous: FormBoolean.default(false).meta({ description: "true: no contact details are asked or stored" }),
  contactName: text("your name", L.contactNameMax).optional(),
  contactEmail: text("your e-mail address", L.contactEmailMax)
    .refine((s) => s === undefined || /^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(s), "enter an e-mail address, like ten@example.vn")
    .optional(),
  contactPhone: text("your phone number", L.phoneMax)
    .refine((s) => s === undefined || isPhoneShape(s), "enter a phone number, like 0912 345 678")
    .optional(),
  consent: FormBoolean.optional().meta({ description: "Must be true: consent to the processing of the personal data in the report" }),
  idempotencyKey: z
    .string()
    .transform(clean)
    .pipe(IdempotencyKey.optional())
    .optional()
    .meta({ description: "Random per form; a double click with the same key makes one report" }),
};

const CONTACT_FIELDS = ["contactName", "contactEmail", "contactPhone"] as const;
const present = (v: unknown) => v !== undefined && v !== null && v !== "";

/**
 * What a reporter sends (POST /api/v1/reports, multipart or JSON; the same object validates the
 * form in the browser). Every problem is an issue addressed to its field (`path`), so the error
 * summary links to each. With `anonymous`, contact fields are dropped and never stored.
 */
export const ReportSubmissionSchema = z
  .object(submissionFields)
  .superRefine(
    (v, ctx) => {
      if (v.consent !== true)
        ctx.addIssue({
          code: "custom",
          path: ["consent"],
          message: "you must agree to the processing of the personal data in your report",
        });
      if (v.anonymous === false && !present(v.contactEmail) && !present(v.contactPhone))
        ctx.addIssue({
          code: "custom",
          path: ["contactEmail"],
          message: "give an e-mail address or a phone number so that we can reach you, or choose to report anonymously",
        });
      const category = v.category as unknown;
      if (typeof category !== "string" || !(category in CATEGORY_FIELDS)) return;
      const rules = CATEGORY_FIELDS[category as ReportCategory];
      const asked = new Set<ReportField>([...rules.required, ...rules.optional]);
      for (const f of REPORT_FIELDS) {
        const value = (v as Record<string, unknown>)[f];
        if (rules.required.includes(f) && !present(value))
          ctx.addIssue({ code: "custom", path: [f], message: `a ${category.replace("_", " ")} report needs ${FIELD_LABEL[f]}` });
        else if (!asked.has(f) && present(value))
          ctx.addIssue({ code: "custom", path: [f], message: `a ${category.replace("_", " ")} report does not ask for ${FIELD_LABEL[f]}` });
      }
      for (const group of rules.oneOf ?? []) {
        if (!group.some((f) => present((v as Record<string, unknown>)[f])))
          ctx.addIssue({
            code: "custom",
            path: [group[0] as string],
            message: `give ${group.map((f) => FIELD_LABEL[f]).join(" or ")}`,
          });
      }
      // A bank account is only useful with its bank; a holder's name only with an account.
      if (present(v.bankAccount) && !present(v.bankName))
        ctx.addIssue({ code: "custom", path: ["bankName"], message: "say which bank the account is at" });
      if (present(v.bankName) && !present(v.bankAccount))
        ctx.addIssue({ code: "custom", path: ["bankAccount"], message: "enter the account number at this bank" });
      if (present(v.accountHolder) && !present(v.bankAccount))
        ctx.addIssue({ code: "custom", path: ["bankAccount"], message: "enter the account number the holder's name belongs to" });
    },
    // Run even when a field failed (its raw value is then seen here), so the form gets every problem
    // at once — but only when the body is an object at all (null, an array or a string get the type
    // error alone).
    { when: (payload) => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value) },
  )
  .transform((v) => {
    const out = { ...v, consent: true as const };
    if (v.anonymous) for (const f of CONTACT_FIELDS) delete out[f];
    for (const k of Object.keys(out) as (keyof typeof out)[]) if (out[k] === undefined) delete out[k];
    return out;
  })
  .meta({ id: "ReportSubmission", description: "A citizen's report; each category takes only the fields it asks (CATEGORY_FIELDS)" });
export type ReportSubmission = z.output<typeof ReportSubmissionSchema>;
export type ReportSubmissionInput = z.input<typeof ReportSubmissionSchema>;

// ── Tracking ────────────────────────────────────────────────────────────────────────────────────

/** "VN-2026-7K3F-9QX2": the year and 8 Crockford base32 characters (40 random bits). */
export const TRACKING_CODE = /^VN-\d{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
export const STATUS_KEY_HEADER = "x-status-key";

export const ReportSubmitResponse = z
  .object({
    trackingCode: z.string().meta({ example: "VN-2026-7K3F-9QX2" }),
    statusKey: z.string().meta({
      description: "140 random bits, shown once (only its SHA-256 is kept); with the code it opens the status page",
      example: "7K3F-9QX2-M4TB-0C8W-ZR5D-J2HN-6PYA",
    }),
    duplicate: z
      .boolean()
      .optional()
      .meta({ description: "true when the idempotency key and answers matched a report made in the last 24 h" }),
  })
  .meta({ id: "ReportSubmitted" });
export type ReportSubmitResponse = z.infer<typeof ReportSubmitResponse>;

export const PublicNoteSchema = z
  .object({ at: z.iso.datetime(), status: ReportStatusSchema, text: z.string() })
  .meta({ id: "ReportPublicNote" });

/** GET /api/v1/reports/{trackingCode} with X-Status-Key: what the reporter may see. */
export const ReportStatusResponse = z
  .object({
    trackingCode: z.string(),
    category: ReportCategorySchema,
    status: ReportStatusSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    notes: z.array(PublicNoteSchema).meta({ description: "The analysts' public notes, oldest first" }),
  })
  .meta({ id: "ReportStatus" });
export type ReportStatusView = z.infer<typeof ReportStatusResponse>;

// ── Staff: queue, case, actions ─────────────────────────────────────────────────────────────────

const dayString = z.string().refine(isCalendarDay, "a date as YYYY-MM-DD");
export const REPORT_SORTS = ["created", "updated"] as const;
export const REPORT_PAGE_SIZE_MAX = 200;

/** GET /api/v1/staff/reports and reports.csv. Days are Vietnam's calendar days (UTC+7), inclusive. */
export const ReportQuery = z.object({
  status: ReportStatusSchema.optional(),
  category: ReportCategorySchema.optional(),
  from: dayString.optional().meta({ description: "Received on or after this day (Vietnam time)" }),
  to: dayString.optional().meta({ description: "Received on or before this day (Vietnam time)" }),
  assignee: z.string().trim().min(1).max(64).optional().meta({ description: 'A staff user id, or "none" for unassigned reports' }),
  q: z.string().trim().max(200).optional().meta({ description: "Text in the description, link, phone number, account or tracking code" }),
  sort: z.enum(REPORT_SORTS).default("created"),
  order: z.enum(["asc", "desc"]).default("desc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(REPORT_PAGE_SIZE_MAX).default(50),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const ReportListItemSchema = z
  .object({
    id: z.string(),
    trackingCode: z.string(),
    category: ReportCategorySchema,
    status: ReportStatusSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    summary: z.string().meta({ description: "The description's first 160 characters" }),
    url: z.string().nullable(),
    assigneeId: z.string().nullable(),
    assigneeName: z.string().nullable(),
    forwardedTo: z.string().nullable(),
    evidenceCount: z.number().int(),
    anonymous: z.boolean(),
  })
  .meta({ id: "ReportListItem" });
export type ReportListItem = z.infer<typeof ReportListItemSchema>;
export const ReportListResponse = z.object({
  reports: z.array(ReportListItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ReportList = z.infer<typeof ReportListResponse>;

export const ReportAnswersSchema = z
  .object({
    description: z.string(),
    url: z.string().optional(),
    phone: z.string().optional().meta({ description: "E.164" }),
    bankName: z.string().optional(),
    bankAccount: z.string().optional().meta({ description: "Digits only" }),
    accountHolder: z.string().optional(),
    amountLost: z.number().int().optional(),
    paymentMethod: z.enum(PAYMENT_METHODS).optional(),
    contactMethod: z.enum(CONTACT_METHODS).optional(),
    platform: z.enum(PLATFORMS).optional(),
    occurredOn: z.string().optional(),
  })
  .meta({ id: "ReportAnswers" });
export type ReportAnswers = z.infer<typeof ReportAnswersSchema>;

export const EvidenceItemSchema = z
  .object({
    id: z.string(),
    displayName: z.string().nullable().meta({ description: "The sanitised original name; display only, never a path" }),
    mime: z.string(),
    ext: z.string(),
    kind: z.enum(EVIDENCE_KINDS),
    size: z.number().int(),
    sha256: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "ReportEvidence" });
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;

export const REPORT_HISTORY_ACTIONS = ["created", "status", "note", "assign", "protect", "unprotect"] as const;
export const ReportHistoryEntrySchema = z
  .object({
    at: z.iso.datetime(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.enum(REPORT_HISTORY_ACTIONS),
    fromStatus: ReportStatusSchema.nullable(),
    toStatus: ReportStatusSchema.nullable(),
    forwardedTo: z.string().nullable(),
    assigneeId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "ReportHistoryEntry" });
export type ReportHistoryEntry = z.infer<typeof ReportHistoryEntrySchema>;

export const ReportNoteSchema = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime(),
    authorId: z.string().nullable(),
    authorName: z.string().nullable(),
    visibility: z.enum(["public", "private"]).meta({ description: "public: the reporter sees it on the status page" }),
    status: ReportStatusSchema,
    text: z.string(),
  })
  .meta({ id: "ReportNote" });
export type ReportNote = z.infer<typeof ReportNoteSchema>;

export const RELATED_KINDS = ["host", "phone", "bank_account"] as const;
export const RelatedReportsSchema = z
  .array(
    z.object({
      kind: z.enum(RELATED_KINDS),
      value: z.string().meta({ description: "Registrable domain (or platform page), E.164 number, or bank:digits" }),
      count: z.number().int().meta({ description: "Other reports naming it" }),
      reports: z.array(
        z.object({
          id: z.string(),
          trackingCode: z.string(),
          category: ReportCategorySchema,
          status: ReportStatusSchema,
          createdAt: z.iso.datetime(),
        }),
      ),
    }),
  )
  .meta({ id: "RelatedReports", description: "Other reports sharing a link's host, a phone number or a bank account" });
export type RelatedReports = z.infer<typeof RelatedReportsSchema>;

export const PROTECT_KINDS = ["url", "phone", "bank_account"] as const;
export type ProtectKind = (typeof PROTECT_KINDS)[number];
export const ProtectionSchema = z
  .object({
    kind: z.enum(PROTECT_KINDS),
    value: z.string().meta({ description: "Block-list expression, E.164 number or bank:digits" }),
    source: z.string().meta({ example: "report:VN-2026-7K3F-9QX2" }),
    createdBy: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "ReportProtection" });
export type Protection = z.infer<typeof ProtectionSchema>;

export const ContactSchema = z
  .object({ name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() })
  .meta({ id: "ReportContact" });

export const ReportDetailSchema = ReportListItemSchema.extend({
  answers: ReportAnswersSchema,
  contact: ContactSchema.nullable().meta({ description: "Null when anonymous, purged, or not asked for" }),
  contactPurgedAt: z.iso.datetime().nullable(),
  consentAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  evidence: z.array(EvidenceItemSchema),
  history: z.array(ReportHistoryEntrySchema),
  notes: z.array(ReportNoteSchema),
  related: RelatedReportsSchema,
  protections: z.array(ProtectionSchema),
}).meta({ id: "ReportDetail" });
export type ReportDetail = z.infer<typeof ReportDetailSchema>;

const note = (max: number, label: string) => z.string().trim().min(1, `write ${label}`).max(max, `${label} is at most ${max} characters`);

/** POST /api/v1/staff/reports/{id}/status. */
export const StatusChangeRequest = z
  .object({
    status: ReportStatusSchema,
    publicNote: note(L.publicNoteMax, "the note for the reporter"),
    privateNote: z
      .string()
      .trim()
      .max(L.privateNoteMax)
      .optional()
      .transform((s) => (s === "" ? undefined : s)),
    forwardedTo: z
      .string()
      .trim()
      .max(L.forwardedToMax)
      .optional()
      .transform((s) => (s === "" ? undefined : s)),
  })
  .superRefine((v, ctx) => {
    if (v.status === "forwarded" && !v.forwardedTo)
      ctx.addIssue({ code: "custom", path: ["forwardedTo"], message: "say which body the report goes to" });
    if (v.status !== "forwarded" && v.forwardedTo)
      ctx.addIssue({ code: "custom", path: ["forwardedTo"], message: "only a forwarded report names a body" });
  })
  .meta({ id: "ReportStatusChange" });
export type StatusChangeRequest = z.infer<typeof StatusChangeRequest>;

/** A note without a change of status. */
export const NoteRequest = z
  .object({
    publicNote: z.string().trim().max(L.publicNoteMax).optional(),
    privateNote: z.string().trim().max(L.privateNoteMax).optional(),
  })
  .refine((v) => !!v.publicNote || !!v.privateNote, { message: "write a note", path: ["publicNote"] });
export type NoteRequest = z.infer<typeof NoteRequest>;

/** POST /api/v1/staff/reports/{id}/assign; null unassigns. */
export const AssignRequest = z.object({ assigneeId: z.string().trim().min(1).max(64).nullable() }).meta({ id: "ReportAssign" });
export type AssignRequest = z.infer<typeof AssignRequest>;

/** POST (and DELETE) /api/v1/staff/reports/{id}/protect. */
export const ProtectRequest = z
  .object({
    kind: z.enum(PROTECT_KINDS),
    value: z.string().trim().min(1).max(L.urlMax).meta({ description: "The link (or domain), phone number or account number" }),
    bank: z.string().trim().max(L.bankNameMax).optional().meta({ description: "The bank, for kind bank_account" }),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "bank_account" && !v.bank) ctx.addIssue({ code: "custom", path: ["bank"], message: "say which bank the account is at" });
  })
  .meta({ id: "ReportProtect" });
export type ProtectRequest = z.infer<typeof ProtectRequest>;

// ── Public scam-identifier check ────────────────────────────────────────────────────────────────

/** Kinds of scam an identifier was used in: the report categories that involve one, and common scam types. */
export const SCAM_KINDS = [
  "scam",
  "phishing",
  "malware",
  "impersonation",
  "investment",
  "online_job",
  "loan",
  "online_shopping",
  "romance",
  "prize",
] as const;
export type ScamKind = (typeof SCAM_KINDS)[number];
export const IDENTIFIER_KINDS = ["phone", "bank_account"] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** GET /api/v1/scam-identifiers/check?phone=… or ?bank=…&account=… */
export const ScamIdentifierQuery = z
  .object({
    phone: z.string().trim().max(L.phoneMax).optional(),
    bank: z.string().trim().max(L.bankNameMax).optional(),
    account: z.string().trim().max(40).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.phone) {
      if (v.bank || v.account)
        ctx.addIssue({ code: "custom", path: ["phone"], message: "check a phone number or a bank account, not both" });
      else if (!isPhoneShape(v.phone)) ctx.addIssue({ code: "custom", path: ["phone"], message: "not a phone number" });
      return;
    }
    if (!v.account) ctx.addIssue({ code: "custom", path: ["account"], message: "give a phone number, or a bank and an account number" });
    else if (accountDigits(v.account) === null)
      ctx.addIssue({ code: "custom", path: ["account"], message: "an account number is 6 to 20 digits" });
    if (!v.bank) ctx.addIssue({ code: "custom", path: ["bank"], message: "say which bank the account is at" });
  });
export type ScamIdentifierQuery = z.infer<typeof ScamIdentifierQuery>;

export const ScamIdentifierCheckSchema = z
  .object({
    confirmed: z.boolean().meta({ description: "Confirmed by analysts as used in scams. false does not prove it is safe." }),
    kind: z.enum(IDENTIFIER_KINDS),
    value: z.string().meta({ description: "The normalised identifier: E.164, or bank:digits", example: "+84912345678" }),
    firstSeen: z.iso.datetime().nullable(),
    lastSeen: z.iso.datetime().nullable(),
    kinds: z.array(z.enum(SCAM_KINDS)),
    sources: z.array(z.string()).optional().meta({ description: "Staff only: where the confirmations came from" }),
  })
  .meta({ id: "ScamIdentifierCheck" });
export type ScamIdentifierCheck = z.infer<typeof ScamIdentifierCheckSchema>;

// ── Public statistics ───────────────────────────────────────────────────────────────────────────

/** Counts under this are published as SMALL_COUNT, so that no single report (or check) can be picked out. */
export const SMALL_COUNT_THRESHOLD = 5;
export const SMALL_COUNT = "< 5" as const;
/** A count as published: the number when it is 5 or more, else the string "< 5" (zero included). */
export type SmallCount = number | typeof SMALL_COUNT;
export const SmallCountSchema = z
  .union([z.number().int().min(SMALL_COUNT_THRESHOLD), z.literal(SMALL_COUNT)])
  .meta({ id: "SmallCount", description: 'A count; any count under 5 (zero too) is given as the string "< 5"' });

/** The small-count rule, zod-free for pages and charts. */
export function smallCount(n: number): SmallCount {
  return n < SMALL_COUNT_THRESHOLD ? SMALL_COUNT : n;
}

export const CHECK_TOOLS = ["url", "hash", "password", "account", "scam_identifier"] as const;
export type CheckTool = (typeof CHECK_TOOLS)[number];

export const StatsResponse = z
  .object({
    generatedAt: z.iso.datetime(),
    smallCountRule: z.string().meta({ example: 'Counts under 5 are given as "< 5".' }),
    reportsByWeek: z
      .array(
        z.object({
          week: z.string().meta({ example: "2026-W07" }),
          start: z.string().meta({ description: "Monday (YYYY-MM-DD)" }),
          counts: z.record(ReportCategorySchema, SmallCountSchema),
        }),
      )
      .meta({ description: "The last 26 ISO weeks (Vietnam time), oldest first" }),
    reportsByStatus: z.record(ReportStatusSchema, SmallCountSchema),
    medianHoursToFirstPublicNote: z
      .number()
      .nullable()
      .meta({ description: "Over reports of the last 26 weeks that have one; null when fewer than 5 do" }),
    medianBasedOn: SmallCountSchema,
    confirmedIdentifiers: z.record(z.enum(IDENTIFIER_KINDS), SmallCountSchema),
    lists: z
      .array(
        z.object({
          day: z.string(),
          list: z.enum(["url", "phone", "bank_account"]),
          source: z.string(),
          size: SmallCountSchema,
          // ALERT_TRACKING_ID's pattern, written out: alerts.ts imports this file through staff.ts.
          trackingId: z
            .string()
            .regex(/^VN-ATTT-\d{4}-\d{4,}$/)
            .optional()
            .meta({
              description:
                "For an alert's entries (source \"alert:<id>\"): the alert's public tracking ID. Absent when the alert is withdrawn or not public",
              example: "VN-ATTT-2026-0001",
            }),
        }),
      )
      .meta({
        description: 'Daily sizes of the block list (by source; reports\' entries as one source, "reports") and the confirmed identifiers',
      }),
    checks: z
      .array(z.object({ day: z.string(), tool: z.enum(CHECK_TOOLS), verdict: z.string(), count: SmallCountSchema }))
      .meta({ description: "Checks answered per day (Vietnam time) by tool and verdict; nothing checked is kept" }),
  })
  .meta({ id: "Stats" });
export type Stats = z.infer<typeof StatsResponse>;
