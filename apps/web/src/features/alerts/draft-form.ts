// The staff's draft form: what its fields are called, how the posted form becomes the API's draft
// request (lists one item per line; a product or a bank account as parts separated by "|"), how a
// stored draft fills the form again, and which field each of the API's issues belongs to. Plain
// functions, tested in draft-form.test.ts: the API validates, this only carries the words across.
import {
  ALERT_CERTAINTIES,
  ALERT_KINDS,
  ALERT_SEVERITIES,
  ALERT_URGENCIES,
  type AlertContent,
  type AlertDraftRequest,
  AUDIENCES,
  type Audience,
  TLP_LABELS,
} from "@portal/contracts";

/** The form's text fields: the posted name → the control's id (the error summary links to it). */
export const DRAFT_FIELDS = {
  agency: "alert-agency",
  kind: "alert-kind",
  severity: "alert-severity",
  urgency: "alert-urgency",
  certainty: "alert-certainty",
  tlp: "alert-tlp",
  titleVi: "alert-title-vi",
  titleEn: "alert-title-en",
  summaryVi: "alert-summary-vi",
  summaryEn: "alert-summary-en",
  bodyVi: "alert-body-vi",
  bodyEn: "alert-body-en",
  recommendationsVi: "alert-recommendations-vi",
  recommendationsEn: "alert-recommendations-en",
  cves: "alert-cves",
  products: "alert-products",
  references: "alert-references",
  urls: "alert-urls",
  domains: "alert-domains",
  hashes: "alert-hashes",
  phones: "alert-phones",
  bankAccounts: "alert-bank-accounts",
  changeNoteVi: "alert-change-note-vi",
  changeNoteEn: "alert-change-note-en",
} as const;
export type DraftField = keyof typeof DRAFT_FIELDS;
/** The audience checkboxes' ids, one per audience. */
export const audienceId = (a: Audience) => `alert-audience-${a}`;

export type DraftValues = Record<DraftField, string> & { audience: Audience[] };

export const EMPTY_DRAFT: DraftValues = {
  ...(Object.fromEntries(Object.keys(DRAFT_FIELDS).map((k) => [k, ""])) as Record<DraftField, string>),
  tlp: "CLEAR",
  audience: [],
};

/** The form as posted: every text field (missing ones empty) and the ticked audiences. */
export function valuesFromForm(form: { get(name: string): unknown; getAll(name: string): unknown[] }): DraftValues {
  const text = (name: string) => {
    const v = form.get(name);
    // Browsers post CRLF line ends in a textarea (HTML §4.10.11); the API stores what was meant.
    return typeof v === "string" ? v.replace(/\r\n?/g, "\n") : "";
  };
  const values = { ...EMPTY_DRAFT };
  for (const k of Object.keys(DRAFT_FIELDS) as DraftField[]) values[k] = text(k);
  values.audience = form.getAll("audience").filter((a): a is Audience => (AUDIENCES as readonly unknown[]).includes(a));
  return values;
}

const lines = (s: string) =>
  s
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
const parts = (line: string) => line.split("|").map((p) => p.trim());
const pick = <T extends string>(choices: readonly T[], v: string): T | undefined =>
  (choices as readonly string[]).includes(v) ? (v as T) : undefined;

/** "CVE-2021-44228 CVSS:3.1/AV:N/…" → { id, cvssVector }; a number after it is the score. */
function cveOf(line: string) {
  const [id = "", ...rest] = line.split(/\s+/);
  const vector = rest.find((t) => t.toUpperCase().startsWith("CVSS:"));
  const score = rest.find((t) => /^\d{1,2}([.,]\d)?$/.test(t));
  return { id, ...(vector ? { cvssVector: vector } : {}), ...(score ? { cvssScore: Number(score.replace(",", ".")) } : {}) };
}

/**
 * The draft request the form describes. Selects left at "choose" are sent empty, so the API names
 * them; optional parts left empty are left out. The recommendations go when either half is written
 * (the API then asks for the other).
 */
export function requestFromValues(v: DraftValues): AlertDraftRequest {
  const rec = v.recommendationsVi.trim() !== "" || v.recommendationsEn.trim() !== "";
  const list = (s: string) => lines(s);
  return {
    kind: (pick(ALERT_KINDS, v.kind) ?? v.kind) as AlertDraftRequest["kind"],
    severity: (pick(ALERT_SEVERITIES, v.severity) ?? v.severity) as AlertDraftRequest["severity"],
    urgency: (pick(ALERT_URGENCIES, v.urgency) ?? v.urgency) as AlertDraftRequest["urgency"],
    certainty: (pick(ALERT_CERTAINTIES, v.certainty) ?? v.certainty) as AlertDraftRequest["certainty"],
    tlp: (pick(TLP_LABELS, v.tlp) ?? v.tlp) as AlertDraftRequest["tlp"],
    audience: v.audience,
    title: { vi: v.titleVi, en: v.titleEn },
    summary: { vi: v.summaryVi, en: v.summaryEn },
    body: { vi: v.bodyVi, en: v.bodyEn },
    ...(rec ? { recommendations: { vi: v.recommendationsVi, en: v.recommendationsEn } } : {}),
    cves: list(v.cves).map(cveOf),
    products: list(v.products).map((l) => {
      const [vendor = "", product = "", versions = ""] = parts(l);
      return {
        vendor,
        product,
        versions: versions
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      };
    }),
    references: list(v.references),
    indicators: {
      urls: list(v.urls),
      domains: list(v.domains),
      hashes: list(v.hashes),
      phones: list(v.phones),
      bankAccounts: list(v.bankAccounts).map((l) => {
        const p = parts(l);
        return p.length >= 2 ? { bank: p.slice(0, -1).join(" | "), account: p.at(-1) ?? "" } : { bank: "", account: p[0] ?? "" };
      }),
    },
  };
}

/** A change note or reason from its two halves: one text for both when only one is written. */
export function noteFrom(vi: string, en: string): string | { vi: string; en: string } | undefined {
  const a = vi.trim();
  const b = en.trim();
  if (a && b) return { vi: a, en: b };
  return a || b || undefined;
}

/** The form filled from stored content (to edit a draft, or to start a correction from what is published). */
export function valuesFromContent(c: AlertContent, note?: { vi: string; en: string } | null): DraftValues {
  const join = (xs: string[]) => xs.join("\n");
  return {
    ...EMPTY_DRAFT,
    kind: c.kind,
    severity: c.severity,
    urgency: c.urgency,
    certainty: c.certainty,
    tlp: c.tlp,
    audience: [...c.audience],
    titleVi: c.title.vi,
    titleEn: c.title.en,
    summaryVi: c.summary.vi,
    summaryEn: c.summary.en,
    bodyVi: c.body.vi,
    bodyEn: c.body.en,
    recommendationsVi: c.recommendations?.vi ?? "",
    recommendationsEn: c.recommendations?.en ?? "",
    cves: join(c.cves.map((x) => (x.cvssVector ? `${x.id} ${x.cvssVector}` : x.id))),
    products: join(c.products.map((p) => [p.vendor, p.product, ...(p.versions.length ? [p.versions.join(", ")] : [])].join(" | "))),
    references: join(c.references),
    urls: join(c.indicators.urls),
    domains: join(c.indicators.domains),
    hashes: join(c.indicators.hashes),
    phones: join(c.indicators.phones),
    bankAccounts: join(c.indicators.bankAccounts.map((b) => `${b.bank} | ${b.account}`)),
    changeNoteVi: note?.vi ?? "",
    changeNoteEn: note && note.en !== note.vi ? note.en : "",
  };
}

/** The error-message field of each part of the form (alerts.error.<field> in the strings). */
export type ErrorField =
  | Exclude<DraftField, "recommendationsVi" | "recommendationsEn" | "changeNoteVi" | "changeNoteEn">
  | "audience"
  | "recommendations"
  | "changeNote";

/** Which field an API issue path ("title.en", "indicators.urls.2", "cves.0.id") belongs to. */
export function fieldOfIssue(path: string): ErrorField {
  const [head = "", second = ""] = path.split(".");
  switch (head) {
    case "kind":
    case "severity":
    case "urgency":
    case "certainty":
    case "tlp":
    case "audience":
    case "cves":
    case "products":
    case "references":
    case "agency":
      return head;
    case "title":
      return second === "en" ? "titleEn" : "titleVi";
    case "summary":
      return second === "en" ? "summaryEn" : "summaryVi";
    case "body":
      return second === "en" ? "bodyEn" : "bodyVi";
    case "recommendations":
      return "recommendations";
    case "changeNote":
      return "changeNote";
    case "indicators":
      return second === "domains" || second === "hashes" || second === "phones" || second === "bankAccounts" ? second : "urls";
    default:
      return "titleVi";
  }
}

/** The control an error field's message links to. */
export function controlOf(f: ErrorField): string {
  if (f === "audience") return audienceId("citizen");
  if (f === "recommendations") return DRAFT_FIELDS.recommendationsVi;
  if (f === "changeNote") return DRAFT_FIELDS.changeNoteVi;
  return DRAFT_FIELDS[f];
}

/** The form's order, so the error summary lists problems as the reader meets them. */
export const FIELD_ORDER: readonly ErrorField[] = [
  "agency",
  "kind",
  "severity",
  "urgency",
  "certainty",
  "tlp",
  "audience",
  "titleVi",
  "titleEn",
  "summaryVi",
  "summaryEn",
  "bodyVi",
  "bodyEn",
  "recommendations",
  "cves",
  "products",
  "references",
  "urls",
  "domains",
  "hashes",
  "phones",
  "bankAccounts",
  "changeNote",
];
