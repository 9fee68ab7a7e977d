import { checkDatabase, type DbHealth } from "@portal/db";
import type { SearchHealth } from "@portal/search";
import type { Deps } from "./deps.ts";

export interface Health {
  /** ok: everything up; degraded: the portal works with reduced features (search down); down: the database is unreachable. */
  status: "ok" | "degraded" | "down";
  db: DbHealth;
  search: SearchHealth;
  version: string;
  uptimeSeconds: number;
  checkedAt: string;
}

/** Live health of the portal's dependencies; used by /api/v1/health and the status page. */
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
