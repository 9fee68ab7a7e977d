// The staff console's alert pages on the server: the list by state, a new draft, and one alert with
// its actions (save, preview, submit, publish, withdraw). Every read and change is the staff API
// called in process as the browser that asked (staff-server.ts), so the same roles, four-eyes rule,
// validation and audit apply; a change answers 303 to the page again (Post/Redirect/Get).
import {
  type Agency,
  type Lang,
  paths,
  STAFF_ALERT_STATES,
  type StaffAlert,
  type StaffAlertItem,
  type StaffAlertList,
  type StaffUser,
} from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t } from "../../i18n/index.ts";
import {
  type ApiFailure,
  callApi,
  type FieldError,
  generalError,
  isPost,
  issuePaths,
  markFailed,
  openStaffPage,
  reasonOf,
  seeOther,
  signInFirst,
} from "../staff/staff-server.ts";
import {
  controlOf,
  type DraftValues,
  EMPTY_DRAFT,
  type ErrorField,
  FIELD_ORDER,
  fieldOfIssue,
  noteFrom,
  requestFromValues,
  valuesFromContent,
  valuesFromForm,
} from "./draft-form.ts";

export type StaffAlertState = (typeof STAFF_ALERT_STATES)[number];

/** Where a failure of an action (not of a field) is shown: the actions' heading. */
export const ACTIONS_ID = "alert-actions";
export const REASON_IDS = { vi: "alert-reason-vi", en: "alert-reason-en" } as const;

/** The Markdown of the form as readers will see it (the API renders and sanitises it). */
export interface Preview {
  bodyVi: string | null;
  bodyEn: string | null;
  recommendationsVi: string | null;
  recommendationsEn: string | null;
}

// ── The list ─────────────────────────────────────────────────────────────────────────────────────

export type StaffAlertsView =
  | { allowed: false; me: StaffUser }
  | { allowed: true; me: StaffUser; alerts: StaffAlertItem[]; total: number; state: StaffAlertState | null };

export async function loadStaffAlerts(astro: AstroGlobal, lang: Lang): Promise<Response | StaffAlertsView> {
  const gate = await openStaffPage(astro, lang, "alerts");
  if (gate instanceof Response) return gate;
  if (!gate.allowed) return { allowed: false, me: gate.me };
  const asked = astro.url.searchParams.get("state") ?? "";
  const state = (STAFF_ALERT_STATES as readonly string[]).includes(asked) ? (asked as StaffAlertState) : null;
  const r = await callApi<StaffAlertList>(astro, { method: "GET", path: `${paths.api.staff.alerts}${state ? `?state=${state}` : ""}` });
  if (!r.ok) {
    if (r.code === "unauthenticated") return signInFirst(astro, lang, "alerts");
    throw new Error(`The staff API did not list the alerts (${r.status} ${r.code}).`);
  }
  return { allowed: true, me: gate.me, alerts: r.data.alerts, total: r.data.total, state };
}

// ── Errors ───────────────────────────────────────────────────────────────────────────────────────

const REASONS = {
  own_draft: "alerts.error.ownDraft",
  not_in_review: "alerts.error.notInReview",
  not_draft: "alerts.error.notDraft",
  change_note_required: "alerts.error.changeNoteRequired",
  withdrawn: "alerts.error.withdrawn",
  tlp_locked: "alerts.error.tlpLocked",
  not_published: "alerts.error.notPublished",
  already_withdrawn: "alerts.error.alreadyWithdrawn",
  agency_required: "alerts.error.agency",
  unknown_agency: "alerts.error.agency",
} as const;

const fieldError = (lang: Lang, f: ErrorField): FieldError => ({ fieldId: controlOf(f), message: t(lang, `alerts.error.${f}`) });

/**
 * The form's errors for a failed call: each field an issue names, in the form's order, with its own
 * words (never the API's English); a rule of the workflow at the actions (or at the field it is
 * about); anything else in the console's general words.
 */
export function errorsOf(lang: Lang, f: ApiFailure, at: string = ACTIONS_ID): FieldError[] {
  const reason = reasonOf(f);
  if (reason === "agency_required" || reason === "unknown_agency") return [fieldError(lang, "agency")];
  if (reason === "change_note_required") return [fieldError(lang, "changeNote")];
  if (reason === "tlp_locked") return [{ fieldId: controlOf("tlp"), message: t(lang, REASONS.tlp_locked) }];
  if (reason && Object.hasOwn(REASONS, reason)) return [{ fieldId: at, message: t(lang, REASONS[reason as keyof typeof REASONS]) }];
  if (f.code === "invalid_request") {
    const fields = new Set(issuePaths(f).map(fieldOfIssue));
    if (fields.size > 0) return FIELD_ORDER.filter((x) => fields.has(x)).map((x) => fieldError(lang, x));
  }
  return [{ fieldId: at, message: generalError(lang, f) }];
}

/** Renders the texts that have something in them, in process, through the API's preview. */
async function previewOf(astro: AstroGlobal, v: DraftValues): Promise<Preview> {
  const one = async (markdown: string) => {
    if (markdown.trim() === "") return null;
    const r = await callApi<{ html: string }>(astro, { method: "POST", path: paths.api.staff.alertPreview, body: { markdown } });
    return r.ok ? r.data.html : null;
  };
  const [bodyVi, bodyEn, recommendationsVi, recommendationsEn] = await Promise.all([
    one(v.bodyVi),
    one(v.bodyEn),
    one(v.recommendationsVi),
    one(v.recommendationsEn),
  ]);
  return { bodyVi, bodyEn, recommendationsVi, recommendationsEn };
}

async function postedForm(astro: AstroGlobal): Promise<FormData | null> {
  try {
    return await astro.request.formData();
  } catch {
    return null;
  }
}

// ── A new draft ──────────────────────────────────────────────────────────────────────────────────

export type NewAlertView =
  | { allowed: false; me: StaffUser }
  | { allowed: true; me: StaffUser; values: DraftValues; errors: FieldError[]; preview: Preview | null; agencies: Agency[] | null };

export async function loadNewAlert(astro: AstroGlobal, lang: Lang): Promise<Response | NewAlertView> {
  const gate = await openStaffPage(astro, lang, "alertNew");
  if (gate instanceof Response) return gate;
  const { me } = gate;
  if (!gate.allowed) return { allowed: false, me };
  // An administrator speaks for an agency they choose; a publisher always for their own.
  let agencies: Agency[] | null = null;
  if (me.role === "admin") {
    const r = await callApi<{ agencies: Agency[] }>(astro, { method: "GET", path: paths.api.staff.agencies });
    if (!r.ok) {
      if (r.code === "unauthenticated") return signInFirst(astro, lang, "alertNew");
      throw new Error(`The staff API did not list the agencies (${r.status} ${r.code}).`);
    }
    agencies = r.data.agencies;
  }
  let values = EMPTY_DRAFT;
  let errors: FieldError[] = [];
  let preview: Preview | null = null;
  if (isPost(astro)) {
    const form = await postedForm(astro);
    values = form ? valuesFromForm(form) : EMPTY_DRAFT;
    const intent = form?.get("intent");
    if (intent === "preview") preview = await previewOf(astro, values);
    else if (intent === "save") {
      if (agencies && values.agency === "") {
        errors = [fieldError(lang, "agency")];
        astro.response.status = 400;
      } else {
        const body = { ...requestFromValues(values), ...(agencies ? { agency: values.agency } : {}) };
        const r = await callApi<{ id: string }>(astro, { method: "POST", path: paths.api.staff.alerts, body });
        if (r.ok) return seeOther(astro, `${paths.staffAlert(lang, r.data.id)}?done=created`);
        if (r.code === "unauthenticated") return signInFirst(astro, lang, "alertNew");
        markFailed(astro, r);
        errors = errorsOf(lang, r, controlOf("titleVi"));
      }
    } else return seeOther(astro, paths.staff("alertNew", lang));
  }
  return { allowed: true, me, values, errors, preview, agencies };
}

// ── One alert ────────────────────────────────────────────────────────────────────────────────────

export type Done = "created" | "saved" | "submitted" | "published" | "withdrawn";
const DONE: readonly Done[] = ["created", "saved", "submitted", "published", "withdrawn"];

export type StaffAlertView =
  | { kind: "forbidden"; me: StaffUser }
  | { kind: "missing"; me: StaffUser }
  | {
      kind: "alert";
      me: StaffUser;
      alert: StaffAlert;
      values: DraftValues;
      /** Errors of the draft form. */
      errors: FieldError[];
      /** Errors of an action (submit, publish, withdraw). */
      actionErrors: FieldError[];
      reason: { vi: string; en: string };
      preview: Preview | null;
      done: Done | null;
    };

const ALERT_ID = /^[a-z2-7]{24}$/;

export async function loadStaffAlert(astro: AstroGlobal, lang: Lang): Promise<Response | StaffAlertView> {
  const gate = await openStaffPage(astro, lang, "alerts");
  if (gate instanceof Response) return gate;
  const { me } = gate;
  if (!gate.allowed) return { kind: "forbidden", me };
  const id = astro.params.id ?? "";
  if (!ALERT_ID.test(id)) {
    astro.response.status = 404;
    return { kind: "missing", me };
  }
  const here = paths.staffAlert(lang, id);

  let posted: DraftValues | null = null;
  let errors: FieldError[] = [];
  let actionErrors: FieldError[] = [];
  let reason = { vi: "", en: "" };
  let preview: Preview | null = null;
  if (isPost(astro)) {
    const form = await postedForm(astro);
    const intent = form?.get("intent");
    const failed = (r: ApiFailure) => {
      markFailed(astro, r);
      return r.code === "unauthenticated";
    };
    if (intent === "save" || intent === "preview") {
      posted = form ? valuesFromForm(form) : EMPTY_DRAFT;
      if (intent === "preview") preview = await previewOf(astro, posted);
      else {
        const note = noteFrom(posted.changeNoteVi, posted.changeNoteEn);
        const body = { ...requestFromValues(posted), ...(note !== undefined ? { changeNote: note } : {}) };
        const r = await callApi<{ alert: StaffAlert }>(astro, { method: "PATCH", path: paths.api.staff.alert(id), body });
        if (r.ok) return seeOther(astro, `${here}?done=saved`);
        if (failed(r)) return signInFirst(astro, lang, "alerts");
        errors = errorsOf(lang, r, controlOf("titleVi"));
      }
    } else if (intent === "submit" || intent === "publish") {
      const path = intent === "submit" ? paths.api.staff.alertSubmit(id) : paths.api.staff.alertPublish(id);
      const r = await callApi<{ alert: StaffAlert }>(astro, { method: "POST", path });
      if (r.ok) return seeOther(astro, `${here}?done=${intent === "submit" ? "submitted" : "published"}`);
      if (failed(r)) return signInFirst(astro, lang, "alerts");
      actionErrors = errorsOf(lang, r);
    } else if (intent === "withdraw") {
      const text = (name: string) => {
        const v = form?.get(name);
        return typeof v === "string" ? v : "";
      };
      reason = { vi: text("reasonVi"), en: text("reasonEn") };
      const note = noteFrom(reason.vi, reason.en);
      if (note === undefined) {
        astro.response.status = 400;
        actionErrors = [{ fieldId: REASON_IDS.vi, message: t(lang, "alerts.error.reason") }];
      } else {
        const r = await callApi<{ alert: StaffAlert }>(astro, {
          method: "POST",
          path: paths.api.staff.alertWithdraw(id),
          body: { reason: note },
        });
        if (r.ok) return seeOther(astro, `${here}?done=withdrawn`);
        if (failed(r)) return signInFirst(astro, lang, "alerts");
        actionErrors =
          r.code === "invalid_request" ? [{ fieldId: REASON_IDS.vi, message: t(lang, "alerts.error.reason") }] : errorsOf(lang, r);
      }
    } else return seeOther(astro, here);
  }

  const r = await callApi<{ alert: StaffAlert }>(astro, { method: "GET", path: paths.api.staff.alert(id) });
  if (!r.ok) {
    if (r.code === "unauthenticated") return signInFirst(astro, lang, "alerts");
    if (r.code === "not_found" || r.code === "forbidden") {
      // Another agency's alert is not theirs to see: said as plainly as a missing one, with its own status.
      astro.response.status = r.status;
      return { kind: "missing", me };
    }
    throw new Error(`The staff API did not give the alert (${r.status} ${r.code}).`);
  }
  const alert = r.data.alert;
  const stored = alert.draft ?? alert.published;
  const values = posted ?? (stored ? valuesFromContent(stored, alert.draft ? alert.changeNote : null) : EMPTY_DRAFT);
  const asked = astro.url.searchParams.get("done") ?? "";
  const done = !isPost(astro) && (DONE as readonly string[]).includes(asked) ? (asked as Done) : null;
  return { kind: "alert", me, alert, values, errors, actionErrors, reason, preview, done };
}
