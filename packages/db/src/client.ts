import { mkdirSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { type Client, createClient } from "@libsql/client";

export interface Database {
  client: Client;
  url: string;
  /** true for a local file, false for a libSQL server (sqld / Turso) reached over the network. */
  embedded: boolean;
  close(): void;
}

/** DATABASE_URL when given, else `file:` + DATA_DIR/portal.db (absolute, so the CLI and server agree). */
export function resolveDatabaseUrl(databaseUrl: string | undefined, dataDir: string): string {
  if (databaseUrl) return databaseUrl;
  return `file:${resolve(dataDir, "portal.db")}`;
}

/**
 * Opens the database and, for an embedded file, sets the pragmas the portal relies on:
 * WAL (readers never block the writer), a busy timeout (the CLI and server may write at once),
 * foreign keys, and synchronous=FULL — a report acknowledged to a citizen must survive a power cut.
 * A libSQL server manages durability itself; there we only turn on foreign keys.
 */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const embedded = url.startsWith("file:");
  if (embedded) {
    const path = url.slice("file:".length).replace(/\?.*$/, "");
    if (path && path !== ":memory:") mkdirSync(dirname(isAbsolute(path) ? path : resolve(path)), { recursive: true });
  }
  const client = createClient(authToken ? { url, authToken } : { url });
  if (embedded) {
    // journal_mode answers with a row; the others are silent. Run one at a time: the embedded
    // driver applies a multi-statement string on a separate connection otherwise.
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA busy_timeout = 5000");
    await client.execute("PRAGMA synchronous = FULL");
  }
  await client.execute("PRAGMA foreign_keys = ON");
  return { client, url, embedded, close: () => client.close() };
}
