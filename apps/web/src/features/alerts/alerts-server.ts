// The public alert pages' side on the server: the list with its filters, one alert, the latest for
// the home page — live from the portal through Astro.locals (no cache to go stale, so a published
// alert is on every page at once). Used only in page frontmatter.
import type { Alert, AlertFacets, AlertList, AlertSummary, Lang } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { canonicalRedirect, filtersFrom, type ListFilters } from "./alerts.ts";

/** Like every page of the site: a cache may keep it only to ask again (so an alert is never stale). */
function revalidate(astro: AstroGlobal): void {
  astro.response.headers.set("cache-control", "public, max-age=0, must-revalidate");
}

export type ListView = { ok: true; filters: ListFilters; list: AlertList; facets: AlertFacets } | { ok: false; filters: ListFilters };

/** The list for the filters in the address; `ok: false` when the page is not served by the API process. */
export async function loadAlertList(astro: AstroGlobal, lang: Lang): Promise<ListView> {
  revalidate(astro);
  const filters = filtersFrom(astro.url.searchParams);
  const alerts = astro.locals.portal?.alerts;
  if (!alerts) {
    astro.response.status = 503;
    return { ok: false, filters };
  }
  const [list, facets] = await Promise.all([alerts.list({ ...filters, lang }), alerts.facets()]);
  return { ok: true, filters, list, facets };
}

/** The alert named in the address, a redirect to its canonical address, or null (the page answers 404). */
export async function loadAlert(astro: AstroGlobal, lang: Lang): Promise<Alert | Response | null> {
  revalidate(astro);
  const ref = astro.params.tracking ?? "";
  const alerts = astro.locals.portal?.alerts;
  const alert = /^[A-Za-z0-9-]{1,64}$/.test(ref) && alerts ? await alerts.get(ref, lang) : null;
  if (!alert) {
    astro.response.status = 404;
    return null;
  }
  const canonical = canonicalRedirect(lang, ref, alert.trackingId);
  return canonical ? astro.redirect(canonical, 301) : alert;
}

/** The newest alerts for the home page; empty when the page is not served by the API process. */
export async function loadLatestAlerts(astro: AstroGlobal, lang: Lang, count = 3): Promise<AlertSummary[]> {
  revalidate(astro);
  const list = await astro.locals.portal?.alerts?.list({ lang, page: 1 });
  return list?.alerts.slice(0, count) ?? [];
}
