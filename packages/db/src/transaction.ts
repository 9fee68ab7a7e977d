// One unit of work that either lands whole or not at all, for code written against a `Client`
// (the threat-intel and breach stores take a Client): `fn` gets the transaction dressed as one.
import type { Client, Transaction } from "@libsql/client";

/**
 * Runs `fn` in one write transaction (BEGIN IMMEDIATE on a file: the write lock is taken at once,
 * so two imports wait for each other instead of failing half-way) and commits when it returns;
 * any error rolls everything back, and a killed process leaves nothing of it (SQLite's journal).
 * Readers elsewhere — a running server — see the old state until the commit and the new state
 * from the commit on, never a part.
 *
 * `fn` must use only the client it is given: the embedded client is one connection taken in turn
 * (client.ts), so a call on the outer client inside `fn` would wait for the transaction to end.
 */
export async function withTransaction<T>(client: Client, fn: (tx: Client) => Promise<T>): Promise<T> {
  const tx = await client.transaction("write");
  try {
    const result = await fn(asClient(tx));
    await tx.commit();
    return result;
  } catch (err) {
    await tx.rollback().catch(() => {});
    throw err;
  } finally {
    tx.close();
  }
}

/** The transaction behind the Client interface; what a transaction cannot do (nest, sync, close) throws. */
function asClient(tx: Transaction): Client {
  const refuse = (what: string) => () => {
    throw new Error(`${what} is not available inside withTransaction()`);
  };
  return new Proxy(tx, {
    get(target, prop, receiver) {
      // batch(stmts, mode) on a Client; inside a transaction the mode is the transaction's.
      if (prop === "batch") return (stmts: Parameters<Transaction["batch"]>[0]) => target.batch(stmts);
      if (prop === "transaction" || prop === "sync" || prop === "migrate" || prop === "commit" || prop === "rollback") {
        return refuse(String(prop));
      }
      if (prop === "close") return refuse("close");
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  }) as unknown as Client;
}
