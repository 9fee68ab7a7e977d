import type { Server } from "node:http";
import { join } from "node:path";
import { createLogger, type Logger } from "@portal/config";
import { migrate, openDatabase, resolveDatabaseUrl } from "@portal/db";
import { type SupervisedMeili, superviseMeilisearch } from "@portal/meili";
import { createSearchClient, SearchService } from "@portal/search";
import { type App, createApp } from "./app.ts";
import { buildDeps, type Deps, portalPaths } from "./deps.ts";
import type { ApiEnv } from "./env.ts";
import { features } from "./features/index.ts";
import { createNodeServer, type ServerLimits } from "./http/node-server.ts";
import { portalLocals } from "./site/locals.ts";
import { VERSION } from "./version.ts";

export interface Runtime {
  deps: Deps;
  /** The bundled Meilisearch when MEILI_URL was not set (restarted if it dies). */
  meili: SupervisedMeili | null;
  close(): Promise<void>;
}

/**
 * Opens what the portal depends on, the same way for the server and the CLI: the database
 * (migrated) and the search engine (MEILI_URL, or the bundled binary started here), and builds
 * the services on Deps from them.
 */
export async function openRuntime(env: ApiEnv, opts: { startSearch?: boolean; log?: Logger } = {}): Promise<Runtime> {
  const log = opts.log ?? createLogger(env.LOG_LEVEL);
  const { dataDir } = portalPaths(env);
  const db = await openDatabase(resolveDatabaseUrl(env.DATABASE_URL, dataDir), env.DATABASE_AUTH_TOKEN);
  try {
    const { applied, current } = await migrate(db.client);
    log.info("database ready", { embedded: db.embedded, schemaVersion: current, applied: applied.map((m) => m.file) });
  } catch (err) {
    db.close();
    throw err;
  }
  let meili: SupervisedMeili | null = null;
  let search = createSearchClient({ url: env.MEILI_URL ?? "http://127.0.0.1:1", masterKey: env.MEILI_MASTER_KEY });
  if (!env.MEILI_URL && opts.startSearch !== false) {
    meili = await superviseMeilisearch({
      dataDir: join(dataDir, "meili"),
      onEvent: (e) => {
        if (e.kind === "exited") log.warn("bundled Meilisearch exited; restarting it, search answers from the fallback meanwhile", e);
        else if (e.kind === "restarted") log.info("bundled Meilisearch restarted", e);
        else log.error("bundled Meilisearch could not be restarted; trying again", e);
      },
    });
    search = createSearchClient({ url: meili.url, masterKey: meili.masterKey });
    log.info("bundled Meilisearch started", { url: meili.url, pid: meili.pid });
  }
  // Without MEILI_URL the CLI has no Meilisearch: it writes documents to libSQL only, and the
  // server's background reconcile sends them on within seconds.
  const searchService = new SearchService({ db: db.client, meili: env.MEILI_URL || meili ? search : null, log });
  const deps = buildDeps({ env, db, search, searchService, log, version: VERSION });
  return {
    deps,
    meili,
    async close() {
      deps.urlIndex.close();
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
 * Starts the HTTP server for the API and the built site on env.HOST:env.PORT, and every feature's
 * background work. `limits` overrides the slow-client limits (http/node-server.ts), for tests.
 */
export async function listen(runtime: Runtime, opts: { limits?: Partial<ServerLimits> } = {}): Promise<RunningServer> {
  const { deps } = runtime;
  const { env } = deps;
  // The pages' locals call this same app in process (PortalLocals.api), hence the late binding.
  const app: App = createApp(deps, { webDist: deps.paths.webDist, locals: portalLocals(deps, (req, env) => app.fetch(req, env)) });
  // @hono/node-server's default fast path replaces the global Request/Response, which made
  // fetch() to Meilisearch wait ~40 ms a call; the search client therefore uses node:http
  // (packages/search/src/client.ts) and the server keeps the fast path (bench/url.ts: the
  // option alone cost a bare route 60 % of its throughput). Nothing here calls fetch().
  const server = createNodeServer({
    fetch: app.fetch,
    log: deps.log,
    publicOrigin: deps.publicOrigin,
    hostname: env.HOST,
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  await new Promise<void>((res, rej) => {
    server.once("error", rej);
    server.listen(env.PORT, env.HOST, () => {
      server.off("error", rej);
      res();
    });
  });
  const stops = features.flatMap((f) => (f.start ? [f.start(deps)] : []));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : env.PORT;
  const host = env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    server,
    close: () =>
      new Promise<void>((res) => {
        for (const stop of stops) stop();
        server.close(() => res());
        // Keep-alive connections would hold close() open; idle ones go now, busy ones finish first.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      }),
  };
}
