import type { Server } from "node:http";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { createLogger, type Logger } from "@portal/config";
import { migrate, openDatabase, resolveDatabaseUrl } from "@portal/db";
import { type MeiliProcess, startMeilisearch } from "@portal/meili";
import { createSearchClient, type SearchParams, SearchService } from "@portal/search";
import { createApp } from "./app.ts";
import { breachLocals } from "./breach-locals.ts";
import type { Deps } from "./deps.ts";
import type { ApiEnv } from "./env.ts";
import { getHealth } from "./health.ts";
import { threatIntelLocals } from "./threat-intel.ts";
import { VERSION } from "./version.ts";

export interface Runtime {
  deps: Deps;
  /** The bundled Meilisearch when MEILI_URL was not set. */
  meili: MeiliProcess | null;
  close(): Promise<void>;
}

/**
 * Opens what the portal depends on, the same way for the server and the CLI: the database
 * (migrated) and the search engine (MEILI_URL, or the bundled binary started here).
 */
export async function openRuntime(env: ApiEnv, opts: { startSearch?: boolean; log?: Logger } = {}): Promise<Runtime> {
  const log = opts.log ?? createLogger(env.LOG_LEVEL);
  const dataDir = resolve(env.DATA_DIR);
  const db = await openDatabase(resolveDatabaseUrl(env.DATABASE_URL, dataDir), env.DATABASE_AUTH_TOKEN);
  try {
    const { applied, current } = await migrate(db.client);
    log.info("database ready", { embedded: db.embedded, schemaVersion: current, applied: applied.map((m) => m.file) });
  } catch (err) {
    db.close();
    throw err;
  }
  let meili: MeiliProcess | null = null;
  let stopping = false;
  let search = createSearchClient({ url: env.MEILI_URL ?? "http://127.0.0.1:1", masterKey: env.MEILI_MASTER_KEY });
  if (!env.MEILI_URL && opts.startSearch !== false) {
    meili = await startMeilisearch({ dataDir: join(dataDir, "meili") });
    meili.child.on("exit", (code, signal) => {
      if (!stopping) log.warn("bundled Meilisearch exited; search is down until restart", { code, signal });
    });
    search = createSearchClient({ url: meili.url, masterKey: meili.masterKey });
    log.info("bundled Meilisearch started", { url: meili.url, pid: meili.pid });
  }
  // Without MEILI_URL the CLI has no Meilisearch: it writes documents to libSQL only, and the
  // server's background reconcile sends them on within seconds.
  const searchService = new SearchService({ db: db.client, meili: env.MEILI_URL || meili ? search : null, log });
  const deps: Deps = { env, db, search, searchService, log, startedAt: new Date(), version: VERSION };
  return {
    deps,
    meili,
    async close() {
      stopping = true;
      searchService.stop();
      await meili?.stop();
      db.close();
    },
  };
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * What on-demand Astro pages receive as `Astro.locals.portal` (typed in apps/web/src/env.d.ts):
 * live data straight from the domain code, no HTTP round trip.
 */
export function portalLocals(deps: Deps) {
  return {
    portal: {
      health: () => getHealth(deps),
      search: (params: SearchParams) => deps.searchService.search(params),
      breaches: breachLocals(deps),
      threatIntel: threatIntelLocals(deps),
    },
  };
}

/** Starts the HTTP server for the API and the built site on env.HOST:env.PORT. */
export async function listen(runtime: Runtime): Promise<RunningServer> {
  const { env } = runtime.deps;
  const app = createApp(runtime.deps, {
    webDist: env.WEB_DIST,
    locals: portalLocals(runtime.deps),
  });
  const server = await new Promise<Server>((res, rej) => {
    // @hono/node-server's default fast path replaces the global Request/Response, which made
    // fetch() to Meilisearch wait ~40 ms a call; the search client therefore uses node:http
    // (packages/search/src/client.ts) and the server keeps the fast path (bench/url.ts: the
    // option alone cost a bare route 60 % of its throughput). Nothing here calls fetch().
    const s = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, () => res(s as Server));
    (s as Server).once("error", rej);
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : env.PORT;
  const host = env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    server,
    close: () =>
      new Promise<void>((res) => {
        server.close(() => res());
        // Keep-alive connections would hold close() open; idle ones go now, busy ones finish first.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      }),
  };
}
