// The home page: what the portal is for, its working tools (src/i18n/routes.ts) and its
// commitments, with a slot for the newest alerts that the page route fills. It links to other
// features' pages only through `paths`; it imports none of them.
export { default as HomePage } from "./HomePage.astro";
