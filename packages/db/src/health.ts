import type { Client } from "@libsql/client";

export type DbHealth = { status: "ok"; latencyMs: number; schemaVersion: number } | { status: "down"; error: string };

/** A real round trip to the database, bounded in time so a hung server cannot hang /health. */
export async function checkDatabase(client: Client, timeoutMs = 2000): Promise<DbHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const rs = await Promise.race([
      client.execute("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations"),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: "ok", latencyMs: Math.round((performance.now() - started) * 10) / 10, schemaVersion: Number(rs.rows[0]?.v ?? 0) };
  } catch (err) {
    return { status: "down", error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
