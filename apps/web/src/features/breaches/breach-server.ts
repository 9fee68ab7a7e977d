// The on-demand breach pages' side: the catalogue and one breach, from the portal through
// Astro.locals (breaches are imported while the portal runs). Used only in page frontmatter.
import { BREACH_NAME, type Breach } from "@portal/contracts";
import type { AstroGlobal } from "astro";

/** The catalogue; null when the page is not served by the API process. */
export async function loadBreaches(astro: AstroGlobal): Promise<Breach[] | null> {
  return (await astro.locals.portal?.breaches.list()) ?? null;
}

/** The breach named in the address; null when there is none by that name (the page answers 404). */
export async function loadBreach(astro: AstroGlobal): Promise<Breach | null> {
  const name = astro.params.name ?? "";
  return BREACH_NAME.test(name) ? ((await astro.locals.portal?.breaches.get(name)) ?? null) : null;
}
