// The one-time link an administrator hands over (/quan-tri/kich-hoat/?token=…): the authenticator
// secret as a QR code and as text, then a password and a code from the app; the recovery codes are
// shown in the answer to that post, once, and never put in a URL. A re-enrolment link (a lost phone)
// asks for the current password instead of a new one.
import { type ActivationInfo, type Lang, paths, type StaffUser } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t } from "../../i18n/index.ts";
import { minutesToWait } from "./staff.ts";
import {
  type ApiFailure,
  callApi,
  type FieldError,
  generalError,
  isPost,
  issuePaths,
  markFailed,
  noStore,
  passwordReason,
  readForm,
} from "./staff-server.ts";

export const ACTIVATE_FIELDS = { password: "activate-password", repeat: "activate-repeat", totp: "activate-totp" } as const;

export type ActivateView =
  | { kind: "invalid" }
  | { kind: "throttled"; minutes: number }
  | { kind: "form"; token: string; info: ActivationInfo; errors: FieldError[] }
  | { kind: "done"; user: StaffUser; recoveryCodes: string[]; reEnrol: boolean };

export async function loadActivate(astro: AstroGlobal, lang: Lang): Promise<ActivateView> {
  noStore(astro);
  const token = astro.url.searchParams.get("token") ?? "";
  const info = await openLink(astro, token);
  if (!info.ok) return linkFailure(astro, info);

  if (!isPost(astro)) return { kind: "form", token, info: info.data, errors: [] };
  const reEnrol = info.data.kind === "totp_reset";
  const field = await readForm(astro);
  const password = field("password");
  const repeat = field("repeat");
  const totp = field("totp").trim();

  const errors: FieldError[] = [];
  if (password === "") {
    errors.push({
      fieldId: ACTIVATE_FIELDS.password,
      message: t(lang, reEnrol ? "staff.activate.error.currentPassword" : "staff.password.error.empty"),
    });
  } else if (!reEnrol && repeat !== password) {
    errors.push({ fieldId: ACTIVATE_FIELDS.repeat, message: t(lang, "staff.password.error.repeat") });
  }
  if (totp === "") errors.push({ fieldId: ACTIVATE_FIELDS.totp, message: t(lang, "staff.activate.error.totp") });
  if (errors.length > 0) {
    astro.response.status = 400;
    return { kind: "form", token, info: info.data, errors };
  }

  const r = await callApi<{ user: StaffUser; recoveryCodes: string[] }>(astro, {
    method: "POST",
    path: paths.api.staff.activate,
    body: { token, password, totp },
  });
  if (r.ok) return { kind: "done", user: r.data.user, recoveryCodes: r.data.recoveryCodes, reEnrol };
  if (r.code === "invalid_link" || r.code === "rate_limited") return linkFailure(astro, r);
  markFailed(astro, r);
  const fail = (fieldId: string, message: string): ActivateView => ({
    kind: "form",
    token,
    info: info.data,
    errors: [{ fieldId, message }],
  });
  switch (r.code) {
    case "password_rejected":
      return fail(ACTIVATE_FIELDS.password, passwordReason(lang, r));
    case "invalid_credentials":
      return fail(ACTIVATE_FIELDS.password, t(lang, "staff.activate.error.currentPasswordWrong"));
    case "invalid_request":
      if (issuePaths(r).includes("totp")) return fail(ACTIVATE_FIELDS.totp, t(lang, "staff.activate.error.totpWrong"));
      return fail(ACTIVATE_FIELDS.password, generalError(lang, r));
    default:
      return fail(ACTIVATE_FIELDS.password, generalError(lang, r));
  }
}

/** Opens the link: the secret to enrol. The API keeps the secret on the link, so a reload shows the same QR code. */
function openLink(astro: AstroGlobal, token: string) {
  // A token that is not one (wrong length or letters) fails the API's validation: treated as an invalid link.
  return callApi<ActivationInfo>(astro, { method: "GET", path: paths.api.staff.activation(token === "" ? "-" : token) });
}

function linkFailure(astro: AstroGlobal, f: ApiFailure): ActivateView {
  if (f.code === "rate_limited") {
    markFailed(astro, f);
    return { kind: "throttled", minutes: minutesToWait(f.retryAfter) };
  }
  // Used, expired, worn out by wrong tries, for a disabled account, or not a token at all: the same page.
  if (f.code === "invalid_link" || f.code === "invalid_request" || f.code === "not_found") {
    astro.response.status = 404;
    return { kind: "invalid" };
  }
  throw new Error(`The activation link could not be opened (${f.status} ${f.code}).`);
}
