// The Atom 1.0 feed (RFC 4287) of public alerts, one per language, for feed readers and CERTs.
// Every absolute URL comes from the configured public origin, never from a request's Host header.
import { type AlertContent, type Lang, paths } from "@portal/contracts";
import type { AlertRecord } from "./alerts.ts";
import { FEED_TITLES, feedTitle, KIND_LABELS, PORTAL_NAME } from "./labels.ts";
import { vnDateTime } from "./time.ts";
import { absolute } from "./urls.ts";
import { isPublic } from "./views.ts";
import { xml } from "./xml.ts";

export const ATOM_MEDIA_TYPE = "application/atom+xml";

/**
 * The feed of the given alerts (newest change first is how listPublicAlertRecords gives them).
 * Entry ids are the alert pages' URLs, which never change: the page is keyed by the tracking ID,
 * stable across versions, so a correction updates the entry instead of adding one (RFC 4287 §4.2.6).
 */
export function alertAtomFeed(alerts: AlertRecord[], opts: { lang: Lang; origin: string; now?: Date }): string {
  const { lang, origin } = opts;
  const shown = alerts.filter(isPublic);
  const newest = shown.map((a) => a.lastPublishedAt?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
  // RFC 4287 §4.1.1 requires <updated>; with no entries, the time the feed was made.
  const updated = vnDateTime(newest ? new Date(newest) : (opts.now ?? new Date()));
  const listUrl = absolute(origin, paths.page("alerts", lang));
  const entries = shown.map((a) => {
    const c = a.published as AlertContent;
    const url = absolute(origin, paths.alert(lang, a.trackingId as string));
    const withdrawn = a.publicStatus === "withdrawn";
    const reason = withdrawn && a.withdrawalReason ? `${lang === "vi" ? "Đã thu hồi" : "Withdrawn"}: ${a.withdrawalReason[lang]} — ` : "";
    return `  <entry>
    <id>${xml(url)}</id>
    <title>${xml(feedTitle(c.title[lang], { lang, isDemo: a.isDemo, withdrawn }))}</title>
    <link rel="alternate" type="text/html" href="${xml(url)}"/>
    <published>${vnDateTime(a.firstPublishedAt as Date)}</published>
    <updated>${vnDateTime(a.lastPublishedAt as Date)}</updated>
    <author><name>${xml(lang === "vi" ? a.agency.nameVi : a.agency.nameEn)}</name></author>
    <category term="${xml(c.kind)}" label="${xml(KIND_LABELS[c.kind][lang])}"/>
    <summary>${xml(`${reason}${c.summary[lang]}`)}</summary>
  </entry>\n`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">
  <id>${xml(listUrl)}</id>
  <title>${xml(FEED_TITLES[lang])}</title>
  <updated>${updated}</updated>
  <link rel="self" type="${ATOM_MEDIA_TYPE}" href="${xml(absolute(origin, paths.api.alertFeed(lang)))}"/>
  <link rel="alternate" type="text/html" href="${xml(listUrl)}"/>
  <author><name>${xml(PORTAL_NAME[lang])}</name></author>
${entries.join("")}</feed>
`;
}
