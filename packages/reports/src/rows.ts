// Small helpers shared by the modules that read report rows.
import { randomBytes } from "node:crypto";
import type { ReportCategory, ReportListItem, ReportStatus } from "@portal/contracts";
import type { InStatement, InValue } from "@portal/db";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** 120 random bits as 24 lower-case base32 characters (the staff accounts' id size). */
export function newReportId(): string {
  let s = "";
  for (const b of randomBytes(24)) s += ALPHABET[b & 31];
  return s;
}

export type RowRecord = Record<string, unknown>;

export const str = (v: unknown): string => String(v);
export const strOrNull = (v: unknown): string | null => (v == null ? null : String(v));
export const numOrNull = (v: unknown): number | null => (v == null ? null : Number(v));

/** The columns listItem needs, from `reports r` joined with `users u` on the assignee. */
export const LIST_COLUMNS = `r.id, r.tracking_code, r.category, r.status, r.created_at, r.updated_at, r.description, r.url, r.assignee_id,
  u.name AS assignee_name, r.forwarded_to, r.anonymous, (SELECT COUNT(*) FROM report_evidence e WHERE e.report_id = r.id) AS evidence_count`;

export function listItem(r: RowRecord): ReportListItem {
  const description = str(r.description);
  return {
    id: str(r.id),
    trackingCode: str(r.tracking_code),
    category: str(r.category) as ReportCategory,
    status: str(r.status) as ReportStatus,
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
    summary: description.length > 160 ? `${description.slice(0, 159)}…` : description,
    url: strOrNull(r.url),
    assigneeId: strOrNull(r.assignee_id),
    assigneeName: strOrNull(r.assignee_name),
    forwardedTo: strOrNull(r.forwarded_to),
    evidenceCount: Number(r.evidence_count ?? 0),
    anonymous: Number(r.anonymous) === 1,
  };
}

/**
 * A batch step that aborts its whole batch — rolled back, nothing written — unless the report still
 * matches `condition` (SQL over the reports row, with `args`). SQLite has no ASSERT statement; json()
 * of text that is not JSON raises "malformed JSON", and it is only evaluated when the condition fails.
 * This lets a read-check-write run as one batch (one transaction, never held open across awaits).
 */
export function expectReport(reportId: string, condition: string, args: InValue[]): InStatement {
  return {
    sql: `SELECT CASE WHEN ${condition} THEN 1 ELSE json('{' || id) END AS ok FROM reports WHERE id = ?`,
    args: [...args, reportId],
  };
}

/** True for the error an expectReport step raises: the report changed between the read and the batch. */
export const isExpectationFailure = (err: unknown): boolean => err instanceof Error && /malformed JSON/.test(err.message);
