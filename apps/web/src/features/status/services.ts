import type { Health } from "@portal/contracts";

export type ServiceKey = "link" | "file" | "password" | "account" | "search" | "reports";

/**
 * The services people use and whether each works, from the components they need: every check and
 * the reports read the database; search needs the search engine.
 */
export function serviceRows(health: Health): { key: ServiceKey; ok: boolean }[] {
  const db = health.db.status === "ok";
  const search = health.search.status === "ok";
  return [
    { key: "link", ok: db },
    { key: "file", ok: db },
    { key: "password", ok: db },
    { key: "account", ok: db },
    { key: "search", ok: search },
    { key: "reports", ok: db },
  ];
}
