// Service status: the on-demand page that shows the portal's live health (Astro.locals.portal.health)
// and answers 503 when the portal is down: the services people use first, the components in a
// "technical details" disclosure. It reads no other feature.
export { loadHealth } from "./health.ts";
export { default as StatusPage } from "./StatusPage.astro";
