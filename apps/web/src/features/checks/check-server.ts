// The on-demand result pages' side of the checks: read the query, ask the portal (through
// Astro.locals, no HTTP round trip), set the status and caching. Used only in page frontmatter.
import { hasControl, isDigest, type Lang, paths, type UrlCheck } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { t } from "../../i18n/index.ts";
import { formatNumber } from "../../lib/format.ts";
import {
  type CheckKey,
  failureKey,
  type HashOutcome,
  linkResultAddress,
  linksIn,
  MAX_MESSAGE_LENGTH,
  MAX_RESULT_ADDRESS,
  type UrlOutcome,
} from "./check.ts";

/** What the link result page shows: the box's text and the outcome, or the address to send the reader to. */
export type UrlResult = { text: string; outcome: UrlOutcome } | { redirect: string };

/**
 * The link result page's side: `?url=` (once per link) or the posted box (a link or a whole
 * message) → the verdicts, or an error with status 400; null when nothing was asked (show the form).
 * A posted box, or an address whose links are not yet one per `?url=`, is sent on (303) to the
 * result's own address when that is short enough for proxies, so reload and copy-paste work.
 */
export async function loadUrlResult(astro: AstroGlobal, lang: Lang): Promise<UrlResult | null> {
  astro.response.headers.set("cache-control", "no-store");
  const posted = astro.request.method === "POST";
  let inputs: string[];
  if (posted) {
    let form: FormData | null = null;
    try {
      form = await astro.request.formData();
    } catch {
      form = null;
    }
    inputs = (form?.getAll("url") ?? []).filter((v): v is string => typeof v === "string");
  } else {
    inputs = astro.url.searchParams.getAll("url");
  }
  if (inputs.length === 0 && !posted) return null;
  const text = inputs.join("\n");
  const fail = (key: CheckKey, status = 400, values?: Record<string, string | number>) => {
    astro.response.status = status;
    return { text, outcome: { kind: "error", message: t(lang, key, values) } as UrlOutcome };
  };
  if (text.trim() === "") return fail("check.link.error.empty");
  if (text.length > MAX_MESSAGE_LENGTH)
    return fail("check.link.error.messageTooLong", 400, { max: formatNumber(MAX_MESSAGE_LENGTH, lang) });
  if (hasControl(text)) return fail("check.link.error.invalid");
  const links = linksIn(inputs);
  if (links.length === 0) return fail("check.link.error.noLinks");
  const own = linkResultAddress(paths.page("linkResult", lang), links);
  const asked = posted ? null : inputs;
  if ((asked === null || asked.length !== links.length || asked.some((x, i) => x !== links[i])) && own.length <= MAX_RESULT_ADDRESS) {
    return { redirect: own };
  }
  const portal = astro.locals.portal;
  if (!portal) return fail("check.link.error.network", 503);
  const results: UrlCheck[] = [];
  for (const link of links) {
    const r = await portal.threatIntel.checkUrl(link);
    if ("error" in r) return fail(failureKey(r.error));
    results.push(r);
  }
  const shown = links.length === 1 ? (links[0] as string) : links.join("\n");
  return { text: shown, outcome: results.length === 1 ? { kind: "result", result: results[0] as UrlCheck } : { kind: "many", results } };
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
