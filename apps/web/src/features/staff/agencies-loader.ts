// Agencies (/quan-tri/co-quan/): every staff member sees the list (publishers speak for one);
// admins add one with its slug and its names in both languages.
import { type Agency, type Lang, paths, type StaffUser } from "@portal/contracts";
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
  reasonOf,
  seeOther,
  signInFirst,
} from "./staff-server.ts";

export const AGENCY_FIELDS = { slug: "agency-slug", nameVi: "agency-name-vi", nameEn: "agency-name-en" } as const;

/** The slug's shape, as the contract's AgencySlug checks it (the API checks again). */
const SLUG = /^[a-z0-9-]{2,64}$/;

export type AgenciesView =
  | { allowed: false; me: StaffUser }
  | {
      allowed: true;
      me: StaffUser;
      agencies: Agency[];
      /** Only administrators add agencies; the others see the list. */
      canCreate: boolean;
      errors: FieldError[];
      values: { slug: string; nameVi: string; nameEn: string };
      /** The slug just added, after the redirect. */
      added: Agency | null;
    };

const EMPTY = { slug: "", nameVi: "", nameEn: "" };

export async function loadAgencies(astro: AstroGlobal, lang: Lang): Promise<Response | AgenciesView> {
  const gate = await openStaffPage(astro, lang, "agencies");
  if (gate instanceof Response) return gate;
  const { me } = gate;
  if (!gate.allowed) return { allowed: false, me };
  const here = paths.staff("agencies", lang);
  const canCreate = me.role === "admin";
  let errors: FieldError[] = [];
  let values = EMPTY;

  if (isPost(astro)) {
    if (!canCreate) {
      astro.response.status = 403;
      return { allowed: false, me };
    }
    const field = await readForm(astro);
    values = { slug: field("slug").trim(), nameVi: field("nameVi").trim(), nameEn: field("nameEn").trim() };
    if (!SLUG.test(values.slug))
      errors.push({
        fieldId: AGENCY_FIELDS.slug,
        message: t(lang, values.slug === "" ? "staff.agencies.error.slugEmpty" : "staff.agencies.error.slug"),
      });
    if (values.nameVi === "") errors.push({ fieldId: AGENCY_FIELDS.nameVi, message: t(lang, "staff.agencies.error.nameVi") });
    if (values.nameEn === "") errors.push({ fieldId: AGENCY_FIELDS.nameEn, message: t(lang, "staff.agencies.error.nameEn") });
    if (errors.length > 0) astro.response.status = 400;
    else {
      const r = await callApi<{ agency: Agency }>(astro, { method: "POST", path: paths.api.staff.agencies, body: values });
      if (r.ok) return seeOther(astro, `${here}?added=${encodeURIComponent(r.data.agency.slug)}`);
      if (r.code === "unauthenticated") return signInFirst(astro, lang, "agencies");
      markFailed(astro, r);
      if (r.code === "conflict") errors = [{ fieldId: AGENCY_FIELDS.slug, message: t(lang, "staff.agencies.error.taken") }];
      else if (r.code === "invalid_request") {
        const at = issuePaths(r);
        const reason = reasonOf(r);
        if (reason === "invalid_slug" || at.includes("slug"))
          errors.push({ fieldId: AGENCY_FIELDS.slug, message: t(lang, "staff.agencies.error.slug") });
        if (reason === "invalid_name" || at.includes("nameVi"))
          errors.push({ fieldId: AGENCY_FIELDS.nameVi, message: t(lang, "staff.agencies.error.nameVi") });
        if (at.includes("nameEn")) errors.push({ fieldId: AGENCY_FIELDS.nameEn, message: t(lang, "staff.agencies.error.nameEn") });
        if (errors.length === 0) errors = [{ fieldId: AGENCY_FIELDS.slug, message: generalError(lang, r) }];
      } else errors = [{ fieldId: AGENCY_FIELDS.slug, message: generalError(lang, r) }];
    }
  }

  const list = await callApi<{ agencies: Agency[] }>(astro, { method: "GET", path: paths.api.staff.agencies });
  if (!list.ok) {
    if (list.code === "unauthenticated") return signInFirst(astro, lang, "agencies");
    throw new Error(`The staff API did not list the agencies (${list.status} ${list.code}).`);
  }
  const addedSlug = isPost(astro) ? null : astro.url.searchParams.get("added");
  return {
    allowed: true,
    me,
    agencies: list.data.agencies,
    canCreate,
    errors,
    values,
    added: list.data.agencies.find((a) => a.slug === addedSlug) ?? null,
  };
}
