// Checking links: canonicalise, ask the in-memory host filter whether any entry could match, build
// and hash the expressions only then and ask the in-memory prefix set, confirm the few candidates'
// full hashes in libSQL (or the index's match cache), then decide the verdict. The submitted URL
// is never fetched and its host never resolved: everything here works on the string alone.
import type { UrlCheck, UrlCheckFailure, UrlMatch, UrlVerdict } from "@portal/contracts";
import type { Client, InStatement, InValue, Row } from "@portal/db";
import { ACTIVE } from "../generations.ts";
import {
  type CanonicalUrl,
  canonicalize,
  expressionHash,
  expressionHosts,
  expressions,
  hashPrefix,
  hostKey,
  hostProblem,
} from "./canonicalize.ts";
import { findLookalike, type LookalikeMatch, type LookalikeTarget, LookalikeTargets, lookalikeTarget } from "./lookalike.ts";
import { PrefixSet } from "./prefix-set.ts";
import { type ListedVerdict, readUrlVersion } from "./store.ts";

export type { UrlMatch, UrlVerdict };

export interface TrustedDomain {
  domain: string;
  name: string | null;
  category: string | null;
  source: string;
}

/** What a server keeps in memory to answer checks; rebuilt when the store's version moves. */
export interface UrlIndex {
  version: string;
  prefixes: PrefixSet;
  /**
   * hostKey() of the host of every block-list expression. A URL none of whose expression hosts is
   * here cannot match any entry, so its expressions are never hashed: the filter in front of the
   * prefix set, which spares nearly every check its SHA-256 work. (Same sorted-array structure.)
   */
  hosts: PrefixSet;
  trusted: Map<string, TrustedDomain>;
  exempt: Set<string>;
  /** Trusted and protected domains, prepared for look-alike detection. */
  targets: LookalikeTargets;
  loadedAt: Date;
  /**
   * Block-list rows already read for a full hash (an empty list for a prefix-only hit), so a link
   * checked again — a scam link going round — costs no database round trip. It belongs to this
   * index, so an import or removal (which moves the version and reloads the index) starts afresh.
   * It holds feed data only, never what citizens submitted. Bounded: cleared when full.
   */
  matchCache: Map<string, readonly UrlMatch[]>;
}

/** Full hashes whose rows the match cache keeps at most. */
export const MATCH_CACHE_SIZE = 20_000;

export type UrlReason =
  | { code: "listed"; verdict: ListedVerdict; sources: string[]; message: string }
  | { code: "trusted"; domain: string; name: string | null; category: string | null; source: string; message: string }
  | ({ code: "lookalike"; message: string } & LookalikeMatch)
  | { code: "not_listed"; message: string };

/** The contract's UrlCheck, with the reasons as the precise union this module produces. */
export type UrlCheckResult = Omit<UrlCheck, "reasons"> & { reasons: UrlReason[] };

export type { UrlCheckFailure };

const PAGE = 250_000;

/**
 * Reads the prefix set and the domain lists of the active generations (generations.ts). The
 * version and the active generations are read first, together: every page reads those same
 * generations, so an import made active while we read changes nothing here (the version moves,
 * and the next poll reloads) and a staging generation is never read.
 */
export async function loadUrlIndex(client: Client, opts: { pageSize?: number } = {}): Promise<UrlIndex> {
  const page = opts.pageSize ?? PAGE;
  const [v, g] = await client.batch(
    [
      { sql: "SELECT value FROM app_meta WHERE key = 'threat_intel.url_version'", args: [] },
      { sql: "SELECT json_group_array(id) AS ids FROM threat_generations WHERE state = 'active'", args: [] },
    ],
    "read",
  );
  const version = String(v?.rows[0]?.value ?? "0");
  const active = String(g?.rows[0]?.ids ?? "[]");
  // "+generation": a filter, never the index to walk — the pages below walk (prefix) and the key in order.
  const inActive = "+generation IN (SELECT value FROM json_each(?))";
  // Distinct prefixes, straight from the (prefix) index (which holds each row's generation too).
  const prefixes = await readKeysInPages(
    client,
    page,
    (after) => ({
      sql: `SELECT group_concat(prefix) AS k, MAX(prefix) AS last, COUNT(*) AS n
            FROM (SELECT DISTINCT prefix FROM url_entries WHERE prefix > ? AND ${inActive} ORDER BY prefix LIMIT ?)`,
      args: [after ?? -1, active, page],
    }),
    ",",
    Number,
  );
  // The host of every expression, cut at its first "/" by SQLite, read along the primary key.
  // Rows sharing a hash share their expression, so paging by "hash > last" loses no host.
  const hosts = await readKeysInPages(
    client,
    page,
    (after) => ({
      sql: `SELECT group_concat(substr(expression, 1, instr(expression || '/', '/') - 1), char(10)) AS k, MAX(hash) AS last, COUNT(*) AS n
            FROM (SELECT hash, expression FROM url_entries WHERE ${inActive} ${after === null ? "" : "AND hash > ?"} ORDER BY hash LIMIT ?)`,
      args: after === null ? [active, page] : [active, after, page],
    }),
    "\n",
    hostKey,
  );
  const domains = await client.execute({
    sql: `SELECT domain, kind, source, name, category FROM url_domains WHERE ${inActive} ORDER BY domain, source`,
    args: [active],
  });
  const trusted = new Map<string, TrustedDomain>();
  const exempt = new Set<string>();
  const targetDomains = new Set<string>();
  for (const r of domains.rows) {
    const domain = String(r.domain);
    if (r.kind === "exempt") exempt.add(domain);
    else targetDomains.add(domain);
    if (r.kind === "trusted" && !trusted.has(domain)) {
      trusted.set(domain, {
        domain,
        name: (r.name as string | null) ?? null,
        category: (r.category as string | null) ?? null,
        source: String(r.source),
      });
    }
  }
  const targets = new LookalikeTargets([...targetDomains].map(lookalikeTarget).filter((t): t is LookalikeTarget => t !== null));
  return { version, prefixes, hosts, trusted, exempt, targets, loadedAt: new Date(), matchCache: new Map() };
}

/**
 * Reads 32-bit keys page by page: one string per page (`k`, the keys joined by `separator`)
 * instead of a row object per key keeps a million-entry load to about a second. `pageQuery`
 * gives the statement for the page after the cursor `after` (null for the first); its one row
 * holds `k`, `last` (the next cursor) and `n` (the rows read).
 */
async function readKeysInPages(
  client: Client,
  page: number,
  pageQuery: (after: InValue | null) => InStatement,
  separator: string,
  toKey: (text: string) => number,
): Promise<PrefixSet> {
  const chunks: Uint32Array[] = [];
  let after: InValue | null = null;
  for (;;) {
    const row: Row | undefined = (await client.execute(pageQuery(after))).rows[0];
    const n = Number(row?.n ?? 0);
    if (n === 0) break;
    chunks.push(Uint32Array.from(String(row?.k).split(separator), toKey));
    after = row?.last ?? null;
    if (n < page) break;
  }
  const all = new Uint32Array(chunks.reduce((s, c) => s + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    all.set(c, off);
    off += c.length;
  }
  return PrefixSet.from(all);
}

export interface UrlIndexWatcher {
  /** The current index; the first call loads it and starts polling. */
  get(): Promise<UrlIndex>;
  /** Reads the version now and reloads when it moved; true when it reloaded. */
  refresh(): Promise<boolean>;
  close(): void;
}

/**
 * Keeps a UrlIndex fresh: every `intervalMs` it reads the store's version (one indexed row) and
 * rebuilds when an import or a retirement — in this process or another, such as the CLI — moved
 * it. Lazy: a process that never checks a URL (the CLI) never loads the prefix set.
 */
export function watchUrlIndex(client: Client, opts: { intervalMs?: number; onError?: (err: unknown) => void } = {}): UrlIndexWatcher {
  let current: Promise<UrlIndex> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let reloading: Promise<boolean> | null = null;
  const refresh = async (): Promise<boolean> => {
    if (!current) {
      await get();
      return true;
    }
    reloading ??= (async () => {
      try {
        const have = await current;
        if ((await readUrlVersion(client)) === have?.version) return false;
        const next = await loadUrlIndex(client);
        current = Promise.resolve(next);
        return true;
      } finally {
        reloading = null;
      }
    })();
    return reloading;
  };
  const start = () => {
    if (timer || closed) return;
    timer = setInterval(() => {
      refresh().catch((err) => opts.onError?.(err));
    }, opts.intervalMs ?? 2000);
    timer.unref();
  };
  function get(): Promise<UrlIndex> {
    if (!current) {
      current = loadUrlIndex(client);
      current.catch(() => {
        current = null; // try again on the next call
      });
      start();
    }
    return current;
  }
  return {
    get,
    refresh,
    close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

const VERDICT_ORDER: ListedVerdict[] = ["malicious", "phishing", "suspicious"];

const reasonText: Record<ListedVerdict, string> = {
  malicious: "spreads malware",
  phishing: "is a phishing or scam site",
  suspicious: "is suspicious",
};

function rowToMatch(r: Record<string, unknown>): UrlMatch {
  return {
    expression: String(r.expression),
    hash: Buffer.from(r.hash as ArrayBuffer).toString("hex"),
    verdict: r.verdict as ListedVerdict,
    threat: String(r.threat),
    source: String(r.source),
    target: (r.target as string | null) ?? null,
    reference: (r.reference as string | null) ?? null,
    tags: r.tags ? String(r.tags).split(",").filter(Boolean) : [],
    addedBy: String(r.added_by),
    firstSeen: String(r.first_seen),
    lastSeen: String(r.last_seen),
    expiresAt: (r.expires_at as string | null) ?? null,
  };
}

/** The first value `get` gives for `host` or one of its parent domains, the most specific first. */
function bySuffix<T>(host: string, get: (domain: string) => T | undefined): T | undefined {
  for (let i = 0; ; ) {
    const v = get(i === 0 ? host : host.slice(i));
    if (v !== undefined) return v;
    const dot = host.indexOf(".", i);
    if (dot < 0) return undefined;
    i = dot + 1;
  }
}

/** The trusted domain `host` is within, the most specific first. */
const trustedFor = (host: string, index: UrlIndex): TrustedDomain | null => bySuffix(host, (d) => index.trusted.get(d)) ?? null;

const isExempt = (host: string, index: UrlIndex) => bySuffix(host, (d) => (index.exempt.has(d) ? true : undefined)) === true;

const NO_CANDIDATES: readonly string[] = Object.freeze([]);

/**
 * Counts of the work a check did, for tests and benchmarks that hold it to a bound by operation
 * count rather than by time. Pass one to checkUrls and it is added to.
 */
export interface CheckWork {
  /** Expression hosts looked up in the host filter (at most 5 a link). */
  hostLookups: number;
  /** Expressions hashed with SHA-256 (at most 30 a link, and only for a host in the filter). */
  hashes: number;
  /** Look-alike target comparisons (see findLookalike). */
  lookalikeComparisons: number;
  /** Times a batch let the event loop run (see CHECK_SLICE_MS). */
  yields: number;
}

export const newCheckWork = (): CheckWork => ({ hostLookups: 0, hashes: 0, lookalikeComparisons: 0, yields: 0 });

/**
 * The longest a batch computes before it lets the event loop run, in milliseconds: a batch of the
 * costliest links answers later, but every other request (health, a citizen's single check) is
 * served in between instead of waiting for the whole batch.
 */
export const CHECK_SLICE_MS = 1;

/** Lets the event loop run (setImmediate: after pending I/O and timers) once CHECK_SLICE_MS has passed. */
class TimeSlice {
  #since = performance.now();
  readonly #work: CheckWork | undefined;
  constructor(work?: CheckWork) {
    this.#work = work;
  }
  /** True once the slice is used up: then `await pause()`. (A plain call, so the usual case costs no await.) */
  due(): boolean {
    return performance.now() - this.#since >= CHECK_SLICE_MS;
  }
  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.#work) this.#work.yields++;
    this.#since = performance.now();
  }
}

/**
 * The full hashes (hex) of the URL's expressions that the prefix set holds. When none of the
 * expressions' hosts is in the host filter, no entry can match and nothing is hashed.
 */
function candidatesFor(c: CanonicalUrl, index: UrlIndex, work?: CheckWork): readonly string[] {
  let listedHost = false;
  for (const h of expressionHosts(c)) {
    if (work) work.hostLookups++;
    if (index.hosts.has(hostKey(h))) {
      listedHost = true;
      break;
    }
  }
  if (!listedHost) return NO_CANDIDATES;
  const out: string[] = [];
  for (const e of expressions(c)) {
    if (work) work.hashes++;
    const h = expressionHash(e);
    if (index.prefixes.has(hashPrefix(h))) out.push(h.toString("hex"));
  }
  return out;
}

/** A link after canonicalisation: refused, or with the full hashes the prefix set holds. */
type Prepared = { input: string; failure: UrlCheckFailure } | { input: string; c: CanonicalUrl; candidates: readonly string[] };

/**
 * Checks many URLs with one database round trip for all candidates together. Results are in input
 * order; an input that is not a checkable web address gives a UrlCheckFailure in its place. A
 * batch lets the event loop run every CHECK_SLICE_MS of work, so it never holds up other requests.
 */
export async function checkUrls(
  client: Client,
  index: UrlIndex,
  inputs: readonly string[],
  now = new Date(),
  work?: CheckWork,
): Promise<(UrlCheckResult | UrlCheckFailure)[]> {
  const checkedAt = now.toISOString();
  const wanted = new Set<string>();
  const slice = new TimeSlice(work);
  const prepared: Prepared[] = [];
  for (const input of inputs) {
    if (slice.due()) await slice.pause();
    const c = canonicalize(input);
    if (!c.ok) {
      prepared.push({ input, failure: { input, error: c.error, message: c.message } });
      continue;
    }
    const problem = hostProblem(c);
    if (problem) {
      prepared.push({ input, failure: { input, error: "invalid_host", message: problem } });
      continue;
    }
    const candidates = candidatesFor(c, index, work);
    for (const h of candidates) wanted.add(h);
    prepared.push({ input, c, candidates });
  }
  const byHash = new Map<string, readonly UrlMatch[]>();
  const cache = index.matchCache;
  const unread: string[] = [];
  for (const h of wanted) {
    const cached = cache.get(h);
    // Rows that expired since they were read drop out here, as the query below drops them.
    if (cached)
      byHash.set(
        h,
        cached.some((m) => m.expiresAt !== null && m.expiresAt <= checkedAt)
          ? cached.filter((m) => m.expiresAt === null || m.expiresAt > checkedAt)
          : cached,
      );
    else unread.push(h);
  }
  if (unread.length > 0) {
    const rs = await client.execute({
      sql: `SELECT e.hash, e.expression, e.verdict, e.threat, e.source, e.target, e.reference, e.tags, e.added_by, e.first_seen, e.last_seen, e.expires_at
            FROM url_entries e ${ACTIVE("e")}
            WHERE e.hash IN (SELECT unhex(value) FROM json_each(?)) AND (e.expires_at IS NULL OR e.expires_at > ?)
            ORDER BY e.first_seen`,
      args: [JSON.stringify(unread), checkedAt],
    });
    const read = new Map<string, UrlMatch[]>(unread.map((h) => [h, []]));
    for (const r of rs.rows) {
      const m = Object.freeze(rowToMatch(r as unknown as Record<string, unknown>));
      read.get(m.hash)?.push(m);
    }
    if (cache.size + read.size > MATCH_CACHE_SIZE) cache.clear();
    for (const [h, list] of read) {
      byHash.set(h, list);
      cache.set(h, Object.freeze(list));
    }
  }
  const results: (UrlCheckResult | UrlCheckFailure)[] = [];
  for (const p of prepared) {
    if (slice.due()) await slice.pause();
    results.push(decide(p, index, byHash, checkedAt, work));
  }
  return results;
}

/** The verdict for one prepared link: its block-list matches, the trusted list, look-alike detection. */
function decide(
  p: Prepared,
  index: UrlIndex,
  byHash: ReadonlyMap<string, readonly UrlMatch[]>,
  checkedAt: string,
  work: CheckWork | undefined,
): UrlCheckResult | UrlCheckFailure {
  if ("failure" in p) return p.failure;
  const { c } = p;
  const matches = p.candidates.length === 0 ? [] : p.candidates.flatMap((h) => byHash.get(h) ?? []);
  const reasons: UrlReason[] = [];
  let verdict: UrlVerdict = "unknown";
  const listed = VERDICT_ORDER.find((v) => matches.some((m) => m.verdict === v));
  if (listed) {
    verdict = listed;
    const sources = [...new Set(matches.filter((m) => m.verdict === listed).map((m) => m.source))];
    reasons.push({
      code: "listed",
      verdict: listed,
      sources,
      message: `Listed by ${sources.join(", ")}: the address ${reasonText[listed]}.`,
    });
  }
  const trusted = c.hostKind === "name" ? trustedFor(c.host, index) : null;
  if (trusted) {
    if (verdict === "unknown") verdict = "trusted";
    reasons.push({
      code: "trusted",
      domain: trusted.domain,
      name: trusted.name,
      category: trusted.category,
      source: trusted.source,
      message: `${trusted.domain}${trusted.name ? ` (${trusted.name})` : ""} is on the portal's list of verified sites.`,
    });
  } else if (c.hostKind === "name" && !isExempt(c.host, index)) {
    const look = findLookalike(c.host, index.targets, work);
    if (look) {
      if (verdict === "unknown") verdict = "suspicious";
      reasons.push({
        code: "lookalike",
        ...look,
        message: `The address imitates ${look.domain}: "${look.imitation}" ${look.method === "confusable" ? "looks the same as" : "is one or two letters away from"} "${look.domain}", but it is a different site.`,
      });
    }
  }
  if (reasons.length === 0)
    reasons.push({ code: "not_listed", message: "The address is on none of the portal's lists. That does not prove it is safe." });
  return { input: p.input, canonical: c.url, verdict, reasons, matches, checkedAt } satisfies UrlCheckResult;
}

export async function checkUrl(
  client: Client,
  index: UrlIndex,
  input: string,
  now = new Date(),
): Promise<UrlCheckResult | UrlCheckFailure> {
  const [r] = await checkUrls(client, index, [input], now);
  return r as UrlCheckResult | UrlCheckFailure;
}

/**
 * The privacy-preserving lookup (as Safe Browsing v5 does it): the client sends only 4-byte
 * prefixes of its expressions' hashes and gets back every full hash that starts with one of them,
 * with its verdict, and compares locally — the portal never learns which URL was checked.
 */
export async function fullHashesForPrefixes(
  client: Client,
  index: UrlIndex,
  prefixes: readonly number[],
  now = new Date(),
): Promise<{ hash: string; verdict: ListedVerdict; threat: string; source: string }[]> {
  const hits = [...new Set(prefixes)].filter((p) => index.prefixes.has(p));
  if (hits.length === 0) return [];
  const rs = await client.execute({
    sql: `SELECT e.hash, e.verdict, e.threat, e.source FROM url_entries e ${ACTIVE("e")}
          WHERE e.prefix IN (SELECT value FROM json_each(?)) AND (e.expires_at IS NULL OR e.expires_at > ?) ORDER BY e.hash, e.source`,
    args: [JSON.stringify(hits), now.toISOString()],
  });
  return rs.rows.map((r) => ({
    hash: Buffer.from(r.hash as ArrayBuffer).toString("hex"),
    verdict: r.verdict as ListedVerdict,
    threat: String(r.threat),
    source: String(r.source),
  }));
}
