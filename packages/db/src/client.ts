import { mkdirSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { type Client, createClient, type Transaction, type TransactionMode } from "@libsql/client";

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
  const raw = createClient(authToken ? { url, authToken } : embedded ? { url, concurrency: 1 } : { url });
  const client = embedded ? serialised(raw) : raw;
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

/**
 * One connection for an embedded file, and every use of it in turn. Why: @libsql/client gives an
 * interactive transaction a pooled connection of its own, and a connection opened that way has
 * none of the pragmas above (busy_timeout, synchronous=FULL, foreign_keys); and libsql's busy
 * wait is synchronous, so a second in-process writer waiting for the transaction's lock blocks
 * the very event loop the transaction needs to commit (measured: it fails after the whole
 * timeout with SQLITE_BUSY). With a single connection (concurrency 1) the pragmas always hold,
 * and this wrapper queues calls while a transaction is open instead of letting libsql refuse them
 * (TRANSACTION_ACTIVE). The queue is async, so nothing blocks. Code inside a transaction must use
 * the transaction's own methods, never the client's (it would wait for itself).
 */
function serialised(client: Client): Client {
  let tail: Promise<unknown> = Promise.resolve();
  /** Runs `work` after everything queued before it. */
  const turn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => {});
    return run;
  };
  const transaction = (mode?: TransactionMode): Promise<Transaction> =>
    new Promise<Transaction>((resolveTx, rejectTx) => {
      // The queue holds its place until the transaction ends, however it ends.
      void turn(
        () =>
          new Promise<void>((ended) => {
            client.transaction(mode).then(
              (tx) => {
                let done = false;
                const end = () => {
                  if (!done) {
                    done = true;
                    ended();
                  }
                };
                const wrapped = new Proxy(tx, {
                  get(target, prop, receiver) {
                    const v = Reflect.get(target, prop, receiver);
                    if (prop === "commit" || prop === "rollback") {
                      return async () => {
                        try {
                          return await (v as () => Promise<void>).call(target);
                        } finally {
                          end();
                        }
                      };
                    }
                    if (prop === "close") {
                      return () => {
                        try {
                          (v as () => void).call(target);
                        } finally {
                          end();
                        }
                      };
                    }
                    return typeof v === "function" ? v.bind(target) : v;
                  },
                });
                resolveTx(wrapped);
              },
              (err) => {
                ended();
                rejectTx(err);
              },
            );
          }),
      );
    });
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "transaction") return transaction;
      const v = Reflect.get(target, prop, receiver);
      if (prop === "execute" || prop === "batch" || prop === "executeMultiple" || prop === "migrate") {
        return (...args: unknown[]) => turn(() => (v as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      }
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}
