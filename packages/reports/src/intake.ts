// Taking a report: the validated answers and the evidence already stored (and fsynced) by an
// EvidenceUpload go into the database in one write transaction, and only then is the tracking code
// given out — a report acknowledged to a citizen is on disk with every file it names (issue 13,
// "acknowledge only after the report and its files are durably committed").
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { EVIDENCE_MAX_FILE_BYTES, EVIDENCE_MAX_FILES, EVIDENCE_MAX_TOTAL_BYTES, type ReportSubmission } from "@portal/contracts";
import type { Client, InStatement } from "@portal/db";
import type { EvidenceStore, StoredEvidence } from "./evidence.ts";
import { bankAccountKey, fold, linkKey, normalisePhone } from "./normalise.ts";
import { newReportId } from "./rows.ts";
import { newStatusKey, newTrackingCode, statusKeyHash } from "./tracking.ts";

/** A double submission is recognised for this long (the IETF Idempotency-Key draft leaves the window to the server). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface FieldIssue {
  path: string[];
  message: string;
}

export type SubmitResult =
  | { ok: true; duplicate: false; reportId: string; trackingCode: string; statusKey: string }
  /**
   * The same idempotency key and the same answers and files within 24 hours: the first report's
   * code and status key, so a double click — after which the browser shows only the second answer —
   * still leaves the citizen with a working key. The files of this second request were deleted.
   */
  | { ok: true; duplicate: true; reportId: string; trackingCode: string; statusKey: string }
  | { ok: false; reason: "invalid"; issues: FieldIssue[] }
  /** The key was used in the last 24 hours for different answers or files (the draft's 422): nothing is revealed. */
  | { ok: false; reason: "idempotency_conflict" };

export interface SubmitOptions {
  now?: Date;
  idempotencyWindowMs?: number;
}

/** What the answers become in storage: identifiers normalised, contact details apart. */
interface Prepared {
  phone: string | null;
  contactPhone: string | null;
  identifiers: { kind: "host" | "phone" | "bank_account"; value: string }[];
}

function prepare(input: ReportSubmission, files: readonly StoredEvidence[]): Prepared | FieldIssue[] {
  const issues: FieldIssue[] = [];
  const identifiers: Prepared["identifiers"] = [];
  let phone: string | null = null;
  if (input.phone !== undefined) {
    phone = normalisePhone(input.phone);
    if (phone === null) issues.push({ path: ["phone"], message: "not a phone number in use: write it as 0912 345 678 or +84 912 345 678" });
    else identifiers.push({ kind: "phone", value: phone });
  }
  let contactPhone: string | null = null;
  if (input.contactPhone !== undefined) {
    contactPhone = normalisePhone(input.contactPhone);
    if (contactPhone === null) issues.push({ path: ["contactPhone"], message: "not a phone number in use: write it as 0912 345 678" });
  }
  if (input.bankAccount !== undefined && input.bankName !== undefined) {
    const key = bankAccountKey(input.bankName, input.bankAccount);
    if (key === null) issues.push({ path: ["bankName"], message: "write the bank's name, like Vietcombank" });
    else identifiers.push({ kind: "bank_account", value: key });
  }
  if (input.url !== undefined) {
    const host = linkKey(input.url);
    if (host !== null) identifiers.push({ kind: "host", value: host });
  }
  // The schema and the upload enforce these already; a caller that skipped them is refused here.
  const total = files.reduce((s, f) => s + f.size, 0);
  if (files.length > EVIDENCE_MAX_FILES || files.some((f) => f.size > EVIDENCE_MAX_FILE_BYTES) || total > EVIDENCE_MAX_TOTAL_BYTES)
    issues.push({ path: ["evidence"], message: "too many or too large files" });
  return issues.length > 0 ? issues : { phone, contactPhone, identifiers };
}

/** SHA-256 of the answers (keys sorted, without the idempotency key) and the evidence hashes: "the same submission". */
function fingerprint(input: ReportSubmission, files: readonly StoredEvidence[]): Buffer {
  const answers = Object.fromEntries(
    Object.entries(input)
      .filter(([k]) => k !== "idempotencyKey")
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return createHash("sha256")
    .update(JSON.stringify({ answers, files: files.map((f) => f.sha256).sort() }))
    .digest();
}

const idempotencyHash = (key: string) => createHash("sha256").update(`report-idempotency:${key}`, "utf8").digest();

/**
 * The status key of a first submission, sealed with AES-256-GCM under HKDF-SHA256(idempotency key):
 * the database holds neither the idempotency key nor the status key, so a copy of it opens nothing;
 * only the client that still has its idempotency key gets its own status key back.
 */
function sealingKey(idempotencyKey: string, reportId: string): Buffer {
  return Buffer.from(hkdfSync("sha256", idempotencyKey, "vn-portal/reports/idempotency/v1", reportId, 32));
}

function sealStatusKey(statusKey: string, idempotencyKey: string, reportId: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(idempotencyKey, reportId), iv);
  cipher.setAAD(Buffer.from(reportId));
  const ct = Buffer.concat([cipher.update(statusKey, "utf8"), cipher.final()]);
  return Buffer.concat([iv, ct, cipher.getAuthTag()]);
}

function openStatusKey(sealed: Buffer, idempotencyKey: string, reportId: string): string | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(idempotencyKey, reportId), sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(reportId));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

const toBuffer = (v: unknown): Buffer =>
  v instanceof ArrayBuffer ? Buffer.from(v) : v instanceof Uint8Array ? Buffer.from(v) : Buffer.alloc(0);

/** What the queue's text filter searches: folded description, link, identifiers (both phone forms) and the code. */
function searchText(input: ReportSubmission, p: Prepared, trackingCode: string): string {
  const parts = [input.description, input.url, input.bankName, input.bankAccount, input.accountHolder, trackingCode];
  if (p.phone) parts.push(p.phone, p.phone.startsWith("+84") ? `0${p.phone.slice(3)}` : p.phone);
  for (const i of p.identifiers) parts.push(i.value);
  return ` ${fold(parts.filter((x) => x !== undefined).join(" "))} `;
}

/**
 * Records a report whose evidence is already stored. `input` is the contract's parsed submission;
 * `files` come from an EvidenceUpload on `store` and are fsynced. One write transaction (a single
 * batch) inserts the report, its contact row (none when anonymous), its evidence rows, its
 * identifiers, its first history row and the idempotency row; a crash before the commit leaves only
 * files, which sweepOrphans removes. When this answers anything but a new report, the files are
 * deleted.
 */
export async function submitReport(
  client: Client,
  store: EvidenceStore,
  input: ReportSubmission,
  files: readonly StoredEvidence[],
  options: SubmitOptions = {},
): Promise<SubmitResult> {
  const now = options.now ?? new Date();
  const discard = () => Promise.all(files.map((f) => store.delete(f.id)));
  const prepared = prepare(input, files);
  if (Array.isArray(prepared)) {
    await discard();
    return { ok: false, reason: "invalid", issues: prepared };
  }
  const at = now.toISOString();
  const id = newReportId();
  const statusKey = newStatusKey();
  const windowStart = new Date(now.getTime() - (options.idempotencyWindowMs ?? IDEMPOTENCY_WINDOW_MS)).toISOString();
  const idemKey = input.idempotencyKey;
  const print = fingerprint(input, files);

  const keyHash = idemKey ? idempotencyHash(idemKey) : null;

  for (let attempt = 1; ; attempt++) {
    const trackingCode = newTrackingCode(now);
    const statements: InStatement[] = [];
    // Expired keys go first, so a key reused after the window makes a new report.
    if (keyHash) statements.push({ sql: "DELETE FROM report_idempotency WHERE created_at < ?", args: [windowStart] });
    const reportIndex = statements.length;
    statements.push({
      // With a key, the report is inserted only if no live submission holds the key: the check and
      // the insert are one statement in one write transaction, so two clicks at once make one report.
      sql: `INSERT INTO reports (id, tracking_code, status_key_hash, category, status, description, url, phone, bank_name, bank_account,
              account_holder, amount_lost, payment_method, contact_method, platform, occurred_on, anonymous, consent_at, search_text,
              created_at, updated_at)
            SELECT ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
            ${keyHash ? "WHERE NOT EXISTS (SELECT 1 FROM report_idempotency WHERE key_hash = ?)" : ""}`,
      args: [
        id,
        trackingCode,
        statusKeyHash(statusKey),
        input.category,
        input.description ?? "",
        input.url ?? null,
        prepared.phone,
        input.bankName ?? null,
        input.bankAccount ?? null,
        input.accountHolder ?? null,
        input.amountLost ?? null,
        input.paymentMethod ?? null,
        input.contactMethod ?? null,
        input.platform ?? null,
        input.occurredOn ?? null,
        input.anonymous ? 1 : 0,
        at,
        searchText(input, prepared, trackingCode),
        at,
        at,
        ...(keyHash ? [keyHash] : []),
      ],
    });
    // Everything else only if that report row went in (the id is new and random).
    const ifMine = "WHERE EXISTS (SELECT 1 FROM reports WHERE id = ?)";
    statements.push({
      sql: `INSERT INTO report_history (report_id, at, actor_id, action, to_status, details) SELECT ?, ?, NULL, 'created', 'new', ? ${ifMine}`,
      args: [id, at, JSON.stringify({ evidence: files.length, anonymous: input.anonymous }), id],
    });
    // Anonymous: no contact row at all (the schema has already dropped the fields; this is the second lock).
    if (!input.anonymous && (input.contactName || input.contactEmail || prepared.contactPhone))
      statements.push({
        sql: `INSERT INTO report_contacts (report_id, name, email, phone, created_at) SELECT ?, ?, ?, ?, ? ${ifMine}`,
        args: [id, input.contactName ?? null, input.contactEmail ?? null, prepared.contactPhone, at, id],
      });
    for (const f of files)
      statements.push({
        sql: `INSERT INTO report_evidence (id, report_id, sha256, size, mime, ext, kind, display_name, created_at)
              SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? ${ifMine}`,
        args: [f.id, id, f.sha256, f.size, f.mime, f.ext, f.kind, f.displayName, at, id],
      });
    for (const i of prepared.identifiers)
      statements.push({
        sql: `INSERT OR IGNORE INTO report_identifiers (kind, value, report_id) SELECT ?, ?, ? ${ifMine}`,
        args: [i.kind, i.value, id, id],
      });
    if (keyHash && idemKey)
      statements.push({
        sql: `INSERT INTO report_idempotency (key_hash, fingerprint, report_id, status_key_sealed, created_at) SELECT ?, ?, ?, ?, ? ${ifMine}`,
        args: [keyHash, print, id, sealStatusKey(statusKey, idemKey, id), at, id],
      });

    let results: Awaited<ReturnType<Client["batch"]>>;
    try {
      // One batch is one write transaction, run start to commit without yielding in between: no
      // interactive transaction holds the write lock across awaits while other requests queue.
      results = await client.batch(statements, "write");
    } catch (err) {
      // 40 random bits a year: a clash with an existing code is rare but possible; draw again.
      if (attempt < 5 && /UNIQUE constraint failed: reports\.tracking_code/.test(String((err as Error).message))) continue;
      // Whether the commit landed is unknown here (a lost connection to sqld): the files stay, and
      // sweepOrphans deletes them later only if no report row names them.
      throw err;
    }
    if (results[reportIndex]?.rowsAffected === 1) return { ok: true, duplicate: false, reportId: id, trackingCode, statusKey };

    // The key is held by an earlier submission.
    await discard();
    const seen = await client.execute({
      sql: `SELECT i.fingerprint, i.report_id, i.status_key_sealed, r.tracking_code
            FROM report_idempotency i JOIN reports r ON r.id = i.report_id WHERE i.key_hash = ?`,
      args: [keyHash],
    });
    const row = seen.rows[0] as Record<string, unknown> | undefined;
    if (!row || !idemKey || !toBuffer(row.fingerprint).equals(print)) return { ok: false, reason: "idempotency_conflict" };
    const reportId = String(row.report_id);
    const key = openStatusKey(toBuffer(row.status_key_sealed), idemKey, reportId);
    if (key === null) return { ok: false, reason: "idempotency_conflict" };
    return { ok: true, duplicate: true, reportId, trackingCode: String(row.tracking_code), statusKey: key };
  }
}
