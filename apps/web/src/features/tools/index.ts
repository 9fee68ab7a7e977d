// The tools page: a card for each working tool, in the order of src/i18n/routes.ts. It links to
// the checks through `paths` and imports no feature.
export { default as ToolsPage } from "./ToolsPage.astro";
