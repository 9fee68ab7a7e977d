// Builds real dependencies for tests: a temporary libSQL file (migrated) and a search client for a
// real Meilisearch. Not a mock: the same functions the server uses at start-up (buildDeps).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@portal/config";
import { migrate, openDatabase, resolveDatabaseUrl } from "@portal/db";
import { createSearchClient, SearchService } from "@portal/search";
import { buildDeps, type Deps } from "../deps.ts";
import { loadEnv } from "../env.ts";
import { VERSION } from "../version.ts";

export interface TestDeps extends Deps {
  logs: Record<string, unknown>[];
  cleanup(): void;
}

export async function makeTestDeps(opts: { meiliUrl: string; meiliKey: string; env?: Record<string, string> }): Promise<TestDeps> {
  const dir = mkdtempSync(join(tmpdir(), "portal-api-"));
  const env = loadEnv({ DATA_DIR: dir, LOG_LEVEL: "debug", ...opts.env });
  const db = await openDatabase(resolveDatabaseUrl(undefined, dir));
  await migrate(db.client);
  const logs: Record<string, unknown>[] = [];
  const log = createLogger("debug", {}, (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  const search = createSearchClient({ url: opts.meiliUrl, masterKey: opts.meiliKey });
  // Tests share one Meilisearch, so each gets its own index-free view: FTS only unless a test
  // builds its own SearchService against its own Meilisearch.
  const searchService = new SearchService({ db: db.client, meili: null, log });
  const deps = buildDeps({ env, db, search, searchService, log, version: VERSION });
  return {
    ...deps,
    logs,
    cleanup() {
      deps.urlIndex.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
