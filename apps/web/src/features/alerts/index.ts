// Alerts in the site: the alerts page with its filters, a page per alert, the newest alerts for the
// home page, the site-wide banner's frame, and the staff console's alert pages (drafting, review
// and publication, correction, withdrawal). Public pages read Astro.locals.portal.alerts; staff
// pages go through the API in process (staff-server.ts of the console) — never @portal/alerts.
export { default as AlertBanner } from "./AlertBanner.astro";
export { default as AlertListPage } from "./AlertListPage.astro";
export { default as AlertPage } from "./AlertPage.astro";
export { loadAlert, loadAlertList, loadLatestAlerts } from "./alerts-server.ts";
export { default as LatestAlerts } from "./LatestAlerts.astro";
export { default as StaffAlertPage } from "./StaffAlertPage.astro";
export { default as StaffAlertsPage } from "./StaffAlertsPage.astro";
export { default as StaffNewAlertPage } from "./StaffNewAlertPage.astro";
export { loadNewAlert, loadStaffAlert, loadStaffAlerts } from "./staff-loader.ts";
