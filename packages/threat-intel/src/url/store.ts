// The link block-list and the trusted/protected/exempt domain lists in libSQL: add and retire as
// plain functions (the CLI importers, the demo seeder and the future staff console all call them).
import type { ListedVerdict } from "@portal/contracts";
import type { Client } from "@portal/db";
import { ACTIVE_ID, activeGenerationOf, BUMP_URL_VERSION, CHUNK_ROWS, ensureActiveGeneration, paced } from "../generations.ts";
import { canonicalize, expressionHash, hashPrefix } from "./canonicalize.ts";

export type { ListedVerdict };
export type DomainKind = "trusted" | "protected" | "exempt";

/** One block-list entry as a feed gives it. */
export interface UrlEntryInput {
  /**
   * A URL ("http://evil.example/login.php"), a domain ("evil.example"), a wildcard domain
   * ("*.evil.example", as ChongLuaDao writes them) or a path prefix ("evil.example/phish/*").
   */
  url: string;
  verdict: ListedVerdict;
  threat: string;
  target?: string | null;
  reference?: string | null;
  tags?: string | null;
  /** The feed's own date for the entry (ISO 8601); defaults to the import time. */
  firstSeen?: string | null;
}

/** Who added entries, from where, and when: stored with every row. */
export interface Provenance {
  source: string;
  addedBy: string;
  /** The import's time (ISO 8601 UTC): last_seen of every entry it lists. */
  now: string;
  /** Entries stop counting after this time (ISO 8601 UTC). */
  expiresAt?: string | null;
  /**
   * The staging generation an import writes to (see generations.ts); readers see none of it until
   * it is made active. Without it, entries go straight to the source's active generation.
   */
  generation?: number;
}

export interface DomainInput {
  domain: string;
  name?: string | null;
  category?: string | null;
}

const URL_VERSION_KEY = "threat_intel.url_version";

/** Moves the version that servers poll, so they rebuild their prefix set (see check.ts). Every add and retire below calls it once. */
export async function bumpUrlVersion(client: Client): Promise<void> {
  await client.execute(BUMP_URL_VERSION);
}

export async function readUrlVersion(client: Client): Promise<string> {
  const rs = await client.execute({ sql: "SELECT value FROM app_meta WHERE key = ?", args: [URL_VERSION_KEY] });
  return String(rs.rows[0]?.value ?? "0");
}

/**
 * The expression a block-list entry stands for: "*." and a trailing "*" are wildcards of the
 * expression scheme itself — a host expression ("evil.example/") matches the host and all its
 * subdomains, a path expression ending in "/" matches everything below it. A URL with a path is
 * listed exactly (host + path + query).
 */
export function entryExpression(raw: string): { expression: string } | { error: string } {
  let s = raw.replace(/[\u200b-\u200d\ufeff]/g, "").trim();
  s = s.replace(/^([a-z][a-z0-9+.-]*:\/\/)?\*\./i, "$1");
  s = s.replace(/\*+$/, "");
  const c = canonicalize(s);
  if (!c.ok) return { error: c.message };
  return { expression: `${c.host}${c.path}${c.query ? `?${c.query}` : ""}` };
}

/** The canonical host a domain list entry stands for ("Vietcombank.com.vn." → "vietcombank.com.vn"). */
export function canonicalDomain(raw: string): string | null {
  const c = canonicalize(raw.trim().replace(/^\*\./, ""));
  return c.ok && c.path === "/" && c.query === null && c.hostKind === "name" && c.host.includes(".") ? c.host : null;
}

export interface AddResult {
  /** Entries given. */
  received: number;
  /** Entries stored (new or refreshed); the rest were unusable. */
  stored: number;
  /** Unusable entries: line/position and why. At most 20 are kept. */
  rejected: { item: string; reason: string }[];
  rejectedCount: number;
}

/** Rows per statement for domains. */
const BATCH = 5000;
/**
 * Link entries sorted together, by hash, before they are written: the inserts then walk the
 * (hash, generation) and prefix B-trees in order instead of jumping to a random page per row.
 * They are written CHUNK_ROWS to a statement, each one short hold of the write lock (paced() in
 * generations.ts).
 */
const URL_BATCH = 100_000;

/** Where a write goes: the import's staging generation, or the source's active one (then the servers are told). */
const targetGeneration = async (client: Client, p: Provenance) => p.generation ?? (await ensureActiveGeneration(client, p.source));

/**
 * Adds or refreshes block-list entries. Idempotent: an entry already listed by the same source
 * keeps one row; its last_seen moves to `p.now`, first_seen keeps the earliest date, and the
 * other fields take the newest values.
 */
export async function addUrlEntries(
  client: Client,
  entries: Iterable<UrlEntryInput> | AsyncIterable<UrlEntryInput>,
  p: Provenance,
  opts: { onProgress?: (received: number) => void } = {},
): Promise<AddResult> {
  const result: AddResult = { received: 0, stored: 0, rejected: [], rejectedCount: 0 };
  let rows: unknown[][] = [];
  const generation = await targetGeneration(client, p);
  const flush = async () => {
    if (rows.length === 0) return;
    rows.sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
    for (let at = 0; at < rows.length; at += CHUNK_ROWS) {
      const json = JSON.stringify(rows.slice(at, at + CHUNK_ROWS));
      await paced(() =>
        client.execute({
          sql: `INSERT INTO url_entries (hash, prefix, expression, verdict, threat, source, target, reference, tags, added_by, first_seen, last_seen, expires_at, generation)
            SELECT unhex(value->>0), value->>1, value->>2, value->>3, value->>4, ?1, value->>5, value->>6, value->>7, ?2, value->>8, ?3, ?4, ?6
            FROM json_each(?5) WHERE true
            ON CONFLICT (hash, generation) DO UPDATE SET
              verdict = excluded.verdict, threat = excluded.threat,
              target = COALESCE(excluded.target, target), reference = COALESCE(excluded.reference, reference), tags = COALESCE(excluded.tags, tags),
              added_by = excluded.added_by, first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen),
              expires_at = excluded.expires_at`,
          args: [p.source, p.addedBy, p.now, p.expiresAt ?? null, json, generation],
        }),
      );
    }
    result.stored += rows.length;
    rows = [];
    opts.onProgress?.(result.received);
  };
  for await (const e of entries) {
    result.received++;
    const x = entryExpression(e.url);
    if ("error" in x) {
      result.rejectedCount++;
      if (result.rejected.length < 20) result.rejected.push({ item: e.url.slice(0, 200), reason: x.error });
      continue;
    }
    const hash = expressionHash(x.expression);
    const first = e.firstSeen && e.firstSeen < p.now ? e.firstSeen : p.now;
    rows.push([
      hash.toString("hex"),
      hashPrefix(hash),
      x.expression,
      e.verdict,
      e.threat,
      e.target ?? null,
      e.reference ?? null,
      e.tags ?? null,
      first,
    ]);
    if (rows.length >= URL_BATCH) await flush();
  }
  await flush();
  if (p.generation === undefined) await bumpUrlVersion(client);
  return result;
}

/** Adds or refreshes domains of one kind (trusted, protected or exempt). */
export async function addDomains(client: Client, kind: DomainKind, domains: Iterable<DomainInput>, p: Provenance): Promise<AddResult> {
  const result: AddResult = { received: 0, stored: 0, rejected: [], rejectedCount: 0 };
  const rows: unknown[][] = [];
  for (const d of domains) {
    result.received++;
    const domain = canonicalDomain(d.domain);
    if (!domain) {
      result.rejectedCount++;
      if (result.rejected.length < 20) result.rejected.push({ item: d.domain.slice(0, 200), reason: "not a domain name" });
      continue;
    }
    rows.push([domain, d.name ?? null, d.category ?? null]);
  }
  const generation = await targetGeneration(client, p);
  for (let i = 0; i < rows.length; i += BATCH) {
    await client.execute({
      sql: `INSERT INTO url_domains (domain, kind, source, name, category, added_by, first_seen, last_seen, generation)
            SELECT value->>0, ?1, ?2, value->>1, value->>2, ?3, ?4, ?4, ?6 FROM json_each(?5) WHERE true
            ON CONFLICT (domain, kind, generation) DO UPDATE SET
              name = COALESCE(excluded.name, name), category = COALESCE(excluded.category, category),
              added_by = excluded.added_by, last_seen = MAX(last_seen, excluded.last_seen)`,
      args: [kind, p.source, p.addedBy, p.now, JSON.stringify(rows.slice(i, i + BATCH)), generation],
    });
  }
  result.stored = rows.length;
  if (p.generation === undefined) await bumpUrlVersion(client);
  return result;
}

export interface RetireResult {
  urlEntries: number;
  domains: number;
}

/**
 * Removes what one source listed, in its active generation: everything, or (with `seenBefore`)
 * only what was last seen before then. One statement per table: for small sources (a report's
 * protection, an alert's indicators); a feed is removed with removeSource (feeds/import.ts).
 */
export async function retireUrlSource(client: Client, source: string, opts: { seenBefore?: string } = {}): Promise<RetireResult> {
  const generation = await activeGenerationOf(client, source);
  if (generation === null) return { urlEntries: 0, domains: 0 };
  const cond = opts.seenBefore ? "generation = ? AND last_seen < ?" : "generation = ?";
  const args = opts.seenBefore ? [generation, opts.seenBefore] : [generation];
  const [entries, domains] = await client.batch(
    [
      { sql: `DELETE FROM url_entries WHERE ${cond}`, args },
      { sql: `DELETE FROM url_domains WHERE ${cond}`, args },
    ],
    "write",
  );
  await bumpUrlVersion(client);
  return { urlEntries: entries?.rowsAffected ?? 0, domains: domains?.rowsAffected ?? 0 };
}

/** Removes one expression (a URL, domain or path prefix as given to addUrlEntries) from every source, or one source (every generation). */
export async function retireUrlEntry(client: Client, url: string, source?: string): Promise<number> {
  const x = entryExpression(url);
  if ("error" in x) return 0;
  const hash = expressionHash(x.expression);
  const rs = await client.execute({
    sql: `DELETE FROM url_entries WHERE hash = ?${source ? " AND source = ?" : ""}`,
    args: source ? [hash, source] : [hash],
  });
  await bumpUrlVersion(client);
  return rs.rowsAffected;
}

export async function countUrlSource(client: Client, source: string): Promise<{ entries: number; domains: number }> {
  const [a, b] = await client.batch(
    [
      { sql: `SELECT COUNT(*) AS n FROM url_entries WHERE generation = (${ACTIVE_ID})`, args: [source] },
      { sql: `SELECT COUNT(*) AS n FROM url_domains WHERE generation = (${ACTIVE_ID})`, args: [source] },
    ],
    "read",
  );
  return { entries: Number(a?.rows[0]?.n ?? 0), domains: Number(b?.rows[0]?.n ?? 0) };
}
