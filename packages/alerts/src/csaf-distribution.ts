// The CSAF 2.0 trusted-provider distribution around the documents (CSAF 2.0 §7.1): the TLP:CLEAR
// folder's index.txt and changes.csv, its ROLIE feed, and provider-metadata.json. Only TLP:CLEAR
// alerts are ever distributed. Every absolute URL is built from the configured public origin.
import { paths } from "@portal/contracts";
import type { AlertRecord } from "./alerts.ts";
import { CSAF_SCHEMA_URL, type CsafDocument, csafDocument, csafDocumentPath, csafPublisher } from "./csaf.ts";
import { PORTAL_NAME } from "./labels.ts";
import { vnDateTime } from "./time.ts";
import { absolute } from "./urls.ts";

/** One distributed document: where it lives and what it is. */
export interface CsafEntry {
  alert: AlertRecord;
  document: CsafDocument;
  /** Site-relative: /.well-known/csaf/clear/<year>/<name>.json */
  path: string;
  /** Relative to the TLP:CLEAR folder, as index.txt and changes.csv list it: <year>/<name>.json */
  relativePath: string;
  currentReleaseDate: Date;
}

/** The documents of the public TLP:CLEAR alerts, newest change first. */
export function csafEntries(alerts: AlertRecord[], opts: { origin: string; contact?: string }): CsafEntry[] {
  const entries: CsafEntry[] = [];
  for (const alert of alerts) {
    const document = csafDocument(alert, opts);
    const latest = alert.versions.at(-1);
    if (!document || !latest) continue;
    const path = csafDocumentPath(alert);
    entries.push({ alert, document, path, relativePath: path.slice(paths.csaf.clear.length), currentReleaseDate: latest.publishedAt });
  }
  return entries.sort((a, b) => b.currentReleaseDate.getTime() - a.currentReleaseDate.getTime() || a.path.localeCompare(b.path));
}

/** CSAF 2.0 requirement 12 (index.txt): one path per line, relative to the folder. */
export function csafIndexTxt(entries: CsafEntry[]): string {
  return entries
    .map((e) => e.relativePath)
    .sort()
    .map((p) => `${p}\n`)
    .join("");
}

/** CSAF 2.0 requirement 13 (changes.csv): "path","current_release_date" per line, newest first. */
export function csafChangesCsv(entries: CsafEntry[]): string {
  return [...entries]
    .sort((a, b) => b.currentReleaseDate.getTime() - a.currentReleaseDate.getTime())
    .map((e) => `"${e.relativePath}","${vnDateTime(e.currentReleaseDate)}"\n`)
    .join("");
}

const ROLIE_CATEGORY = { scheme: "urn:ietf:params:rolie:category:information-type", term: "csaf" } as const;

/**
 * CSAF 2.0 requirement 15 (ROLIE feed, RFC 8322 in JSON): one entry per document with its link,
 * and — requirements 18 and 19 — links to its hash and signature files.
 */
export function csafRolieFeed(entries: CsafEntry[], opts: { origin: string; now?: Date }) {
  const { origin } = opts;
  const newest = entries[0]?.currentReleaseDate ?? opts.now ?? new Date();
  return {
    feed: {
      id: "vn-cyberspace-safety-portal-csaf-feed-tlp-clear",
      title: `${PORTAL_NAME.en} — CSAF feed (TLP:CLEAR)`,
      link: [{ rel: "self", href: absolute(origin, paths.csaf.rolieFeed) }],
      category: [ROLIE_CATEGORY],
      updated: vnDateTime(newest),
      entry: entries.map((e) => {
        const url = absolute(origin, e.path);
        const tracking = e.document.document.tracking;
        return {
          id: tracking.id,
          title: String(e.document.document.title),
          link: [
            { rel: "self", href: url },
            { rel: "hash", href: `${url}.sha256` },
            { rel: "hash", href: `${url}.sha512` },
            { rel: "signature", href: `${url}.asc` },
          ],
          published: tracking.initial_release_date,
          updated: tracking.current_release_date,
          summary: { content: e.alert.published?.summary.en ?? "" },
          content: { type: "application/json", src: url },
          format: { schema: CSAF_SCHEMA_URL, version: "2.0" },
        };
      }),
    },
  };
}

export interface ProviderMetadataOptions {
  origin: string;
  /** The public signing keys (signing.ts), each published at paths.csaf.openpgpKey(fingerprint). */
  keys: { fingerprint: string }[];
  /** When the distribution last changed: the newest document's current_release_date, or now with none. */
  lastUpdated: Date;
  contact?: string;
}

/**
 * CSAF 2.0 requirement 7 (provider-metadata.json) for the role csaf_trusted_provider. The feed's
 * tlp_label is "WHITE": CSAF 2.0's provider schema knows TLP 1.0 labels only, and TLP 2.0 CLEAR is
 * TLP 1.0 WHITE; the folder keeps the TLP 2.0 name "clear".
 */
export function csafProviderMetadata(opts: ProviderMetadataOptions) {
  const { origin } = opts;
  return {
    canonical_url: absolute(origin, paths.csaf.providerMetadata),
    distributions: [
      {
        directory_url: absolute(origin, paths.csaf.clear),
        rolie: {
          feeds: [
            {
              summary: `All TLP:CLEAR advisories of the ${PORTAL_NAME.en} (${PORTAL_NAME.vi}).`,
              tlp_label: "WHITE",
              url: absolute(origin, paths.csaf.rolieFeed),
            },
          ],
        },
      },
    ],
    last_updated: vnDateTime(opts.lastUpdated),
    list_on_CSAF_aggregators: true,
    metadata_version: "2.0",
    mirror_on_CSAF_aggregators: true,
    public_openpgp_keys: opts.keys.map((k) => ({
      fingerprint: k.fingerprint.toUpperCase(),
      url: absolute(origin, paths.csaf.openpgpKey(k.fingerprint)),
    })),
    publisher: csafPublisher(origin, opts.contact),
    role: "csaf_trusted_provider",
  };
}
