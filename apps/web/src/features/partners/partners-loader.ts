// Partner API keys (/quan-tri/doi-tac/, admins): the keys with today's use, a form to issue one and
// a button to revoke each. A new key is shown once, in the answer to the post — never in a URL,
// never again. Every read and change goes through the staff API in process.
import { type Lang, PARTNER_KINDS, type PartnerKeyView, paths, type StaffUser } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t } from "../../i18n/index.ts";
import {
  callApi,
  type FieldError,
  generalError,
  isPost,
  issuePaths,
  markFailed,
  openStaffPage,
  readForm,
  seeOther,
  signInFirst,
} from "../staff/staff-server.ts";

export const PARTNER_FIELDS = {
  name: "partner-name",
  kind: "partner-kind",
  perMinute: "partner-per-minute",
  perDay: "partner-per-day",
} as const;
export const LIST_ID = "partners-list";

export type PartnersView =
  | { allowed: false; me: StaffUser }
  | {
      allowed: true;
      me: StaffUser;
      keys: PartnerKeyView[];
      errors: FieldError[];
      values: { name: string; kind: string; perMinute: string; perDay: string };
      /** The key just issued, with the key itself: shown this once. */
      issued: { key: PartnerKeyView; secret: string } | null;
      /** The key just revoked (after the redirect). */
      revoked: PartnerKeyView | null;
    };

/** Defaults a bank's app or an extension fits in; the admin changes them per partner. */
const DEFAULTS = { name: "", kind: "", perMinute: "6000", perDay: "2000000" };

const wholeNumber = (v: string, max: number) => /^\d{1,10}$/.test(v) && Number(v) >= 1 && Number(v) <= max;

export async function loadPartners(astro: AstroGlobal, lang: Lang): Promise<Response | PartnersView> {
  const gate = await openStaffPage(astro, lang, "partners");
  if (gate instanceof Response) return gate;
  const { me } = gate;
  if (!gate.allowed) return { allowed: false, me };
  const here = paths.staff("partners", lang);
  let errors: FieldError[] = [];
  let values = DEFAULTS;
  let issued: { key: PartnerKeyView; secret: string } | null = null;

  if (isPost(astro)) {
    const field = await readForm(astro);
    const intent = field("intent");
    if (intent === "issue") {
      values = { name: field("name").trim(), kind: field("kind"), perMinute: field("perMinute").trim(), perDay: field("perDay").trim() };
      if (values.name.length < 2 || values.name.length > 120)
        errors.push({ fieldId: PARTNER_FIELDS.name, message: t(lang, "partners.error.name") });
      if (!(PARTNER_KINDS as readonly string[]).includes(values.kind))
        errors.push({ fieldId: PARTNER_FIELDS.kind, message: t(lang, "partners.error.kind") });
      if (!wholeNumber(values.perMinute, 1_000_000))
        errors.push({ fieldId: PARTNER_FIELDS.perMinute, message: t(lang, "partners.error.perMinute") });
      if (!wholeNumber(values.perDay, 1_000_000_000))
        errors.push({ fieldId: PARTNER_FIELDS.perDay, message: t(lang, "partners.error.perDay") });
      if (errors.length > 0) astro.response.status = 400;
      else {
        const r = await callApi<{ key: PartnerKeyView; secret: string }>(astro, {
          method: "POST",
          path: paths.api.staff.partnerKeys,
          body: { name: values.name, kind: values.kind, perMinute: Number(values.perMinute), perDay: Number(values.perDay) },
        });
        if (r.ok) {
          issued = r.data;
          values = DEFAULTS;
        } else if (r.code === "unauthenticated") return signInFirst(astro, lang, "partners");
        else {
          markFailed(astro, r);
          const at = issuePaths(r);
          if (at.includes("name")) errors.push({ fieldId: PARTNER_FIELDS.name, message: t(lang, "partners.error.name") });
          if (at.includes("perMinute")) errors.push({ fieldId: PARTNER_FIELDS.perMinute, message: t(lang, "partners.error.perMinute") });
          if (at.includes("perDay")) errors.push({ fieldId: PARTNER_FIELDS.perDay, message: t(lang, "partners.error.perDay") });
          if (errors.length === 0) errors = [{ fieldId: PARTNER_FIELDS.name, message: generalError(lang, r) }];
        }
      }
    } else if (intent === "revoke") {
      const id = field("key");
      const r = await callApi<{ key: PartnerKeyView }>(astro, { method: "POST", path: paths.api.staff.partnerKeyRevoke(id) });
      if (r.ok) return seeOther(astro, `${here}?revoked=${encodeURIComponent(r.data.key.id)}`);
      if (r.code === "unauthenticated") return signInFirst(astro, lang, "partners");
      markFailed(astro, r);
      errors = [
        {
          fieldId: LIST_ID,
          message:
            r.code === "not_found" || r.code === "invalid_request"
              ? t(lang, "partners.error.noSuchKey")
              : r.code === "conflict"
                ? t(lang, "partners.error.alreadyRevoked")
                : generalError(lang, r),
        },
      ];
    } else return seeOther(astro, here);
  }

  const list = await callApi<{ keys: PartnerKeyView[] }>(astro, { method: "GET", path: paths.api.staff.partnerKeys });
  if (!list.ok) {
    if (list.code === "unauthenticated") return signInFirst(astro, lang, "partners");
    throw new Error(`The staff API did not list the partner keys (${list.status} ${list.code}).`);
  }
  const revokedId = isPost(astro) ? null : astro.url.searchParams.get("revoked");
  return {
    allowed: true,
    me,
    keys: list.data.keys,
    errors,
    values,
    issued,
    revoked: list.data.keys.find((k) => k.id === revokedId) ?? null,
  };
}
