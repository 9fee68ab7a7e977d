// The analysts' workflow on one report: status changes with a note the reporter sees (and an
// optional one only staff see), notes alone, and assignment. Each writes the change, its history
// row and its audit row in one batch (one transaction) — all or nothing.
import { type AuditContext, auditStatement } from "@portal/auth";
import { CLOSED_STATUSES, REPORT_LIMITS, REPORT_TRANSITIONS, type ReportStatus } from "@portal/contracts";
import type { Client, InStatement } from "@portal/db";
import { expectReport, isExpectationFailure } from "./rows.ts";

export function canTransition(from: ReportStatus, to: ReportStatus): boolean {
  return REPORT_TRANSITIONS[from]?.includes(to) ?? false;
}

export interface StatusChange {
  status: ReportStatus;
  /** Shown to the reporter on the status page. Required: a status change without a word is what people complain about. */
  publicNote: string;
  privateNote?: string | undefined;
  /** The body the report goes to; required for "forwarded", refused otherwise. */
  forwardedTo?: string | undefined;
}

export type StatusChangeResult =
  | { ok: true; from: ReportStatus; to: ReportStatus }
  | { ok: false; reason: "not_found" | "invalid_transition" | "invalid_note" | "forwarded_to_required" | "forwarded_to_refused" };

const cleanNote = (s: string | undefined, max: number): string | null | false => {
  if (s === undefined) return null;
  const t = s.normalize("NFC").trim();
  if (t === "") return null;
  return t.length > max ? false : t;
};

/**
 * Reads what a change depends on, decides, and writes the change as one batch that starts with an
 * expectReport guard: if another analyst changed the report in between, the batch is rolled back
 * and the whole step runs again on the new state (at most a few times).
 */
async function readDecideWrite<R>(
  client: Client,
  step: () => Promise<{ statements: InStatement[]; result: R } | { refuse: R }>,
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const out = await step();
    if ("refuse" in out) return out.refuse;
    try {
      await client.batch(out.statements, "write");
      return out.result;
    } catch (err) {
      if (attempt < 5 && isExpectationFailure(err)) continue;
      throw err;
    }
  }
}

/**
 * Moves a report along the workflow (REPORT_TRANSITIONS). The write is guarded by the status it was
 * decided on, so two analysts acting at once cannot make a transition the table forbids: the second
 * is decided again on the first one's result.
 */
export async function changeReportStatus(
  client: Client,
  reportId: string,
  change: StatusChange,
  actor: AuditContext,
  now: Date = new Date(),
): Promise<StatusChangeResult> {
  const publicNote = cleanNote(change.publicNote, REPORT_LIMITS.publicNoteMax);
  const privateNote = cleanNote(change.privateNote, REPORT_LIMITS.privateNoteMax);
  if (!publicNote || privateNote === false) return { ok: false, reason: "invalid_note" };
  const forwardedTo = change.forwardedTo?.normalize("NFC").trim() || null;
  if (change.status === "forwarded" && !forwardedTo) return { ok: false, reason: "forwarded_to_required" };
  if (change.status !== "forwarded" && forwardedTo) return { ok: false, reason: "forwarded_to_refused" };
  if (forwardedTo && forwardedTo.length > REPORT_LIMITS.forwardedToMax) return { ok: false, reason: "invalid_note" };
  const at = now.toISOString();

  return readDecideWrite<StatusChangeResult>(client, async () => {
    const rs = await client.execute({ sql: "SELECT status FROM reports WHERE id = ?", args: [reportId] });
    const row = rs.rows[0];
    if (!row) return { refuse: { ok: false, reason: "not_found" } };
    const from = String(row.status) as ReportStatus;
    const to = change.status;
    if (!canTransition(from, to)) return { refuse: { ok: false, reason: "invalid_transition" } };
    const closing = CLOSED_STATUSES.includes(to);
    const statements: InStatement[] = [
      expectReport(reportId, "status = ?", [from]),
      {
        // closed_at starts the retention clock of the contact details; reopening stops it.
        sql: `UPDATE reports SET status = ?, updated_at = ?, closed_at = ?, forwarded_to = COALESCE(?, forwarded_to) WHERE id = ?`,
        args: [to, at, closing ? at : null, forwardedTo, reportId],
      },
      {
        sql: `INSERT INTO report_history (report_id, at, actor_id, action, from_status, to_status, forwarded_to, details)
              VALUES (?, ?, ?, 'status', ?, ?, ?, ?)`,
        args: [reportId, at, actor.actorId, from, to, forwardedTo, JSON.stringify({ privateNote: privateNote !== null })],
      },
      {
        sql: "INSERT INTO report_notes (report_id, at, author_id, visibility, status, text) VALUES (?, ?, ?, 'public', ?, ?)",
        args: [reportId, at, actor.actorId, to, publicNote],
      },
    ];
    if (privateNote)
      statements.push({
        sql: "INSERT INTO report_notes (report_id, at, author_id, visibility, status, text) VALUES (?, ?, ?, 'private', ?, ?)",
        args: [reportId, at, actor.actorId, to, privateNote],
      });
    statements.push(
      auditStatement(
        {
          ...actor,
          action: "report.status",
          target: `report:${reportId}`,
          details: { from, to, forwardedTo, withPrivateNote: privateNote !== null },
        },
        now,
      ),
    );
    return { statements, result: { ok: true, from, to } };
  });
}

export type NoteResult = { ok: true } | { ok: false; reason: "not_found" | "invalid_note" };

/**
 * A note without a change of status: a public one tells the reporter something (and moves the
 * report's updatedAt, which the reporter sees); a private one is for staff only and moves nothing
 * the reporter can see.
 */
export async function addReportNote(
  client: Client,
  reportId: string,
  note: { publicNote?: string | undefined; privateNote?: string | undefined },
  actor: AuditContext,
  now: Date = new Date(),
): Promise<NoteResult> {
  const publicNote = cleanNote(note.publicNote, REPORT_LIMITS.publicNoteMax);
  const privateNote = cleanNote(note.privateNote, REPORT_LIMITS.privateNoteMax);
  if (publicNote === false || privateNote === false || (!publicNote && !privateNote)) return { ok: false, reason: "invalid_note" };
  const at = now.toISOString();
  return readDecideWrite<NoteResult>(client, async () => {
    const rs = await client.execute({ sql: "SELECT status FROM reports WHERE id = ?", args: [reportId] });
    const row = rs.rows[0];
    if (!row) return { refuse: { ok: false, reason: "not_found" } };
    const status = String(row.status);
    const statements: InStatement[] = [expectReport(reportId, "status = ?", [status])];
    for (const [visibility, text] of [
      ["public", publicNote],
      ["private", privateNote],
    ] as const)
      if (text)
        statements.push({
          sql: "INSERT INTO report_notes (report_id, at, author_id, visibility, status, text) VALUES (?, ?, ?, ?, ?, ?)",
          args: [reportId, at, actor.actorId, visibility, status, text],
        });
    if (publicNote) statements.push({ sql: "UPDATE reports SET updated_at = ? WHERE id = ?", args: [at, reportId] });
    statements.push(
      {
        sql: "INSERT INTO report_history (report_id, at, actor_id, action, details) VALUES (?, ?, ?, 'note', ?)",
        args: [reportId, at, actor.actorId, JSON.stringify({ public: !!publicNote, private: !!privateNote })],
      },
      auditStatement(
        { ...actor, action: "report.note", target: `report:${reportId}`, details: { public: !!publicNote, private: !!privateNote } },
        now,
      ),
    );
    return { statements, result: { ok: true } };
  });
}

export type AssignResult = { ok: true; previous: string | null } | { ok: false; reason: "not_found" | "invalid_assignee" };

/**
 * Gives the report to a staff member (an analyst or administrator whose account is not disabled),
 * or takes it back with null.
 */
export async function assignReport(
  client: Client,
  reportId: string,
  assigneeId: string | null,
  actor: AuditContext,
  now: Date = new Date(),
): Promise<AssignResult> {
  const at = now.toISOString();
  return readDecideWrite<AssignResult>(client, async () => {
    const rs = await client.execute({ sql: "SELECT assignee_id FROM reports WHERE id = ?", args: [reportId] });
    const row = rs.rows[0];
    if (!row) return { refuse: { ok: false, reason: "not_found" } };
    if (assigneeId !== null) {
      const u = await client.execute({ sql: "SELECT role, disabled_at FROM users WHERE id = ?", args: [assigneeId] });
      const user = u.rows[0];
      if (!user || user.disabled_at !== null || !["analyst", "admin"].includes(String(user.role)))
        return { refuse: { ok: false, reason: "invalid_assignee" } };
    }
    const previous = row.assignee_id == null ? null : String(row.assignee_id);
    return {
      statements: [
        expectReport(reportId, "assignee_id IS ?", [previous]),
        { sql: "UPDATE reports SET assignee_id = ? WHERE id = ?", args: [assigneeId, reportId] },
        {
          sql: "INSERT INTO report_history (report_id, at, actor_id, action, assignee_id, details) VALUES (?, ?, ?, 'assign', ?, ?)",
          args: [reportId, at, actor.actorId, assigneeId, JSON.stringify({ previous })],
        },
        auditStatement({ ...actor, action: "report.assign", target: `report:${reportId}`, details: { assigneeId, previous } }, now),
      ],
      result: { ok: true, previous },
    };
  });
}
