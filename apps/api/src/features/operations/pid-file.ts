// DATA_DIR/portal.pid: which server process is using this data directory. Written when the server
// starts listening and removed when it stops; `restore` refuses to replace the data of a live one.

import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { processAlive } from "@portal/db";

export const pidFile = (dataDir: string) => join(dataDir, "portal.pid");

interface PidRecord {
  pid: number;
  host: string;
  startedAt: string;
}

/** Writes the pid file; returns what removes it (only while it still names this process). */
export function writePidFile(dataDir: string): () => void {
  const file = pidFile(dataDir);
  const record: PidRecord = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o644 });
  return () => {
    if (readPidFile(dataDir)?.pid === process.pid) rmSync(file, { force: true });
  };
}

function readPidFile(dataDir: string): PidRecord | null {
  try {
    const r = JSON.parse(readFileSync(pidFile(dataDir), "utf8")) as Partial<PidRecord>;
    return typeof r.pid === "number" && typeof r.host === "string" ? { pid: r.pid, host: r.host, startedAt: String(r.startedAt) } : null;
  } catch {
    return null;
  }
}

/**
 * The server using `dataDir`, if one is running: its pid file names a live process on this host.
 * A pid file left by a killed server names a dead process and does not count. A pid file from
 * another host (a shared volume) counts: its process cannot be checked from here.
 */
export function runningPortal(dataDir: string): PidRecord | null {
  const r = readPidFile(dataDir);
  if (!r) return null;
  if (r.host !== hostname()) return r;
  return r.pid !== process.pid && processAlive(r.pid) ? r : null;
}
