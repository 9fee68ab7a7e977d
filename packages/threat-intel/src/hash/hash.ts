// File-hash lookups: MD5, SHA-1 and SHA-256 digests of known-bad and known-good files.
import type { HashAlgorithm, HashCheck, HashMatch, HashVerdict } from "@portal/contracts";
import type { Client } from "@portal/db";
import { ACTIVE, ACTIVE_ID, activeGenerationOf, CHUNK_ROWS, ensureActiveGeneration, paced } from "../generations.ts";
import type { AddResult, Provenance } from "../url/store.ts";

export type { HashAlgorithm, HashMatch, HashVerdict };
/** The contract's HashCheck: what /hash/… answers. */
export type HashCheckResult = HashCheck;

const BY_LENGTH: Record<number, HashAlgorithm> = { 32: "md5", 40: "sha1", 64: "sha256" };

/** A digest typed by its length, case-insensitive, surrounding whitespace ignored. */
export function parseHash(input: string): { ok: true; hash: string; algorithm: HashAlgorithm } | { ok: false; message: string } {
  const hash = input.trim().toLowerCase();
  const algorithm = BY_LENGTH[hash.length];
  if (!/^[0-9a-f]+$/.test(hash) || !algorithm) {
    return { ok: false, message: "A hash is 32 (MD5), 40 (SHA-1) or 64 (SHA-256) hexadecimal characters." };
  }
  return { ok: true, hash, algorithm };
}

/** One sample as a feed describes it: at least one digest. */
export interface HashEntryInput {
  md5?: string | null;
  sha1?: string | null;
  sha256?: string | null;
  verdict: "malicious" | "known_good";
  /** Malware family or signature. */
  family?: string | null;
  fileName?: string | null;
  fileType?: string | null;
  fileSize?: number | null;
  tags?: string | null;
  reference?: string | null;
  firstSeen?: string | null;
}

/**
 * Rows sorted together, by digest, before they are written: random digests inserted in key order
 * touch each B-tree page once per batch instead of once per row. They are written CHUNK_ROWS to a
 * statement, each one short hold of the write lock (paced() in generations.ts).
 */
const BATCH = 500_000;
/** Page cache for the import's connection (KiB, negative as SQLite wants it): the table's upper levels stay in memory. */
const IMPORT_CACHE_KIB = 256 * 1024;
const clean = (v: string | null | undefined) => {
  const h = v?.trim().toLowerCase();
  return h && /^[0-9a-f]+$/.test(h) ? h : null;
};

/**
 * Adds or refreshes samples, one row per digest. Idempotent like addUrlEntries: a digest already
 * listed by the same source keeps one row, last_seen moves to `p.now`, first_seen keeps the earliest.
 */
export async function addHashEntries(
  client: Client,
  entries: Iterable<HashEntryInput> | AsyncIterable<HashEntryInput>,
  p: Provenance,
  opts: { onProgress?: (received: number) => void } = {},
): Promise<AddResult> {
  const result: AddResult = { received: 0, stored: 0, rejected: [], rejectedCount: 0 };
  let rows: string[] = [];
  const previousCache = (await client.execute("PRAGMA cache_size")).rows[0]?.[0];
  await client.execute(`PRAGMA cache_size = -${IMPORT_CACHE_KIB}`);
  const generation = p.generation ?? (await ensureActiveGeneration(client, p.source));
  const flush = async () => {
    if (rows.length === 0) return;
    rows.sort(); // each row starts with its digest in hex: this is digest order
    for (let at = 0; at < rows.length; at += CHUNK_ROWS) {
      const json = `[${rows.slice(at, at + CHUNK_ROWS).join(",")}]`;
      await paced(() =>
        client.execute({
          sql: `INSERT INTO hash_entries (hash, source, verdict, md5, sha1, sha256, family, file_name, file_type, file_size, tags, reference, added_by, first_seen, last_seen, expires_at, generation)
            SELECT unhex(value->>0), ?1, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, ?2, value->>11, ?3, ?4, ?6
            FROM json_each(?5) WHERE true
            ON CONFLICT (hash, generation) DO UPDATE SET
              verdict = excluded.verdict, md5 = COALESCE(excluded.md5, md5), sha1 = COALESCE(excluded.sha1, sha1), sha256 = COALESCE(excluded.sha256, sha256),
              family = COALESCE(excluded.family, family), file_name = COALESCE(excluded.file_name, file_name), file_type = COALESCE(excluded.file_type, file_type),
              file_size = COALESCE(excluded.file_size, file_size), tags = COALESCE(excluded.tags, tags), reference = COALESCE(excluded.reference, reference),
              added_by = excluded.added_by, first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen), expires_at = excluded.expires_at`,
          args: [p.source, p.addedBy, p.now, p.expiresAt ?? null, json, generation],
        }),
      );
    }
    rows = [];
    opts.onProgress?.(result.received);
  };
  for await (const e of entries) {
    result.received++;
    const md5 = clean(e.md5);
    const sha1 = clean(e.sha1);
    const sha256 = clean(e.sha256);
    const digests = [md5?.length === 32 ? md5 : null, sha1?.length === 40 ? sha1 : null, sha256?.length === 64 ? sha256 : null].filter(
      (d): d is string => d !== null,
    );
    if (digests.length === 0) {
      result.rejectedCount++;
      if (result.rejected.length < 20)
        result.rejected.push({ item: String(e.sha256 ?? e.sha1 ?? e.md5 ?? "").slice(0, 100), reason: "no valid MD5, SHA-1 or SHA-256" });
      continue;
    }
    const first = e.firstSeen && e.firstSeen < p.now ? e.firstSeen : p.now;
    const tail = JSON.stringify([
      e.verdict,
      md5,
      sha1,
      sha256,
      e.family ?? null,
      e.fileName ?? null,
      e.fileType ?? null,
      e.fileSize ?? null,
      e.tags ?? null,
      e.reference ?? null,
      first,
    ]).slice(1);
    for (const d of digests) rows.push(`["${d}",${tail}`);
    result.stored++;
    if (rows.length >= BATCH) await flush();
  }
  try {
    await flush();
  } finally {
    await client.execute(`PRAGMA cache_size = ${Number(previousCache ?? -2000)}`);
  }
  return result;
}

/**
 * Removes what one source listed in its active generation: everything, or only what was last seen
 * before `seenBefore`. One statement, for small sources; a feed is removed with removeSource.
 */
export async function retireHashSource(client: Client, source: string, opts: { seenBefore?: string } = {}): Promise<number> {
  const generation = await activeGenerationOf(client, source);
  if (generation === null) return 0;
  const rs = await client.execute(
    opts.seenBefore
      ? { sql: "DELETE FROM hash_entries WHERE generation = ? AND last_seen < ?", args: [generation, opts.seenBefore] }
      : { sql: "DELETE FROM hash_entries WHERE generation = ?", args: [generation] },
  );
  return rs.rowsAffected;
}

/** The rows of the source's active generation (a scan of the table: hash_entries has no index but its key). */
export async function countHashSource(client: Client, source: string): Promise<number> {
  const rs = await client.execute({ sql: `SELECT COUNT(*) AS n FROM hash_entries WHERE generation = (${ACTIVE_ID})`, args: [source] });
  return Number(rs.rows[0]?.n ?? 0);
}

/**
 * Digests looked up by one statement. A local libSQL statement runs on the event loop's thread
 * until it ends, and on a large table each digest may be a read from disk: a bulk check runs one
 * statement per this many digests and lets the event loop run in between.
 */
export const HASH_LOOKUP_CHUNK = 100;

/**
 * Looks up already-parsed digests (parseHash), HASH_LOOKUP_CHUNK at a time, letting the event loop
 * run between statements; results in input order. `work.statements` counts the statements.
 */
export async function checkHashes(
  client: Client,
  hashes: readonly { hash: string; algorithm: HashAlgorithm }[],
  now = new Date(),
  work?: { statements: number },
): Promise<HashCheckResult[]> {
  const checkedAt = now.toISOString();
  const byHash = new Map<string, HashMatch[]>();
  const unique = [...new Set(hashes.map((h) => h.hash))];
  for (let at = 0; at < unique.length; at += HASH_LOOKUP_CHUNK) {
    if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    if (work) work.statements++;
    const rs = await client.execute({
      sql: `SELECT h.hash, h.source, h.verdict, md5, sha1, sha256, family, file_name, file_type, file_size, tags, reference, added_by, first_seen, last_seen, expires_at
            FROM hash_entries h ${ACTIVE("h")}
            WHERE h.hash IN (SELECT unhex(value) FROM json_each(?)) AND (h.expires_at IS NULL OR h.expires_at > ?)
            ORDER BY h.first_seen, h.source`,
      args: [JSON.stringify(unique.slice(at, at + HASH_LOOKUP_CHUNK)), checkedAt],
    });
    for (const r of rs.rows) {
      const key = Buffer.from(r.hash as ArrayBuffer).toString("hex");
      const list = byHash.get(key) ?? [];
      list.push({
        source: String(r.source),
        verdict: r.verdict as HashMatch["verdict"],
        md5: (r.md5 as string | null) ?? null,
        sha1: (r.sha1 as string | null) ?? null,
        sha256: (r.sha256 as string | null) ?? null,
        family: (r.family as string | null) ?? null,
        fileName: (r.file_name as string | null) ?? null,
        fileType: (r.file_type as string | null) ?? null,
        fileSize: r.file_size === null || r.file_size === undefined ? null : Number(r.file_size),
        tags: r.tags ? String(r.tags).split(",").filter(Boolean) : [],
        reference: (r.reference as string | null) ?? null,
        addedBy: String(r.added_by),
        firstSeen: String(r.first_seen),
        lastSeen: String(r.last_seen),
        expiresAt: (r.expires_at as string | null) ?? null,
      });
      byHash.set(key, list);
    }
  }
  return hashes.map(({ hash, algorithm }) => {
    const matches = byHash.get(hash) ?? [];
    // A digest that any source calls malicious is malicious, whatever a known-file list says.
    const verdict: HashVerdict = matches.some((m) => m.verdict === "malicious")
      ? "malicious"
      : matches.some((m) => m.verdict === "known_good")
        ? "known_good"
        : "unknown";
    return { hash, algorithm, verdict, matches, checkedAt };
  });
}
