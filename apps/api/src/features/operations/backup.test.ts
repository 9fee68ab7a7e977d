// Backups taken while the portal writes, restored into a fresh DATA_DIR and compared; restores
// that must be refused; and a database on a libSQL server, which a backup says it did not copy.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { importPwnedPasswords } from "@portal/breach";
import { checkDatabaseFile, openDatabase } from "@portal/db";
import { startHranaTestServer } from "@portal/db/hrana-test-server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadEnv } from "../../env.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";
import { backupPortal, type Manifest, restorePortal, verifyBackup } from "./backup.ts";
import { pidFile } from "./pid-file.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..", "..", "..");
const CLI = join(ROOT, "apps/api/src/cli/index.ts");
const DB_MODULE = join(ROOT, "packages/db/src/index.ts");

let deps: TestDeps;
let scratch: string;
beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  scratch = mkdtempSync(join(tmpdir(), "portal-backup-"));
  await deps.csafKey(); // writes DATA_DIR/keys/csaf-signing.asc beside totp.key
  await importPwnedPasswords(join(ROOT, "packages/breach/fixtures/sha1-single.txt"), { dir: deps.paths.pwnedDir });
  await deps.db.client.execute("CREATE TABLE load_rows (id INTEGER PRIMARY KEY, pad TEXT NOT NULL)");
  // Some 30 MB, so that copying the database takes long enough for the writer to go on meanwhile.
  await deps.db.client.execute("CREATE TABLE ballast (pad BLOB NOT NULL)");
  await deps.db.client.execute("INSERT INTO ballast SELECT randomblob(1000) FROM generate_series(1, 30000)");
}, 120_000);
afterAll(() => {
  deps.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const bytes = (n: number) =>
  (async function* () {
    yield createHash("sha512").update(String(n)).digest();
  })();

/** Another process writing rows one transaction at a time, as the server does, saying each id once committed. */
function startWriter(dbFile: string): { child: ChildProcess; committed: () => number; stop: () => Promise<void> } {
  const script = `
    const { openDatabase } = await import(${JSON.stringify(DB_MODULE)});
    const db = await openDatabase(${JSON.stringify(`file:${dbFile}`)});
    for (let i = 1; ; i++) {
      await db.client.execute({ sql: "INSERT INTO load_rows (id, pad) VALUES (?, hex(randomblob(300)))", args: [i] });
      process.stdout.write(i + "\\n");
    }`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  let last = 0;
  let buf = "";
  child.stdout?.on("data", (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split("\n");
    buf = lines.pop() ?? "";
    if (lines.length) last = Number(lines.at(-1));
  });
  return {
    child,
    committed: () => last,
    stop: () =>
      new Promise<void>((r) => {
        child.once("exit", () => r());
        child.kill("SIGTERM");
      }),
  };
}

/** The CLI, without blocking this process (the libSQL server stand-in below answers from it). */
function cliAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.once("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

const until = async (ok: () => boolean, ms: number) => {
  const started = Date.now();
  while (!ok()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("backup under write load, restored into a fresh DATA_DIR", () => {
  let dir: string;
  let manifest: Manifest;
  let before = 0;
  let during = 0;

  beforeAll(async () => {
    dir = join(scratch, "b1");
    const writer = startWriter(join(deps.paths.dataDir, "portal.db"));
    try {
      await until(() => writer.committed() >= 300, 60_000);
      // Evidence files keep arriving too, in this process, while the backup runs.
      let stopEvidence = false;
      const evidence = (async () => {
        for (let n = 0; !stopEvidence; n++) await deps.evidence.put(bytes(n));
      })();
      before = writer.committed();
      const r = await backupPortal(deps, dir);
      during = writer.committed() - before;
      stopEvidence = true;
      await evidence;
      manifest = r.manifest;
      expect(r.notes).toEqual([]);
    } finally {
      await writer.stop();
    }
  }, 120_000);

  it("holds the database, the password corpus, the evidence files and both keys, each in the manifest", () => {
    expect(during).toBeGreaterThan(0); // the writer really went on while the backup ran
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(["portal.db", "keys/totp.key", "keys/csaf-signing.asc", "pwned/sha1.bin", "pwned/sha1.json"]),
    );
    expect(paths.filter((p) => p.startsWith("evidence/")).length).toBeGreaterThan(0);
    expect(paths.some((p) => /\.tmp|\.part$/.test(p))).toBe(false);
    expect(manifest).toMatchObject({ format: "portal-backup", version: 1, database: { included: true, file: "portal.db" } });
    expect(manifest.schemaVersion).toBeGreaterThanOrEqual(10);
    expect(Date.parse(manifest.createdAt)).not.toBeNaN();
    for (const f of manifest.files) expect(sha256(join(dir, f.path))).toBe(f.sha256);
  });

  it("restores into an empty DATA_DIR: integrity ok, every row committed before the backup, files as in the manifest", async () => {
    const target = join(scratch, "fresh");
    const env = loadEnv({ DATA_DIR: target });
    const r = await restorePortal(env, dir);
    expect(r.restored.sort()).toEqual(["evidence", "keys", "portal.db", "pwned"]);
    expect(r.setAside).toBeNull();
    // Compared before the database is opened: opening it turns on WAL, which rewrites its header.
    for (const f of manifest.files) expect(sha256(join(target, f.path))).toBe(f.sha256);
    const dbFile = join(target, "portal.db");
    expect(await checkDatabaseFile(dbFile)).toEqual({ ok: true, schemaVersion: manifest.schemaVersion });
    const db = await openDatabase(`file:${dbFile}`);
    try {
      const rs = await db.client.execute({ sql: "SELECT COUNT(*) AS n, MAX(id) AS top FROM load_rows WHERE id <= ?", args: [before] });
      expect(Number(rs.rows[0]?.n)).toBe(before);
      // Nothing half-written: the rows form one unbroken run from 1, however far the copy got.
      const all = await db.client.execute("SELECT COUNT(*) AS n, MAX(id) AS top FROM load_rows");
      expect(Number(all.rows[0]?.n)).toBe(Number(all.rows[0]?.top));
    } finally {
      db.close();
    }
    expect(readFileSync(join(target, "keys/totp.key"))).toEqual(readFileSync(join(deps.paths.dataDir, "keys/totp.key")));
  });

  it("refuses a backup whose files do not match the manifest, and one without a manifest", async () => {
    const bad = join(scratch, "tampered");
    spawnSync("cp", ["-r", dir, bad]);
    appendFileSync(join(bad, "keys/totp.key"), "x");
    const v = await verifyBackup(bad);
    expect(v.problems).toEqual(["keys/totp.key has 46 bytes, the manifest says 45"]);
    await expect(restorePortal(loadEnv({ DATA_DIR: join(scratch, "t1") }), bad)).rejects.toThrow(/does not verify; nothing was restored/);
    expect(existsSync(join(scratch, "t1", "portal.db"))).toBe(false);
    rmSync(join(bad, "manifest.json"));
    await expect(restorePortal(loadEnv({ DATA_DIR: join(scratch, "t1") }), bad)).rejects.toThrow(/no manifest\.json/);
    // A manifest that points outside the backup's folders is refused, not followed.
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;
    m.files.push({ path: "../../etc/passwd", size: 1, sha256: "0" });
    writeFileSync(join(bad, "manifest.json"), JSON.stringify(m));
    const v2 = await verifyBackup(bad);
    expect(v2.problems).toContain('the manifest names a file outside the backup\'s folders: "../../etc/passwd"');
  });

  it("refuses a DATA_DIR with data unless --force, then moves that data aside; never under a running portal", async () => {
    const target = join(scratch, "occupied");
    mkdirSync(join(target, "keys"), { recursive: true });
    writeFileSync(join(target, "keys", "totp.key"), "older key\n");
    const env = loadEnv({ DATA_DIR: target });
    await expect(restorePortal(env, dir)).rejects.toThrow(/already holds portal data \(keys\).*--force/s);

    // A live server's pid file: refused even with --force.
    const server = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      writeFileSync(pidFile(target), JSON.stringify({ pid: server.pid, host: hostname(), startedAt: new Date().toISOString() }));
      await expect(restorePortal(env, dir, { force: true })).rejects.toThrow(new RegExp(`A portal is running on .* \\(pid ${server.pid}`));
    } finally {
      server.kill("SIGKILL");
      await new Promise((r) => server.once("exit", r));
    }
    // The same pid file once that process is gone (a killed server) does not block.
    const r = await restorePortal(env, dir, { force: true });
    expect(r.setAside).not.toBeNull();
    expect(readFileSync(join(r.setAside as string, "keys", "totp.key"), "utf8")).toBe("older key\n");
    expect(sha256(join(target, "keys/totp.key"))).toBe(manifest.files.find((f) => f.path === "keys/totp.key")?.sha256);
  });

  it("restores the database to the file DATABASE_URL names, when it names one", async () => {
    const target = join(scratch, "file-url");
    const dbFile = join(scratch, "elsewhere", "portal-main.db");
    const r = await restorePortal(loadEnv({ DATA_DIR: target, DATABASE_URL: `file:${dbFile}` }), dir);
    expect(r.restored).toContain("portal.db");
    expect(await checkDatabaseFile(dbFile)).toEqual({ ok: true, schemaVersion: manifest.schemaVersion });
    expect(existsSync(join(target, "portal.db"))).toBe(false);
  });

  it("through the CLI: backup refuses a non-empty folder, restore says why it refuses (exit 1)", () => {
    const env = { ...process.env, DATA_DIR: deps.paths.dataDir, DEMO_DATA: "false", LOG_LEVEL: "warn", MEILI_URL: "" };
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    const again = spawnSync(process.execPath, [CLI, "backup", dir], { env, encoding: "utf8" });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/is not empty/);
    const fresh = join(scratch, "cli-fresh");
    const ok = spawnSync(process.execPath, [CLI, "restore", dir], { env: { ...env, DATA_DIR: fresh }, encoding: "utf8" });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Restored portal\.db, keys, pwned, evidence from /);
    const refused = spawnSync(process.execPath, [CLI, "restore", dir], { env: { ...env, DATA_DIR: fresh }, encoding: "utf8" });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/already holds portal data/);
  });
});

describe("DATABASE_URL on a libSQL server", () => {
  it("backs up the files it owns and says plainly that it did not copy the database", async () => {
    const remoteDir = mkdtempSync(join(tmpdir(), "portal-backup-remote-"));
    const server = await startHranaTestServer(join(remoteDir, "remote.db"));
    try {
      const dataDir = join(remoteDir, "data");
      const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: server.url, DEMO_DATA: "false", LOG_LEVEL: "warn", MEILI_URL: "" };
      const out = join(remoteDir, "backup");
      const r = await cliAsync(["backup", out], env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/The database was NOT copied: DATABASE_URL names a libSQL server/);
      const m = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
      expect(m.database).toMatchObject({ included: false });
      expect(m.files.map((f) => f.path)).toEqual(["keys/totp.key"]);
      expect(readdirSync(out).sort()).toEqual(["keys", "manifest.json"]);
      const restored = await cliAsync(["restore", out], { ...env, DATA_DIR: join(remoteDir, "data2") });
      expect(restored.status, restored.stderr).toBe(0);
      expect(restored.stdout).toMatch(/holds no database/);
    } finally {
      await server.close();
      rmSync(remoteDir, { recursive: true, force: true });
    }
  }, 60_000);
});
