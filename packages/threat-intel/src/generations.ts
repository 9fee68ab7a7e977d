// Generations of a source's entries (migration 0011): how an import of hundreds of thousands of
// links or hashes lands whole without holding SQLite's write lock for long. Every row of
// url_entries, url_domains and hash_entries carries the generation it belongs to; readers join
// threat_generations and see each source's one 'active' generation only. An import writes a new
// 'staging' generation in short transactions, makes it active in one short transaction, then
// deletes the old one in short chunks. Between its write statements it pauses as long as the
// statement took, so another process's write (a citizen's report in the server) waits at most
// about one statement, never the whole import.
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { type Client, processAlive } from "@portal/db";

/** The join that keeps a query to the active generations: `FROM url_entries e ${ACTIVE("e")}`. */
export const ACTIVE = (alias: string) => `JOIN threat_generations g ON g.id = ${alias}.generation AND g.state = 'active'`;

/** A subquery for the active generation of the source given as its one argument. */
export const ACTIVE_ID = "SELECT id FROM threat_generations WHERE source = ? AND state = 'active'";

/** Table rows per write statement when copying, pruning or deleting a generation. */
export const CHUNK_ROWS = 2000;

type Table = "url_entries" | "url_domains" | "hash_entries";
export const GENERATION_TABLES: readonly Table[] = ["url_entries", "url_domains", "hash_entries"];
/** Each table's first key column: generations are walked in ranges of it. */
const KEY: Record<Table, string> = { url_entries: "hash", url_domains: "domain", hash_entries: "hash" };
const COLUMNS: Record<Table, string> = {
  url_entries: "hash, prefix, expression, verdict, threat, source, target, reference, tags, added_by, first_seen, last_seen, expires_at",
  url_domains: "domain, kind, source, name, category, added_by, first_seen, last_seen",
  hash_entries:
    "hash, source, verdict, md5, sha1, sha256, family, file_name, file_type, file_size, tags, reference, added_by, first_seen, last_seen, expires_at",
};

const now = () => new Date().toISOString();

/**
 * Runs one write statement, then waits as long as it took: the import holds the write lock at most
 * half the time, so a writer in another process that retries under its busy timeout gets it
 * within a statement or two.
 */
export async function paced<T>(write: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await write();
  await sleep(Math.max(1, performance.now() - started));
  return result;
}

/** The source's active generation, or null when it has none. */
export async function activeGenerationOf(client: Client, source: string): Promise<number | null> {
  const rs = await client.execute({ sql: "SELECT id FROM threat_generations WHERE source = ? AND state = 'active'", args: [source] });
  return rs.rows[0] ? Number(rs.rows[0].id) : null;
}

/**
 * The source's active generation, created (empty) when it has none: where a direct, small write
 * (the demo seeder, a report's protection, an alert's indicators) goes.
 */
export async function ensureActiveGeneration(client: Client, source: string): Promise<number> {
  const have = await activeGenerationOf(client, source);
  if (have !== null) return have;
  await client.execute({
    sql: `INSERT INTO threat_generations (source, state, host, pid, started_at) VALUES (?, 'active', ?, ?, ?)
          ON CONFLICT (source) WHERE state = 'active' DO NOTHING`,
    args: [source, hostname(), process.pid, now()],
  });
  return Number(await activeGenerationOf(client, source));
}

/** Starts a staging generation of `source` for this process; no reader sees its rows. */
export async function beginGeneration(client: Client, source: string): Promise<number> {
  const rs = await client.execute({
    sql: "INSERT INTO threat_generations (source, state, host, pid, started_at) VALUES (?, 'staging', ?, ?, ?) RETURNING id",
    args: [source, hostname(), process.pid, now()],
  });
  return Number(rs.rows[0]?.id);
}

/**
 * Makes staging generation `id` the source's active one, in one short transaction that also moves
 * the link version the servers poll; the generation that was active (`base`, read when the import
 * began) becomes 'retired'. Fails, changing nothing, when another import of the source was made
 * active in the meantime: its entries would otherwise be lost without a word.
 */
export async function activateGeneration(client: Client, source: string, id: number, base: number | null): Promise<void> {
  const tx = await client.transaction("write");
  try {
    const cur = await tx.execute({ sql: "SELECT id FROM threat_generations WHERE source = ? AND state = 'active'", args: [source] });
    const active = cur.rows[0] ? Number(cur.rows[0].id) : null;
    if (active !== base) {
      throw new Error(`Another import of source "${source}" finished while this one ran; nothing of this one was kept. Run it again.`);
    }
    await tx.execute({ sql: "UPDATE threat_generations SET state = 'retired' WHERE source = ? AND state = 'active'", args: [source] });
    const r = await tx.execute({ sql: "UPDATE threat_generations SET state = 'active' WHERE id = ? AND state = 'staging'", args: [id] });
    if (r.rowsAffected !== 1)
      throw new Error(`The import's staging generation ${id} is gone (removed as abandoned?); nothing was changed.`);
    await tx.execute(BUMP_URL_VERSION);
    await tx.commit();
  } catch (err) {
    await tx.rollback().catch(() => {});
    throw err;
  } finally {
    tx.close();
  }
}

/** Retires the source's active generation (its rows vanish for readers at once); returns its id. */
export async function retireActiveGeneration(client: Client, source: string): Promise<number | null> {
  const id = await activeGenerationOf(client, source);
  if (id === null) return null;
  await client.batch(
    [{ sql: "UPDATE threat_generations SET state = 'retired' WHERE id = ? AND state = 'active'", args: [id] }, BUMP_URL_VERSION],
    "write",
  );
  return id;
}

export const BUMP_URL_VERSION = {
  sql: `INSERT INTO app_meta (key, value) VALUES ('threat_intel.url_version', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
  args: [],
};

/**
 * Calls `fn(where, args)` for consecutive ranges of `table`'s first key column, each covering about
 * CHUNK_ROWS rows of the whole table: each call is one short statement, and together they cover
 * every row once. (hash_entries has no index but its key; walking the key in ranges needs none.)
 * The statements filter on "+generation", so SQLite walks the key range and never the generation
 * index (which would make every chunk read the whole generation).
 */
async function forEachRange(client: Client, table: Table, fn: (where: string, args: unknown[]) => Promise<void>): Promise<void> {
  const key = KEY[table];
  let lo: unknown = null;
  for (;;) {
    const rs = await client.execute({
      sql: `SELECT ${key} AS k FROM ${table} ${lo === null ? "" : `WHERE ${key} > ?`} ORDER BY ${key} LIMIT 1 OFFSET ${CHUNK_ROWS - 1}`,
      args: lo === null ? [] : [lo as ArrayBuffer],
    });
    const hi = rs.rows[0]?.k ?? null;
    const parts = [lo === null ? null : `${key} > ?`, hi === null ? null : `${key} <= ?`].filter((p) => p !== null);
    await fn(
      parts.length ? parts.join(" AND ") : "true",
      [lo, hi].filter((v) => v !== null),
    );
    if (hi === null) return;
    lo = hi;
  }
}

/** Copies every row of generation `from` into generation `to`, in short statements; returns the rows copied. */
export async function copyGeneration(client: Client, from: number, to: number): Promise<Record<Table, number>> {
  const copied = { url_entries: 0, url_domains: 0, hash_entries: 0 };
  for (const table of GENERATION_TABLES) {
    await forEachRange(client, table, async (where, args) => {
      const r = await paced(() =>
        client.execute({
          sql: `INSERT INTO ${table} (${COLUMNS[table]}, generation) SELECT ${COLUMNS[table]}, ? FROM ${table} WHERE +generation = ? AND ${where}
                ON CONFLICT DO NOTHING`,
          args: [to, from, ...(args as never[])],
        }),
      );
      copied[table] += r.rowsAffected;
    });
  }
  return copied;
}

/** Deletes the rows of generation `id` that `last_seen` before `before`, in short statements; returns how many per table. */
export async function pruneGeneration(client: Client, id: number, before: string): Promise<Record<Table, number>> {
  const removed = { url_entries: 0, url_domains: 0, hash_entries: 0 };
  for (const table of GENERATION_TABLES) {
    await forEachRange(client, table, async (where, args) => {
      const r = await paced(() =>
        client.execute({
          sql: `DELETE FROM ${table} WHERE +generation = ? AND last_seen < ? AND ${where}`,
          args: [id, before, ...(args as never[])],
        }),
      );
      removed[table] += r.rowsAffected;
    });
  }
  return removed;
}

/** Deletes generation `id` — its rows in short statements, then its record. Only for one no reader sees (staging or retired). */
export async function dropGeneration(client: Client, id: number): Promise<void> {
  for (const table of GENERATION_TABLES) {
    await forEachRange(client, table, async (where, args) => {
      await paced(() =>
        client.execute({ sql: `DELETE FROM ${table} WHERE +generation = ? AND ${where}`, args: [id, ...(args as never[])] }),
      );
    });
  }
  await client.execute({ sql: "DELETE FROM threat_generations WHERE id = ? AND state <> 'active'", args: [id] });
}

/**
 * Deletes what no reader will see again: retired generations, and staging generations whose
 * import died (its process on this host is gone). A staging generation of a live import, or of
 * another host (a shared libSQL server), is left alone. Returns how many generations went.
 */
export async function dropAbandonedGenerations(client: Client): Promise<number> {
  const rs = await client.execute("SELECT id, state, host, pid FROM threat_generations WHERE state <> 'active'");
  const host = hostname();
  const gone = rs.rows
    .filter((r) => r.state === "retired" || (r.host === host && Number(r.pid) !== process.pid && !processAlive(Number(r.pid))))
    .map((r) => Number(r.id));
  for (const id of gone) await dropGeneration(client, id);
  return gone.length;
}

/** Rows per table of generation `id`. */
export async function countGeneration(client: Client, id: number | null): Promise<Record<Table, number>> {
  if (id === null) return { url_entries: 0, url_domains: 0, hash_entries: 0 };
  const rs = await client.batch(
    GENERATION_TABLES.map((t) => ({ sql: `SELECT COUNT(*) AS n FROM ${t} WHERE generation = ?`, args: [id] })),
    "read",
  );
  const [u, d, h] = rs.map((r) => Number(r.rows[0]?.n ?? 0));
  return { url_entries: u ?? 0, url_domains: d ?? 0, hash_entries: h ?? 0 };
}
