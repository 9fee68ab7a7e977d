// Security alerts as they cross HTTP and Astro.locals (issue 14): the staff's draft and its changes,
// the public alert and its list, the staff list and the version history. Severity, urgency and
// certainty take CAP 1.2's values (OASIS CAP v1.2 §3.2.2) written in lower case.
import { z } from "zod";
import { LangSchema } from "./lang.ts";
import { AUDIENCES, hasControl, isDigest } from "./rules.ts";
import { AgencySlug } from "./staff.ts";

export const ALERT_KINDS = ["scam_campaign", "malware", "vulnerability", "data_leak", "advice"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const AlertKindSchema = z.enum(ALERT_KINDS);

/** CAP 1.2 <severity>, <urgency> and <certainty>, lower-cased. */
export const ALERT_SEVERITIES = ["extreme", "severe", "moderate", "minor", "unknown"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const AlertSeveritySchema = z.enum(ALERT_SEVERITIES);
export const ALERT_URGENCIES = ["immediate", "expected", "future", "past", "unknown"] as const;
export type AlertUrgency = (typeof ALERT_URGENCIES)[number];
export const AlertUrgencySchema = z.enum(ALERT_URGENCIES);
export const ALERT_CERTAINTIES = ["observed", "likely", "possible", "unlikely", "unknown"] as const;
export type AlertCertainty = (typeof ALERT_CERTAINTIES)[number];
export const AlertCertaintySchema = z.enum(ALERT_CERTAINTIES);

/** FIRST Traffic Light Protocol 2.0. Only CLEAR is ever shown outside the staff console. */
export const TLP_LABELS = ["CLEAR", "GREEN", "AMBER", "RED"] as const;
export type TlpLabel = (typeof TLP_LABELS)[number];
export const TlpSchema = z.enum(TLP_LABELS);

/** Where an alert stands for the public: never published (null), published, or withdrawn (still shown, marked as such). */
export const ALERT_PUBLIC_STATUSES = ["published", "withdrawn"] as const;
export type AlertPublicStatus = (typeof ALERT_PUBLIC_STATUSES)[number];
/** The working copy: being written, or waiting for another person to review and publish it. */
export const ALERT_DRAFT_STATUSES = ["draft", "in_review"] as const;
export type AlertDraftStatus = (typeof ALERT_DRAFT_STATUSES)[number];
/** A version is the first publication, a correction (CAP msgType Update) or the withdrawal (Cancel). */
export const ALERT_CHANGES = ["initial", "correction", "withdrawal"] as const;
export type AlertChange = (typeof ALERT_CHANGES)[number];
export const CAP_MSG_TYPES = { initial: "Alert", correction: "Update", withdrawal: "Cancel" } as const;

/** "VN-ATTT-2026-0001": the portal-wide tracking ID, given at first publication and kept by every version. */
export const ALERT_TRACKING_ID = /^VN-ATTT-\d{4}-\d{4,}$/;
/** CVE JSON 5 cveId: "CVE-", a four-digit year and at least four digits. */
export const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;
/**
 * A CVSS v3.1 vector: the eight base metrics in the specification's order (CVSS v3.1 §6), then any
 * temporal or environmental metrics.
 */
export const CVSS31_VECTOR =
  /^CVSS:3\.1\/AV:[NALP]\/AC:[LH]\/PR:[NLH]\/UI:[NR]\/S:[UC]\/C:[NLH]\/I:[NLH]\/A:[NLH](\/(E:[XUPFH]|RL:[XOTWU]|RC:[XURC]|[CIA]R:[XLMH]|MAV:[XNALP]|MAC:[XLH]|MPR:[XNLH]|MUI:[XNR]|MS:[XUC]|M[CIA]:[XNLH]))*$/;

export const ALERT_LIMITS = {
  title: 160, // CAP 1.2 <headline>: "SHOULD be less than 160 characters"
  summary: 600,
  body: 20_000,
  recommendations: 10_000,
  note: 1000,
  cves: 50,
  products: 50,
  versions: 50,
  name: 100,
  references: 30,
  url: 2048,
  indicators: 200,
  identifiers: 100,
} as const;

const CVSS_WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** CVSS v3.1 Appendix A: the smallest number with one decimal that is not less than the input, free of floating-point drift. */
function roundUp(value: number): number {
  const i = Math.round(value * 100_000);
  return i % 10_000 === 0 ? i / 100_000 : (Math.floor(i / 10_000) + 1) / 10;
}

/** The CVSS v3.1 base score of a vector (specification §7.1), or null when it is not a v3.1 vector. */
export function cvss31BaseScore(vector: string): number | null {
  if (!CVSS31_VECTOR.test(vector)) return null;
  const m = Object.fromEntries(
    vector
      .split("/")
      .slice(1, 9)
      .map((p) => p.split(":") as [string, string]),
  ) as Record<"AV" | "AC" | "PR" | "UI" | "S" | "C" | "I" | "A", string>;
  const changed = m.S === "C";
  const w = <T extends Record<string, number>>(table: T, key: string) => table[key as keyof T] as number;
  const pr = m.PR === "N" ? 0.85 : m.PR === "L" ? (changed ? 0.68 : 0.62) : changed ? 0.5 : 0.27;
  const iss = 1 - (1 - w(CVSS_WEIGHTS.CIA, m.C)) * (1 - w(CVSS_WEIGHTS.CIA, m.I)) * (1 - w(CVSS_WEIGHTS.CIA, m.A));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * w(CVSS_WEIGHTS.AV, m.AV) * w(CVSS_WEIGHTS.AC, m.AC) * pr * w(CVSS_WEIGHTS.UI, m.UI);
  if (impact <= 0) return 0;
  return roundUp(Math.min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10));
}

export type CvssSeverity = "NONE" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
/** CVSS v3.1 §5: the qualitative rating of a score. */
export function cvssSeverity(score: number): CvssSeverity {
  if (score === 0) return "NONE";
  if (score < 4) return "LOW";
  if (score < 7) return "MEDIUM";
  if (score < 9) return "HIGH";
  return "CRITICAL";
}

const noControls = (multiline: boolean) => (s: string) => !hasControl(s) && (multiline || !/[\t\r\n]/.test(s));

/** Text as written: NFC, trimmed, not empty, bounded, no control characters (single-line unless said). */
function text(label: string, max: number, multiline = false) {
  return z
    .string()
    .normalize("NFC")
    .trim()
    .min(1, `enter ${label}`)
    .max(max, `${label} must be at most ${max} characters`)
    .refine(noControls(multiline), `${label} contains control characters`);
}

/** The same text in Vietnamese and English: the portal publishes both, at parity. */
function localised(label: string, max: number, multiline = false) {
  return z.object({ vi: text(`${label} in Vietnamese`, max, multiline), en: text(`${label} in English`, max, multiline) });
}

const httpUrl = z
  .string()
  .trim()
  .max(ALERT_LIMITS.url)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
    } catch {
      return false;
    }
  }, "a reference is an http:// or https:// address")
  .meta({ example: "https://logging.apache.org/log4j/2.x/security.html" });

export const AlertCveSchema = z
  .object({
    id: z.string().trim().toUpperCase().regex(CVE_ID, 'a CVE ID looks like "CVE-2021-44228"').meta({ example: "CVE-2021-44228" }),
    cvssVector: z
      .string()
      .trim()
      .regex(CVSS31_VECTOR, 'a CVSS v3.1 vector starts "CVSS:3.1/AV:…" and names the eight base metrics in order')
      .optional()
      .meta({ example: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H" }),
    cvssScore: z
      .number()
      .min(0)
      .max(10)
      .optional()
      .meta({ example: 10, description: "The base score; computed from the vector when left out, and must match it when given" }),
  })
  .superRefine((c, ctx) => {
    if (c.cvssScore !== undefined && c.cvssVector === undefined)
      ctx.addIssue({ code: "custom", path: ["cvssVector"], message: "give the CVSS vector the score comes from" });
    if (c.cvssScore !== undefined && c.cvssVector !== undefined) {
      const computed = cvss31BaseScore(c.cvssVector);
      if (computed !== null && Math.abs(computed - c.cvssScore) > 1e-9)
        ctx.addIssue({
          code: "custom",
          path: ["cvssScore"],
          message: `the vector's base score is ${computed.toFixed(1)}, not ${c.cvssScore}`,
        });
    }
  })
  .meta({ id: "AlertCve" });
export type AlertCve = z.infer<typeof AlertCveSchema>;

export const AlertProductSchema = z
  .object({
    vendor: text("the vendor", ALERT_LIMITS.name),
    product: text("the product", ALERT_LIMITS.name),
    versions: z
      .array(text("a version", ALERT_LIMITS.name))
      .max(ALERT_LIMITS.versions)
      .optional()
      .meta({ description: 'Affected versions; a range may be written as one entry ("< 2.15.0")' }),
  })
  .meta({ id: "AlertProduct", example: { vendor: "Apache", product: "Log4j", versions: ["2.14.1"] } });
export type AlertProduct = z.infer<typeof AlertProductSchema>;

/** A link as an agency lists it in a scam: scheme optional, http(s) only, no spaces, a host with a dot or an IP address. */
export function isIndicatorUrl(s: string): boolean {
  if (/\s/.test(s)) return false;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `http://${s}`;
  try {
    const u = new URL(withScheme);
    return (u.protocol === "http:" || u.protocol === "https:") && (u.hostname.includes(".") || u.hostname.startsWith("["));
  } catch {
    return false;
  }
}

/** 8 to 15 digits with the characters numbers are written with (ITU-T E.164). */
export function isAlertPhone(s: string): boolean {
  if (!/^\+?[\d\s().\-/]+$/.test(s)) return false;
  const digits = s.replace(/\D/g, "").length;
  return digits >= 8 && digits <= 15;
}

/** An account number as written ("0071 0001 23456") with 6 to 20 digits. */
export function isAlertAccount(s: string): boolean {
  return /^\d{6,20}$/.test(s.replace(/[\s.-]/g, ""));
}

export const AlertBankAccountSchema = z.object({
  bank: text("the bank", ALERT_LIMITS.name).meta({ example: "Ngân hàng TMCP Ví dụ" }),
  account: z.string().trim().max(40).refine(isAlertAccount, "an account number is 6 to 20 digits").meta({ example: "0123 456 789" }),
});

export const AlertIndicatorsInput = z
  .object({
    urls: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(ALERT_LIMITS.url)
          .refine(isIndicatorUrl, "a link is an http:// or https:// address with a host name, without spaces"),
      )
      .max(ALERT_LIMITS.indicators)
      .optional()
      .meta({
        description: "Links used in the campaign; they go into the link check",
        example: ["https://vietcombank-xacminh.example/dang-nhap"],
      }),
    domains: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .regex(/^[^\s/?#@:]{1,253}$/, "a domain is a host name only, without scheme or path")
          .refine((d) => d.includes("."), "a domain has at least one dot"),
      )
      .max(ALERT_LIMITS.indicators)
      .optional()
      .meta({ description: "Whole domains (and their subdomains) used in the campaign", example: ["vietcombank-xacminh.example"] }),
    hashes: z
      .array(z.string().trim().toLowerCase().refine(isDigest, "a file hash is an MD5, SHA-1 or SHA-256 in hexadecimal"))
      .max(ALERT_LIMITS.indicators)
      .optional(),
    phones: z
      .array(z.string().trim().max(32).refine(isAlertPhone, "a phone number has 8 to 15 digits"))
      .max(ALERT_LIMITS.identifiers)
      .optional()
      .meta({ example: ["0912 345 678"] }),
    bankAccounts: z.array(AlertBankAccountSchema).max(ALERT_LIMITS.identifiers).optional(),
  })
  .meta({ id: "AlertIndicatorsInput", description: "Indicators of the scam or malware; optional parts may be left out" });

const draftFields = {
  kind: AlertKindSchema,
  severity: AlertSeveritySchema,
  urgency: AlertUrgencySchema,
  certainty: AlertCertaintySchema,
  tlp: TlpSchema.meta({ description: "Only CLEAR alerts are ever public, in feeds or in the checks" }),
  audience: z
    .array(z.enum(AUDIENCES))
    .max(AUDIENCES.length)
    .optional()
    .meta({ description: "Who the alert is for; everyone when left out" }),
  title: localised("the title", ALERT_LIMITS.title),
  summary: localised("the summary", ALERT_LIMITS.summary, true).meta({ description: "Plain text, one or two sentences" }),
  body: localised("the text", ALERT_LIMITS.body, true).meta({ description: "Markdown; raw HTML is shown as text" }),
  recommendations: localised("the recommendations", ALERT_LIMITS.recommendations, true).optional().meta({ description: "Markdown" }),
  cves: z.array(AlertCveSchema).max(ALERT_LIMITS.cves).optional(),
  products: z.array(AlertProductSchema).max(ALERT_LIMITS.products).optional(),
  references: z.array(httpUrl).max(ALERT_LIMITS.references).optional(),
  indicators: AlertIndicatorsInput.optional(),
};

interface DraftRuleInput {
  kind?: AlertKind;
  cves?: { id: string }[] | undefined;
  products?: unknown[] | undefined;
}

/** Rules across fields, applied to a whole draft (a PATCH is merged first and checked the same way). */
export function checkAlertDraft(v: DraftRuleInput, ctx: z.RefinementCtx): void {
  if (v.kind === "vulnerability" && (v.products?.length ?? 0) === 0)
    ctx.addIssue({ code: "custom", path: ["products"], message: "a vulnerability alert names at least one affected product" });
  const seen = new Set<string>();
  v.cves?.forEach((c, i) => {
    if (seen.has(c.id)) ctx.addIssue({ code: "custom", path: ["cves", i, "id"], message: `${c.id} is listed twice` });
    seen.add(c.id);
  });
}

const DRAFT_EXAMPLE = {
  kind: "scam_campaign",
  severity: "severe",
  urgency: "immediate",
  certainty: "observed",
  tlp: "CLEAR",
  title: { vi: "Tin nhắn giả mạo ngân hàng yêu cầu xác minh tài khoản", en: "Fake bank messages asking to verify your account" },
  summary: {
    vi: "Kẻ gian gửi tin nhắn mạo danh ngân hàng kèm đường dẫn tới trang đăng nhập giả.",
    en: "Criminals send messages posing as a bank with a link to a fake sign-in page.",
  },
  body: {
    vi: "## Diễn biến\n\nTin nhắn báo tài khoản sắp bị khoá…",
    en: "## What is happening\n\nThe message says the account is about to be locked…",
  },
  recommendations: { vi: "- Không bấm vào đường dẫn trong tin nhắn.", en: "- Do not follow links in such messages." },
  indicators: { domains: ["vietcombank-xacminh.example"], phones: ["0912 345 678"] },
};

export const AlertDraftRequest = z
  .object(draftFields)
  .superRefine(checkAlertDraft)
  .meta({ id: "AlertDraftRequest", description: "A new alert draft (POST /api/v1/staff/alerts)", example: DRAFT_EXAMPLE });
export type AlertDraftRequest = z.input<typeof AlertDraftRequest>;
export type AlertDraft = z.output<typeof AlertDraftRequest>;

/** A change note or withdrawal reason: one text for both languages, or one per language. */
export const AlertNoteInput = z
  .union([text("the note", ALERT_LIMITS.note, true), localised("the note", ALERT_LIMITS.note, true)])
  .meta({ example: { vi: "Bổ sung tên miền mới của chiến dịch.", en: "Adds the campaign's new domain." } });

export const AlertPatchRequest = z
  .object(draftFields)
  .partial()
  .extend({
    changeNote: AlertNoteInput.optional().meta({ description: "What a correction changes; required before a correction is submitted" }),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "say what to change")
  .meta({
    id: "AlertPatchRequest",
    description: "Changes to a draft or, for a published alert, a correction (PATCH /api/v1/staff/alerts/{id})",
    example: { severity: "extreme", changeNote: "The campaign now also uses SMS brand names." },
  });
export type AlertPatchRequest = z.input<typeof AlertPatchRequest>;
export type AlertPatch = z.output<typeof AlertPatchRequest>;

export const AlertWithdrawRequest = z
  .object({ reason: AlertNoteInput })
  .meta({ id: "AlertWithdrawRequest", example: { reason: "The campaign described was a duplicate of VN-ATTT-2026-0003." } });
export type AlertWithdrawRequest = z.input<typeof AlertWithdrawRequest>;

export const AlertCreatedResponse = z.object({ id: z.string() }).meta({ id: "AlertCreated" });

// ── What the public and the staff read ─────────────────────────────────────────────────────────

const LocalisedString = z.object({ vi: z.string(), en: z.string() });

export const AlertIndicatorsSchema = z
  .object({
    urls: z.array(z.string()),
    domains: z.array(z.string()),
    hashes: z.array(z.string()),
    phones: z.array(z.string()),
    bankAccounts: z.array(z.object({ bank: z.string(), account: z.string() })),
  })
  .meta({ id: "AlertIndicators" });
export type AlertIndicators = z.infer<typeof AlertIndicatorsSchema>;

/** An alert's content as stored for each version: every list present, texts normalised. */
export const AlertContentSchema = z
  .object({
    kind: AlertKindSchema,
    severity: AlertSeveritySchema,
    urgency: AlertUrgencySchema,
    certainty: AlertCertaintySchema,
    tlp: TlpSchema,
    audience: z.array(z.enum(AUDIENCES)),
    title: LocalisedString,
    summary: LocalisedString,
    body: LocalisedString.meta({ description: "Markdown" }),
    recommendations: LocalisedString.nullable().meta({ description: "Markdown" }),
    cves: z.array(z.object({ id: z.string(), cvssVector: z.string().nullable(), cvssScore: z.number().nullable() })),
    products: z.array(z.object({ vendor: z.string(), product: z.string(), versions: z.array(z.string()) })),
    references: z.array(z.string()),
    indicators: AlertIndicatorsSchema,
  })
  .meta({ id: "AlertContent" });
export type AlertContent = z.infer<typeof AlertContentSchema>;

export const AlertAgencySchema = z.object({ slug: z.string(), nameVi: z.string(), nameEn: z.string() }).meta({ id: "AlertAgency" });

export const AlertVersionSchema = z
  .object({
    version: z.number().int().min(1),
    change: z.enum(ALERT_CHANGES),
    msgType: z.enum(["Alert", "Update", "Cancel"]).meta({ description: "The CAP 1.2 msgType of this version's message" }),
    publishedAt: z.iso.datetime(),
    note: LocalisedString.nullable().meta({ description: "The change note of a correction, the reason of a withdrawal" }),
  })
  .meta({ id: "AlertVersion" });
export type AlertVersion = z.infer<typeof AlertVersionSchema>;

const alertSummaryFields = {
  id: z.string(),
  trackingId: z.string().meta({ example: "VN-ATTT-2026-0001" }),
  status: z.enum(ALERT_PUBLIC_STATUSES),
  version: z.number().int().min(1),
  kind: AlertKindSchema,
  severity: AlertSeveritySchema,
  urgency: AlertUrgencySchema,
  certainty: AlertCertaintySchema,
  agency: AlertAgencySchema,
  title: LocalisedString,
  summary: LocalisedString,
  firstPublishedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime().meta({ description: "When the latest version (correction or withdrawal) was published" }),
  withdrawnAt: z.iso.datetime().nullable(),
  isDemo: z.boolean().meta({ description: "Demo data loaded into an empty portal, not a real alert" }),
  url: z
    .string()
    .meta({ description: "Site-relative link to the alert's page in the language asked for", example: "/canh-bao/vn-attt-2026-0001/" }),
};

export const AlertSummarySchema = z.object(alertSummaryFields).meta({ id: "AlertSummary" });
export type AlertSummary = z.infer<typeof AlertSummarySchema>;

export const AlertSchema = z
  .object({
    ...alertSummaryFields,
    tlp: z.literal("CLEAR"),
    audience: z.array(z.enum(AUDIENCES)),
    body: LocalisedString.meta({ description: "Markdown as written" }),
    bodyHtml: LocalisedString.meta({ description: "The body rendered and sanitised: safe to insert as HTML" }),
    recommendations: LocalisedString.nullable(),
    recommendationsHtml: LocalisedString.nullable(),
    cves: AlertContentSchema.shape.cves,
    products: AlertContentSchema.shape.products,
    references: z.array(z.string()),
    indicators: AlertIndicatorsSchema,
    withdrawalReason: LocalisedString.nullable(),
    history: z.array(AlertVersionSchema).meta({ description: "Oldest first" }),
    links: z.object({
      page: LocalisedString,
      cap: z.string().meta({ example: "/api/v1/alerts/abc.cap.xml" }),
      csaf: z.string().meta({ example: "/.well-known/csaf/clear/2026/vn-attt-2026-0001.json" }),
    }),
  })
  .meta({ id: "Alert", description: "A published or withdrawn TLP:CLEAR alert" });
export type Alert = z.infer<typeof AlertSchema>;

export const ALERT_PAGE_SIZE = 20;
export const AlertListQuery = z.object({
  kind: AlertKindSchema.optional(),
  severity: AlertSeveritySchema.optional(),
  agency: AgencySlug.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional().meta({ description: "Year of first publication" }),
  lang: LangSchema.optional().meta({ description: "The language of each item's `url`; vi when left out" }),
  page: z.coerce.number().int().min(1).max(1000).default(1),
});
export type AlertListQuery = z.input<typeof AlertListQuery>;
export const AlertListResponse = z
  .object({ alerts: z.array(AlertSummarySchema), total: z.number().int() })
  .meta({ id: "AlertList", description: "Published and withdrawn alerts, newest first" });
export type AlertList = z.infer<typeof AlertListResponse>;

// ── Staff ──────────────────────────────────────────────────────────────────────────────────────

export const StaffAlertVersionSchema = AlertVersionSchema.extend({
  authorId: z.string().nullable(),
  publishedBy: z.string().nullable().meta({ description: "The reviewer who published it, or who withdrew it" }),
}).meta({ id: "StaffAlertVersion" });
export type StaffAlertVersion = z.infer<typeof StaffAlertVersionSchema>;

export const StaffAlertItemSchema = z
  .object({
    id: z.string(),
    trackingId: z.string().nullable().meta({ description: "Given at first publication" }),
    agency: AlertAgencySchema.extend({ id: z.string() }),
    title: LocalisedString.meta({ description: "Of the working copy when there is one, else of the published version" }),
    kind: AlertKindSchema,
    severity: AlertSeveritySchema,
    tlp: TlpSchema,
    publicStatus: z.enum(ALERT_PUBLIC_STATUSES).nullable().meta({ description: "null: never published" }),
    draftStatus: z.enum(ALERT_DRAFT_STATUSES).nullable().meta({ description: "null: nothing waits to be published" }),
    version: z.number().int().min(0).meta({ description: "The published version; 0 before the first publication" }),
    authorId: z.string().nullable().meta({ description: "Who started the working copy" }),
    isDemo: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    canEdit: z.boolean().meta({ description: "Whether the person asking may change it" }),
    canPublish: z.boolean().meta({ description: "Whether the person asking may publish it now (in review, and not written by them)" }),
  })
  .meta({ id: "StaffAlertItem" });
export type StaffAlertItem = z.infer<typeof StaffAlertItemSchema>;

export const StaffAlertSchema = StaffAlertItemSchema.extend({
  draft: AlertContentSchema.nullable().meta({ description: "The working copy" }),
  changeNote: LocalisedString.nullable(),
  contributors: z.array(z.string()).meta({ description: "Everyone who wrote part of the working copy: none of them may publish it" }),
  submittedAt: z.iso.datetime().nullable(),
  published: AlertContentSchema.nullable().meta({ description: "What the public sees now" }),
  withdrawalReason: LocalisedString.nullable(),
  history: z.array(StaffAlertVersionSchema),
}).meta({ id: "StaffAlert" });
export type StaffAlert = z.infer<typeof StaffAlertSchema>;

export const STAFF_ALERT_STATES = ["draft", "in_review", "published", "withdrawn"] as const;
export const StaffAlertListQuery = z.object({
  state: z
    .enum(STAFF_ALERT_STATES)
    .optional()
    .meta({ description: "draft and in_review match the working copy; published and withdrawn the public state" }),
  agency: AgencySlug.optional().meta({ description: "Administrators only; a publisher always sees their own agency" }),
  page: z.coerce.number().int().min(1).max(1000).default(1),
});
export type StaffAlertListQuery = z.input<typeof StaffAlertListQuery>;
export const StaffAlertListResponse = z
  .object({ alerts: z.array(StaffAlertItemSchema), total: z.number().int() })
  .meta({ id: "StaffAlertList" });
export type StaffAlertList = z.infer<typeof StaffAlertListResponse>;
export const StaffAlertResponse = z.object({ alert: StaffAlertSchema }).meta({ id: "StaffAlertResponse" });

/** A new draft as the staff API takes it: the draft, and for an administrator the agency it speaks for. */
export const AlertCreateRequest = AlertDraftRequest.safeExtend({
  agency: AgencySlug.optional().meta({
    description: "The issuing agency's slug: required for an administrator; a publisher may leave it out (always their own)",
    example: "vncert",
  }),
}).meta({ id: "AlertCreateRequest", description: "A new alert draft (POST /api/v1/staff/alerts)", example: { ...DRAFT_EXAMPLE } });
export type AlertCreateRequest = z.input<typeof AlertCreateRequest>;

/** Markdown to preview as the public will see it (the draft form's "preview" button). */
export const AlertPreviewRequest = z
  .object({ markdown: z.string().max(ALERT_LIMITS.body, `a text may have at most ${ALERT_LIMITS.body} characters`) })
  .meta({ id: "AlertPreviewRequest", example: { markdown: "## Diễn biến\n\n- Không bấm vào đường dẫn lạ." } });
export const AlertPreviewResponse = z
  .object({ html: z.string().meta({ description: "Rendered with raw HTML off, then sanitised: safe to insert as HTML" }) })
  .meta({ id: "AlertPreview" });
export type AlertPreview = z.infer<typeof AlertPreviewResponse>;

/** What the public list can be filtered by: the agencies and years that have public alerts. */
export interface AlertFacets {
  agencies: z.infer<typeof AlertAgencySchema>[];
  /** Newest first. */
  years: number[];
}
