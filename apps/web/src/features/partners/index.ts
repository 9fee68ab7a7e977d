// Partner API keys in the staff console (/quan-tri/doi-tac/, /en/staff/partners/): administrators
// issue keys (shown once), see each key's use and revoke it. Reads and changes go through the staff
// API in process; the console's layout and form helpers come from the staff feature.
export { default as PartnersPage } from "./PartnersPage.astro";
export { loadPartners } from "./partners-loader.ts";
