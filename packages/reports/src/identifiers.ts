// Scam phone numbers and bank accounts confirmed by analysts, and the public check of one
// (issue 13, ★). Only confirmed identifiers are public — a count of raw reports is not, so that a
// wave of false reports cannot brand someone's number a scam. Each confirmation keeps its source
// (report:<code>, alert:<id>, import:<file>, analyst:<user id>) so that it can be retired with it.
import { type AuditContext, auditStatement } from "@portal/auth";
import { type IdentifierKind, SCAM_KINDS, type ScamIdentifierCheck, type ScamKind } from "@portal/contracts";
import type { Client, InStatement } from "@portal/db";
import { bankAccountKey, normalisePhone } from "./normalise.ts";

export type IdentifierInput = { kind: "phone"; value: string } | { kind: "bank_account"; bank: string; account: string };

export interface NormalisedIdentifier {
  kind: IdentifierKind;
  /** E.164, or "<bank key>:<digits>". */
  value: string;
}

/** The stored form, or null when the input is not a phone number or not a bank and account number. */
export function normaliseIdentifier(input: IdentifierInput): NormalisedIdentifier | null {
  if (input.kind === "phone") {
    const v = normalisePhone(input.value);
    return v ? { kind: "phone", value: v } : null;
  }
  const v = bankAccountKey(input.bank, input.account);
  return v ? { kind: "bank_account", value: v } : null;
}

/** report:<code>, alert:<id>, import:<file>, analyst:<user id>, demo:<name>. */
const SOURCE = /^(report|alert|import|analyst|demo):[^\s]{1,200}$/;
export const isIdentifierSource = (s: string): boolean => SOURCE.test(s);

export interface Confirmation {
  kinds: readonly ScamKind[];
  source: string;
  /** Who: staff:<id>, cli:<user>. */
  addedBy: string;
  now?: Date;
}

const scamKinds = (kinds: readonly string[]) =>
  [...new Set(kinds.filter((k): k is ScamKind => (SCAM_KINDS as readonly string[]).includes(k)))].sort();

/**
 * The upsert for one confirmation (to run in a batch with what it belongs to): one row per
 * identifier and source; confirming again moves last_seen and adds kinds, first_seen stays.
 */
export function confirmStatement(id: NormalisedIdentifier, c: Confirmation): InStatement {
  const at = (c.now ?? new Date()).toISOString();
  return {
    sql: `INSERT INTO scam_identifiers (kind, value, source, kinds, added_by, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (kind, value, source) DO UPDATE SET
            kinds = (SELECT json_group_array(k) FROM (SELECT a.value AS k FROM json_each(scam_identifiers.kinds) AS a
                     UNION SELECT b.value FROM json_each(excluded.kinds) AS b ORDER BY 1)),
            added_by = excluded.added_by,
            first_seen = MIN(first_seen, excluded.first_seen),
            last_seen = MAX(last_seen, excluded.last_seen)`,
    args: [id.kind, id.value, c.source, JSON.stringify(scamKinds(c.kinds)), c.addedBy, at, at],
  };
}

export type ConfirmResult = { ok: true; identifier: NormalisedIdentifier } | { ok: false; reason: "invalid_identifier" | "invalid_source" };

/** Confirms one identifier as used in scams; with `audit`, the audit row (scam_identifier.confirm) goes in the same batch. */
export async function confirmIdentifier(
  client: Client,
  input: IdentifierInput,
  c: Confirmation,
  audit?: AuditContext,
): Promise<ConfirmResult> {
  const id = normaliseIdentifier(input);
  if (!id) return { ok: false, reason: "invalid_identifier" };
  if (!isIdentifierSource(c.source)) return { ok: false, reason: "invalid_source" };
  const statements = [confirmStatement(id, c)];
  if (audit)
    statements.push(
      auditStatement(
        {
          ...audit,
          action: "scam_identifier.confirm",
          target: `${id.kind}:${id.value}`,
          details: { source: c.source, kinds: scamKinds(c.kinds) },
        },
        c.now,
      ),
    );
  await client.batch(statements, "write");
  return { ok: true, identifier: id };
}

/** The delete for one source's confirmations: all of them, one identifier, or (seenBefore) those its latest import no longer lists. */
export function retireStatement(source: string, opts: { identifier?: NormalisedIdentifier; seenBefore?: string } = {}): InStatement {
  const where = ["source = ?"];
  const args: string[] = [source];
  if (opts.identifier) {
    where.push("kind = ? AND value = ?");
    args.push(opts.identifier.kind, opts.identifier.value);
  }
  if (opts.seenBefore) {
    where.push("last_seen < ?");
    args.push(opts.seenBefore);
  }
  return { sql: `DELETE FROM scam_identifiers WHERE ${where.join(" AND ")}`, args };
}

/** Retires what a source confirmed (all of it, or one identifier); returns how many rows went. */
export async function retireIdentifier(
  client: Client,
  source: string,
  opts: { identifier?: IdentifierInput; audit?: AuditContext; now?: Date } = {},
): Promise<number> {
  const identifier = opts.identifier ? normaliseIdentifier(opts.identifier) : undefined;
  if (identifier === null) return 0;
  const statements = [retireStatement(source, identifier ? { identifier } : {})];
  if (opts.audit)
    statements.push(
      auditStatement(
        {
          ...opts.audit,
          action: "scam_identifier.retire",
          target: identifier ? `${identifier.kind}:${identifier.value}` : null,
          details: { source },
        },
        opts.now,
      ),
    );
  const [rs] = await client.batch(statements, "write");
  return rs?.rowsAffected ?? 0;
}

/** The answer for a normalised identifier: confirmed or not, first and last seen, kinds, and (staff only) the sources. */
async function check(client: Client, id: NormalisedIdentifier, includeSources: boolean): Promise<ScamIdentifierCheck> {
  const rs = await client.execute({
    sql: "SELECT source, kinds, first_seen, last_seen FROM scam_identifiers WHERE kind = ? AND value = ? ORDER BY first_seen, source",
    args: [id.kind, id.value],
  });
  const kinds = new Set<string>();
  let firstSeen: string | null = null;
  let lastSeen: string | null = null;
  for (const r of rs.rows) {
    try {
      for (const k of JSON.parse(String(r.kinds)) as string[]) kinds.add(k);
    } catch {
      // written by confirmStatement as a JSON array
    }
    const f = String(r.first_seen);
    const l = String(r.last_seen);
    if (firstSeen === null || f < firstSeen) firstSeen = f;
    if (lastSeen === null || l > lastSeen) lastSeen = l;
  }
  const answer: ScamIdentifierCheck = {
    confirmed: rs.rows.length > 0,
    kind: id.kind,
    value: id.value,
    firstSeen,
    lastSeen,
    kinds: scamKinds([...kinds]),
  };
  if (includeSources) answer.sources = rs.rows.map((r) => String(r.source));
  return answer;
}

/** The public check of a phone number, or null when the input is not one (the API's 400). */
export async function checkPhone(
  client: Client,
  phone: string,
  opts: { includeSources?: boolean } = {},
): Promise<ScamIdentifierCheck | null> {
  const id = normaliseIdentifier({ kind: "phone", value: phone });
  return id ? check(client, id, opts.includeSources ?? false) : null;
}

/** The public check of an account at a bank, or null when the input is not an account number (the API's 400). */
export async function checkBankAccount(
  client: Client,
  bank: string,
  account: string,
  opts: { includeSources?: boolean } = {},
): Promise<ScamIdentifierCheck | null> {
  const id = normaliseIdentifier({ kind: "bank_account", bank, account });
  return id ? check(client, id, opts.includeSources ?? false) : null;
}

/**
 * One line of an identifier list: a phone number ("0912 345 678"), or a bank and an account number
 * separated by a comma, semicolon or tab ("Vietcombank,0071000123456"). Blank lines, "#" comments
 * and a header line ("phone", "bank,account") are skipped.
 */
export function parseIdentifierLine(line: string): IdentifierInput | "skip" | null {
  const s = line.replace(/^\uFEFF/, "").trim();
  if (s === "" || s.startsWith("#")) return "skip";
  const cells = s.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
  const head = cells.map((c) => c.toLowerCase());
  if (head[0] === "phone" || head[0] === "bank" || head[0] === "so_dien_thoai" || head[0] === "ngan_hang") return "skip";
  if (cells.length === 1) return { kind: "phone", value: cells[0] as string };
  if (cells.length === 2) return { kind: "bank_account", bank: cells[0] as string, account: cells[1] as string };
  return null;
}

export interface ImportResult {
  received: number;
  stored: number;
  /** Unusable lines: number and why (at most 20 kept). */
  rejected: { line: number; reason: string }[];
  rejectedCount: number;
  /** With `replace`: confirmations of this source that the file no longer lists, removed. */
  retired: number;
}

/**
 * Imports a list for the CLI (`npm run portal -- import scam-identifiers <file>`): one identifier
 * per line, all confirmed under one source (import:<file name>) and kinds. With `replace`, the
 * source's earlier confirmations that this file no longer lists are retired, as feeds do.
 */
export async function importIdentifiers(
  client: Client,
  lines: Iterable<string> | AsyncIterable<string>,
  opts: { source: string; addedBy: string; kinds: readonly ScamKind[]; now?: Date; replace?: boolean },
): Promise<ImportResult> {
  if (!isIdentifierSource(opts.source)) throw new Error(`"${opts.source}" is not a source name like import:<file>`);
  const now = opts.now ?? new Date();
  const result: ImportResult = { received: 0, stored: 0, rejected: [], rejectedCount: 0, retired: 0 };
  let batch: InStatement[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await client.batch(batch, "write");
    result.stored += batch.length;
    batch = [];
  };
  let n = 0;
  for await (const line of lines) {
    n++;
    const parsed = parseIdentifierLine(line);
    if (parsed === "skip") continue;
    result.received++;
    const id = parsed ? normaliseIdentifier(parsed) : null;
    if (!id) {
      result.rejectedCount++;
      if (result.rejected.length < 20)
        result.rejected.push({ line: n, reason: parsed?.kind === "bank_account" ? "not a bank and account number" : "not a phone number" });
      continue;
    }
    batch.push(confirmStatement(id, { kinds: opts.kinds, source: opts.source, addedBy: opts.addedBy, now }));
    if (batch.length >= 1000) await flush();
  }
  await flush();
  if (opts.replace) {
    const rs = await client.execute(retireStatement(opts.source, { seenBefore: now.toISOString() }));
    result.retired = rs.rowsAffected;
  }
  return result;
}
