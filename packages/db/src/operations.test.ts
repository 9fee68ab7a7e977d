import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  checkDatabaseFile,
  finishImportRun,
  markInterruptedRuns,
  migrate,
  recentImportRuns,
  snapshotDatabase,
  startImportRun,
  withTransaction,
} from "./index.ts";
import { type TempDb, tempDb } from "./testing.ts";

let db: TempDb;
afterEach(() => db?.cleanup());

const count = async (c: TempDb["client"], table = "t") => Number((await c.execute(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]?.n);

describe("withTransaction", () => {
  it("commits everything the function wrote, and another connection sees none of it before the commit", async () => {
    db = await tempDb("ops");
    await db.client.execute("CREATE TABLE t (x INTEGER)");
    const other = await db.other();
    let seenMidway = -1;
    await withTransaction(db.client, async (tx) => {
      await tx.execute("INSERT INTO t VALUES (1), (2)");
      await tx.batch([{ sql: "INSERT INTO t VALUES (?)", args: [3] }], "write");
      seenMidway = await count(other.client);
    });
    expect(seenMidway).toBe(0);
    expect(await count(other.client)).toBe(3);
  });

  it("rolls everything back when the function throws, and the client works on afterwards", async () => {
    db = await tempDb("ops");
    await db.client.execute("CREATE TABLE t (x INTEGER)");
    await db.client.execute("INSERT INTO t VALUES (0)");
    await expect(
      withTransaction(db.client, async (tx) => {
        await tx.execute("INSERT INTO t VALUES (1)");
        throw new Error("bad line 2");
      }),
    ).rejects.toThrow("bad line 2");
    expect(await count(db.client)).toBe(1);
    // The pragmas of the one connection still hold (foreign keys on).
    expect((await db.client.execute("PRAGMA foreign_keys")).rows[0]?.[0]).toBe(1);
  });

  it("refuses a nested transaction on the client it hands out", async () => {
    db = await tempDb("ops");
    await expect(withTransaction(db.client, (tx) => tx.transaction("write"))).rejects.toThrow(/not available/);
  });
});

describe("import_runs", () => {
  it("records a run from start to finish, newest first", async () => {
    db = await tempDb("ops");
    const a = await startImportRun(db.client, { format: "list", source: "a", addedBy: "cli:test" });
    await finishImportRun(db.client, a, { outcome: "ok", counts: { read: 3, stored: 2 }, source: "a2" });
    const b = await startImportRun(db.client, { format: "urlhaus", source: "urlhaus", addedBy: "cli:test" });
    const runs = await recentImportRuns(db.client);
    expect(runs.map((r) => r.id)).toEqual([b, a]);
    expect(runs[1]).toMatchObject({ source: "a2", outcome: "ok", counts: { read: 3, stored: 2 }, host: hostname(), pid: process.pid });
    expect(runs[1]?.finishedAt).toMatch(/^\d{4}-/);
    // This process is alive: its running row stays running.
    expect(await markInterruptedRuns(db.client)).toBe(0);
    expect(runs[0]).toMatchObject({ outcome: "running", finishedAt: null });
  });

  it("marks a run whose process is gone as interrupted, and leaves another host's run alone", async () => {
    db = await tempDb("ops");
    const child = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => child.once("exit", r));
    await db.client.execute({
      sql: `INSERT INTO import_runs (format, source, started_at, outcome, host, pid, added_by) VALUES
            ('list', 'dead', '2026-01-01T00:00:00Z', 'running', ?, ?, 'x'),
            ('list', 'elsewhere', '2026-01-01T00:00:00Z', 'running', 'another-host', ?, 'x')`,
      args: [hostname(), child.pid as number, child.pid as number],
    });
    expect(await markInterruptedRuns(db.client)).toBe(1);
    const runs = await recentImportRuns(db.client);
    expect(Object.fromEntries(runs.map((r) => [r.source, r.outcome]))).toEqual({ dead: "interrupted", elsewhere: "running" });
  });
});

describe("snapshotDatabase", () => {
  it("copies a WAL database with every committed row, and checks the copy", async () => {
    db = await tempDb("ops");
    await db.client.execute("CREATE TABLE t (x INTEGER)");
    await db.client.execute("INSERT INTO t SELECT value FROM generate_series(1, 5000)");
    expect(existsSync(`${db.url.slice(5)}-wal`)).toBe(true);
    const path = join(db.dir, "copy.db");
    const snap = await snapshotDatabase(db, path);
    expect(snap.schemaVersion).toBeGreaterThanOrEqual(10);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(await checkDatabaseFile(path)).toEqual({ ok: true, schemaVersion: snap.schemaVersion });
    await expect(snapshotDatabase(db, path)).rejects.toThrow(/already exists/);
  });

  it("finds a damaged file", async () => {
    db = await tempDb("ops");
    await db.client.execute("CREATE TABLE t (x TEXT)");
    await db.client.execute("INSERT INTO t SELECT hex(randomblob(200)) FROM generate_series(1, 2000)");
    const path = join(db.dir, "copy.db");
    await snapshotDatabase(db, path);
    const { openSync, writeSync, closeSync } = await import("node:fs");
    const fd = openSync(path, "r+");
    // Overwrite the middle of the file (table pages), leaving the header intact.
    writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.floor(statSync(path).size / 2 / 4096) * 4096);
    closeSync(fd);
    const check = await checkDatabaseFile(path);
    expect(check.ok).toBe(false);
  });
});

describe("migrate while another process holds the write lock", () => {
  it("writes nothing when nothing is pending, so it neither waits nor fails", async () => {
    db = await tempDb("ops");
    const importer = await db.other();
    const tx = await importer.client.transaction("write");
    try {
      await tx.execute("CREATE TABLE held (x INTEGER)");
      const started = performance.now();
      const r = await migrate(db.client);
      expect(r.applied).toEqual([]);
      expect(r.current).toBeGreaterThanOrEqual(10);
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      await tx.rollback();
      tx.close();
    }
  });
});
