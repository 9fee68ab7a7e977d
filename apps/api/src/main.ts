// The portal's one server process: API + built site on one port. Started by `npm start`.
import { createLogger, EnvError } from "@portal/config";
import { loadEnv } from "./env.ts";
import { searchSources, seedIfEmpty } from "./features/index.ts";
import { keepSearchInStep, syncSearchSources } from "./features/search/sync.ts";
import { listen, openRuntime } from "./runtime.ts";

async function main() {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(env.LOG_LEVEL);
  const runtime = await openRuntime(env, { log });
  if (env.DEMO_DATA) await seedIfEmpty(runtime.deps);
  // Written to libSQL before the first request (FTS answers at once); Meilisearch catches up.
  log.info("search documents synced", await syncSearchSources(runtime.deps, searchSources, { waitForEngine: false }));
  void runtime.deps.searchService.reconcile();
  const stopSearchSync = keepSearchInStep(runtime.deps, searchSources);
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(runtime);
  } catch (err) {
    await runtime.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE") {
      process.stderr.write(`Port ${env.PORT} on ${env.HOST} is already in use. Stop the other process or set PORT to another number.\n`);
      process.exit(1);
    }
    throw err;
  }
  log.info("portal listening", { url: server.url });
  process.stdout.write(
    `\n  Portal ready at ${server.url}/  (English: ${server.url}/en/)\n  API reference: ${server.url}/api/v1/docs\n  Press Ctrl-C to stop.\n\n`,
  );

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      process.exit(1); // second Ctrl-C: stop now
    }
    shuttingDown = true;
    log.info("shutting down", { signal });
    stopSearchSync();
    await server.close();
    await runtime.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err) => {
  createLogger("error").error("start-up failed", { err });
  process.exit(1);
});
