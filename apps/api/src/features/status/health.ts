import type { Health } from "@portal/contracts";
import { checkDatabase } from "@portal/db";
import type { Deps } from "../../deps.ts";

/** Live health of the portal's dependencies; used by /api/v1/health, the status page and the CLI. */
export async function getHealth(deps: Pick<Deps, "db" | "search" | "startedAt" | "version">): Promise<Health> {
  const [db, search] = await Promise.all([checkDatabase(deps.db.client), deps.search.health()]);
  const status = db.status !== "ok" ? "down" : search.status !== "ok" ? "degraded" : "ok";
  return {
    status,
    db,
    search,
    version: deps.version,
    uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
    checkedAt: new Date().toISOString(),
  };
}
