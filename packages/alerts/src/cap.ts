// One CAP 1.2 message per public alert (OASIS Common Alerting Protocol v1.2, 2010), for the
// warning systems that read CAP, and an Atom index linking every alert's message. The message is
// the alert's latest version: msgType Alert for the first, Update for a correction, Cancel for the
// withdrawal, each Update or Cancel listing the earlier messages in <references>. Elements are
// written in the order of the CAP 1.2 XML schema; cap-rules.ts checks every one we generate.
import type { AlertCertainty, AlertContent, AlertKind, AlertSeverity, AlertUrgency, Audience, Lang } from "@portal/contracts";
import { CAP_MSG_TYPES, paths } from "@portal/contracts";
import type { AlertRecord, AlertVersionRecord } from "./alerts.ts";
import { csafDocumentPath } from "./csaf.ts";
import { CAP_FEED_TITLES, feedTitle, KIND_LABELS, PORTAL_NAME } from "./labels.ts";
import { markdownToText } from "./markdown.ts";
import { vnDateTime } from "./time.ts";
import { absolute } from "./urls.ts";
import { isPublic } from "./views.ts";
import { el, xml } from "./xml.ts";

export const CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
export const CAP_MEDIA_TYPE = "application/cap+xml";

/** CAP 1.2 §3.2.2: <info> language codes (RFC 3066) for our two languages. */
const CAP_LANGUAGE: Record<Lang, string> = { vi: "vi-VN", en: "en-US" };

const capitalise = <T extends string>(s: T) => `${s.charAt(0).toUpperCase()}${s.slice(1)}` as Capitalize<T>;
/** Our lower-case values in CAP's enumerations: "severe" → "Severe" (CAP 1.2 §3.2.2). */
export const capSeverity = (s: AlertSeverity) => capitalise(s);
export const capUrgency = (u: AlertUrgency) => capitalise(u);
export const capCertainty = (c: AlertCertainty) => capitalise(c);

/** CAP 1.2 <responseType>: what the alert asks people to do, by kind. */
const RESPONSE_TYPE: Record<AlertKind, string> = {
  scam_campaign: "Avoid", // do not answer, click or pay
  malware: "Avoid", // do not open or install
  vulnerability: "Execute", // apply the update or mitigation in <instruction>
  data_leak: "Monitor", // watch accounts, change passwords as instructed
  advice: "Prepare", // take the precautions described
};

const AUDIENCE_LABELS: Record<Audience, Record<Lang, string>> = {
  citizen: { vi: "Người dân", en: "Citizens" },
  business: { vi: "Doanh nghiệp", en: "Businesses" },
  agency: { vi: "Cơ quan nhà nước", en: "Public agencies" },
};

const AREA: Record<Lang, string> = { vi: "Việt Nam", en: "Viet Nam" };

/**
 * CAP 1.2 §3.2.1 <sender>: globally unique, based on an Internet domain — the issuing agency at the
 * portal's public host: "vncert@canhbao.example.vn". Slugs and host names contain no space, comma,
 * "<" or "&", which CAP forbids there.
 */
export function capSender(alert: Pick<AlertRecord, "agency">, origin: string): string {
  return `${alert.agency.slug}@${new URL(origin).hostname}`;
}

/** CAP 1.2 §3.2.1 <identifier>, unique for the sender: the tracking ID and the version ("VN-ATTT-2026-0001-v2"). */
export function capIdentifier(trackingId: string, version: number): string {
  return `${trackingId}-v${version}`;
}

/** The "sender,identifier,sent" triple by which a later message references an earlier one (CAP 1.2 §3.2.1 <references>). */
function reference(alert: AlertRecord, v: AlertVersionRecord, origin: string): string {
  return `${capSender(alert, origin)},${capIdentifier(alert.trackingId as string, v.version)},${vnDateTime(v.publishedAt)}`;
}

function notePair(note: { vi: string; en: string }): string {
  return note.vi === note.en ? note.vi : `${note.vi}\n\n${note.en}`;
}

function infoBlock(alert: AlertRecord, content: AlertContent, latest: AlertVersionRecord, lang: Lang, origin: string): string {
  const withdrawn = latest.change === "withdrawal";
  const i = "    ";
  const description = [
    withdrawn && latest.note
      ? `${lang === "vi" ? "Cảnh báo này đã bị thu hồi" : "This alert has been withdrawn"}: ${latest.note[lang]}`
      : "",
    content.summary[lang],
    markdownToText(content.body[lang]),
  ]
    .filter(Boolean)
    .join("\n\n");
  const parameters: [string, string][] = [
    ["TLP", content.tlp],
    ["trackingId", alert.trackingId as string],
    ...content.cves.map((c): [string, string] => ["CVE", c.id]),
    ...content.cves.flatMap((c): [string, string][] => (c.cvssVector ? [["CVSSv3.1", `${c.id} ${c.cvssVector}`]] : [])),
  ];
  const pair = (tag: string, name: string, value: string) =>
    `${i}<${tag}>\n${i}  <valueName>${xml(name)}</valueName>\n${i}  <value>${xml(value)}</value>\n${i}</${tag}>\n`;
  return [
    "  <info>\n",
    el("language", CAP_LANGUAGE[lang], i),
    el("category", "Security", i),
    el("event", KIND_LABELS[content.kind][lang], i),
    el("responseType", withdrawn ? "None" : RESPONSE_TYPE[content.kind], i),
    el("urgency", capUrgency(content.urgency), i),
    el("severity", capSeverity(content.severity), i),
    el("certainty", capCertainty(content.certainty), i),
    el("audience", content.audience.map((a) => AUDIENCE_LABELS[a][lang]).join(", ") || null, i),
    pair("eventCode", "portal:kind", content.kind),
    el("senderName", lang === "vi" ? alert.agency.nameVi : alert.agency.nameEn, i),
    el("headline", feedTitle(content.title[lang], { lang, isDemo: alert.isDemo, withdrawn }), i),
    el("description", description, i),
    el("instruction", content.recommendations ? markdownToText(content.recommendations[lang]) : null, i),
    el("web", absolute(origin, paths.alert(lang, alert.trackingId as string)), i),
    ...parameters.map(([n, v]) => pair("parameter", n, v)),
    `${i}<resource>\n`,
    el("resourceDesc", lang === "vi" ? "Bản tin CSAF 2.0" : "CSAF 2.0 advisory", `${i}  `),
    el("mimeType", "application/json", `${i}  `),
    el("uri", absolute(origin, csafDocumentPath(alert)), `${i}  `),
    `${i}</resource>\n`,
    `${i}<area>\n`,
    el("areaDesc", AREA[lang], `${i}  `),
    `${i}  <geocode>\n${i}    <valueName>ISO3166-1</valueName>\n${i}    <value>VN</value>\n${i}  </geocode>\n`,
    `${i}</area>\n`,
    "  </info>\n",
  ].join("");
}

/**
 * The CAP 1.2 message of a public alert's latest version; null for an alert the public may not
 * see. Demo alerts go out with status Test, which CAP readers are told to disregard.
 */
export function capDocument(alert: AlertRecord, opts: { origin: string }): string | null {
  const latest = alert.versions.at(-1);
  const content = alert.published;
  if (!isPublic(alert) || !latest || !content || !alert.trackingId) return null;
  const msgType = CAP_MSG_TYPES[latest.change];
  const earlier = alert.versions.slice(0, -1);
  const i = "  ";
  const note =
    latest.note && latest.change !== "initial"
      ? notePair(latest.note)
      : alert.isDemo
        ? "Dữ liệu minh hoạ, không phải cảnh báo thật. / Demo data, not a real alert."
        : null;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<alert xmlns="${CAP_NAMESPACE}">\n`,
    el("identifier", capIdentifier(alert.trackingId, latest.version), i),
    el("sender", capSender(alert, opts.origin), i),
    el("sent", vnDateTime(latest.publishedAt), i),
    el("status", alert.isDemo ? "Test" : "Actual", i),
    el("msgType", msgType, i),
    el("source", PORTAL_NAME.vi, i),
    el("scope", "Public", i),
    el("code", `TLP:${content.tlp}`, i),
    el("note", note, i),
    el("references", earlier.length ? earlier.map((v) => reference(alert, v, opts.origin)).join(" ") : null, i),
    el("incidents", alert.trackingId, i),
    infoBlock(alert, content, latest, "vi", opts.origin),
    infoBlock(alert, content, latest, "en", opts.origin),
    "</alert>\n",
  ].join("");
}

/**
 * An Atom feed (RFC 4287) indexing the CAP message of every public alert, as CAP aggregators
 * expect: one entry per alert, its link of type application/cap+xml.
 */
export function capIndexFeed(alerts: AlertRecord[], opts: { origin: string; lang: Lang; now?: Date }): string {
  const { origin, lang } = opts;
  const shown = alerts.filter(isPublic);
  const newest = shown.map((a) => a.lastPublishedAt?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
  const updated = vnDateTime(newest ? new Date(newest) : (opts.now ?? new Date(0)));
  const self = absolute(origin, paths.api.alertCapFeed(lang));
  const entries = shown.map((a) => {
    const c = a.published as AlertContent;
    const cap = absolute(origin, paths.api.alertCap(a.id));
    const withdrawn = a.publicStatus === "withdrawn";
    return `  <entry>
    <id>${xml(cap)}</id>
    <title>${xml(feedTitle(c.title[lang], { lang, isDemo: a.isDemo, withdrawn }))}</title>
    <updated>${vnDateTime(a.lastPublishedAt as Date)}</updated>
    <published>${vnDateTime(a.firstPublishedAt as Date)}</published>
    <author><name>${xml(lang === "vi" ? a.agency.nameVi : a.agency.nameEn)}</name></author>
    <summary>${xml(c.summary[lang])}</summary>
    <link rel="alternate" type="${CAP_MEDIA_TYPE}" href="${xml(cap)}"/>
    <link rel="related" type="text/html" href="${xml(absolute(origin, paths.alert(lang, a.trackingId as string)))}"/>
    <category term="${xml(CAP_MSG_TYPES[a.versions.at(-1)?.change ?? "initial"])}" label="msgType"/>
  </entry>\n`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">
  <id>${xml(self)}</id>
  <title>${xml(CAP_FEED_TITLES[lang])}</title>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${xml(self)}"/>
  <author><name>${xml(PORTAL_NAME[lang])}</name></author>
${entries.join("")}</feed>
`;
}
