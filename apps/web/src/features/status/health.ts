import type { Health } from "@portal/contracts";
import type { AstroGlobal } from "astro";

/**
 * Reads live health for an on-demand status page and sets its HTTP status and caching. Called in
 * the page's own frontmatter: headers cannot change once Astro starts streaming child components.
 */
export async function loadHealth(astro: AstroGlobal): Promise<Health | null> {
  const health = astro.locals.portal ? await astro.locals.portal.health() : null;
  astro.response.headers.set("cache-control", "no-store");
  if (!health || health.status === "down") astro.response.status = 503;
  return health;
}
