// Retention of the reporters' contact details (issue 13; Decree 13/2023/ND-CP art. 3: personal data
// kept only as long as the purpose needs). A daily job deletes them once a report has been closed
// (resolved or rejected) for REPORT_RETENTION_DAYS; the report itself, without them, stays for the
// statistics and for related cases. Reopening a report stops the clock (closed_at is cleared).
import { auditStatement } from "@portal/auth";
import type { Client } from "@portal/db";
import { IDEMPOTENCY_WINDOW_MS } from "./intake.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes the contact details of reports closed more than `retentionDays` ago, marks those reports
 * (contact_purged_at) and records one audit row (report.contacts_purge, actor null: the system) in
 * the same batch. Returns how many reports lost their contact details.
 */
export async function purgeExpiredContacts(client: Client, opts: { retentionDays: number; now?: Date }): Promise<number> {
  if (!Number.isFinite(opts.retentionDays) || opts.retentionDays < 0) throw new Error("retentionDays must be a number of days, 0 or more");
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - opts.retentionDays * DAY_MS).toISOString();
  const at = now.toISOString();
  const closed = "status IN ('resolved', 'rejected') AND closed_at IS NOT NULL AND closed_at <= ?";
  const due = await client.execute({
    sql: `SELECT COUNT(*) AS n FROM reports WHERE ${closed} AND id IN (SELECT report_id FROM report_contacts)`,
    args: [cutoff],
  });
  if (Number(due.rows[0]?.n ?? 0) === 0) return 0;
  // One batch: mark, delete, audit. The conditions are re-evaluated inside it, so a report reopened
  // a moment ago keeps its contact details.
  const [, deleted] = await client.batch(
    [
      {
        sql: `UPDATE reports SET contact_purged_at = ? WHERE ${closed} AND id IN (SELECT report_id FROM report_contacts)`,
        args: [at, cutoff],
      },
      { sql: "DELETE FROM report_contacts WHERE report_id IN (SELECT id FROM reports WHERE contact_purged_at = ?)", args: [at] },
      auditStatement(
        { actorId: null, action: "report.contacts_purge", target: null, details: { retentionDays: opts.retentionDays, before: cutoff } },
        now,
      ),
    ],
    "write",
  );
  return deleted?.rowsAffected ?? 0;
}

/** Idempotency rows past their window hold sealed keys nobody can use any more: the daily job removes them too. */
export async function purgeIdempotencyKeys(client: Client, now: Date = new Date()): Promise<number> {
  const rs = await client.execute({
    sql: "DELETE FROM report_idempotency WHERE created_at < ?",
    args: [new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS).toISOString()],
  });
  return rs.rowsAffected;
}
