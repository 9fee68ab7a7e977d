// One import of one feed file: parse it, add everything under one source, optionally drop what the
// file no longer lists, and say what happened. The CLI (`npm run portal -- import <format> <file>`)
// and the demo seeder call this; the store functions underneath are the staff console's too.
import type { Client } from "@portal/db";
import {
  activateGeneration,
  activeGenerationOf,
  beginGeneration,
  copyGeneration,
  countGeneration,
  dropAbandonedGenerations,
  dropGeneration,
  pruneGeneration,
  retireActiveGeneration,
} from "../generations.ts";
import { addHashEntries } from "../hash/hash.ts";
import { type AddResult, addDomains, addUrlEntries, type DomainKind, type Provenance } from "../url/store.ts";
import type { FeedRecords, ListVerdict } from "./formats.ts";
import * as formats from "./formats.ts";

export const FEED_FORMATS = {
  urlhaus: { source: "urlhaus", description: "URLhaus CSV dump (csv.txt / csv_online.txt) — malware download links" },
  phishtank: { source: "phishtank", description: "PhishTank online-valid.json — verified phishing links" },
  openphish: { source: "openphish", description: "OpenPhish feed.txt — one phishing link per line" },
  chongluadao: { source: "chongluadao", description: 'ChongLuaDao blacklist JSON [{"url": …}] with *. wildcards — scam sites' },
  metamask: {
    source: "metamask",
    description:
      "eth-phishing-detect config.json — blacklist as phishing; fuzzylist as look-alike targets; whitelist only exempts from look-alike warnings",
  },
  malwarebazaar: { source: "malwarebazaar", description: "MalwareBazaar CSV export (full.csv / recent.csv) — malware file hashes" },
  hashlookup: { source: "circl-hashlookup", description: "CIRCL hashlookup JSON lines — known files (known_good unless KnownMalicious)" },
  list: { source: "", description: "one URL, domain or hash per line (# comments)" },
} as const;

export type FeedFormat = keyof typeof FEED_FORMATS;
export const isFeedFormat = (f: string): f is FeedFormat => Object.hasOwn(FEED_FORMATS, f);

const LIST_VERDICTS: ListVerdict[] = ["malicious", "phishing", "suspicious", "trusted", "known_good"];

export interface ImportOptions {
  /** Source name stored with every entry; defaults to the format's (required for `list`). */
  source?: string;
  /** Who runs the import, e.g. "cli:alice" or "demo-seed". */
  addedBy: string;
  /** `list` only: the verdict of every line (default malicious). */
  verdict?: string;
  /** `list` only: the threat label (default: the verdict). */
  threat?: string;
  /** `list` with verdict trusted: the category (bank, e-wallet, government …). */
  category?: string;
  /** Entries expire this many days after the import. */
  expiresDays?: number;
  /** After importing, remove this source's entries that the file no longer lists (a full snapshot). */
  replace?: boolean;
  now?: Date;
  onProgress?: (records: number) => void;
}

export interface ImportSummary {
  format: FeedFormat;
  source: string;
  urls?: AddResult & { new: number };
  hashes?: AddResult & { new: number };
  domains: Partial<Record<DomainKind, number>>;
  skipped: { item: string; reason: string }[];
  retired: number;
  seconds: number;
}

async function parse(
  format: FeedFormat,
  path: string,
  opts: ImportOptions,
): Promise<FeedRecords & { skipped?: { item: string; reason: string }[] }> {
  switch (format) {
    case "urlhaus":
      return { urls: formats.urlhaus(path) };
    case "phishtank":
      return { urls: formats.phishtank(path) };
    case "openphish":
      return { urls: formats.openphish(path) };
    case "chongluadao":
      return { urls: formats.chongluadao(path) };
    case "metamask":
      return formats.metamask(path);
    case "malwarebazaar":
      return { hashes: formats.malwarebazaar(path) };
    case "hashlookup":
      return { hashes: formats.hashlookup(path) };
    case "list": {
      const verdict = (opts.verdict ?? "malicious") as ListVerdict;
      if (!LIST_VERDICTS.includes(verdict)) throw new Error(`--verdict must be one of ${LIST_VERDICTS.join(", ")} (got "${opts.verdict}")`);
      return formats.list(path, { verdict, threat: opts.threat ?? verdict, category: opts.category ?? null });
    }
  }
}

/**
 * Imports one feed file, all or nothing, without holding the write lock for long (generations.ts):
 * the source's entries are copied to a new staging generation and the file's entries added there
 * (with `replace`, what the file no longer lists is then removed from it), each step in short
 * statements no reader sees; one short transaction makes it the source's active generation, and
 * the old one is deleted afterwards. A failure or a kill before that transaction leaves the source
 * as it was (the next import deletes the abandoned rows). Idempotent: importing the same file again
 * only refreshes last_seen.
 */
export async function importFeed(client: Client, format: FeedFormat, path: string, opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const source = opts.source ?? FEED_FORMATS[format].source;
  if (!source) throw new Error(`Name the source of a "${format}" import with --source NAME (for example --source analyst-2026-05).`);
  if (!/^[\w.:@-]{1,64}$/.test(source)) throw new Error(`--source must be 1–64 letters, digits or . _ - : @ (got "${source}").`);
  const now = (opts.now ?? new Date()).toISOString();
  const expiresAt =
    opts.expiresDays !== undefined ? new Date((opts.now ?? new Date()).getTime() + opts.expiresDays * 86_400_000).toISOString() : null;
  const records = await parse(format, path, opts);
  await dropAbandonedGenerations(client);
  const base = await activeGenerationOf(client, source);
  const generation = await beginGeneration(client, source);
  const p: Provenance = { source, addedBy: opts.addedBy, now, expiresAt, generation };
  const summary: ImportSummary = { format, source, domains: {}, skipped: records.skipped ?? [], retired: 0, seconds: 0 };
  let seen = 0;
  const progress = (n: number) => opts.onProgress?.(seen + n);
  try {
    const before = base === null ? null : await copyGeneration(client, base, generation);
    let urls: AddResult | undefined;
    let hashes: AddResult | undefined;
    if (records.urls) {
      urls = await addUrlEntries(client, records.urls, p, { onProgress: progress });
      seen += urls.received;
    }
    for (const kind of ["trusted", "protected", "exempt"] as const) {
      const list = records[kind];
      if (list && list.length > 0) {
        const r = await addDomains(client, kind, list, p);
        summary.domains[kind] = r.stored;
        seen += r.received;
        progress(0);
      }
    }
    if (records.hashes) {
      hashes = await addHashEntries(client, records.hashes, p, { onProgress: progress });
      seen += hashes.received;
    }
    // "New": rows the file added to what the source had.
    const after = await countGeneration(client, generation);
    if (urls) summary.urls = { ...urls, new: after.url_entries - (before?.url_entries ?? 0) };
    if (hashes) summary.hashes = { ...hashes, new: after.hash_entries - (before?.hash_entries ?? 0) };
    if (opts.replace) {
      const r = await pruneGeneration(client, generation, now);
      summary.retired = r.url_entries + r.url_domains + r.hash_entries;
    }
    await activateGeneration(client, source, generation, base);
  } catch (err) {
    await dropGeneration(client, generation).catch(() => {});
    throw err;
  }
  if (base !== null) await dropGeneration(client, base);
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/**
 * Removes every entry one source added, links, domains and hashes alike: readers stop seeing them
 * in one short transaction, and the rows are deleted afterwards in short statements.
 */
export async function removeSource(client: Client, source: string): Promise<{ urlEntries: number; domains: number; hashes: number }> {
  const id = await activeGenerationOf(client, source);
  const n = await countGeneration(client, id);
  if (id !== null) {
    await retireActiveGeneration(client, source);
    await dropGeneration(client, id);
  }
  return { urlEntries: n.url_entries, domains: n.url_domains, hashes: n.hash_entries };
}

const num = (n: number) => n.toLocaleString("en-US");

/** The operator's summary: what was read, stored, new, rejected and removed. */
export function formatSummary(s: ImportSummary): string {
  const lines = [`Imported ${s.format} as source "${s.source}" in ${s.seconds.toFixed(1)} s.`];
  const part = (label: string, r: AddResult & { new: number }) => {
    lines.push(
      `  ${label}: ${num(r.received)} read, ${num(r.stored)} stored (${num(r.new)} new, ${num(r.stored - r.new)} already listed — last seen updated)${r.rejectedCount ? `, ${num(r.rejectedCount)} rejected` : ""}.`,
    );
    for (const x of r.rejected.slice(0, 5)) lines.push(`    rejected "${x.item}": ${x.reason}`);
  };
  // A list file may hold links, hashes or both: name only what it had.
  const parts = (
    [
      ["links", s.urls],
      ["file hashes (samples)", s.hashes],
    ] as const
  ).filter(([, r]) => r && (r.received > 0 || r.rejectedCount > 0));
  for (const [label, r] of parts) if (r) part(label, r);
  for (const [kind, n] of Object.entries(s.domains)) lines.push(`  ${kind} domains: ${num(n)}.`);
  if (s.skipped.length) {
    lines.push(`  skipped ${num(s.skipped.length)} line(s):`);
    for (const x of s.skipped.slice(0, 5)) lines.push(`    ${x.item}: ${x.reason}`);
  }
  if (s.retired) lines.push(`  removed ${num(s.retired)} entries of "${s.source}" that this file no longer lists (--replace).`);
  lines.push("A running portal picks the change up within a few seconds.");
  return lines.join("\n");
}
