// The checks as the routes and the on-demand pages ask them, against the index on Deps.
import type { HashCheck, UrlCheck, UrlCheckFailure } from "@portal/contracts";
import { checkHashes, checkUrl, checkUrls, fullHashesForPrefixes, parseHash } from "@portal/threat-intel";
import type { Deps } from "../../deps.ts";

export async function checkUrlNow(deps: Deps, url: string): Promise<UrlCheck | UrlCheckFailure> {
  return checkUrl(deps.db.client, await deps.urlIndex.get(), url);
}

export async function checkUrlsNow(deps: Deps, urls: readonly string[]): Promise<(UrlCheck | UrlCheckFailure)[]> {
  return checkUrls(deps.db.client, await deps.urlIndex.get(), urls);
}

export async function hashesForPrefixes(deps: Deps, prefixes: readonly number[]) {
  return fullHashesForPrefixes(deps.db.client, await deps.urlIndex.get(), prefixes);
}

/** Null when `input` is not an MD5, SHA-1 or SHA-256 digest. */
export async function checkHashNow(deps: Deps, input: string): Promise<HashCheck | null> {
  const p = parseHash(input);
  if (!p.ok) return null;
  const [r] = await checkHashes(deps.db.client, [p]);
  return r ?? null;
}
