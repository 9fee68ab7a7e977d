// One report in the analysts' console (/quan-tri/bao-cao/<id>/): the case in full from the staff
// API, and its forms — change the status with a note for the reporter, add a note, take or give
// back the report, protect others from what it names and undo that. Each form posts to this page,
// which calls the API and redirects back (Post/Redirect/Get) with what was done.
import {
  type Lang,
  type ProtectKind,
  paths,
  REPORT_TRANSITIONS,
  type ReportDetail,
  type ReportStatus,
  type StaffUser,
} from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t, type UIKey } from "../../i18n/index.ts";
import {
  type ApiFailure,
  callApi,
  type FieldError,
  generalError,
  isPost,
  issuePaths,
  markFailed,
  openStaffPage,
  readForm,
  reasonOf,
  seeOther,
  signInFirst,
} from "../staff/staff-server.ts";
import { staffReportPath } from "./report-form.ts";

export const CASE_FIELDS = {
  status: "case-status",
  publicNote: "case-public-note",
  privateNote: "case-private-note",
  forwardedTo: "case-forwarded-to",
  notePublic: "note-public",
  notePrivate: "note-private",
  protect: "case-protect",
  assign: "case-assign",
} as const;

/** What an analyst can protect others from: each thing the report names, and whether it is done. */
export interface Protectable {
  kind: ProtectKind;
  /** As the report gives it: the link, the E.164 number, the account digits. */
  value: string;
  bank?: string;
  protectedAt: string | null;
}

export const DONE = ["status", "note", "assigned", "unassigned", "protected", "unprotected"] as const;
export type Done = (typeof DONE)[number];

export type CaseView =
  | { allowed: false; me: StaffUser }
  | { allowed: true; me: StaffUser; found: false }
  | {
      allowed: true;
      me: StaffUser;
      found: true;
      report: ReportDetail;
      next: readonly ReportStatus[];
      protectable: Protectable[];
      errors: FieldError[];
      values: { status: string; publicNote: string; privateNote: string; forwardedTo: string; notePublic: string; notePrivate: string };
      done: Done | null;
    };

const EMPTY = { status: "", publicNote: "", privateNote: "", forwardedTo: "", notePublic: "", notePrivate: "" };
const PROTECTABLE_CATEGORIES = new Set(["scam", "phishing", "malware"]);

function protectableOf(r: ReportDetail): Protectable[] {
  if (!PROTECTABLE_CATEGORIES.has(r.category)) return [];
  const at = (kind: ProtectKind) => r.protections.find((p) => p.kind === kind)?.createdAt ?? null;
  const out: Protectable[] = [];
  if (r.answers.url) out.push({ kind: "url", value: r.answers.url, protectedAt: at("url") });
  if (r.answers.phone) out.push({ kind: "phone", value: r.answers.phone, protectedAt: at("phone") });
  if (r.answers.bankAccount && r.answers.bankName)
    out.push({ kind: "bank_account", value: r.answers.bankAccount, bank: r.answers.bankName, protectedAt: at("bank_account") });
  return out;
}

const REASONS: Record<string, { field: keyof typeof CASE_FIELDS; key: UIKey }> = {
  invalid_transition: { field: "status", key: "reports.case.error.transition" },
  invalid_note: { field: "publicNote", key: "reports.case.error.publicNote" },
  forwarded_to_required: { field: "forwardedTo", key: "reports.case.error.forwardedTo" },
  forwarded_to_refused: { field: "forwardedTo", key: "reports.case.error.forwardedToRefused" },
  invalid_assignee: { field: "assign", key: "reports.case.error.assignee" },
  category_not_protectable: { field: "protect", key: "reports.case.error.notProtectable" },
  invalid_value: { field: "protect", key: "reports.case.error.protectValue" },
  trusted_domain: { field: "protect", key: "reports.case.error.trusted" },
};

/** The words for a refused change, at the field of the form it came from. */
function refusal(lang: Lang, r: ApiFailure, fallback: keyof typeof CASE_FIELDS): FieldError[] {
  const reason = reasonOf(r);
  if (reason && Object.hasOwn(REASONS, reason)) {
    const { field, key } = REASONS[reason] as { field: keyof typeof CASE_FIELDS; key: UIKey };
    return [{ fieldId: CASE_FIELDS[field], message: t(lang, key) }];
  }
  if (r.code === "invalid_request") {
    const at = new Set(issuePaths(r));
    const errors: FieldError[] = [];
    if (at.has("status")) errors.push({ fieldId: CASE_FIELDS.status, message: t(lang, "reports.case.error.status") });
    if (at.has("publicNote"))
      errors.push({
        fieldId: fallback === "notePublic" ? CASE_FIELDS.notePublic : CASE_FIELDS.publicNote,
        message: t(lang, "reports.case.error.noteLength"),
      });
    if (at.has("privateNote"))
      errors.push({
        fieldId: fallback === "notePublic" ? CASE_FIELDS.notePrivate : CASE_FIELDS.privateNote,
        message: t(lang, "reports.case.error.noteLength"),
      });
    if (at.has("forwardedTo")) errors.push({ fieldId: CASE_FIELDS.forwardedTo, message: t(lang, "reports.case.error.forwardedTo") });
    if (errors.length > 0) return errors;
  }
  return [{ fieldId: CASE_FIELDS[fallback], message: r.code === "not_found" ? t(lang, "reports.case.error.gone") : generalError(lang, r) }];
}

export async function loadCase(astro: AstroGlobal, lang: Lang, id: string): Promise<Response | CaseView> {
  const gate = await openStaffPage(astro, lang, "reports");
  if (gate instanceof Response) return gate;
  const { me } = gate;
  if (!gate.allowed) return { allowed: false, me };
  const here = staffReportPath(lang, id);

  let errors: FieldError[] = [];
  let values = EMPTY;
  if (isPost(astro)) {
    const field = await readForm(astro);
    const intent = field("intent");
    const act = async (call: Parameters<typeof callApi>[1], done: Done, fallback: keyof typeof CASE_FIELDS) => {
      const r = await callApi(astro, call);
      if (r.ok) return seeOther(astro, `${here}?done=${done}`);
      if (r.code === "unauthenticated") return signInFirst(astro, lang, "reports");
      markFailed(astro, r);
      errors = refusal(lang, r, fallback);
      return null;
    };
    let answer: Response | null = null;
    if (intent === "status") {
      values = {
        ...EMPTY,
        status: field("status"),
        publicNote: field("publicNote"),
        privateNote: field("privateNote"),
        forwardedTo: field("forwardedTo"),
      };
      if (values.status === "") errors.push({ fieldId: CASE_FIELDS.status, message: t(lang, "reports.case.error.status") });
      if (values.publicNote.trim() === "")
        errors.push({ fieldId: CASE_FIELDS.publicNote, message: t(lang, "reports.case.error.publicNote") });
      if (values.status === "forwarded" && values.forwardedTo.trim() === "")
        errors.push({ fieldId: CASE_FIELDS.forwardedTo, message: t(lang, "reports.case.error.forwardedTo") });
      if (errors.length > 0) astro.response.status = 400;
      else
        answer = await act(
          {
            method: "POST",
            path: paths.api.staff.reportStatus(id),
            body: {
              status: values.status,
              publicNote: values.publicNote,
              ...(values.privateNote.trim() ? { privateNote: values.privateNote } : {}),
              // Only a forwarded report names a body; a name typed for another status is not sent.
              ...(values.status === "forwarded" ? { forwardedTo: values.forwardedTo } : {}),
            },
          },
          "status",
          "status",
        );
    } else if (intent === "note") {
      values = { ...EMPTY, notePublic: field("publicNote"), notePrivate: field("privateNote") };
      if (values.notePublic.trim() === "" && values.notePrivate.trim() === "") {
        astro.response.status = 400;
        errors.push({ fieldId: CASE_FIELDS.notePublic, message: t(lang, "reports.case.error.note") });
      } else {
        answer = await act(
          {
            method: "POST",
            path: paths.api.staff.reportNotes(id),
            body: {
              ...(values.notePublic.trim() ? { publicNote: values.notePublic } : {}),
              ...(values.notePrivate.trim() ? { privateNote: values.notePrivate } : {}),
            },
          },
          "note",
          "notePublic",
        );
      }
    } else if (intent === "assign-me" || intent === "unassign") {
      answer = await act(
        { method: "POST", path: paths.api.staff.reportAssign(id), body: { assigneeId: intent === "assign-me" ? me.id : null } },
        intent === "assign-me" ? "assigned" : "unassigned",
        "assign",
      );
    } else if (intent === "protect" || intent === "unprotect") {
      const kind = field("kind");
      const body = { kind, value: field("value"), ...(field("bank") ? { bank: field("bank") } : {}) };
      answer = await act(
        { method: intent === "protect" ? "POST" : "DELETE", path: paths.api.staff.reportProtect(id), body },
        intent === "protect" ? "protected" : "unprotected",
        "protect",
      );
    } else {
      return seeOther(astro, here);
    }
    if (answer) return answer;
  }

  const r = await callApi<ReportDetail>(astro, { method: "GET", path: paths.api.staff.report(id) });
  if (!r.ok) {
    if (r.code === "unauthenticated") return signInFirst(astro, lang, "reports");
    if (r.code === "not_found" || r.code === "invalid_request") {
      astro.response.status = 404;
      return { allowed: true, me, found: false };
    }
    throw new Error(`The staff API did not give report ${id} (${r.status} ${r.code}).`);
  }
  const doneParam = astro.url.searchParams.get("done");
  return {
    allowed: true,
    me,
    found: true,
    report: r.data,
    next: REPORT_TRANSITIONS[r.data.status],
    protectable: protectableOf(r.data),
    errors,
    values,
    done: !isPost(astro) && doneParam && (DONE as readonly string[]).includes(doneParam) ? (doneParam as Done) : null,
  };
}
