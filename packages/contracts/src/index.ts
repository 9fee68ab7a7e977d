// @portal/contracts: what crosses HTTP or Astro.locals — zod schemas and their types, error codes,
// languages and public paths. No Node and no HTTP imports: safe in the browser. The package is
// marked side-effect free, so an island that takes only `paths` or a rule ships no zod.
export * from "./alerts.ts";
export * from "./breaches.ts";
export * from "./checks.ts";
export * from "./error-schema.ts";
export * from "./errors.ts";
export * from "./health.ts";
export * from "./lang.ts";
export type { InProcessCall, PortalLocals } from "./locals.ts";
export * from "./partners.ts";
export * from "./paths.ts";
export * from "./reports.ts";
export * from "./rules.ts";
export * from "./search.ts";
export * from "./staff.ts";
