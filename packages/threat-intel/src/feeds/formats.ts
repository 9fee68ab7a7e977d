// Parsers for the real feed formats, each yielding plain records for the store. They read
// streams where the format allows it, so dumps of millions of lines never sit in memory whole.
import type { HashEntryInput } from "../hash/hash.ts";
import type { DomainInput, UrlEntryInput } from "../url/store.ts";
import { isoDate, parseCsvLine, readJson, readLines } from "./read.ts";

/** What a feed file holds: any of link entries, domains for the three lists, and file hashes. */
export interface FeedRecords {
  urls?: AsyncIterable<UrlEntryInput> | Iterable<UrlEntryInput>;
  trusted?: DomainInput[];
  protected?: DomainInput[];
  exempt?: DomainInput[];
  hashes?: AsyncIterable<HashEntryInput> | Iterable<HashEntryInput>;
}

const nullIfNA = (v: string | undefined) => (v === undefined || v === "" || v === "n/a" || v === "None" ? null : v);

/** Splits an abuse.ch CSV dump into its header (the last "# name,…" comment) and records. */
async function* abuseChCsv(path: string): AsyncGenerator<Record<string, string>> {
  let header: string[] | null = null;
  for await (const line of readLines(path)) {
    if (line.startsWith("#")) {
      const body = line.replace(/^#\s*/, "");
      if (/^"?(id|first_seen_utc)"?\s*,/.test(body)) header = parseCsvLine(body);
      continue;
    }
    if (line.trim() === "") continue;
    if (!header) throw new Error(`${path}: no "# id,dateadded,url,…" or "# \\"first_seen_utc\\",…" header line before the first record`);
    const cells = parseCsvLine(line);
    const rec: Record<string, string> = {};
    header.forEach((h, i) => {
      rec[h] = cells[i] ?? "";
    });
    yield rec;
  }
}

/** URLhaus CSV dump (csv.txt, csv_online.txt): `#` comments, then id,dateadded,url,url_status,[last_online,]threat,tags,urlhaus_link,reporter. */
export async function* urlhaus(path: string): AsyncGenerator<UrlEntryInput> {
  for await (const r of abuseChCsv(path)) {
    if (!r.url) throw new Error(`${path}: a record has no "url" column — is this the URLhaus CSV export?`);
    yield {
      url: r.url,
      verdict: "malicious",
      threat: r.threat || "malware_download",
      tags: nullIfNA(r.tags),
      reference: nullIfNA(r.urlhaus_link),
      firstSeen: isoDate(r.dateadded),
    };
  }
}

/** MalwareBazaar CSV export (full.csv, recent.csv): first_seen_utc, sha256_hash, md5_hash, sha1_hash, …, signature, … */
export async function* malwarebazaar(path: string): AsyncGenerator<HashEntryInput> {
  for await (const r of abuseChCsv(path)) {
    if (r.sha256_hash === undefined) throw new Error(`${path}: no "sha256_hash" column — is this the MalwareBazaar CSV export?`);
    yield {
      sha256: r.sha256_hash,
      md5: nullIfNA(r.md5_hash),
      sha1: nullIfNA(r.sha1_hash),
      verdict: "malicious",
      family: nullIfNA(r.signature),
      fileName: nullIfNA(r.file_name),
      fileType: nullIfNA(r.file_type_guess) ?? nullIfNA(r.mime_type),
      tags: nullIfNA(r.clamav),
      reference: r.sha256_hash ? `https://bazaar.abuse.ch/sample/${r.sha256_hash}/` : null,
      firstSeen: isoDate(r.first_seen_utc),
    };
  }
}

/** PhishTank online-valid.json: [{phish_id, url, phish_detail_url, submission_time, verified, online, target, …}]. */
export async function* phishtank(path: string): AsyncGenerator<UrlEntryInput> {
  const data = await readJson(path);
  if (!Array.isArray(data)) throw new Error(`${path}: expected a JSON array of PhishTank entries (online-valid.json)`);
  for (const e of data as Record<string, unknown>[]) {
    if (typeof e?.url !== "string") continue;
    if (e.verified !== undefined && e.verified !== "yes" && e.verified !== true) continue;
    yield {
      url: e.url,
      verdict: "phishing",
      threat: "phishing",
      target: typeof e.target === "string" && e.target !== "Other" ? e.target : null,
      reference: typeof e.phish_detail_url === "string" ? e.phish_detail_url : null,
      firstSeen: isoDate(e.submission_time),
    };
  }
}

/** OpenPhish feed.txt: one phishing URL per line. */
export async function* openphish(path: string): AsyncGenerator<UrlEntryInput> {
  for await (const line of readLines(path)) {
    const url = line.trim();
    if (url === "" || url.startsWith("#")) continue;
    yield { url, verdict: "phishing", threat: "phishing" };
  }
}

/** ChongLuaDao blacklist JSON: [{url: "https://*.example.com/*", …}], with "*." and "/*" wildcards. */
export async function* chongluadao(path: string): AsyncGenerator<UrlEntryInput> {
  const data = await readJson(path);
  if (!Array.isArray(data)) throw new Error(`${path}: expected a JSON array of {"url": …} objects (the ChongLuaDao blacklist)`);
  for (const e of data as unknown[]) {
    const url = typeof e === "string" ? e : typeof (e as { url?: unknown })?.url === "string" ? (e as { url: string }).url : null;
    if (!url) continue;
    yield { url, verdict: "phishing", threat: "scam" };
  }
}

/**
 * MetaMask eth-phishing-detect config.json: `blacklist` becomes phishing entries; `fuzzylist`
 * becomes look-alike targets; `whitelist` only exempts a domain from look-alike warnings — it does
 * not make it trusted.
 */
export async function metamask(path: string): Promise<FeedRecords> {
  const data = (await readJson(path)) as { blacklist?: unknown; whitelist?: unknown; fuzzylist?: unknown };
  if (!data || !Array.isArray(data.blacklist))
    throw new Error(`${path}: expected eth-phishing-detect's config.json with a "blacklist" array`);
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return {
    urls: strings(data.blacklist).map((d) => ({ url: d, verdict: "phishing" as const, threat: "crypto_phishing" })),
    protected: strings(data.fuzzylist).map((domain) => ({ domain })),
    exempt: strings(data.whitelist).map((domain) => ({ domain })),
  };
}

/** CIRCL hashlookup JSON lines: {"MD5", "SHA-1", "SHA-256", "FileName", "FileSize", "mimetype", "source", "db", "KnownMalicious"?, …}. */
export async function* hashlookup(path: string): AsyncGenerator<HashEntryInput> {
  let n = 0;
  for await (const line of readLines(path)) {
    n++;
    if (line.trim() === "") continue;
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`${path}, line ${n}: not a JSON object (hashlookup exports are one JSON object per line)`);
    }
    const str = (k: string) => (typeof e[k] === "string" && e[k] !== "" ? (e[k] as string) : null);
    const malicious = e.KnownMalicious !== undefined && e.KnownMalicious !== null && e.KnownMalicious !== "";
    const size = Number(e.FileSize);
    const sha1 = str("SHA-1");
    yield {
      md5: str("MD5"),
      sha1,
      sha256: str("SHA-256"),
      verdict: malicious ? "malicious" : "known_good",
      family: malicious ? String(e.KnownMalicious) : null,
      fileName: str("FileName"),
      fileType: str("mimetype"),
      fileSize: Number.isFinite(size) && str("FileSize") !== null ? size : null,
      tags: [str("source"), str("db")].filter(Boolean).join(",") || null,
      reference: sha1 ? `https://hashlookup.circl.lu/lookup/sha1/${sha1.toLowerCase()}` : null,
    };
  }
}

export type ListVerdict = "malicious" | "phishing" | "suspicious" | "trusted" | "known_good";

/**
 * A plain list: one URL, domain or hash per line; `#` starts a comment. Hashes become hash
 * entries, anything else link entries — or trusted domains when the verdict is "trusted".
 */
export async function list(
  path: string,
  opts: { verdict: ListVerdict; threat: string; category?: string | null },
): Promise<FeedRecords & { skipped: { item: string; reason: string }[] }> {
  const urls: UrlEntryInput[] = [];
  const hashes: HashEntryInput[] = [];
  const trusted: DomainInput[] = [];
  const skipped: { item: string; reason: string }[] = [];
  let n = 0;
  for await (const raw of readLines(path)) {
    n++;
    const item = raw.replace(/\s#.*$|^#.*$/, "").trim();
    if (item === "") continue;
    if (/^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i.test(item)) {
      if (opts.verdict !== "malicious" && opts.verdict !== "known_good") {
        skipped.push({ item: `line ${n}: ${item}`, reason: `a hash can only be malicious or known_good, not ${opts.verdict}` });
        continue;
      }
      const key = item.length === 32 ? "md5" : item.length === 40 ? "sha1" : "sha256";
      hashes.push({ [key]: item, verdict: opts.verdict, family: opts.threat === opts.verdict ? null : opts.threat });
    } else if (opts.verdict === "trusted") {
      trusted.push({ domain: item, category: opts.category ?? null });
    } else if (opts.verdict === "known_good") {
      skipped.push({ item: `line ${n}: ${item}`, reason: "known_good applies to hashes only" });
    } else {
      urls.push({ url: item, verdict: opts.verdict, threat: opts.threat });
    }
  }
  return { urls, hashes, trusted, skipped };
}
