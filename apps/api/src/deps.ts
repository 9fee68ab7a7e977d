import type { Logger } from "@portal/config";
import type { Database } from "@portal/db";
import type { SearchClient, SearchService } from "@portal/search";
import type { ApiEnv } from "./env.ts";

/** Everything a route needs, built once at start-up and passed in (tests build their own). */
export interface Deps {
  env: ApiEnv;
  db: Database;
  /** The Meilisearch client (health, raw requests). */
  search: SearchClient;
  /** Indexing and querying of every document type, with the FTS fallback. */
  searchService: SearchService;
  log: Logger;
  startedAt: Date;
  version: string;
}

export type AppEnv = { Variables: { requestId: string } };
