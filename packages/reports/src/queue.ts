// The analysts' view of reports: the queue (filters, sorting, pages, total), one case in full, the
// CSV export of the filtered queue, and evidence downloads. Reading the queue is not audited;
// exporting it and downloading evidence are (they take data out of the portal).
import type { Readable } from "node:stream";
import { type AuditContext, auditStatement, csvCell } from "@portal/auth";
import {
  type EvidenceItem,
  type EvidenceKind,
  REPORT_PAGE_SIZE_MAX,
  type ReportCategory,
  type ReportDetail,
  type ReportHistoryEntry,
  type ReportList,
  type ReportNote,
  type ReportStatus,
} from "@portal/contracts";
import type { Client, InValue } from "@portal/db";
import type { EvidenceStore } from "./evidence.ts";
import { fold, normalisePhone } from "./normalise.ts";
import { relatedReports } from "./related.ts";
import { LIST_COLUMNS, listItem, numOrNull, type RowRecord, str, strOrNull } from "./rows.ts";
import { downloadName } from "./sniff.ts";
import { addDays, vietnamDayStart } from "./time.ts";
import { parseTrackingCode } from "./tracking.ts";

export interface ReportFilter {
  status?: ReportStatus | undefined;
  category?: ReportCategory | undefined;
  /** First day received (YYYY-MM-DD, Vietnam time), inclusive. */
  from?: string | undefined;
  /** Last day received (YYYY-MM-DD, Vietnam time), inclusive. */
  to?: string | undefined;
  /** A staff user id, or "none" for unassigned reports. */
  assignee?: string | undefined;
  /** Text in the description, link, phone number (any form), account, holder's name or tracking code. */
  q?: string | undefined;
}

export interface ReportListQuery extends ReportFilter {
  sort?: "created" | "updated" | undefined;
  order?: "asc" | "desc" | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** The strings the text filter looks for in search_text: the folded text, and a phone number or account as digits. */
function needles(q: string): string[] {
  const out = new Set<string>();
  const folded = fold(q);
  if (folded) out.add(folded);
  const phone = normalisePhone(q);
  if (phone) out.add(fold(phone));
  if (/^[\d\s.\-+()]+$/.test(q)) {
    const digits = q.replace(/\D/g, "");
    if (digits.length >= 4) out.add(digits);
  }
  return [...out];
}

function whereClause(f: ReportFilter): { sql: string; args: InValue[] } {
  const where: string[] = [];
  const args: InValue[] = [];
  if (f.status) {
    where.push("r.status = ?");
    args.push(f.status);
  }
  if (f.category) {
    where.push("r.category = ?");
    args.push(f.category);
  }
  if (f.from) {
    where.push("r.created_at >= ?");
    args.push(vietnamDayStart(f.from).toISOString());
  }
  if (f.to) {
    where.push("r.created_at < ?");
    args.push(vietnamDayStart(addDays(f.to, 1)).toISOString());
  }
  if (f.assignee === "none") where.push("r.assignee_id IS NULL");
  else if (f.assignee) {
    where.push("r.assignee_id = ?");
    args.push(f.assignee);
  }
  const q = f.q?.trim();
  if (q) {
    const any: string[] = [];
    for (const n of needles(q)) {
      any.push("instr(r.search_text, ?) > 0");
      args.push(n);
    }
    const code = parseTrackingCode(q);
    if (code) {
      any.push("r.tracking_code = ?");
      args.push(code);
    }
    where.push(any.length ? `(${any.join(" OR ")})` : "0");
  }
  return { sql: where.length ? `WHERE ${where.join(" AND ")}` : "", args };
}

const ORDER = { created: "r.created_at", updated: "r.updated_at" } as const;

/** A page of the queue, with the total for the filter. */
export async function listReports(client: Client, query: ReportListQuery = {}): Promise<ReportList> {
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const pageSize = Math.min(REPORT_PAGE_SIZE_MAX, Math.max(1, Math.floor(query.pageSize ?? 50)));
  const { sql: where, args } = whereClause(query);
  const order = `${ORDER[query.sort ?? "created"]} ${query.order === "asc" ? "ASC" : "DESC"}, r.id ${query.order === "asc" ? "ASC" : "DESC"}`;
  const [count, rows] = await client.batch(
    [
      { sql: `SELECT COUNT(*) AS n FROM reports r ${where}`, args },
      {
        sql: `SELECT ${LIST_COLUMNS} FROM reports r LEFT JOIN users u ON u.id = r.assignee_id ${where} ORDER BY ${order} LIMIT ? OFFSET ?`,
        args: [...args, pageSize, (page - 1) * pageSize],
      },
    ],
    "read",
  );
  return {
    reports: (rows?.rows ?? []).map((r) => listItem(r as RowRecord)),
    total: Number(count?.rows[0]?.n ?? 0),
    page,
    pageSize,
  };
}

function evidenceItem(r: RowRecord): EvidenceItem {
  return {
    id: str(r.id),
    displayName: strOrNull(r.display_name),
    mime: str(r.mime),
    ext: str(r.ext),
    kind: str(r.kind) as EvidenceKind,
    size: Number(r.size),
    sha256: str(r.sha256),
    createdAt: str(r.created_at),
  };
}

/**
 * One case in full: answers, evidence, history, notes (public and private), related reports and
 * what it protects. The reporter's contact details only with `includeContact` (the HTTP layer
 * decides who may see them); null as well when the report was anonymous or the details were purged.
 */
export async function getReportDetail(
  client: Client,
  reportId: string,
  opts: { includeContact?: boolean } = {},
): Promise<ReportDetail | null> {
  const [main, contact, evidence, history, notes, protections] = await client.batch(
    [
      { sql: `SELECT ${LIST_COLUMNS}, r.* FROM reports r LEFT JOIN users u ON u.id = r.assignee_id WHERE r.id = ?`, args: [reportId] },
      { sql: "SELECT name, email, phone FROM report_contacts WHERE report_id = ?", args: [reportId] },
      { sql: "SELECT * FROM report_evidence WHERE report_id = ? ORDER BY created_at, id", args: [reportId] },
      {
        sql: `SELECT h.*, u.name AS actor_name FROM report_history h LEFT JOIN users u ON u.id = h.actor_id WHERE h.report_id = ? ORDER BY h.id`,
        args: [reportId],
      },
      {
        sql: `SELECT n.*, u.name AS author_name FROM report_notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.report_id = ? ORDER BY n.at, n.id`,
        args: [reportId],
      },
      {
        sql: `SELECT p.kind, p.value, p.created_by, p.created_at, r.tracking_code FROM report_protections p JOIN reports r ON r.id = p.report_id
              WHERE p.report_id = ? ORDER BY p.created_at, p.kind, p.value`,
        args: [reportId],
      },
    ],
    "read",
  );
  const r = main?.rows[0] as RowRecord | undefined;
  if (!r) return null;
  const c = contact?.rows[0] as RowRecord | undefined;
  const answers: ReportDetail["answers"] = { description: str(r.description) };
  const put = <K extends keyof ReportDetail["answers"]>(k: K, v: ReportDetail["answers"][K] | null) => {
    if (v !== null && v !== undefined) answers[k] = v;
  };
  put("url", strOrNull(r.url));
  put("phone", strOrNull(r.phone));
  put("bankName", strOrNull(r.bank_name));
  put("bankAccount", strOrNull(r.bank_account));
  put("accountHolder", strOrNull(r.account_holder));
  put("amountLost", numOrNull(r.amount_lost));
  put("paymentMethod", strOrNull(r.payment_method) as ReportDetail["answers"]["paymentMethod"] | null);
  put("contactMethod", strOrNull(r.contact_method) as ReportDetail["answers"]["contactMethod"] | null);
  put("platform", strOrNull(r.platform) as ReportDetail["answers"]["platform"] | null);
  put("occurredOn", strOrNull(r.occurred_on));
  return {
    ...listItem(r),
    answers,
    contact: opts.includeContact && c ? { name: strOrNull(c.name), email: strOrNull(c.email), phone: strOrNull(c.phone) } : null,
    contactPurgedAt: strOrNull(r.contact_purged_at),
    consentAt: str(r.consent_at),
    closedAt: strOrNull(r.closed_at),
    evidence: (evidence?.rows ?? []).map((e) => evidenceItem(e as RowRecord)),
    history: (history?.rows ?? []).map((h): ReportHistoryEntry => {
      let details: Record<string, unknown> = {};
      try {
        details = JSON.parse(String(h.details)) as Record<string, unknown>;
      } catch {
        // written by this package as JSON; an empty object keeps the page readable if not
      }
      return {
        at: str(h.at),
        actorId: strOrNull(h.actor_id),
        actorName: strOrNull(h.actor_name),
        action: str(h.action) as ReportHistoryEntry["action"],
        fromStatus: strOrNull(h.from_status) as ReportStatus | null,
        toStatus: strOrNull(h.to_status) as ReportStatus | null,
        forwardedTo: strOrNull(h.forwarded_to),
        assigneeId: strOrNull(h.assignee_id),
        details,
      };
    }),
    notes: (notes?.rows ?? []).map(
      (n): ReportNote => ({
        id: Number(n.id),
        at: str(n.at),
        authorId: strOrNull(n.author_id),
        authorName: strOrNull(n.author_name),
        visibility: str(n.visibility) as ReportNote["visibility"],
        status: str(n.status) as ReportStatus,
        text: str(n.text),
      }),
    ),
    related: await relatedReports(client, reportId),
    protections: (protections?.rows ?? []).map((p) => ({
      kind: str(p.kind) as ReportDetail["protections"][number]["kind"],
      value: str(p.value),
      source: `report:${str(p.tracking_code)}`,
      createdBy: strOrNull(p.created_by),
      createdAt: str(p.created_at),
    })),
  };
}

/** The export stops here; the answer says when it did. */
export const EXPORT_MAX_ROWS = 50_000;

const CSV_COLUMNS = [
  "id",
  "tracking_code",
  "category",
  "status",
  "created_at",
  "updated_at",
  "closed_at",
  "assignee_id",
  "forwarded_to",
  "description",
  "url",
  "phone",
  "bank_name",
  "bank_account",
  "account_holder",
  "amount_lost",
  "payment_method",
  "contact_method",
  "platform",
  "occurred_on",
  "anonymous",
  "evidence_count",
] as const;
const CONTACT_COLUMNS = ["contact_name", "contact_email", "contact_phone"] as const;

export interface ExportOptions {
  /** The reporters' contact details as three more columns: for administrators only (issue 13); the HTTP layer decides. */
  includeContact: boolean;
  actor: AuditContext;
  now?: Date;
  /** A UTF-8 byte-order mark first, without which Excel garbles Vietnamese. */
  bom?: boolean;
}

/**
 * The filtered queue as RFC 4180 CSV (CRLF, quoted where needed, formula-like cells defused by
 * @portal/auth's csvCell), newest first, at most EXPORT_MAX_ROWS rows. The audit row (report.export,
 * with the filter, the row count and whether contact details went out) is written before the data
 * is handed over.
 */
export async function exportReportsCsv(
  client: Client,
  filter: ReportFilter,
  opts: ExportOptions,
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const { sql: where, args } = whereClause(filter);
  const contactSelect = opts.includeContact ? ", c.name AS contact_name, c.email AS contact_email, c.phone AS contact_phone" : "";
  const contactJoin = opts.includeContact ? "LEFT JOIN report_contacts c ON c.report_id = r.id" : "";
  const rs = await client.execute({
    sql: `SELECT r.*, (SELECT COUNT(*) FROM report_evidence e WHERE e.report_id = r.id) AS evidence_count ${contactSelect}
          FROM reports r ${contactJoin} ${where} ORDER BY r.created_at DESC, r.id DESC LIMIT ?`,
    args: [...args, EXPORT_MAX_ROWS + 1],
  });
  const truncated = rs.rows.length > EXPORT_MAX_ROWS;
  const rows = rs.rows.slice(0, EXPORT_MAX_ROWS) as RowRecord[];
  const columns: readonly string[] = opts.includeContact ? [...CSV_COLUMNS, ...CONTACT_COLUMNS] : CSV_COLUMNS;
  const lines = [columns.join(",")];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c] as string | number | null | undefined)).join(","));
  const now = opts.now ?? new Date();
  await client.execute(
    auditStatement(
      {
        ...opts.actor,
        action: "report.export",
        target: null,
        details: {
          filter: {
            status: filter.status,
            category: filter.category,
            from: filter.from,
            to: filter.to,
            assignee: filter.assignee,
            text: !!filter.q,
          },
          rows: rows.length,
          truncated,
          includeContact: opts.includeContact,
        },
      },
      now,
    ),
  );
  return { csv: `${opts.bom ? "\uFEFF" : ""}${lines.join("\r\n")}\r\n`, rows: rows.length, truncated };
}

export interface EvidenceDownload {
  stream: Readable;
  size: number;
  /** The type decided from the content at upload. */
  mime: string;
  /** For Content-Disposition: attachment; the display name with the real type's extension. */
  fileName: string;
  sha256: string;
}

/**
 * Opens one evidence file of one report for a staff download, after writing the audit row
 * (report.evidence_download). Null when the file is not this report's or is gone. The HTTP layer
 * sends it with Content-Disposition: attachment and X-Content-Type-Options: nosniff, never inline.
 */
export async function openEvidence(
  client: Client,
  store: EvidenceStore,
  reportId: string,
  evidenceId: string,
  actor: AuditContext,
  now: Date = new Date(),
): Promise<EvidenceDownload | null> {
  const rs = await client.execute({
    sql: "SELECT id, mime, ext, display_name, sha256 FROM report_evidence WHERE id = ? AND report_id = ?",
    args: [evidenceId, reportId],
  });
  const row = rs.rows[0] as RowRecord | undefined;
  if (!row) return null;
  const file = await store.open(evidenceId);
  if (!file) return null;
  try {
    await client.execute(
      auditStatement(
        { ...actor, action: "report.evidence_download", target: `report:${reportId}`, details: { evidence: evidenceId } },
        now,
      ),
    );
  } catch (err) {
    file.stream.destroy();
    throw err;
  }
  return {
    stream: file.stream,
    size: file.size,
    mime: str(row.mime),
    fileName: downloadName(strOrNull(row.display_name), evidenceId, str(row.ext)),
    sha256: str(row.sha256),
  };
}
