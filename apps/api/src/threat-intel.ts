// The link and file checks as the API routes and the on-demand pages use them: one in-memory URL
// index per database, kept fresh by polling the store's version (so a CLI import in another process
// reaches this server within ~2 s, without a restart).
import type { Database } from "@portal/db";
import {
  checkHashes,
  checkUrl,
  checkUrls,
  fullHashesForPrefixes,
  type HashCheckResult,
  isDemoSource,
  isThreatIntelEmpty,
  parseHash,
  seedThreatIntel,
  type UrlCheckFailure,
  type UrlCheckResult,
  type UrlIndexWatcher,
  watchUrlIndex,
} from "@portal/threat-intel";
import type { Deps } from "./deps.ts";
import type { Seeder } from "./seed.ts";

const POLL_MS = 2000;
const watchers = new WeakMap<Database, UrlIndexWatcher>();

/** The URL index of this database; created (and its polling started) on first use. */
export function urlIndex(deps: Pick<Deps, "db" | "log">): UrlIndexWatcher {
  let w = watchers.get(deps.db);
  if (!w) {
    const watcher = watchUrlIndex(deps.db.client, {
      intervalMs: POLL_MS,
      onError: (err) => {
        // A closed database (shutdown, a finished test) ends the polling; anything else is worth a line.
        if (deps.db.client.closed) watcher.close();
        else deps.log.warn("url index refresh failed", { err });
      },
    });
    w = watcher;
    watchers.set(deps.db, w);
  }
  return w;
}

export async function checkUrlNow(deps: Deps, url: string): Promise<UrlCheckResult | UrlCheckFailure> {
  return checkUrl(deps.db.client, await urlIndex(deps).get(), url);
}

export async function checkUrlsNow(deps: Deps, urls: readonly string[]): Promise<(UrlCheckResult | UrlCheckFailure)[]> {
  return checkUrls(deps.db.client, await urlIndex(deps).get(), urls);
}

export async function hashesForPrefixes(deps: Deps, prefixes: readonly number[]) {
  return fullHashesForPrefixes(deps.db.client, await urlIndex(deps).get(), prefixes);
}

/** Null when `input` is not an MD5, SHA-1 or SHA-256 digest. */
export async function checkHashNow(deps: Deps, input: string): Promise<HashCheckResult | null> {
  const p = parseHash(input);
  if (!p.ok) return null;
  const [r] = await checkHashes(deps.db.client, [p]);
  return r ?? null;
}

/**
 * What the on-demand result pages read as `Astro.locals.portal.threatIntel` (typed in
 * apps/web/src/env.d.ts): the same checks as the API, without an HTTP round trip.
 */
export function threatIntelLocals(deps: Deps) {
  return {
    checkUrl: (url: string) => checkUrlNow(deps, url),
    checkHash: (hash: string) => checkHashNow(deps, hash),
    isDemoSource,
  };
}

/** Demo data for the link and file checks: real lists from npm packages, sources named "demo:…". */
export const threatIntelSeeder: Seeder = {
  name: "threat-intel",
  isEmpty: (deps) => isThreatIntelEmpty(deps.db.client),
  run: (deps) => seedThreatIntel(deps.db.client),
};
