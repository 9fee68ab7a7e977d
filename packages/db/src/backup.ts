// A consistent copy of an embedded database while the portal keeps writing to it, and the check a
// copy must pass before it is trusted. `VACUUM INTO` reads the whole database inside one read
// transaction: in WAL mode writers go on meanwhile, and the copy holds exactly what was committed
// when it began — every committed row, nothing half-written — as one compact file with no -wal.
import { existsSync } from "node:fs";
import { createClient } from "@libsql/client";
import type { Database } from "./client.ts";

export interface DatabaseSnapshot {
  path: string;
  schemaVersion: number;
}

/** Writes a consistent copy of `db` (an embedded file) to `path`, which must not exist, and checks it. */
export async function snapshotDatabase(db: Database, path: string): Promise<DatabaseSnapshot> {
  if (!db.embedded) throw new Error("Only an embedded database file can be copied here; a libSQL server has its own backups.");
  if (existsSync(path)) throw new Error(`${path} already exists.`);
  await db.client.execute({ sql: "VACUUM INTO ?", args: [path] });
  const check = await checkDatabaseFile(path);
  if (!check.ok) throw new Error(`The copy at ${path} failed its integrity check: ${check.problems.join("; ")}`);
  return { path, schemaVersion: check.schemaVersion };
}

export type FileCheck = { ok: true; schemaVersion: number } | { ok: false; problems: string[] };

/**
 * `PRAGMA integrity_check` on a database file, read-only (nothing is created or migrated), and the
 * schema version it is at.
 */
export async function checkDatabaseFile(path: string): Promise<FileCheck> {
  if (!existsSync(path)) return { ok: false, problems: [`${path} does not exist`] };
  const client = createClient({ url: `file:${path}`, concurrency: 1 });
  try {
    const rs = await client.execute("PRAGMA integrity_check");
    const problems = rs.rows.map((r) => String(r[0])).filter((s) => s !== "ok");
    if (problems.length > 0) return { ok: false, problems };
    const v = await client.execute("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations");
    return { ok: true, schemaVersion: Number(v.rows[0]?.v ?? 0) };
  } catch (err) {
    return { ok: false, problems: [(err as Error).message] };
  } finally {
    client.close();
  }
}
