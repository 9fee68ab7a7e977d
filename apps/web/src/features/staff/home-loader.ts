// The console's front door (/quan-tri/, /en/staff/): signed out, the sign-in form — e-mail,
// password and code on one plain form post, so it works without JavaScript; signed in, who you are
// and where you may go. Also takes the sign-out button of every console page.
import { type Lang, paths, type StaffUser } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t } from "../../i18n/index.ts";
import { minutesToWait, safeNext } from "./staff.ts";
import {
  callApi,
  currentUser,
  type FieldError,
  fieldErrorsAt,
  generalError,
  isPost,
  markFailed,
  noStore,
  readForm,
  seeOther,
} from "./staff-server.ts";

export const SIGN_IN_FIELDS = { email: "signin-email", password: "signin-password", totp: "signin-totp" } as const;

export type HomeView =
  | {
      kind: "sign-in";
      errors: FieldError[];
      /** Given back after a failed try; never the password or the code. */
      email: string;
      /** The console page to go on to, already checked against the console's own paths. */
      next: string | null;
      signedOut: boolean;
    }
  | { kind: "overview"; me: StaffUser };

export async function loadHome(astro: AstroGlobal, lang: Lang): Promise<Response | HomeView> {
  noStore(astro);
  const home = paths.staff("home", lang);
  if (isPost(astro)) {
    const field = await readForm(astro);
    if (field("intent") === "sign-out") {
      const out = await callApi(astro, { method: "DELETE", path: paths.api.staff.session });
      // Signed out already (the session had ended) is as good as signed out now.
      return seeOther(astro, out.ok || out.code === "unauthenticated" ? `${home}?done=signed-out` : home);
    }
    return signIn(astro, lang, field);
  }
  const me = await currentUser(astro);
  if (me) return { kind: "overview", me };
  return {
    kind: "sign-in",
    errors: [],
    email: "",
    next: safeNext(astro.url.searchParams.get("next")),
    signedOut: astro.url.searchParams.get("done") === "signed-out",
  };
}

async function signIn(astro: AstroGlobal, lang: Lang, field: (name: string) => string): Promise<Response | HomeView> {
  const email = field("email").trim();
  const password = field("password");
  const totp = field("totp").trim();
  const next = safeNext(field("next"));
  const view = (errors: FieldError[]): HomeView => ({ kind: "sign-in", errors, email, next, signedOut: false });

  // Empty fields are told apart before asking the API: they are not a failed sign-in attempt.
  const missing: FieldError[] = [];
  if (email === "") missing.push({ fieldId: SIGN_IN_FIELDS.email, message: t(lang, "staff.signIn.error.email") });
  if (password === "") missing.push({ fieldId: SIGN_IN_FIELDS.password, message: t(lang, "staff.signIn.error.password") });
  if (totp === "") missing.push({ fieldId: SIGN_IN_FIELDS.totp, message: t(lang, "staff.signIn.error.totp") });
  if (missing.length > 0) {
    astro.response.status = 400;
    return view(missing);
  }

  const r = await callApi(astro, { method: "POST", path: paths.api.staff.session, body: { email, password, totp } });
  if (r.ok) return seeOther(astro, next ?? paths.staff("home", lang));
  markFailed(astro, r);
  switch (r.code) {
    case "invalid_credentials":
      // One message for any wrong part, as the API answers: it must not tell which one was wrong.
      return view([{ fieldId: SIGN_IN_FIELDS.email, message: t(lang, "staff.signIn.error.wrong") }]);
    case "account_locked":
      return view([
        { fieldId: SIGN_IN_FIELDS.email, message: t(lang, "staff.signIn.error.locked", { minutes: minutesToWait(r.retryAfter) }) },
      ]);
    case "rate_limited":
      return view([
        { fieldId: SIGN_IN_FIELDS.email, message: t(lang, "staff.signIn.error.rateLimited", { minutes: minutesToWait(r.retryAfter) }) },
      ]);
    case "invalid_request": {
      const errors = fieldErrorsAt(r, {
        email: { fieldId: SIGN_IN_FIELDS.email, message: t(lang, "staff.signIn.error.emailInvalid") },
        password: { fieldId: SIGN_IN_FIELDS.password, message: t(lang, "staff.signIn.error.passwordInvalid") },
        totp: { fieldId: SIGN_IN_FIELDS.totp, message: t(lang, "staff.signIn.error.totpInvalid") },
      });
      return view(errors.length > 0 ? errors : [{ fieldId: SIGN_IN_FIELDS.email, message: generalError(lang, r) }]);
    }
    default:
      return view([{ fieldId: SIGN_IN_FIELDS.email, message: generalError(lang, r) }]);
  }
}
