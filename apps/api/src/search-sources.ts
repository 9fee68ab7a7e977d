import { watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { breachSearchDocuments } from "@portal/breach";
import type { SearchDocument } from "@portal/search";
import type { Deps } from "./deps.ts";

/** Where the documents of one search type come from. A new type is one entry here. */
export interface SearchSource {
  type: string;
  load(deps: Deps): Promise<SearchDocument[]>;
}

/**
 * The guidance and legal texts, as the site build wrote them (apps/web/src/pages/search-index.json.ts):
 * the same Markdown the pages are built from, so search and pages never disagree.
 */
async function builtContent(deps: Deps): Promise<SearchDocument[]> {
  const file = join(deps.env.WEB_DIST, "client", "search-index.json");
  try {
    return JSON.parse(await readFile(file, "utf8")) as SearchDocument[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new Error(`Cannot read ${file}: ${(err as Error).message}. Rebuild the site with \`npm run build\`.`);
  }
}

export const searchSources: SearchSource[] = [
  { type: "guidance", load: async (deps) => (await builtContent(deps)).filter((d) => d.type === "guidance") },
  { type: "legal", load: async (deps) => (await builtContent(deps)).filter((d) => d.type === "legal") },
  // Imported at run time (CLI): re-read every minute by keepSearchInStep.
  { type: "breach", load: (deps) => breachSearchDocuments(deps.db.client) },
];

/** Syncs every source; one that fails is logged and left as it was. Returns per-type counts. */
export async function syncSearchSources(
  deps: Deps,
  sources: SearchSource[] = searchSources,
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
export function keepSearchInStep(deps: Deps, intervalMs = 60_000): () => void {
  let timer: NodeJS.Timeout | undefined;
  const resync = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const result = await syncSearchSources(deps);
      deps.log.info("search documents synced", result);
    }, 500);
  };
  const dir = join(deps.env.WEB_DIST, "client");
  let watcher: ReturnType<typeof watch> | undefined;
  try {
    watcher = watch(dir, (_event, name) => {
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
