// The record of every import (table import_runs, migration 0010): a row is written and committed
// when a run starts, before its data transaction, and updated when it ends. A process killed
// mid-import cannot update its row; the next run (or `status`) finds it by host and pid and marks
// it 'interrupted'.
import { hostname } from "node:os";
import type { Client } from "@libsql/client";

export type ImportOutcome = "running" | "ok" | "failed" | "interrupted";

export interface ImportRun {
  id: number;
  format: string;
  source: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: ImportOutcome;
  counts: Record<string, number>;
  message: string | null;
  host: string;
  pid: number;
  addedBy: string;
}

const now = () => new Date().toISOString();

/** True while process `pid` exists on this machine (signal 0 only asks). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is only someone else's.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Records the start of a run; returns its id. */
export async function startImportRun(client: Client, run: { format: string; source: string; addedBy: string }): Promise<number> {
  await markInterruptedRuns(client);
  const rs = await client.execute({
    sql: `INSERT INTO import_runs (format, source, started_at, outcome, host, pid, added_by)
          VALUES (?, ?, ?, 'running', ?, ?, ?) RETURNING id`,
    args: [run.format, run.source, now(), hostname(), process.pid, run.addedBy],
  });
  return Number(rs.rows[0]?.id);
}

/** Records how a run ended. `message` is for failures: an error text, never an imported item. */
export async function finishImportRun(
  client: Client,
  id: number,
  end: { outcome: "ok" | "failed"; counts?: Record<string, number>; message?: string; source?: string },
): Promise<void> {
  await client.execute({
    sql: `UPDATE import_runs SET finished_at = ?, outcome = ?, counts = ?, message = ?, source = COALESCE(?, source)
          WHERE id = ?`,
    args: [now(), end.outcome, end.counts ? JSON.stringify(end.counts) : null, end.message?.slice(0, 500) ?? null, end.source ?? null, id],
  });
}

/**
 * Marks 'interrupted' every run still 'running' whose process on this host is gone. Runs started
 * on another host (a shared libSQL server) are left as they are: their pid means nothing here.
 * Returns how many were marked.
 */
export async function markInterruptedRuns(client: Client): Promise<number> {
  const host = hostname();
  const rs = await client.execute({ sql: "SELECT id, pid FROM import_runs WHERE outcome = 'running' AND host = ?", args: [host] });
  const dead = rs.rows.map((r) => ({ id: Number(r.id), pid: Number(r.pid) })).filter((r) => !processAlive(r.pid));
  for (const r of dead) {
    await client.execute({ sql: "UPDATE import_runs SET outcome = 'interrupted' WHERE id = ? AND outcome = 'running'", args: [r.id] });
  }
  return dead.length;
}

/** The latest runs, newest first. */
export async function recentImportRuns(client: Client, limit = 20): Promise<ImportRun[]> {
  const rs = await client.execute({ sql: "SELECT * FROM import_runs ORDER BY started_at DESC, id DESC LIMIT ?", args: [limit] });
  return rs.rows.map((r) => ({
    id: Number(r.id),
    format: String(r.format),
    source: String(r.source),
    startedAt: String(r.started_at),
    finishedAt: r.finished_at === null ? null : String(r.finished_at),
    outcome: String(r.outcome) as ImportOutcome,
    counts: r.counts === null ? {} : (JSON.parse(String(r.counts)) as Record<string, number>),
    message: r.message === null ? null : String(r.message),
    host: String(r.host),
    pid: Number(r.pid),
    addedBy: String(r.added_by),
  }));
}
