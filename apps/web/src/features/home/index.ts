// The home page: what the portal is for, its working tools (src/i18n/routes.ts) and its
// commitments. It links to other features' pages only through `paths`; it imports none of them.
export { default as HomePage } from "./HomePage.astro";
