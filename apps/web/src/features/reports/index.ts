// Citizens' reports in the site: the report form and its confirmation, following a report, the
// public phone-number and bank-account check, the statistics with server-drawn charts, and the
// analysts' queue and case pages. Every read and change goes through the API in process
// (staff-server.ts of the staff console); never @portal/reports directly.
export { default as CasePage } from "./CasePage.astro";
export { loadCase } from "./case-loader.ts";
export { default as NumberCheckPage } from "./NumberCheckPage.astro";
export { loadNumberCheck } from "./number-loader.ts";
export { default as QueuePage } from "./QueuePage.astro";
export { loadQueue } from "./queue-loader.ts";
export { default as ReportAction } from "./ReportAction.astro";
export { default as ReportPage } from "./ReportPage.astro";
export { reportHref } from "./report-form.ts";
export { loadReport } from "./report-loader.ts";
export { default as StatisticsPage } from "./StatisticsPage.astro";
export { default as StatusPage } from "./StatusPage.astro";
export { statsCsvResponse } from "./stats-csv.ts";
export { loadStats } from "./stats-loader.ts";
export { loadStatus } from "./status-loader.ts";
