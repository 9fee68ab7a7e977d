// The staff console's pages (/quan-tri/…, /en/staff/…): sign-in, activation, my account, and for
// administrators accounts, agencies and the audit log. Every read and change goes through the API
// in process (staff-server.ts), never to @portal/auth; shared pieces come from src/ui, src/lib and
// src/i18n, never from another feature.
export { default as AccountPage } from "./AccountPage.astro";
export { default as ActivatePage } from "./ActivatePage.astro";
export { default as AgenciesPage } from "./AgenciesPage.astro";
export { default as AuditPage } from "./AuditPage.astro";
export { loadAccount } from "./account-loader.ts";
export { loadActivate } from "./activate-loader.ts";
export { loadAgencies } from "./agencies-loader.ts";
export { loadAudit } from "./audit-loader.ts";
export { default as HomePage } from "./HomePage.astro";
export { loadHome } from "./home-loader.ts";
export { default as UsersPage } from "./UsersPage.astro";
export { loadUsers } from "./users-loader.ts";
