// Live parts of the site's pages (Feature.liveParts): a page built once still shows what is true
// now — the banner of a severe alert published a second ago — without JavaScript and without a
// rebuild. The layout writes the part's frame in the page's language with a fill marker inside;
// this fills or removes it as the page is sent, prerendered file and on-demand page alike.
import type { Lang } from "@portal/contracts";
import type { Deps } from "../deps.ts";
import type { Feature } from "../features/types.ts";

/** <!--live:NAME:LANG--> … <!--live:NAME:fill--> … <!--/live:NAME--> */
const PART = /<!--live:([a-z][a-z0-9-]*):(vi|en)-->([\s\S]*?)<!--\/live:\1-->/g;
const fillMarker = (name: string) => `<!--live:${name}:fill-->`;

export type LiveFill = (lang: Lang) => Promise<string | null>;

/**
 * Fills every live part of `html`: a part whose fill answers null, whose name no feature knows, or
 * whose fill fails (logged) is removed whole — a page never fails because of its banner.
 */
export async function fillLiveParts(html: string, fills: ReadonlyMap<string, LiveFill>, onError?: (err: unknown) => void): Promise<string> {
  if (!html.includes("<!--live:")) return html;
  const wanted = new Map<string, Promise<string | null>>();
  for (const [, name, lang] of html.matchAll(PART)) {
    const key = `${name}:${lang}`;
    const fill = fills.get(name as string);
    if (!wanted.has(key))
      wanted.set(
        key,
        fill
          ? fill(lang as Lang).catch((err) => {
              onError?.(err);
              return null;
            })
          : Promise.resolve(null),
      );
  }
  const filled = new Map<string, string | null>();
  for (const [key, p] of wanted) filled.set(key, await p);
  return html.replace(PART, (_whole, name: string, lang: string, inner: string) => {
    const content = filled.get(`${name}:${lang}`);
    // A function, so that "$&" or "$1" in the content is never read as a replacement pattern.
    return content == null ? "" : inner.replace(fillMarker(name), () => content);
  });
}

/** The site's HTML transform from every feature's live parts, each fill built once from Deps. */
export function liveTransform(features: readonly Feature[], deps: Deps): (html: string) => Promise<string> {
  const fills = new Map<string, LiveFill>();
  for (const f of features) {
    for (const [name, make] of Object.entries(f.liveParts ?? {})) {
      if (fills.has(name)) throw new Error(`Two features provide the live part "${name}" (the second is "${f.name}").`);
      fills.set(name, make(deps));
    }
  }
  const onError = (err: unknown) => deps.log.warn("live part failed; the page is sent without it", { err });
  return (html) => fillLiveParts(html, fills, onError);
}
