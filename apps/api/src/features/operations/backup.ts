// `npm run portal -- backup DIR` and `restore DIR`: everything a portal must not lose — the
// database, the Pwned Passwords corpus, reports' evidence files and the keys in DATA_DIR/keys —
// copied while the portal runs, described by a manifest (sizes, SHA-256), and brought back only
// when every byte matches it. Meilisearch's folder is not copied: it is rebuilt from the database.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { checkDatabase, checkDatabaseFile, listMigrations, resolveDatabaseUrl, snapshotDatabase } from "@portal/db";
import type { Deps } from "../../deps.ts";
import { portalPaths } from "../../deps.ts";
import type { ApiEnv } from "../../env.ts";
import { runningPortal } from "./pid-file.ts";

export const MANIFEST_FILE = "manifest.json";
const DB_FILE = "portal.db";

export interface ManifestFile {
  /** Relative to the backup folder, "/"-separated. */
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: "portal-backup";
  version: 1;
  createdAt: string;
  portalVersion: string;
  /** The database's schema version (schema_migrations) when copied. */
  schemaVersion: number;
  database: { included: true; file: typeof DB_FILE } | { included: false; reason: string };
  files: ManifestFile[];
}

/**
 * The folders under DATA_DIR that are copied, by their name in the backup. `pairs`: files there
 * are replaced in place by rename (a corpus and its description), so a folder that changed while
 * it was copied is copied again; evidence files are written once under new names, and one that
 * arrives during the copy belongs to a report the database copy does not hold anyway.
 */
function trees(dataDir: string, paths: { pwnedDir: string; evidenceDir: string }): [string, string, { pairs: boolean }][] {
  return [
    ["keys", join(dataDir, "keys"), { pairs: true }],
    ["pwned", paths.pwnedDir, { pairs: true }],
    ["evidence", paths.evidenceDir, { pairs: false }],
  ];
}

/** Files being written that are not yet part of the data: a key being created, a corpus or evidence file mid-import. */
const isTemporary = (name: string) => /\.tmp$|\.tmp-|\.part$/.test(name);

export class BackupError extends Error {}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return [];
      throw err;
    });
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && !isTemporary(e.name)) out.push(p);
    }
  };
  await walk(root);
  return out.sort();
}

/** Copies one file, hashing what it writes, and makes the copy durable. */
async function copyHashed(from: string, to: string, mode = 0o600): Promise<{ size: number; sha256: string }> {
  await mkdir(dirname(to), { recursive: true, mode: 0o700 });
  const src = await open(from, "r");
  const dst = await open(to, "wx", mode);
  const hash = createHash("sha256");
  const buf = Buffer.allocUnsafe(4 << 20);
  let size = 0;
  try {
    for (;;) {
      const { bytesRead } = await src.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      for (let off = 0; off < bytesRead; ) off += (await dst.write(buf, off, bytesRead - off)).bytesWritten;
      size += bytesRead;
    }
    await dst.sync();
  } finally {
    await src.close();
    await dst.close();
  }
  return { size, sha256: hash.digest("hex") };
}

async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const fh = await open(path, "r");
  const hash = createHash("sha256");
  const buf = Buffer.allocUnsafe(4 << 20);
  let size = 0;
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return { size, sha256: hash.digest("hex") };
}

async function syncDir(dir: string): Promise<void> {
  const d = await open(dir, "r").catch(() => null);
  await d?.sync().catch(() => {});
  await d?.close();
}

const inside = (child: string, parent: string) => {
  const r = relative(parent, child);
  return r === "" || (!r.startsWith("..") && !isAbsolute(r));
};

/** A stamp of a folder's files (inode, size, mtime), to tell whether it changed while copied. */
async function stamp(files: string[]): Promise<string> {
  const parts = await Promise.all(
    files.map(async (f) => {
      const s = await stat(f).catch(() => null);
      return s ? `${f}:${s.ino}:${s.size}:${s.mtimeMs}` : `${f}:gone`;
    }),
  );
  return parts.join("\n");
}

export interface BackupResult {
  dir: string;
  manifest: Manifest;
  /** Said to the operator: what was copied and what was not. */
  notes: string[];
}

/**
 * Takes the backup into `dir` (new, or empty). The database first, so every evidence file a copied
 * report names already exists when the files are copied; each folder is copied again if an import
 * replaced a file during its copy (the corpus and its description stay a matching pair).
 */
export async function backupPortal(deps: Pick<Deps, "db" | "env" | "paths" | "version">, target: string): Promise<BackupResult> {
  const dir = resolve(target);
  const { dataDir } = deps.paths;
  for (const [, from] of trees(dataDir, deps.paths)) {
    if (inside(dir, from))
      throw new BackupError(`The backup folder ${dir} is inside ${from}, which it copies. Choose a folder outside it.`);
  }
  if (existsSync(dir) && (await readdir(dir)).length > 0) {
    throw new BackupError(`${dir} is not empty. Name a new or empty folder, so that no older backup is mixed into this one.`);
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const notes: string[] = [];
  const files: ManifestFile[] = [];
  let database: Manifest["database"];
  let schemaVersion: number;
  if (deps.db.embedded) {
    const snap = await snapshotDatabase(deps.db, join(dir, DB_FILE));
    schemaVersion = snap.schemaVersion;
    files.push({ path: DB_FILE, ...(await hashFile(snap.path)) });
    database = { included: true, file: DB_FILE };
  } else {
    const h = await checkDatabase(deps.db.client);
    if (h.status !== "ok") throw new BackupError(`The database server does not answer: ${h.error}`);
    schemaVersion = h.schemaVersion;
    const reason = "DATABASE_URL names a libSQL server; back it up with the server's own snapshots (see the README).";
    database = { included: false, reason };
    notes.push(`The database was NOT copied: ${reason}`);
  }
  for (const [name, from, { pairs }] of trees(dataDir, deps.paths)) {
    for (let attempt = 1; ; attempt++) {
      const list = await listFiles(from);
      const before = pairs ? await stamp(list) : "";
      const copied: ManifestFile[] = [];
      await rm(join(dir, name), { recursive: true, force: true });
      for (const f of list) {
        const rel = `${name}/${relative(from, f).split(sep).join("/")}`;
        try {
          copied.push({ path: rel, ...(await copyHashed(f, join(dir, ...rel.split("/")))) });
        } catch (err) {
          // Removed between the listing and the copy (an evidence file of a deleted report): not part of the backup.
          if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
        }
      }
      const after = pairs ? await stamp(await listFiles(from)) : before;
      if (after === before || attempt === 3) {
        if (after !== before) notes.push(`${name}/ kept changing during the copy; copied as it was on the third pass.`);
        files.push(...copied);
        break;
      }
    }
  }
  if (deps.env.TOTP_KEY) notes.push("TOTP_KEY is set in the environment: keep it with your secrets; this backup does not hold it.");
  if (deps.env.CSAF_SIGNING_KEY)
    notes.push("CSAF_SIGNING_KEY is set in the environment: keep it with your secrets; this backup does not hold it.");
  const manifest: Manifest = {
    format: "portal-backup",
    version: 1,
    createdAt: new Date().toISOString(),
    portalVersion: deps.version,
    schemaVersion,
    database,
    files,
  };
  // Written last, through a temporary name: a folder without a manifest is an unfinished backup.
  const tmp = join(dir, `${MANIFEST_FILE}.tmp`);
  await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, join(dir, MANIFEST_FILE));
  await syncDir(dir);
  return { dir, manifest, notes };
}

/** Reads a backup's manifest and checks every file it lists against it; returns the problems found. */
export async function verifyBackup(target: string): Promise<{ manifest: Manifest | null; problems: string[] }> {
  const dir = resolve(target);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), "utf8")) as Manifest;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      manifest: null,
      problems: [
        code === "ENOENT"
          ? `${dir} has no ${MANIFEST_FILE}: not a backup, or one that did not finish`
          : `${MANIFEST_FILE} is not readable JSON`,
      ],
    };
  }
  if (manifest?.format !== "portal-backup" || manifest.version !== 1 || !Array.isArray(manifest.files)) {
    return { manifest: null, problems: [`${MANIFEST_FILE} is not a portal backup manifest (format portal-backup, version 1)`] };
  }
  const problems: string[] = [];
  const safe = /^(portal\.db|(keys|pwned|evidence)\/[^\\]+)$/;
  for (const f of manifest.files) {
    if (typeof f?.path !== "string" || !safe.test(f.path) || f.path.split("/").some((p) => p === ".." || p === "." || p === "")) {
      problems.push(`the manifest names a file outside the backup's folders: ${JSON.stringify(f?.path)}`);
      continue;
    }
    const actual = await hashFile(join(dir, ...f.path.split("/"))).catch(() => null);
    if (!actual) problems.push(`${f.path} is missing`);
    else if (actual.size !== f.size) problems.push(`${f.path} has ${actual.size} bytes, the manifest says ${f.size}`);
    else if (actual.sha256 !== f.sha256) problems.push(`${f.path} does not match its SHA-256 in the manifest`);
  }
  if (manifest.database?.included && !manifest.files.some((f) => f.path === DB_FILE)) {
    problems.push(`the manifest says the database is included but does not list ${DB_FILE}`);
  }
  return { manifest, problems };
}

export interface RestoreResult {
  restored: string[];
  /** Where the data that was there before went (with --force), or null. */
  setAside: string | null;
  notes: string[];
}

/**
 * Brings a verified backup into env's DATA_DIR. Refuses: a backup that does not verify; one from a
 * newer schema than this code knows; a DATA_DIR whose portal is running (DATA_DIR/portal.pid names
 * a live process), even with --force; a DATA_DIR that already holds portal data, unless `force` —
 * and then that data is moved aside into DATA_DIR/replaced-<time>/, never deleted.
 */
export async function restorePortal(env: ApiEnv, target: string, opts: { force?: boolean } = {}): Promise<RestoreResult> {
  const dir = resolve(target);
  const { manifest, problems } = await verifyBackup(dir);
  if (!manifest || problems.length > 0) {
    throw new BackupError(`The backup in ${dir} does not verify; nothing was restored:\n  ${problems.join("\n  ")}`);
  }
  const known = Math.max(0, ...listMigrations().map((m) => m.version));
  if (manifest.schemaVersion > known) {
    throw new BackupError(
      `The backup's database is at schema version ${manifest.schemaVersion}, newer than this portal's ${known}. Restore it with the portal version that made it (${manifest.portalVersion}) or a later one.`,
    );
  }
  const paths = portalPaths(env);
  const { dataDir } = paths;
  const running = runningPortal(dataDir);
  if (running) {
    throw new BackupError(
      `A portal is running on ${dataDir} (pid ${running.pid} on ${running.host}, started ${running.startedAt}). Stop it first; a restore never replaces the data under a running server.`,
    );
  }
  const notes: string[] = [];
  // DATABASE_URL may name a file elsewhere (file:/path.db): restored there; a server is not touched.
  const url = resolveDatabaseUrl(env.DATABASE_URL, dataDir);
  const serverDb = !url.startsWith("file:");
  const restoreDb = manifest.database.included && !serverDb;
  if (manifest.database.included && serverDb) {
    notes.push(
      `The database was NOT restored: DATABASE_URL names a libSQL server. Load ${join(dir, DB_FILE)} into it with the server's own tools (see the README).`,
    );
  }
  if (!manifest.database.included) notes.push(`This backup holds no database (${manifest.database.reason}); only files were restored.`);

  const dbPath = serverDb ? join(dataDir, DB_FILE) : resolve(url.slice("file:".length).replace(/\?.*$/, ""));
  const places: [string, string][] = [
    ...(restoreDb ? ([[DB_FILE, dbPath]] as [string, string][]) : []),
    ...trees(dataDir, paths).map(([name, to]) => [name, to] as [string, string]),
  ];
  const occupied: string[] = [];
  for (const [, to] of places) {
    const s = await stat(to).catch(() => null);
    if (s?.isFile() || (s?.isDirectory() && (await listFiles(to)).length > 0)) occupied.push(to);
  }
  if (occupied.length > 0 && !opts.force) {
    throw new BackupError(
      `${dataDir} already holds portal data (${occupied.map((p) => relative(dataDir, p)).join(", ")}). Restore into an empty DATA_DIR, or add --force to move that data aside into ${join(dataDir, "replaced-<time>")} first.`,
    );
  }

  // Copy into a staging folder on the same disk, checking every file again as it is written, then
  // move the folders into place; a failure before the moves leaves DATA_DIR as it was.
  const staging = join(dataDir, `.restore-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    for (const f of manifest.files) {
      const top = f.path.split("/")[0] as string;
      if (top === DB_FILE && !restoreDb) continue;
      const copy = await copyHashed(join(dir, ...f.path.split("/")), join(staging, ...f.path.split("/")));
      if (copy.sha256 !== f.sha256 || copy.size !== f.size)
        throw new BackupError(`${f.path} changed while it was restored; nothing was replaced.`);
    }
    if (restoreDb) {
      const check = await checkDatabaseFile(join(staging, DB_FILE));
      if (!check.ok) throw new BackupError(`The backup's database fails its integrity check: ${check.problems.join("; ")}`);
    }
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }

  let setAside: string | null = null;
  if (occupied.length > 0) {
    setAside = join(dataDir, `replaced-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    await mkdir(setAside, { recursive: true, mode: 0o700 });
    const moving = [...places.map(([, to]) => to), ...(restoreDb ? [`${dbPath}-wal`, `${dbPath}-shm`] : [])];
    for (const from of moving) {
      if (existsSync(from)) await rename(from, join(setAside, relative(dataDir, from).split(sep).join("_").replace(/^\.+_/, "")));
    }
    notes.push(`What was in ${dataDir} before is in ${setAside}.`);
  }
  const restored: string[] = [];
  for (const [name, to] of places) {
    const from = join(staging, name);
    if (!existsSync(from)) continue;
    await mkdir(dirname(to), { recursive: true });
    // Never leave a -wal or -shm of another database beside the restored file.
    if (name === DB_FILE) for (const x of [`${to}-wal`, `${to}-shm`]) await rm(x, { force: true });
    await rm(to, { recursive: true, force: true });
    await rename(from, to);
    restored.push(name);
  }
  await rm(staging, { recursive: true, force: true });
  await syncDir(dataDir);
  return { restored, setAside, notes };
}
