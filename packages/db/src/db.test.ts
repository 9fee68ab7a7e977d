import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkDatabase, listMigrations, migrate, openDatabase, resolveDatabaseUrl } from "./index.ts";

const dirs: string[] = [];
function tempDir() {
  const d = mkdtempSync(join(tmpdir(), "portal-db-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("database", () => {
  it("migrates a fresh file, and a second run applies nothing", async () => {
    const db = await openDatabase(resolveDatabaseUrl(undefined, tempDir()));
    const first = await migrate(db.client);
    expect(first.applied.map((m) => m.version)).toEqual(listMigrations().map((m) => m.version));
    const second = await migrate(db.client);
    expect(second.applied).toEqual([]);
    expect(second.current).toBe(first.current);
    const tables = await db.client.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name");
    expect(tables.rows.map((r) => r.name)).toEqual(expect.arrayContaining(["app_meta", "csp_reports", "schema_migrations"]));
    db.close();
  });

  it("opens an embedded file with WAL, foreign keys and synchronous=FULL", async () => {
    const db = await openDatabase(resolveDatabaseUrl(undefined, join(tempDir(), "nested", "dir")));
    const mode = await db.client.execute("PRAGMA journal_mode");
    const fk = await db.client.execute("PRAGMA foreign_keys");
    const sync = await db.client.execute("PRAGMA synchronous");
    expect(String(mode.rows[0]?.[0])).toBe("wal");
    expect(Number(fk.rows[0]?.[0])).toBe(1);
    expect(Number(sync.rows[0]?.[0])).toBe(2); // FULL
    db.close();
  });

  it("rolls a failing migration back completely and names it", async () => {
    const migrations = tempDir();
    writeFileSync(join(migrations, "0001_ok.sql"), "CREATE TABLE a (x INTEGER);");
    writeFileSync(join(migrations, "0002_broken.sql"), "CREATE TABLE b (y INTEGER); INSERT INTO nope VALUES (1);");
    const db = await openDatabase(resolveDatabaseUrl(undefined, tempDir()));
    await expect(migrate(db.client, migrations)).rejects.toThrow(/0002_broken\.sql failed/);
    const tables = await db.client.execute("SELECT name FROM sqlite_master WHERE type='table'");
    const names = tables.rows.map((r) => r.name);
    expect(names).toContain("a");
    expect(names).not.toContain("b");
    expect((await migrate(db.client, migrations).catch(() => null)) ?? "still failing").toBe("still failing");
    db.close();
  });

  it("refuses a badly named migration file with a message that says how to fix it", () => {
    const migrations = tempDir();
    writeFileSync(join(migrations, "1_init.sql"), "SELECT 1;");
    expect(() => listMigrations(migrations)).toThrow(/must be named NNNN_lowercase_name\.sql/);
  });

  it("reports health with the schema version, and 'down' once closed", async () => {
    const db = await openDatabase(resolveDatabaseUrl(undefined, tempDir()));
    const { current } = await migrate(db.client);
    expect(await checkDatabase(db.client)).toMatchObject({ status: "ok", schemaVersion: current });
    db.close();
    expect((await checkDatabase(db.client)).status).toBe("down");
  });
});

describe("one connection, used in turn", () => {
  it("lets other writes and reads wait for an open transaction instead of failing, and keeps foreign keys on", async () => {
    const { tempDb } = await import("./testing.ts");
    const db = await tempDb("serial");
    try {
      const c = db.client;
      await c.execute("CREATE TABLE t_a (id INTEGER PRIMARY KEY)");
      await c.execute("CREATE TABLE t_b (a INTEGER REFERENCES t_a (id))");
      const tx = await c.transaction("write");
      await tx.execute("INSERT INTO t_a VALUES (1)");
      const other = c.execute("INSERT INTO t_a VALUES (2)");
      const read = c.execute("SELECT count(*) AS n FROM t_a");
      await new Promise((r) => setTimeout(r, 50));
      await tx.commit();
      tx.close();
      await other;
      expect((await read).rows[0]?.n).toBe(2);
      await expect(c.execute("INSERT INTO t_b VALUES (99)")).rejects.toThrow(/FOREIGN KEY/);
      expect((await c.execute("PRAGMA busy_timeout")).rows[0]?.timeout).toBe(5000);
      const rolled = await c.transaction("write");
      await rolled.execute("INSERT INTO t_a VALUES (3)");
      await rolled.rollback();
      rolled.close();
      expect((await c.execute("SELECT count(*) AS n FROM t_a")).rows[0]?.n).toBe(2);
    } finally {
      db.cleanup();
    }
  });
});
