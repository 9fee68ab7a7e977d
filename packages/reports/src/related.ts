// "Other reports about this": reports that name the same link host, phone number or bank account
// as this one, with counts, so that a campaign shows up on the case page (issue 13, ★).
import type { RelatedReports, ReportCategory, ReportStatus } from "@portal/contracts";
import type { Client } from "@portal/db";
import { bankAccountKey, linkKey, normalisePhone } from "./normalise.ts";

export type RelatedKind = "host" | "phone" | "bank_account";

/**
 * Every identifier of the report that other reports share, with how many do and the most recent
 * `limit` of them. Identifiers no other report names are left out.
 */
export async function relatedReports(client: Client, reportId: string, opts: { limit?: number } = {}): Promise<RelatedReports> {
  const limit = opts.limit ?? 20;
  const shared = await client.execute({
    sql: `SELECT mine.kind, mine.value, COUNT(other.report_id) AS n
          FROM report_identifiers mine
          JOIN report_identifiers other ON other.kind = mine.kind AND other.value = mine.value AND other.report_id <> mine.report_id
          WHERE mine.report_id = ?
          GROUP BY mine.kind, mine.value ORDER BY n DESC, mine.kind, mine.value`,
    args: [reportId],
  });
  const out: RelatedReports = [];
  for (const row of shared.rows) {
    const kind = String(row.kind) as RelatedKind;
    const value = String(row.value);
    out.push({ kind, value, count: Number(row.n), reports: await reportsNaming(client, kind, value, { exclude: reportId, limit }) });
  }
  return out;
}

/** Reports naming an identifier (already normalised), newest first. */
export async function reportsNaming(
  client: Client,
  kind: RelatedKind,
  value: string,
  opts: { exclude?: string; limit?: number } = {},
): Promise<RelatedReports[number]["reports"]> {
  const rs = await client.execute({
    sql: `SELECT r.id, r.tracking_code, r.category, r.status, r.created_at
          FROM report_identifiers i JOIN reports r ON r.id = i.report_id
          WHERE i.kind = ? AND i.value = ? AND i.report_id <> ?
          ORDER BY r.created_at DESC, r.id LIMIT ?`,
    args: [kind, value, opts.exclude ?? "", opts.limit ?? 20],
  });
  return rs.rows.map((r) => ({
    id: String(r.id),
    trackingCode: String(r.tracking_code),
    category: String(r.category) as ReportCategory,
    status: String(r.status) as ReportStatus,
    createdAt: String(r.created_at),
  }));
}

/**
 * For staff looking up an identifier outside a case: its normalised form and how many reports name
 * it. Never public — raw report counts could be made up by false reports (issue 13).
 */
export async function countReportsNaming(
  client: Client,
  input: { kind: "url"; value: string } | { kind: "phone"; value: string } | { kind: "bank_account"; bank: string; account: string },
): Promise<{ kind: RelatedKind; value: string; count: number } | null> {
  let key: { kind: RelatedKind; value: string | null };
  if (input.kind === "url") key = { kind: "host", value: linkKey(input.value) };
  else if (input.kind === "phone") key = { kind: "phone", value: normalisePhone(input.value) };
  else key = { kind: "bank_account", value: bankAccountKey(input.bank, input.account) };
  if (key.value === null) return null;
  const rs = await client.execute({
    sql: "SELECT COUNT(*) AS n FROM report_identifiers WHERE kind = ? AND value = ?",
    args: [key.kind, key.value],
  });
  return { kind: key.kind, value: key.value, count: Number(rs.rows[0]?.n ?? 0) };
}
