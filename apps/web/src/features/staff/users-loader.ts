// Staff accounts (/quan-tri/nguoi-dung/, admins): the list, a form to add one, and per account
// disable or enable, end its sessions, or reset its authenticator. A new account's activation link
// and a reset's enrolment link are shown once, in the answer to the post — never in a URL.
import { type Agency, type Lang, paths, ROLES, type StaffAccount, type StaffUser } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t } from "../../i18n/index.ts";
import { absoluteActivationLink } from "./staff.ts";
import {
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
} from "./staff-server.ts";

export const USER_FIELDS = { email: "user-email", name: "user-name", role: "user-role", agency: "user-agency" } as const;

/** A one-time link as the administrator hands it on: absolute, in the console's language. */
export interface OneTimeLink {
  url: string;
  expiresAt: string;
  /** Whose link it is. */
  account: StaffAccount;
  /** "activate" for a new or never-activated account, "reenrol" after an authenticator reset. */
  kind: "activate" | "reenrol";
}

export type UserAction = "disabled" | "enabled" | "sessions-ended";

export type UsersView =
  | { allowed: false; me: StaffUser }
  | {
      allowed: true;
      me: StaffUser;
      users: StaffAccount[];
      agencies: Agency[];
      /** The create form's errors and what was typed in it. */
      errors: FieldError[];
      values: { email: string; name: string; role: string; agency: string };
      /** An error of a per-account action, shown above the table. */
      actionError: string | null;
      link: OneTimeLink | null;
      done: { action: UserAction; account: StaffAccount | null; ended: number } | null;
    };

const EMPTY = { email: "", name: "", role: "", agency: "" };

/** What each per-account button asks of PATCH /api/v1/staff/users/{id}. */
const ACTION_BODIES = {
  disable: { disabled: true },
  enable: { disabled: false },
  "end-sessions": { endSessions: true },
  "reset-totp": { resetTotp: true },
} as const;

const RULE_MESSAGES = {
  invalid_email: ["email", "staff.users.error.emailInvalid"],
  invalid_name: ["name", "staff.users.error.name"],
  invalid_role: ["role", "staff.users.error.role"],
  agency_required: ["agency", "staff.users.error.agencyRequired"],
  agency_not_allowed: ["agency", "staff.users.error.agencyNotAllowed"],
  unknown_agency: ["agency", "staff.users.error.agencyUnknown"],
} as const;

export async function loadUsers(astro: AstroGlobal, lang: Lang): Promise<Response | UsersView> {
  const gate = await openStaffPage(astro, lang, "users");
  if (gate instanceof Response) return gate;
  const { me } = gate;
  if (!gate.allowed) return { allowed: false, me };
  const here = paths.staff("users", lang);
  const origin = astro.url.origin;

  let errors: FieldError[] = [];
  let values = EMPTY;
  let actionError: string | null = null;
  let link: OneTimeLink | null = null;

  if (isPost(astro)) {
    const field = await readForm(astro);
    const intent = field("intent");
    if (intent === "create") {
      values = { email: field("email").trim(), name: field("name").trim(), role: field("role"), agency: field("agency") };
      if (values.email === "") errors.push({ fieldId: USER_FIELDS.email, message: t(lang, "staff.users.error.email") });
      if (values.name === "") errors.push({ fieldId: USER_FIELDS.name, message: t(lang, "staff.users.error.name") });
      if (!(ROLES as readonly string[]).includes(values.role))
        errors.push({ fieldId: USER_FIELDS.role, message: t(lang, "staff.users.error.role") });
      else if (values.role === "publisher" && values.agency === "")
        errors.push({ fieldId: USER_FIELDS.agency, message: t(lang, "staff.users.error.agencyRequired") });
      else if (values.role !== "publisher" && values.agency !== "")
        errors.push({ fieldId: USER_FIELDS.agency, message: t(lang, "staff.users.error.agencyNotAllowed") });
      if (errors.length > 0) astro.response.status = 400;
      else {
        const r = await callApi<{ user: StaffAccount; activation: { url: string; expiresAt: string } }>(astro, {
          method: "POST",
          path: paths.api.staff.users,
          body: { email: values.email, name: values.name, role: values.role, ...(values.agency ? { agency: values.agency } : {}) },
        });
        if (r.ok) {
          link = {
            url: absoluteActivationLink(r.data.activation.url, origin, lang),
            expiresAt: r.data.activation.expiresAt,
            account: r.data.user,
            kind: "activate",
          };
          values = EMPTY;
        } else if (r.code === "unauthenticated") return signInFirst(astro, lang, "users");
        else {
          markFailed(astro, r);
          if (r.code === "conflict") errors = [{ fieldId: USER_FIELDS.email, message: t(lang, "staff.users.error.taken") }];
          else if (r.code === "invalid_request")
            errors = createErrors(lang, reasonOf(r), issuePaths(r)) ?? [{ fieldId: USER_FIELDS.email, message: generalError(lang, r) }];
          else errors = [{ fieldId: USER_FIELDS.email, message: generalError(lang, r) }];
        }
      }
    } else if (Object.hasOwn(ACTION_BODIES, intent)) {
      const id = field("user");
      if (id === me.id && intent === "disable") {
        // The console offers no such button, and the API would refuse it as well.
        astro.response.status = 400;
        actionError = t(lang, "staff.users.error.notYourself");
      } else {
        const r = await callApi<{ user: StaffAccount; sessionsEnded: number; enrolment?: { url: string; expiresAt: string } }>(astro, {
          method: "PATCH",
          path: paths.api.staff.user(id),
          body: ACTION_BODIES[intent as keyof typeof ACTION_BODIES],
        });
        if (r.ok && intent === "reset-totp" && r.data.enrolment) {
          link = {
            url: absoluteActivationLink(r.data.enrolment.url, origin, lang),
            expiresAt: r.data.enrolment.expiresAt,
            account: r.data.user,
            kind: r.data.user.status === "pending" ? "activate" : "reenrol",
          };
        } else if (r.ok) {
          const action: UserAction = intent === "disable" ? "disabled" : intent === "enable" ? "enabled" : "sessions-ended";
          return seeOther(astro, `${here}?done=${action}&user=${encodeURIComponent(r.data.user.id)}&ended=${r.data.sessionsEnded}`);
        } else if (r.code === "unauthenticated") return signInFirst(astro, lang, "users");
        else {
          markFailed(astro, r);
          // An id the API does not take (not one of ours) is as missing as a deleted account.
          actionError =
            r.code === "not_found" || (r.code === "invalid_request" && issuePaths(r).includes("id"))
              ? t(lang, "staff.users.error.noSuchAccount")
              : generalError(lang, r);
        }
      }
    } else {
      return seeOther(astro, here);
    }
  }

  const [users, agencies] = await Promise.all([
    callApi<{ users: StaffAccount[] }>(astro, { method: "GET", path: paths.api.staff.users }),
    callApi<{ agencies: Agency[] }>(astro, { method: "GET", path: paths.api.staff.agencies }),
  ]);
  if (!users.ok || !agencies.ok) {
    if ((!users.ok && users.code === "unauthenticated") || (!agencies.ok && agencies.code === "unauthenticated"))
      return signInFirst(astro, lang, "users");
    throw new Error("The staff API did not list the accounts and agencies.");
  }
  return {
    allowed: true,
    me,
    users: users.data.users,
    agencies: agencies.data.agencies,
    errors,
    values,
    actionError,
    link,
    done: isPost(astro) ? null : doneOf(astro.url.searchParams, users.data.users),
  };
}

/** The create form's errors for a 400: the account rule's reason, else the fields the issues name. */
function createErrors(lang: Lang, reason: string | null, at: string[]): FieldError[] | null {
  if (reason && Object.hasOwn(RULE_MESSAGES, reason)) {
    const [field, key] = RULE_MESSAGES[reason as keyof typeof RULE_MESSAGES];
    return [{ fieldId: USER_FIELDS[field], message: t(lang, key) }];
  }
  const errors: FieldError[] = [];
  if (at.includes("email")) errors.push({ fieldId: USER_FIELDS.email, message: t(lang, "staff.users.error.emailInvalid") });
  if (at.includes("name")) errors.push({ fieldId: USER_FIELDS.name, message: t(lang, "staff.users.error.name") });
  if (at.includes("role")) errors.push({ fieldId: USER_FIELDS.role, message: t(lang, "staff.users.error.role") });
  if (at.includes("agency")) errors.push({ fieldId: USER_FIELDS.agency, message: t(lang, "staff.users.error.agencyUnknown") });
  return errors.length > 0 ? errors : null;
}

function doneOf(q: URLSearchParams, users: StaffAccount[]): { action: UserAction; account: StaffAccount | null; ended: number } | null {
  const action = q.get("done");
  if (action !== "disabled" && action !== "enabled" && action !== "sessions-ended") return null;
  const id = q.get("user");
  const ended = Math.max(0, Math.trunc(Number(q.get("ended") ?? 0)) || 0);
  return { action, account: users.find((u) => u.id === id) ?? null, ended };
}
