// What the public reads: published and withdrawn TLP:CLEAR alerts, straight from the database on
// every call (no cache to go stale), so a published alert is on its page, in the list and in every
// feed as soon as the publishing transaction commits.
import {
  ALERT_PAGE_SIZE,
  type Alert,
  type AlertFacets,
  type AlertKind,
  type AlertList,
  type AlertListQuery,
  type Lang,
  paths,
} from "@portal/contracts";
import type { Client } from "@portal/db";
import { type AlertRecord, queryAlerts } from "./alerts.ts";
import { KIND_LABELS } from "./labels.ts";
import { markdownToText } from "./markdown.ts";
import { toAlertSummary, toPublicAlert } from "./views.ts";

/** The condition every public query starts from: `tlp` is the published version's. */
const PUBLIC = "a.public_status IS NOT NULL AND a.tlp = 'CLEAR'";

/** The public list with its filters (kind, severity, agency slug, year), newest first. */
export async function listPublicAlerts(client: Client, query: AlertListQuery = {}): Promise<AlertList> {
  const where = [PUBLIC];
  const args: (string | number)[] = [];
  if (query.kind) {
    where.push("a.kind = ?");
    args.push(query.kind);
  }
  if (query.severity) {
    where.push("a.severity = ?");
    args.push(query.severity);
  }
  if (query.agency) {
    where.push("g.slug = ?");
    args.push(query.agency);
  }
  if (query.year !== undefined) {
    where.push("a.year = ?");
    args.push(Number(query.year));
  }
  const page = Math.max(1, Math.floor(Number(query.page ?? 1)));
  const clause = where.join(" AND ");
  const count = await client.execute({
    sql: `SELECT COUNT(*) AS n FROM alerts a JOIN agencies g ON g.id = a.agency_id WHERE ${clause}`,
    args,
  });
  const records = await queryAlerts(
    client,
    clause,
    [...args, ALERT_PAGE_SIZE, (page - 1) * ALERT_PAGE_SIZE],
    "ORDER BY a.first_published_at DESC, a.id LIMIT ? OFFSET ?",
  );
  const lang: Lang = query.lang ?? "vi";
  return {
    alerts: records.flatMap((r) => {
      const s = toAlertSummary(r, lang);
      return s ? [s] : [];
    }),
    total: Number(count.rows[0]?.n ?? 0),
  };
}

/** The agencies and years that have public alerts, for the list's filters (agencies by Vietnamese name, years newest first). */
export async function publicAlertFacets(client: Client): Promise<AlertFacets> {
  const [agencies, years] = await Promise.all([
    client.execute(
      `SELECT DISTINCT g.slug, g.name_vi, g.name_en FROM alerts a JOIN agencies g ON g.id = a.agency_id WHERE ${PUBLIC} ORDER BY g.name_vi, g.slug`,
    ),
    client.execute(`SELECT DISTINCT a.year FROM alerts a WHERE ${PUBLIC} AND a.year IS NOT NULL ORDER BY a.year DESC`),
  ]);
  return {
    agencies: agencies.rows.map((r) => ({ slug: String(r.slug), nameVi: String(r.name_vi), nameEn: String(r.name_en) })),
    years: years.rows.map((r) => Number(r.year)),
  };
}

/** A public alert by its id or its tracking ID (any case); null when there is none the public may see. */
export async function getPublicAlertRecord(client: Client, ref: string): Promise<AlertRecord | null> {
  const records = await queryAlerts(client, `${PUBLIC} AND (a.id = ? OR a.tracking_id = ?)`, [ref, ref.toUpperCase()]);
  return records[0] ?? null;
}

export async function getPublicAlert(client: Client, ref: string, lang: Lang = "vi"): Promise<Alert | null> {
  const record = await getPublicAlertRecord(client, ref);
  return record ? toPublicAlert(record, lang) : null;
}

/** Public alerts with their full history, most recently changed first: what the feeds and the CSAF distribution are built from. */
export async function listPublicAlertRecords(client: Client, opts: { limit?: number } = {}): Promise<AlertRecord[]> {
  const limit = Math.max(1, Math.min(10_000, Math.floor(opts.limit ?? 10_000)));
  return queryAlerts(client, PUBLIC, [limit], "ORDER BY a.last_published_at DESC, a.id LIMIT ?");
}

/** How long an extreme or severe alert keeps the site-wide banner up after its latest version. */
export const BANNER_DAYS = 14;

/**
 * The alerts for the site-wide banner: published (not withdrawn), extreme or severe, and published
 * or corrected in the last BANNER_DAYS days. Alerts carry no expiry of their own, so the banner's
 * window is a fixed policy here; withdrawing an alert takes it down at once.
 */
export async function listBannerAlerts(client: Client, opts: { now?: Date; days?: number } = {}): Promise<AlertRecord[]> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - (opts.days ?? BANNER_DAYS) * 24 * 60 * 60 * 1000).toISOString();
  return queryAlerts(
    client,
    `${PUBLIC} AND a.public_status = 'published' AND a.severity IN ('extreme', 'severe') AND a.last_published_at >= ?`,
    [since],
    "ORDER BY CASE a.severity WHEN 'extreme' THEN 0 ELSE 1 END, a.last_published_at DESC",
  );
}

/** A document for site search, structurally @portal/search's SearchDocument (this package does not depend on it). */
export interface AlertSearchDocument {
  id: string;
  type: "alert";
  lang: Lang;
  title: string;
  url: string;
  summary: string;
  body: string;
  topic?: string;
  status?: string;
  updated?: string;
}

/** The guidance topic (contracts TOPICS) an alert of each kind belongs with, so a topic filter finds both. */
const SEARCH_TOPICS: Partial<Record<AlertKind, string>> = { scam_campaign: "scams", malware: "malware", data_leak: "data-leak" };

/** One search document per public alert and language; withdrawn alerts stay findable, labelled by status. */
export async function alertSearchDocuments(client: Client): Promise<AlertSearchDocument[]> {
  const docs: AlertSearchDocument[] = [];
  for (const a of await listPublicAlertRecords(client)) {
    const c = a.published;
    if (!c || !a.trackingId || !a.lastPublishedAt) continue;
    for (const lang of ["vi", "en"] as const) {
      const demo = a.isDemo ? (lang === "vi" ? " (dữ liệu minh hoạ)" : " (demo data)") : "";
      docs.push({
        id: `alert:${lang}:${a.trackingId}`,
        type: "alert",
        lang,
        title: `${c.title[lang]}${demo}`,
        url: paths.alert(lang, a.trackingId),
        summary: c.summary[lang],
        body: [
          a.trackingId,
          KIND_LABELS[c.kind][lang],
          markdownToText(c.body[lang]),
          c.recommendations ? markdownToText(c.recommendations[lang]) : "",
          ...c.cves.map((x) => x.id),
        ]
          .filter(Boolean)
          .join("\n\n"),
        ...(SEARCH_TOPICS[c.kind] ? { topic: SEARCH_TOPICS[c.kind] } : {}),
        status: a.publicStatus ?? undefined,
        updated: a.lastPublishedAt.toISOString().slice(0, 10),
      });
    }
  }
  return docs;
}
