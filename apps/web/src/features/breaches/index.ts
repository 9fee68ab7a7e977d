// Data breaches: the password and account checks (k-anonymity: islands hash in the browser and
// send a prefix), the breach catalogue and a breach's page, with their styles. Links to guidance
// go through the content feature's articleHref(); nothing else here reaches into another feature.
export { default as AccountCheckPage } from "./AccountCheckPage.astro";
export { default as BreachDetailPage } from "./BreachDetailPage.astro";
export { default as BreachListPage } from "./BreachListPage.astro";
export { loadBreach, loadBreaches } from "./breach-server.ts";
export { default as PasswordCheckPage } from "./PasswordCheckPage.astro";
