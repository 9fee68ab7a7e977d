// For tests in every package: a real libSQL file in a temporary folder, migrated with every
// migration (not a mock), and second connections to it as other processes would have.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Database, openDatabase, resolveDatabaseUrl } from "./client.ts";
import { migrate } from "./migrate.ts";

export interface TempDb extends Database {
  dir: string;
  /** A second connection to the same file, as another process (the CLI) would have. */
  other(): Promise<Database>;
  cleanup(): void;
}

/** `prefix` names the temporary folder (portal-<prefix>-…), to tell the packages' leftovers apart. */
export async function tempDb(prefix = "db"): Promise<TempDb> {
  const dir = mkdtempSync(join(tmpdir(), `portal-${prefix}-`));
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
