import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Client } from "@libsql/client";

const defaultDir = fileURLToPath(new URL("../migrations/", import.meta.url));

export interface Migration {
  version: number;
  name: string;
  file: string;
  sql: string;
}

export interface MigrationResult {
  applied: Migration[];
  current: number;
}

/** Migration files are `NNNN_some_name.sql`, applied in numeric order. */
export function listMigrations(dir = defaultDir): Migration[] {
  const seen = new Map<number, string>();
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .map((file) => {
      const m = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!m) throw new Error(`Migration file "${file}" in ${dir} must be named NNNN_lowercase_name.sql`);
      const version = Number(m[1]);
      const clash = seen.get(version);
      if (clash) throw new Error(`Migrations "${clash}" and "${file}" in ${dir} share version ${version}`);
      seen.set(version, file);
      return { version, name: m[2] as string, file, sql: readFileSync(join(dir, file), "utf8") };
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * Applies the pending migrations, each in its own write transaction together with its row in
 * schema_migrations, so a failed migration leaves the database as it was. Safe to run from
 * several processes at once: the write lock serialises them and each re-reads what is applied.
 */
export async function migrate(client: Client, dir = defaultDir): Promise<MigrationResult> {
  // Reads first: when nothing is pending no write is attempted, so a process that starts while an
  // import holds the write lock (its one long transaction) is not refused by SQLITE_BUSY.
  const pending = await pendingMigrations(client, dir);
  if (pending === 0) {
    const cur = await client.execute("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations");
    return { applied: [], current: Number(cur.rows[0]?.v ?? 0) };
  }
  await client.execute(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version INTEGER PRIMARY KEY,
       name TEXT NOT NULL,
       applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
     )`,
  );
  const applied: Migration[] = [];
  for (const migration of listMigrations(dir)) {
    const tx = await client.transaction("write");
    try {
      const done = await tx.execute({ sql: "SELECT 1 FROM schema_migrations WHERE version = ?", args: [migration.version] });
      if (done.rows.length > 0) {
        await tx.rollback();
        continue;
      }
      await tx.executeMultiple(migration.sql);
      await tx.execute({
        sql: "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
        args: [migration.version, migration.name],
      });
      await tx.commit();
      applied.push(migration);
    } catch (err) {
      await tx.rollback().catch(() => {});
      throw new Error(`Migration ${migration.file} failed: ${(err as Error).message}`, { cause: err });
    } finally {
      tx.close();
    }
  }
  const cur = await client.execute("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations");
  return { applied, current: Number(cur.rows[0]?.v ?? 0) };
}

/** How many migrations of `dir` the database lacks, found with reads only (-1: no schema_migrations yet). */
async function pendingMigrations(client: Client, dir: string): Promise<number> {
  const table = await client.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
  if (table.rows.length === 0) return -1;
  const rs = await client.execute("SELECT version FROM schema_migrations");
  const done = new Set(rs.rows.map((r) => Number(r.version)));
  return listMigrations(dir).filter((m) => !done.has(m.version)).length;
}
