// "Protect others" in one step from a report (issue 13): put its link on the link block list through
// @portal/threat-intel's store (source report:<code>, which moves the store's version so every
// server's link check answers at once), or confirm the scammer's phone number or bank account as a
// scam identifier. And the undo, equally one step: retire what that source listed.
import { type AuditContext, auditStatement } from "@portal/auth";
import type { ProtectKind, ReportCategory, ScamKind } from "@portal/contracts";
import type { Client, InStatement } from "@portal/db";
import { addUrlEntries, canonicalize, entryExpression, type ListedVerdict, retireUrlEntry, retireUrlSource } from "@portal/threat-intel";
import { confirmStatement, type NormalisedIdentifier, normaliseIdentifier, retireStatement } from "./identifiers.ts";

/**
 * How a report's category goes on the lists. Only harm to the person who opens a link or pays an
 * account is blocked: content reports (fake news, defamation …) are for the bodies that handle
 * them, not for a safety check's verdict.
 */
const PROTECTABLE: Partial<Record<ReportCategory, { verdict: ListedVerdict; threat: string; kind: ScamKind }>> = {
  scam: { verdict: "phishing", threat: "scam", kind: "scam" },
  phishing: { verdict: "phishing", threat: "phishing", kind: "phishing" },
  malware: { verdict: "malicious", threat: "malware_download", kind: "malware" },
};

export const reportSource = (trackingCode: string): string => `report:${trackingCode}`;

export interface ProtectInput {
  kind: ProtectKind;
  /** The link (or a domain, to list all of it), the phone number, or the account number. */
  value: string;
  /** The bank, for an account. */
  bank?: string | undefined;
}

export type ProtectResult =
  | { ok: true; kind: ProtectKind; value: string; source: string }
  | { ok: false; reason: "not_found" | "category_not_protectable" | "invalid_value" | "trusted_domain" };

async function loadReport(client: Client, reportId: string): Promise<{ code: string; category: ReportCategory } | null> {
  const rs = await client.execute({ sql: "SELECT tracking_code, category FROM reports WHERE id = ?", args: [reportId] });
  const r = rs.rows[0];
  return r ? { code: String(r.tracking_code), category: String(r.category) as ReportCategory } : null;
}

/** The trusted domain (verified banks, government…) a link's host is within, if any: such a link is never blocked from a report. */
async function trustedDomainOf(client: Client, url: string): Promise<string | null> {
  const c = canonicalize(url);
  if (!c.ok || c.hostKind !== "name") return null;
  const labels = c.host.split(".");
  const suffixes = labels.map((_, i) => labels.slice(i).join(".")).filter((d) => d.includes("."));
  const rs = await client.execute({
    sql: `SELECT d.domain FROM url_domains d JOIN threat_generations g ON g.id = d.generation AND g.state = 'active'
          WHERE d.kind = 'trusted' AND d.domain IN (SELECT value FROM json_each(?)) LIMIT 1`,
    args: [JSON.stringify(suffixes)],
  });
  return rs.rows[0] ? String(rs.rows[0].domain) : null;
}

const history = (
  reportId: string,
  at: string,
  actor: AuditContext,
  action: "protect" | "unprotect",
  details: Record<string, unknown>,
): InStatement => ({
  sql: "INSERT INTO report_history (report_id, at, actor_id, action, details) VALUES (?, ?, ?, ?, ?)",
  args: [reportId, at, actor.actorId, action, JSON.stringify(details)],
});

/**
 * Protects others from what a report names. A link goes on the block list (phishing for scams and
 * phishing, malicious for malware) unless it lies within a trusted domain; a phone number or bank
 * account is confirmed as a scam identifier. The protection row, the history and the audit row
 * (report.protect) are written together; for a link, the block-list entry is added first through
 * threat-intel's store and taken back if that write fails.
 */
export async function protectFromReport(
  client: Client,
  reportId: string,
  input: ProtectInput,
  actor: AuditContext,
  now: Date = new Date(),
): Promise<ProtectResult> {
  const report = await loadReport(client, reportId);
  if (!report) return { ok: false, reason: "not_found" };
  const how = PROTECTABLE[report.category];
  if (!how) return { ok: false, reason: "category_not_protectable" };
  const source = reportSource(report.code);
  const at = now.toISOString();
  const addedBy = actor.actorId ? `staff:${actor.actorId}` : "staff";
  const record = (kind: ProtectKind, value: string): InStatement[] => [
    {
      sql: "INSERT OR IGNORE INTO report_protections (report_id, kind, value, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
      args: [reportId, kind, value, actor.actorId, at],
    },
    history(reportId, at, actor, "protect", { kind, value }),
    auditStatement({ ...actor, action: "report.protect", target: `report:${reportId}`, details: { kind, value, source } }, now),
  ];

  if (input.kind === "url") {
    const x = entryExpression(input.value);
    if ("error" in x) return { ok: false, reason: "invalid_value" };
    if (await trustedDomainOf(client, input.value)) return { ok: false, reason: "trusted_domain" };
    const added = await addUrlEntries(client, [{ url: input.value, verdict: how.verdict, threat: how.threat, tags: "report" }], {
      source,
      addedBy,
      now: at,
    });
    if (added.stored !== 1) return { ok: false, reason: "invalid_value" };
    try {
      await client.batch(record("url", x.expression), "write");
    } catch (err) {
      await retireUrlEntry(client, input.value, source).catch(() => {});
      throw err;
    }
    return { ok: true, kind: "url", value: x.expression, source };
  }

  const id =
    input.kind === "phone"
      ? normaliseIdentifier({ kind: "phone", value: input.value })
      : normaliseIdentifier({ kind: "bank_account", bank: input.bank ?? "", account: input.value });
  if (!id) return { ok: false, reason: "invalid_value" };
  await client.batch([confirmStatement(id, { kinds: [how.kind], source, addedBy, now }), ...record(id.kind, id.value)], "write");
  return { ok: true, kind: id.kind, value: id.value, source };
}

export type UnprotectResult = { ok: true; removed: number } | { ok: false; reason: "not_found" | "invalid_value" };

/**
 * Undoes protection from a report: one link, number or account (as given to protectFromReport),
 * or — with no input — everything listed under its source. Writes history and audit
 * (report.unprotect). Entries other sources list stay.
 */
export async function unprotectReport(
  client: Client,
  reportId: string,
  input: ProtectInput | undefined,
  actor: AuditContext,
  now: Date = new Date(),
): Promise<UnprotectResult> {
  const report = await loadReport(client, reportId);
  if (!report) return { ok: false, reason: "not_found" };
  const source = reportSource(report.code);
  const at = now.toISOString();
  const trail = (details: Record<string, unknown>): InStatement[] => [
    history(reportId, at, actor, "unprotect", details),
    auditStatement({ ...actor, action: "report.unprotect", target: `report:${reportId}`, details: { ...details, source } }, now),
  ];

  if (!input) {
    const urls = await retireUrlSource(client, source);
    const [ids] = await client.batch(
      [retireStatement(source), { sql: "DELETE FROM report_protections WHERE report_id = ?", args: [reportId] }, ...trail({ all: true })],
      "write",
    );
    return { ok: true, removed: urls.urlEntries + (ids?.rowsAffected ?? 0) };
  }

  if (input.kind === "url") {
    const x = entryExpression(input.value);
    if ("error" in x) return { ok: false, reason: "invalid_value" };
    const removed = await retireUrlEntry(client, input.value, source);
    await client.batch(
      [
        { sql: "DELETE FROM report_protections WHERE report_id = ? AND kind = 'url' AND value = ?", args: [reportId, x.expression] },
        ...trail({ kind: "url", value: x.expression }),
      ],
      "write",
    );
    return { ok: true, removed };
  }

  const id: NormalisedIdentifier | null =
    input.kind === "phone"
      ? normaliseIdentifier({ kind: "phone", value: input.value })
      : normaliseIdentifier({ kind: "bank_account", bank: input.bank ?? "", account: input.value });
  if (!id) return { ok: false, reason: "invalid_value" };
  const [rs] = await client.batch(
    [
      retireStatement(source, { identifier: id }),
      { sql: "DELETE FROM report_protections WHERE report_id = ? AND kind = ? AND value = ?", args: [reportId, id.kind, id.value] },
      ...trail({ kind: id.kind, value: id.value }),
    ],
    "write",
  );
  return { ok: true, removed: rs?.rowsAffected ?? 0 };
}
