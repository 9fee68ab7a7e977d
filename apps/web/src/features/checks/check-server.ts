// The on-demand result pages' side of the checks: read the query, ask the portal (through
// Astro.locals, no HTTP round trip), set the status and caching. Used only in page frontmatter.
import { hasControl, isDigest, type Lang } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t } from "../../i18n/index.ts";
import { type CheckKey, failureKey, type HashOutcome, type UrlOutcome } from "./check.ts";

/** `?url=` → the verdict, or an error with status 400; null when there is no query (show the form). */
export async function loadUrlResult(astro: AstroGlobal, lang: Lang): Promise<{ url: string; outcome: UrlOutcome } | null> {
  astro.response.headers.set("cache-control", "no-store");
  const url = astro.url.searchParams.get("url");
  if (url === null) return null;
  const fail = (key: CheckKey, status = 400) => {
    astro.response.status = status;
    return { url, outcome: { kind: "error", message: t(lang, key) } as UrlOutcome };
  };
  if (url.trim() === "") return fail("check.link.error.empty");
  if (hasControl(url)) return fail("check.link.error.invalid");
  const portal = astro.locals.portal;
  if (!portal) return fail("check.link.error.network", 503);
  const r = await portal.threatIntel.checkUrl(url);
  if ("error" in r) return fail(failureKey(r.error));
  return { url, outcome: { kind: "result", result: r } };
}

/** `?hash=` → the verdict, or an error with status 400; null when there is no query. */
export async function loadHashResult(astro: AstroGlobal, lang: Lang): Promise<{ hash: string; outcome: HashOutcome } | null> {
  astro.response.headers.set("cache-control", "no-store");
  const hash = astro.url.searchParams.get("hash");
  if (hash === null) return null;
  const fail = (key: CheckKey, status = 400) => {
    astro.response.status = status;
    return { hash, outcome: { kind: "error", message: t(lang, key) } as HashOutcome };
  };
  if (hash.trim() === "") return fail("check.hash.error.empty");
  if (!isDigest(hash)) return fail("check.hash.error.invalid");
  const portal = astro.locals.portal;
  if (!portal) return fail("check.link.error.network", 503);
  const r = await portal.threatIntel.checkHash(hash);
  if (!r) return fail("check.hash.error.invalid");
  return { hash, outcome: { kind: "result", result: r } };
}
