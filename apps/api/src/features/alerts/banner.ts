// The site-wide banner's list while an extreme or severe alert is in effect (listBannerAlerts):
// the items of the live part "alert-banner", whose frame and words the site's layout writes
// (apps/web features/alerts). Read at most once a second per language, so a busy site costs the
// database one small query a second and a new alert is on every page within that second.
import { DEMO_PREFIX, listBannerAlerts, toAlertSummary } from "@portal/alerts";
import type { AlertSummary, Lang } from "@portal/contracts";
import type { Deps } from "../../deps.ts";

export const BANNER_PART = "alert-banner";
const FRESH_MS = 1000;

const html = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/** One item per alert: its title (labelled when demo data) linking to its page in the page's language. */
export function bannerItems(alerts: AlertSummary[], lang: Lang): string {
  return alerts
    .map((a) => `<li><a href="${html(a.url)}">${html(`${a.isDemo ? DEMO_PREFIX[lang] : ""}${a.title[lang]}`)}</a></li>`)
    .join("");
}

/** The banner's alerts in one language, newest first within extreme, then severe. */
export async function bannerAlerts(deps: Pick<Deps, "db">, lang: Lang): Promise<AlertSummary[]> {
  return (await listBannerAlerts(deps.db.client)).flatMap((r) => toAlertSummary(r, lang) ?? []);
}

/** The live part's fill: the items, or null (no banner) when no such alert is in effect. */
export function bannerFill(deps: Pick<Deps, "db">): (lang: Lang) => Promise<string | null> {
  const cache = new Map<Lang, { at: number; items: Promise<string | null> }>();
  return (lang) => {
    const hit = cache.get(lang);
    if (hit && Date.now() - hit.at < FRESH_MS) return hit.items;
    const items = bannerAlerts(deps, lang).then((list) => (list.length > 0 ? bannerItems(list, lang) : null));
    cache.set(lang, { at: Date.now(), items });
    // A failed read is not kept: the next page asks again.
    items.catch(() => cache.delete(lang));
    return items;
  };
}
