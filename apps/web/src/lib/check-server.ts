// The on-demand result pages' side of the checks: read the query, ask the portal (through
// Astro.locals, no HTTP round trip), set the status and caching. Used only in page frontmatter.
import type { AstroGlobal } from "astro";
import type { Lang } from "../i18n/index.ts";
import en from "../i18n/ui/en/check.json";
import vi from "../i18n/ui/vi/check.json";
import { fmt, type HashOutcome, hasControl, isHashText, type UrlOutcome, urlErrorText } from "./check.ts";

const stringsFor = (lang: Lang) => (lang === "vi" ? vi : en) as Record<string, string>;

/** `?url=` → the verdict, or an error with status 400; null when there is no query (show the form). */
export async function loadUrlResult(astro: AstroGlobal, lang: Lang): Promise<{ url: string; outcome: UrlOutcome } | null> {
  astro.response.headers.set("cache-control", "no-store");
  const url = astro.url.searchParams.get("url");
  if (url === null) return null;
  const s = stringsFor(lang);
  const fail = (message: string, status = 400) => {
    astro.response.status = status;
    return { url, outcome: { kind: "error", message } as UrlOutcome };
  };
  if (url.trim() === "") return fail(urlErrorText(s, "empty"));
  if (hasControl(url)) return fail(urlErrorText(s, "invalid"));
  const portal = astro.locals.portal;
  if (!portal) return fail(fmt(s, "check.link.error.network"), 503);
  const r = await portal.threatIntel.checkUrl(url);
  if ("error" in r) return fail(urlErrorText(s, r.error));
  return { url, outcome: { kind: "result", result: r } };
}

/** `?hash=` → the verdict, or an error with status 400; null when there is no query. */
export async function loadHashResult(astro: AstroGlobal, lang: Lang): Promise<{ hash: string; outcome: HashOutcome } | null> {
  astro.response.headers.set("cache-control", "no-store");
  const hash = astro.url.searchParams.get("hash");
  if (hash === null) return null;
  const s = stringsFor(lang);
  const fail = (message: string, status = 400) => {
    astro.response.status = status;
    return { hash, outcome: { kind: "error", message } as HashOutcome };
  };
  if (hash.trim() === "") return fail(fmt(s, "check.hash.error.empty"));
  if (!isHashText(hash)) return fail(fmt(s, "check.hash.error.invalid"));
  const portal = astro.locals.portal;
  if (!portal) return fail(fmt(s, "check.link.error.network"), 503);
  const r = await portal.threatIntel.checkHash(hash);
  if (!r) return fail(fmt(s, "check.hash.error.invalid"));
  return { hash, outcome: { kind: "result", result: r } };
}
