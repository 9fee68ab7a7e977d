import type { Logger } from "@portal/config";
import type { Database } from "@portal/db";
import type { SearchClient } from "@portal/search";
import type { ApiEnv } from "./env.ts";

/** Everything a route needs, built once at start-up and passed in (tests build their own). */
export interface Deps {
  env: ApiEnv;
  db: Database;
  search: SearchClient;
  log: Logger;
  startedAt: Date;
  version: string;
}

export type AppEnv = { Variables: { requestId: string } };
