// Keeps the search documents of every feature in step with their sources: at start-up, when the
// site is rebuilt (content changed), and every minute for sources that change at run time.
import { watch } from "node:fs";
import { dirname } from "node:path";
import type { Deps } from "../../deps.ts";
import type { SearchSource } from "../types.ts";

/** Syncs every source; one that fails is logged and left as it was. Returns per-type counts. */
export async function syncSearchSources(
  deps: Deps,
  sources: readonly SearchSource[],
  opts: { waitForEngine?: boolean } = {},
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const s of sources) {
    try {
      const started = performance.now();
      const r = await deps.searchService.sync(s.type, await s.load(deps), opts);
      out[s.type] = { ...r, ms: Math.round(performance.now() - started) };
    } catch (err) {
      deps.log.warn("search source failed", { type: s.type, error: (err as Error).message });
      out[s.type] = { error: (err as Error).message };
    }
  }
  return out;
}

/**
 * Keeps search in step while the server runs: re-syncs when the site is rebuilt (content changed)
 * and every `intervalMs` for sources that change at run time (imports by the CLI).
 */
export function keepSearchInStep(deps: Deps, sources: readonly SearchSource[], intervalMs = 60_000): () => void {
  let timer: NodeJS.Timeout | undefined;
  const resync = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const result = await syncSearchSources(deps, sources);
      deps.log.info("search documents synced", result);
    }, 500);
  };
  let watcher: ReturnType<typeof watch> | undefined;
  try {
    watcher = watch(dirname(deps.paths.searchIndexFile), (_event, name) => {
      if (name === "search-index.json") resync();
    });
  } catch {
    // No built site yet: the periodic sync still runs.
  }
  const periodic = setInterval(resync, intervalMs);
  periodic.unref();
  deps.searchService.startBackgroundReconcile();
  return () => {
    clearTimeout(timer);
    clearInterval(periodic);
    watcher?.close();
    deps.searchService.stop();
  };
}
