import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HranaTestServer, startHranaTestServer } from "./hrana-test-server.ts";
import { checkDatabase, listMigrations, migrate, openDatabase } from "./index.ts";

// sqld cannot be installed here (not on npm, not in Debian), so these tests talk to a protocol
// stand-in (./hrana-test-server.ts): the point is that @libsql/client's *remote* code path —
// the one DATABASE_URL=http://… or libsql://… takes in production — runs our migrations and queries.
let dir: string;
let server: HranaTestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "portal-remote-"));
  server = await startHranaTestServer(join(dir, "remote.db"));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a libSQL server at an http:// URL", () => {
  it("is opened without the file-only pragmas and migrated twice like a file", async () => {
    const db = await openDatabase(server.url);
    expect(db.embedded).toBe(false);
    const first = await migrate(db.client);
    expect(first.applied.map((m) => m.version)).toEqual(listMigrations().map((m) => m.version));
    expect((await migrate(db.client)).applied).toEqual([]);
    expect(await checkDatabase(db.client)).toMatchObject({ status: "ok", schemaVersion: first.current });
    // The migrations ran in interactive transactions over the wire.
    expect(server.seen.execute).toBeGreaterThan(0);
    expect(server.seen.sequence).toBeGreaterThan(0);
    db.close();
  });

  it("keeps data written by one connection for the next, and reports a failed statement as an error", async () => {
    const a = await openDatabase(server.url);
    await a.client.execute({ sql: "INSERT INTO app_meta (key, value) VALUES (?, ?)", args: ["remote-check", "đã ghi"] });
    a.close();
    const b = await openDatabase(server.url);
    const rs = await b.client.execute({ sql: "SELECT value FROM app_meta WHERE key = ?", args: ["remote-check"] });
    expect(rs.rows[0]?.value).toBe("đã ghi");
    await expect(b.client.execute("SELECT * FROM no_such_table")).rejects.toThrow(/no such table/);
    b.close();
  });
});
