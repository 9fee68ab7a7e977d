// My account (/quan-tri/tai-khoan/, any staff member): my details, a new password (which signs out
// my other sessions), where I am signed in (and "sign out everywhere else"), and new recovery codes
// — shown once, in the answer to the post, after a confirmation that the old ones stop working.
import { type Lang, paths, type StaffSession, type StaffUser } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t } from "../../i18n/index.ts";
import {
  callApi,
  type FieldError,
  generalError,
  isPost,
  markFailed,
  openStaffPage,
  passwordReason,
  readForm,
  seeOther,
  signInFirst,
} from "./staff-server.ts";

export const ACCOUNT_FIELDS = {
  current: "account-current",
  password: "account-password",
  repeat: "account-repeat",
  confirm: "account-codes-confirm",
  endOthers: "account-end-others",
} as const;

export type AccountDone = { kind: "password"; ended: number } | { kind: "sessions"; ended: number };

export type AccountView =
  | { allowed: false; me: StaffUser }
  | {
      allowed: true;
      me: StaffUser;
      sessions: StaffSession[];
      /** Errors of the form that was posted, and which form that was. */
      errors: FieldError[];
      form: "password" | "codes" | "sessions" | null;
      done: AccountDone | null;
      /** New recovery codes: only in the answer to the post that made them. */
      recoveryCodes: string[] | null;
    };

export async function loadAccount(astro: AstroGlobal, lang: Lang): Promise<Response | AccountView> {
  const gate = await openStaffPage(astro, lang, "account");
  if (gate instanceof Response) return gate;
  const { me } = gate;
  if (!gate.allowed) return { allowed: false, me };
  const here = paths.staff("account", lang);
  let errors: FieldError[] = [];
  let form: "password" | "codes" | "sessions" | null = null;
  let recoveryCodes: string[] | null = null;

  if (isPost(astro)) {
    const field = await readForm(astro);
    const intent = field("intent");
    if (intent === "password") {
      form = "password";
      const current = field("current");
      const password = field("password");
      const repeat = field("repeat");
      if (current === "") errors.push({ fieldId: ACCOUNT_FIELDS.current, message: t(lang, "staff.account.error.current") });
      if (password === "") errors.push({ fieldId: ACCOUNT_FIELDS.password, message: t(lang, "staff.password.error.empty") });
      else if (repeat !== password) errors.push({ fieldId: ACCOUNT_FIELDS.repeat, message: t(lang, "staff.password.error.repeat") });
      if (errors.length > 0) astro.response.status = 400;
      else {
        const r = await callApi<{ sessionsEnded: number }>(astro, {
          method: "POST",
          path: paths.api.staff.password,
          body: { currentPassword: current, newPassword: password },
        });
        if (r.ok) return seeOther(astro, `${here}?done=password&ended=${r.data.sessionsEnded}`);
        if (r.code === "unauthenticated") return signInFirst(astro, lang, "account");
        markFailed(astro, r);
        if (r.code === "invalid_credentials")
          errors = [{ fieldId: ACCOUNT_FIELDS.current, message: t(lang, "staff.account.error.currentWrong") }];
        else if (r.code === "password_rejected") errors = [{ fieldId: ACCOUNT_FIELDS.password, message: passwordReason(lang, r) }];
        else errors = [{ fieldId: ACCOUNT_FIELDS.current, message: generalError(lang, r) }];
      }
    } else if (intent === "end-others") {
      form = "sessions";
      const r = await callApi<{ ended: number }>(astro, { method: "DELETE", path: paths.api.staff.sessions });
      if (r.ok) return seeOther(astro, `${here}?done=sessions&ended=${r.data.ended}`);
      if (r.code === "unauthenticated") return signInFirst(astro, lang, "account");
      markFailed(astro, r);
      errors = [{ fieldId: ACCOUNT_FIELDS.endOthers, message: generalError(lang, r) }];
    } else if (intent === "recovery-codes") {
      form = "codes";
      if (field("confirm") !== "yes") {
        astro.response.status = 400;
        errors = [{ fieldId: ACCOUNT_FIELDS.confirm, message: t(lang, "staff.codes.error.confirm") }];
      } else {
        const r = await callApi<{ recoveryCodes: string[] }>(astro, { method: "POST", path: paths.api.staff.recoveryCodes });
        if (r.ok) recoveryCodes = r.data.recoveryCodes;
        else if (r.code === "unauthenticated") return signInFirst(astro, lang, "account");
        else {
          markFailed(astro, r);
          errors = [{ fieldId: ACCOUNT_FIELDS.confirm, message: generalError(lang, r) }];
        }
      }
    } else {
      return seeOther(astro, here);
    }
  }

  const sessions = await callApi<{ sessions: StaffSession[] }>(astro, { method: "GET", path: paths.api.staff.sessions });
  if (!sessions.ok) {
    if (sessions.code === "unauthenticated") return signInFirst(astro, lang, "account");
    throw new Error(`The staff API did not list the sessions (${sessions.status} ${sessions.code}).`);
  }
  return {
    allowed: true,
    me,
    sessions: sessions.data.sessions,
    errors,
    form,
    done: isPost(astro) ? null : doneOf(astro.url.searchParams),
    recoveryCodes,
  };
}

/** The `?done=` flag of the redirect after a change, with its count. */
function doneOf(q: URLSearchParams): AccountDone | null {
  const ended = Math.max(0, Math.trunc(Number(q.get("ended") ?? 0)) || 0);
  const done = q.get("done");
  if (done === "password") return { kind: "password", ended };
  if (done === "sessions") return { kind: "sessions", ended };
  return null;
}
