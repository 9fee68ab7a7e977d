// A real, migrated libSQL file for tests, in a temporary folder (not a mock).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Database, migrate, openDatabase, resolveDatabaseUrl } from "@portal/db";

export interface TempDb extends Database {
  dir: string;
  /** A second connection to the same file, as another process (the CLI) would have. */
  other(): Promise<Database>;
  cleanup(): void;
}

export async function tempDb(): Promise<TempDb> {
  const dir = mkdtempSync(join(tmpdir(), "portal-ti-"));
  const url = resolveDatabaseUrl(undefined, dir);
  const db = await openDatabase(url);
  await migrate(db.client);
  const others: Database[] = [];
  return {
    ...db,
    dir,
    async other() {
      const o = await openDatabase(url);
      others.push(o);
      return o;
    },
    cleanup() {
      for (const o of others) o.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
