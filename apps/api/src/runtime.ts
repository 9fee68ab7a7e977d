import type { Server } from "node:http";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { createLogger, type Logger } from "@portal/config";
import { migrate, openDatabase, resolveDatabaseUrl } from "@portal/db";
import { type MeiliProcess, startMeilisearch } from "@portal/meili";
import { createSearchClient } from "@portal/search";
import { createApp } from "./app.ts";
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
  const deps: Deps = { env, db, search, log, startedAt: new Date(), version: VERSION };
  return {
    deps,
    meili,
    async close() {
      stopping = true;
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

/** Starts the HTTP server for the API and the built site on env.HOST:env.PORT. */
export async function listen(runtime: Runtime): Promise<RunningServer> {
  const { env } = runtime.deps;
  const app = createApp(runtime.deps, {
    webDist: env.WEB_DIST,
    locals: { portal: { health: () => getHealth(runtime.deps), threatIntel: threatIntelLocals(runtime.deps) } },
  });
  const server = await new Promise<Server>((res, rej) => {
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
