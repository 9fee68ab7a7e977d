// Guidance and legal texts: their list and article pages, the article layout, the RSS feeds, the
// sitemap and the search documents the build writes for the API. Other features link to an
// article only through articleHref() (by its content key); nothing here reaches into them.
export { articleHref, contentSearchDocuments, split, warnMissingTranslations } from "./content.ts";
export { guidanceRss, sitemap } from "./feeds.ts";
export { default as GuidanceArticlePage } from "./GuidanceArticlePage.astro";
export { default as GuidanceListPage } from "./GuidanceListPage.astro";
export { default as LegalListPage } from "./LegalListPage.astro";
export { default as LegalTextPage } from "./LegalTextPage.astro";
