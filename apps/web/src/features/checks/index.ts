// The link and file checks: their pages, islands, verdict card and styles, and the loaders of the
// on-demand result pages. Verdicts come from the API (islands) or Astro.locals (result pages);
// shared pieces come from src/ui, src/lib and src/i18n, never from another feature.
export { loadHashResult, loadUrlResult } from "./check-server.ts";
export { default as FileCheckPage } from "./FileCheckPage.astro";
export { default as LinkCheckPage } from "./LinkCheckPage.astro";
