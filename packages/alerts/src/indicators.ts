// A published alert protects everyone who uses the checks: its links, domains and file hashes go
// into the threat-intel lookup store under the source "alert:<id>", and its phone numbers and bank
// accounts into the confirmed scam identifiers (through an IdentifierSink the caller passes in —
// the reports package owns those). A correction replaces them; a withdrawal retires them.
//
// Verdicts, by the alert's kind:
//   links and domains — scam_campaign → phishing (threat "scam"); malware → malicious (threat
//     "malware"); data_leak, vulnerability and advice → suspicious: the agency names the site in a
//     warning, but the alert does not say the site itself steals credentials or serves malware.
//   file hashes — malicious whatever the kind: the lookup store knows only malicious and
//     known_good, and an agency lists a file in a warning because it is harmful.
// Only TLP:CLEAR alerts reach the checks: the checks are public, and a hash-prefix query would let
// anyone enumerate indicators an AMBER or RED alert shares with a limited audience.
import { type AlertContent, type AlertKind, type ListedVerdict, paths } from "@portal/contracts";
import type { Client } from "@portal/db";
import { addHashEntries, addUrlEntries, parseHash, retireHashSource, retireUrlSource } from "@portal/threat-intel";
import type { AlertRecord } from "./record.ts";
import { absolute } from "./urls.ts";

/** The lookup-store source of an alert's indicators. */
export const alertSource = (alertId: string): string => `alert:${alertId}`;

/** The alert's id from a lookup-store source, or null when the source is not an alert. */
export function alertIdOfSource(source: string): string | null {
  return source.startsWith("alert:") ? source.slice("alert:".length) : null;
}

export interface UrlVerdictRule {
  verdict: ListedVerdict;
  threat: string;
}

/** See the file's head comment for why. */
export function urlVerdictFor(kind: AlertKind): UrlVerdictRule {
  if (kind === "scam_campaign") return { verdict: "phishing", threat: "scam" };
  if (kind === "malware") return { verdict: "malicious", threat: "malware" };
  return { verdict: "suspicious", threat: kind };
}

/** What each kind of identifier is given as. */
export interface IdentifierValues {
  /** As written in the alert ("0912 345 678"); the sink normalises it (E.164). */
  phone: string;
  bank_account: { bank: string; account: string };
}
export type AlertIdentifierKind = keyof IdentifierValues;

/** Why an identifier is confirmed: the alert that names it, so the number check can name and link it. */
export interface IdentifierMeta {
  alertId: string;
  trackingId: string;
  title: { vi: string; en: string };
  kind: AlertKind;
  /** The scam kind in the reports package's terms. */
  scamKind: "scam" | "phishing" | "malware";
  /** The alert's page (absolute when the origin is known, else site-relative) in Vietnamese and English. */
  url: { vi: string; en: string };
  addedBy: string;
  isDemo: boolean;
  at: Date;
}

/**
 * The confirmed scam identifiers, as the reports package will provide them ("confirm
 * identifiers"). Publishing calls retireSource and then confirm for each identifier; withdrawing
 * calls retireSource. Both must be idempotent: a retry after a crash repeats them.
 */
export interface IdentifierSink {
  confirm<K extends AlertIdentifierKind>(kind: K, value: IdentifierValues[K], source: string, meta: IdentifierMeta): Promise<void> | void;
  retireSource(source: string): Promise<void> | void;
}

export interface PutIndicatorsOptions {
  identifiers?: IdentifierSink | undefined;
  now: Date;
  addedBy: string;
  origin?: string | undefined;
}

export interface IndicatorSummary {
  urls: number;
  hashes: number;
  identifiers: number;
}

/**
 * Puts a published alert's indicators into the checks. Adding is idempotent in the lookup store
 * (one row per expression and source), so running it again after a crash does no harm.
 */
export async function putAlertIndicators(client: Client, alert: AlertRecord, opts: PutIndicatorsOptions): Promise<IndicatorSummary> {
  const summary: IndicatorSummary = { urls: 0, hashes: 0, identifiers: 0 };
  const content = alert.published;
  if (alert.publicStatus !== "published" || !content || content.tlp !== "CLEAR" || !alert.trackingId) return summary;
  const source = alertSource(alert.id);
  const page = (lang: "vi" | "en") => {
    const path = paths.alert(lang, alert.trackingId as string);
    return opts.origin ? absolute(opts.origin, path) : path;
  };
  const provenance = { source, addedBy: opts.addedBy, now: opts.now.toISOString() };
  const tags = ["alert", alert.trackingId, ...(alert.isDemo ? ["demo"] : [])].join(",");
  const rule = urlVerdictFor(content.kind);
  const i = content.indicators;

  if (i.urls.length + i.domains.length > 0) {
    // A bare domain is a host expression: it matches the domain and every subdomain (Safe Browsing v4).
    const entries = [...i.urls, ...i.domains].map((url) => ({
      url,
      verdict: rule.verdict,
      threat: rule.threat,
      reference: page("vi"),
      tags,
    }));
    summary.urls = (await addUrlEntries(client, entries, provenance)).stored;
  }
  if (i.hashes.length > 0) {
    const samples = i.hashes.flatMap((h) => {
      const p = parseHash(h);
      return p.ok ? [{ [p.algorithm]: p.hash, verdict: "malicious" as const, reference: page("vi"), tags }] : [];
    });
    summary.hashes = (await addHashEntries(client, samples, provenance)).stored;
  }
  if (opts.identifiers && i.phones.length + i.bankAccounts.length > 0) {
    const meta: IdentifierMeta = {
      alertId: alert.id,
      trackingId: alert.trackingId,
      title: content.title,
      kind: content.kind,
      scamKind: content.kind === "malware" ? "malware" : content.kind === "scam_campaign" ? "scam" : "phishing",
      url: { vi: page("vi"), en: page("en") },
      addedBy: opts.addedBy,
      isDemo: alert.isDemo,
      at: opts.now,
    };
    for (const phone of i.phones) await opts.identifiers.confirm("phone", phone, source, meta);
    for (const account of i.bankAccounts) await opts.identifiers.confirm("bank_account", account, source, meta);
    summary.identifiers = i.phones.length + i.bankAccounts.length;
  }
  return summary;
}

/**
 * Takes everything an alert put into the checks out again. `had` is the content that put them
 * there: the hash table has no index on source (migration 0002 keeps bulk imports fast), so the
 * scan that retiring hashes costs is only paid when the alert listed hashes.
 */
export async function retireAlertIndicators(
  client: Client,
  alertId: string,
  opts: { identifiers?: IdentifierSink | undefined; had?: AlertContent | null },
): Promise<void> {
  const source = alertSource(alertId);
  await retireUrlSource(client, source);
  if (!opts.had || opts.had.indicators.hashes.length > 0) await retireHashSource(client, source);
  await opts.identifiers?.retireSource(source);
}

/**
 * Makes the checks agree with the alerts again, for the API feature's start-up: publishing commits
 * the alert first and then updates the lookup store, so a crash in between leaves the store behind.
 * Published alerts have their indicators put in again; withdrawn ones retired.
 */
export async function reconcileAlertIndicators(
  client: Client,
  alerts: AlertRecord[],
  opts: { identifiers?: IdentifierSink; now?: Date; origin?: string } = {},
): Promise<{ published: number; withdrawn: number }> {
  const now = opts.now ?? new Date();
  let published = 0;
  let withdrawn = 0;
  for (const alert of alerts) {
    if (alert.publicStatus === "published") {
      await retireAlertIndicators(client, alert.id, { identifiers: opts.identifiers, had: alert.published });
      const by = alert.versions.at(-1)?.publishedBy;
      await putAlertIndicators(client, alert, {
        identifiers: opts.identifiers,
        now,
        addedBy: alert.isDemo ? "demo-seed" : by ? `staff:${by}` : "reconcile",
        origin: opts.origin,
      });
      published++;
    } else if (alert.publicStatus === "withdrawn") {
      await retireAlertIndicators(client, alert.id, { identifiers: opts.identifiers, had: alert.published });
      withdrawn++;
    }
  }
  return { published, withdrawn };
}
