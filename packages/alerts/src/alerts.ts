// Alerts and their workflow: a publisher drafts, someone else reviews and publishes, a correction is
// a new version with a change note, a withdrawal is a last version with a reason. Every step and its
// audit row are written in one transaction; what the public sees is only ever a published version.
import { type AuditContext, auditStatement, getAgency } from "@portal/auth";
import {
  type AlertChange,
  type AlertContent,
  type AlertDraft,
  AlertDraftRequest,
  type AlertDraftStatus,
  AlertNoteInput,
  AlertPatchRequest,
  type AlertPublicStatus,
  cvss31BaseScore,
  STAFF_ALERT_STATES,
  type StaffAlertListQuery,
} from "@portal/contracts";
import type { Client, InStatement } from "@portal/db";
import { canonicalDomain, entryExpression } from "@portal/threat-intel";
import type { z } from "zod";
import { type IdentifierSink, putAlertIndicators, retireAlertIndicators } from "./indicators.ts";
import type { AlertActor, AlertRecord, AlertVersionRecord, AlertViewer, Localised } from "./record.ts";
import { vnYear } from "./time.ts";

export type { AlertActor, AlertRecord, AlertVersionRecord, AlertViewer, Localised } from "./record.ts";

export interface AlertIssue {
  path: string;
  message: string;
}

type Executor = Pick<Client, "execute">;

// ── Permissions ──────────────────────────────────────────────────────────────────────────────────

/** Administrators manage every agency's alerts; a publisher only their own agency's. Analysts none. */
export function canManageAlerts(viewer: AlertViewer, agencyId: string): boolean {
  return viewer.role === "admin" || (viewer.role === "publisher" && viewer.agencyId === agencyId);
}

/**
 * Four eyes: the working copy is in review and the person was not one of its writers. Starting,
 * editing or correcting a draft makes someone a writer; submitting it does not.
 */
export function canPublishAlert(viewer: AlertViewer, alert: AlertRecord): boolean {
  return canManageAlerts(viewer, alert.agency.id) && alert.draftStatus === "in_review" && !alert.contributors.includes(viewer.id);
}

// ── Content ──────────────────────────────────────────────────────────────────────────────────────

const unique = <T>(items: T[], key: (t: T) => string = String): T[] => {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

/** A parsed draft as stored: every list present, duplicates dropped, scores computed from vectors when left out. */
export function contentFromDraft(d: AlertDraft): AlertContent {
  const ind = d.indicators ?? {};
  return {
    kind: d.kind,
    severity: d.severity,
    urgency: d.urgency,
    certainty: d.certainty,
    tlp: d.tlp,
    audience: unique(d.audience ?? []),
    title: d.title,
    summary: d.summary,
    body: d.body,
    recommendations: d.recommendations ?? null,
    cves: (d.cves ?? []).map((c) => ({
      id: c.id,
      cvssVector: c.cvssVector ?? null,
      cvssScore: c.cvssScore ?? (c.cvssVector ? cvss31BaseScore(c.cvssVector) : null),
    })),
    products: (d.products ?? []).map((p) => ({ vendor: p.vendor, product: p.product, versions: unique(p.versions ?? []) })),
    references: unique(d.references ?? []),
    indicators: {
      urls: unique(ind.urls ?? []),
      domains: unique((ind.domains ?? []).map((x) => x.replace(/\.$/, ""))),
      hashes: unique(ind.hashes ?? []),
      phones: unique(ind.phones ?? [], (p) => p.replace(/\D/g, "")),
      bankAccounts: unique(ind.bankAccounts ?? [], (b) => `${b.bank.toLowerCase()}\t${b.account.replace(/\D/g, "")}`),
    },
  };
}

/** The request form of stored content, so that a PATCH can be merged into it and checked again as a whole. */
export function draftFromContent(c: AlertContent): AlertDraftRequest {
  return {
    kind: c.kind,
    severity: c.severity,
    urgency: c.urgency,
    certainty: c.certainty,
    tlp: c.tlp,
    audience: c.audience,
    title: c.title,
    summary: c.summary,
    body: c.body,
    ...(c.recommendations ? { recommendations: c.recommendations } : {}),
    cves: c.cves.map((x) => ({
      id: x.id,
      ...(x.cvssVector ? { cvssVector: x.cvssVector } : {}),
      ...(x.cvssScore !== null ? { cvssScore: x.cvssScore } : {}),
    })),
    products: c.products,
    references: c.references,
    indicators: c.indicators,
  };
}

function issuesOf(error: z.ZodError): AlertIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/** Links and domains must be ones the checks can hold (Safe Browsing canonical form), or publishing would drop them silently. */
function indicatorIssues(c: AlertContent): AlertIssue[] {
  const issues: AlertIssue[] = [];
  c.indicators.urls.forEach((u, i) => {
    const x = entryExpression(u);
    if ("error" in x) issues.push({ path: `indicators.urls.${i}`, message: `not a link the checks can hold: ${x.error}` });
  });
  c.indicators.domains.forEach((d, i) => {
    if (!canonicalDomain(d)) issues.push({ path: `indicators.domains.${i}`, message: "not a domain name" });
  });
  return issues;
}

type ParsedContent = { ok: true; content: AlertContent } | { ok: false; reason: "invalid"; issues: AlertIssue[] };

function parseContent(input: unknown): ParsedContent {
  const parsed = AlertDraftRequest.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid", issues: issuesOf(parsed.error) };
  const content = contentFromDraft(parsed.data);
  const issues = indicatorIssues(content);
  return issues.length ? { ok: false, reason: "invalid", issues } : { ok: true, content };
}

/** A change note or reason as given (one text, or one per language) in the stored {vi, en} form. */
export function parseNote(input: unknown): { ok: true; note: Localised } | { ok: false; reason: "invalid"; issues: AlertIssue[] } {
  const parsed = AlertNoteInput.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid", issues: issuesOf(parsed.error) };
  const n = parsed.data;
  return { ok: true, note: typeof n === "string" ? { vi: n, en: n } : n };
}

// ── Reading ──────────────────────────────────────────────────────────────────────────────────────

const ALERT_SELECT = `SELECT a.*, g.slug AS agency_slug, g.name_vi AS agency_name_vi, g.name_en AS agency_name_en,
    v.content AS public_content, v.note AS public_note
  FROM alerts a
  JOIN agencies g ON g.id = a.agency_id
  LEFT JOIN alert_versions v ON v.alert_id = a.id AND v.version = a.public_version`;

const date = (v: unknown): Date | null => (v == null ? null : new Date(String(v)));
const str = (v: unknown): string | null => (v == null ? null : String(v));
const json = <T>(v: unknown): T | null => (v == null ? null : (JSON.parse(String(v)) as T));

function recordFromRow(r: Record<string, unknown>, versions: AlertVersionRecord[]): AlertRecord {
  const publicStatus = str(r.public_status) as AlertPublicStatus | null;
  return {
    id: String(r.id),
    agency: { id: String(r.agency_id), slug: String(r.agency_slug), nameVi: String(r.agency_name_vi), nameEn: String(r.agency_name_en) },
    trackingId: str(r.tracking_id),
    year: r.year == null ? null : Number(r.year),
    publicStatus,
    publicVersion: Number(r.public_version),
    published: json<AlertContent>(r.public_content),
    firstPublishedAt: date(r.first_published_at),
    lastPublishedAt: date(r.last_published_at),
    withdrawnAt: date(r.withdrawn_at),
    withdrawalReason: publicStatus === "withdrawn" ? json<Localised>(r.public_note) : null,
    draftStatus: str(r.draft_status) as AlertDraftStatus | null,
    draft: json<AlertContent>(r.draft),
    draftNote: json<Localised>(r.draft_note),
    draftAuthorId: str(r.draft_author_id),
    contributors: json<string[]>(r.draft_contributors) ?? [],
    submittedBy: str(r.submitted_by),
    submittedAt: date(r.submitted_at),
    isDemo: Number(r.is_demo) === 1,
    createdBy: str(r.created_by),
    createdAt: new Date(String(r.created_at)),
    updatedAt: new Date(String(r.updated_at)),
    versions,
  };
}

function versionFromRow(r: Record<string, unknown>): AlertVersionRecord {
  return {
    version: Number(r.version),
    change: String(r.change) as AlertChange,
    content: JSON.parse(String(r.content)) as AlertContent,
    note: json<Localised>(r.note),
    authorId: str(r.author_id),
    publishedBy: str(r.published_by),
    publishedAt: new Date(String(r.published_at)),
  };
}

/** Alerts matching a WHERE clause (over `a` = alerts, `g` = agencies), with their versions. */
export async function queryAlerts(
  db: Executor,
  where: string,
  args: (string | number)[],
  tail = "ORDER BY a.updated_at DESC, a.id",
): Promise<AlertRecord[]> {
  const rows = await db.execute({ sql: `${ALERT_SELECT} ${where ? `WHERE ${where}` : ""} ${tail}`, args });
  if (rows.rows.length === 0) return [];
  const ids = rows.rows.map((r) => String(r.id));
  const vs = await db.execute({
    sql: "SELECT * FROM alert_versions WHERE alert_id IN (SELECT value FROM json_each(?)) ORDER BY alert_id, version",
    args: [JSON.stringify(ids)],
  });
  const byAlert = new Map<string, AlertVersionRecord[]>();
  for (const v of vs.rows) {
    const list = byAlert.get(String(v.alert_id)) ?? [];
    list.push(versionFromRow(v as Record<string, unknown>));
    byAlert.set(String(v.alert_id), list);
  }
  return rows.rows.map((r) => recordFromRow(r as Record<string, unknown>, byAlert.get(String(r.id)) ?? []));
}

/** One alert by id, whoever may see it (callers check); null when there is none. */
export async function loadAlert(db: Executor, id: string): Promise<AlertRecord | null> {
  return (await queryAlerts(db, "a.id = ?", [id]))[0] ?? null;
}

// ── Writing ──────────────────────────────────────────────────────────────────────────────────────

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** 120 random bits as 24 lower-case base32 characters, like the portal's other ids. */
export function newAlertId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(15));
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

const auditOf = (actor: AlertActor): AuditContext => ({ actorId: actor.id, ip: actor.ip ?? null, userAgent: actor.userAgent ?? null });

/**
 * Runs `work` inside one write transaction: it reads the alert as it is now, decides, and returns
 * the statements to apply (the change and its audit row), which are applied together or not at all.
 * Two reviewers pressing "publish" at once are serialised by the write lock; the second sees the
 * first one's result.
 */
async function inTransaction<T>(
  client: Client,
  work: (tx: Executor) => Promise<{ statements: InStatement[]; result: T } | { statements?: undefined; result: T }>,
): Promise<T> {
  // @portal/db queues the client's other calls while this transaction is open (one connection).
  const tx = await client.transaction("write");
  try {
    const { statements, result } = await work(tx);
    if (statements && statements.length > 0) {
      await tx.batch(statements);
      await tx.commit();
    } else {
      await tx.rollback();
    }
    return result;
  } catch (err) {
    await tx.rollback().catch(() => {});
    throw err;
  } finally {
    tx.close();
  }
}

export type CreateAlertResult =
  | { ok: true; alert: AlertRecord }
  | { ok: false; reason: "forbidden" | "agency_required" | "unknown_agency" }
  | { ok: false; reason: "invalid"; issues: AlertIssue[] };

export interface CreateAlertOptions {
  /** The agency the alert speaks for: required for an administrator, the publisher's own (or left out) for a publisher. */
  agencyId?: string;
  now?: Date;
  /** Demo data (demo.ts): labelled wherever the alert is shown. */
  isDemo?: boolean;
}

/** Starts a draft. A publisher writes for their agency; an administrator picks one. */
export async function createAlert(
  client: Client,
  input: AlertDraftRequest,
  actor: AlertActor,
  opts: CreateAlertOptions = {},
): Promise<CreateAlertResult> {
  const now = opts.now ?? new Date();
  let agencyId: string;
  if (actor.role === "publisher") {
    if (!actor.agencyId || (opts.agencyId && opts.agencyId !== actor.agencyId)) return { ok: false, reason: "forbidden" };
    agencyId = actor.agencyId;
  } else if (actor.role === "admin") {
    if (!opts.agencyId) return { ok: false, reason: "agency_required" };
    agencyId = opts.agencyId;
  } else {
    return { ok: false, reason: "forbidden" };
  }
  const agency = await getAgency(client, agencyId);
  if (!agency) return { ok: false, reason: "unknown_agency" };
  const parsed = parseContent(input);
  if (!parsed.ok) return parsed;

  const id = newAlertId();
  const at = now.toISOString();
  const statements: InStatement[] = [
    {
      sql: `INSERT INTO alerts (id, agency_id, draft_status, draft, draft_author_id, draft_contributors, is_demo, created_by, created_at, updated_at)
              VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?)`,
      args: [id, agencyId, JSON.stringify(parsed.content), actor.id, JSON.stringify([actor.id]), opts.isDemo ? 1 : 0, actor.id, at, at],
    },
    auditStatement(
      {
        ...auditOf(actor),
        action: "alert.create",
        target: `alert:${id}`,
        details: { agency: agency.slug, kind: parsed.content.kind, tlp: parsed.content.tlp },
      },
      now,
    ),
  ];
  await inTransaction(client, async () => ({ statements, result: null }));
  const alert = await loadAlert(client, id);
  if (!alert) throw new Error(`alert ${id} vanished after it was created`);
  return { ok: true, alert };
}

export type UpdateAlertResult =
  | { ok: true; alert: AlertRecord }
  | { ok: false; reason: "not_found" | "forbidden" | "withdrawn" | "tlp_locked" }
  | { ok: false; reason: "invalid"; issues: AlertIssue[] };

/**
 * Changes the working copy, or starts a correction of a published alert (a new working copy from
 * the published version). The person becomes one of its writers, and a copy in review goes back to
 * draft: the reviewer must see what will actually be published.
 */
export async function updateAlert(
  client: Client,
  id: string,
  patch: AlertPatchRequest,
  actor: AlertActor,
  opts: { now?: Date } = {},
): Promise<UpdateAlertResult> {
  const now = opts.now ?? new Date();
  const checked = AlertPatchRequest.safeParse(patch);
  if (!checked.success) return { ok: false, reason: "invalid", issues: issuesOf(checked.error) };
  const r = await inTransaction<UpdateAlertResult>(client, async (tx) => {
    const alert = await loadAlert(tx, id);
    if (!alert) return { result: { ok: false, reason: "not_found" } };
    if (!canManageAlerts(actor, alert.agency.id)) return { result: { ok: false, reason: "forbidden" } };
    if (alert.publicStatus === "withdrawn") return { result: { ok: false, reason: "withdrawn" } };
    const base = alert.draft ?? alert.published;
    if (!base) throw new Error(`alert ${id} has neither a working copy nor a published version`);

    // The patch as sent (not as parsed): the merged whole is parsed once below, from the input form.
    const { changeNote, ...fields } = patch as Record<string, unknown>;
    const changed = Object.keys(fields).filter((k) => fields[k] !== undefined && k in checked.data);
    const merged: Record<string, unknown> = { ...draftFromContent(base) };
    for (const k of changed) merged[k] = fields[k];
    const parsed = parseContent(merged);
    if (!parsed.ok) return { result: parsed };
    // A published alert keeps its TLP: making a public alert restricted would make it vanish
    // from every feed without a Cancel message. Withdraw it instead.
    if (alert.published && parsed.content.tlp !== alert.published.tlp) return { result: { ok: false, reason: "tlp_locked" } };
    let note = alert.draftNote;
    if (changeNote !== undefined) {
      const n = parseNote(changeNote);
      if (!n.ok) return { result: n };
      note = n.note;
    }

    const contributors = alert.contributors.includes(actor.id) ? alert.contributors : [...alert.contributors, actor.id];
    const correction = alert.publicStatus !== null;
    const statements: InStatement[] = [
      {
        sql: `UPDATE alerts SET draft_status = 'draft', draft = ?, draft_note = ?, draft_author_id = COALESCE(draft_author_id, ?),
                draft_contributors = ?, submitted_by = NULL, submitted_at = NULL, updated_at = ? WHERE id = ?`,
        args: [
          JSON.stringify(parsed.content),
          note ? JSON.stringify(note) : null,
          actor.id,
          JSON.stringify(contributors),
          now.toISOString(),
          id,
        ],
      },
      auditStatement(
        {
          ...auditOf(actor),
          action: "alert.update",
          target: `alert:${id}`,
          details: { fields: changeNote === undefined ? changed : [...changed, "changeNote"], correction },
        },
        now,
      ),
    ];
    return { statements, result: { ok: true, alert } };
  });
  return r.ok ? { ok: true, alert: (await loadAlert(client, id)) as AlertRecord } : r;
}

export type SubmitAlertResult =
  | { ok: true; alert: AlertRecord }
  | { ok: false; reason: "not_found" | "forbidden" | "not_draft" | "change_note_required" };

/** Sends the working copy for review. A correction must say what it changes first. */
export async function submitAlert(client: Client, id: string, actor: AlertActor, opts: { now?: Date } = {}): Promise<SubmitAlertResult> {
  const now = opts.now ?? new Date();
  const r = await inTransaction<SubmitAlertResult>(client, async (tx) => {
    const alert = await loadAlert(tx, id);
    if (!alert) return { result: { ok: false, reason: "not_found" } };
    if (!canManageAlerts(actor, alert.agency.id)) return { result: { ok: false, reason: "forbidden" } };
    if (alert.draftStatus !== "draft") return { result: { ok: false, reason: "not_draft" } };
    if (alert.publicStatus !== null && !alert.draftNote) return { result: { ok: false, reason: "change_note_required" } };
    return {
      statements: [
        {
          sql: "UPDATE alerts SET draft_status = 'in_review', submitted_by = ?, submitted_at = ?, updated_at = ? WHERE id = ?",
          args: [actor.id, now.toISOString(), now.toISOString(), id],
        },
        auditStatement(
          { ...auditOf(actor), action: "alert.submit", target: `alert:${id}`, details: { version: alert.publicVersion + 1 } },
          now,
        ),
      ],
      result: { ok: true, alert },
    };
  });
  return r.ok ? { ok: true, alert: (await loadAlert(client, id)) as AlertRecord } : r;
}

/** Where publishing sends the alert's indicators; see indicators.ts. */
export interface PublishOptions {
  now?: Date;
  /** The reports package's confirmed scam identifiers (phones, bank accounts); left out, they are not confirmed anywhere. */
  identifiers?: IdentifierSink;
  /** PUBLIC_ORIGIN, for the link from a block-list entry back to the alert; a site-relative link without it. */
  origin?: string;
  /** Recorded as added_by in the lookup store; `staff:<user id>` when left out. */
  addedBy?: string;
}

export type PublishAlertResult =
  | { ok: true; alert: AlertRecord; version: number }
  | { ok: false; reason: "not_found" | "forbidden" | "not_in_review" | "own_draft" };

const TRACKING_DIGITS = 4;

/**
 * Publishes the working copy in review as the next version: the first publication gets the
 * tracking ID (CAP msgType Alert), later ones are corrections (Update). Nobody publishes what they
 * wrote: the publisher must be another publisher of the same agency, or an administrator, who did
 * not write any of it. Then the alert's indicators replace whatever its previous version had put
 * into the checks.
 */
export async function publishAlert(client: Client, id: string, actor: AlertActor, opts: PublishOptions = {}): Promise<PublishAlertResult> {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  type Step = Exclude<PublishAlertResult, { ok: true }> | { ok: true; version: number; previous: AlertContent | null };
  const r = await inTransaction<Step>(client, async (tx) => {
    const alert = await loadAlert(tx, id);
    if (!alert) return { result: { ok: false, reason: "not_found" } };
    if (!canManageAlerts(actor, alert.agency.id)) return { result: { ok: false, reason: "forbidden" } };
    if (alert.draftStatus !== "in_review" || !alert.draft) return { result: { ok: false, reason: "not_in_review" } };
    if (alert.contributors.includes(actor.id)) return { result: { ok: false, reason: "own_draft" } };

    const content = alert.draft;
    const version = alert.publicVersion + 1;
    const first = alert.publicStatus === null;
    let trackingId = alert.trackingId;
    let year = alert.year;
    if (first) {
      year = vnYear(now);
      const counter = await tx.execute({
        sql: `INSERT INTO alert_tracking_counters (year, last) VALUES (?, 1)
              ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last`,
        args: [year],
      });
      trackingId = `VN-ATTT-${year}-${String(Number(counter.rows[0]?.last)).padStart(TRACKING_DIGITS, "0")}`;
    }
    const change: AlertChange = first ? "initial" : "correction";
    const statements: InStatement[] = [
      {
        sql: `INSERT INTO alert_versions (alert_id, version, change, content, note, author_id, published_by, published_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          id,
          version,
          change,
          JSON.stringify(content),
          first || !alert.draftNote ? null : JSON.stringify(alert.draftNote),
          alert.draftAuthorId,
          actor.id,
          at,
        ],
      },
      {
        sql: `UPDATE alerts SET tracking_id = ?, year = ?, public_status = 'published', public_version = ?,
                kind = ?, severity = ?, tlp = ?, first_published_at = COALESCE(first_published_at, ?), last_published_at = ?,
                draft_status = NULL, draft = NULL, draft_note = NULL, draft_author_id = NULL, draft_contributors = '[]',
                submitted_by = NULL, submitted_at = NULL, updated_at = ?
              WHERE id = ?`,
        args: [trackingId, year, version, content.kind, content.severity, content.tlp, at, at, at, id],
      },
      ...indicatorRowStatements(id, content),
      auditStatement({ ...auditOf(actor), action: "alert.publish", target: `alert:${id}`, details: { trackingId, version, change } }, now),
    ];
    return { statements, result: { ok: true, version, previous: alert.published } };
  });
  if (!r.ok) return r;
  const alert = (await loadAlert(client, id)) as AlertRecord;
  if (r.previous) await retireAlertIndicators(client, alert.id, { identifiers: opts.identifiers, had: r.previous });
  await putAlertIndicators(client, alert, {
    identifiers: opts.identifiers,
    now,
    addedBy: opts.addedBy ?? `staff:${actor.id}`,
    origin: opts.origin,
  });
  return { ok: true, alert, version: r.version };
}

/** The alert_indicators rows of a published version: only TLP:CLEAR alerts put anything into the public checks. */
function indicatorRowStatements(id: string, content: AlertContent): InStatement[] {
  const rows: [string, string][] = [];
  if (content.tlp === "CLEAR") {
    const i = content.indicators;
    for (const v of i.urls) rows.push(["url", v]);
    for (const v of i.domains) rows.push(["domain", v]);
    for (const v of i.hashes) rows.push(["hash", v]);
    for (const v of i.phones) rows.push(["phone", v]);
    for (const b of i.bankAccounts) rows.push(["bank_account", `${b.bank}\t${b.account}`]);
  }
  const statements: InStatement[] = [{ sql: "DELETE FROM alert_indicators WHERE alert_id = ?", args: [id] }];
  if (rows.length > 0)
    statements.push({
      sql: "INSERT OR IGNORE INTO alert_indicators (alert_id, kind, value) SELECT ?, value->>0, value->>1 FROM json_each(?)",
      args: [id, JSON.stringify(rows)],
    });
  return statements;
}

export type WithdrawAlertResult =
  | { ok: true; alert: AlertRecord; version: number }
  | { ok: false; reason: "not_found" | "forbidden" | "not_published" | "already_withdrawn" }
  | { ok: false; reason: "invalid"; issues: AlertIssue[] };

/**
 * Withdraws a published alert with a reason: a last version (CAP msgType Cancel) that keeps the
 * content visible, marked as withdrawn, and takes its indicators out of the checks. One publisher of
 * the agency or an administrator may do it alone: a wrong alert must be stoppable at once. A
 * correction waiting in the working copy is dropped.
 */
export async function withdrawAlert(
  client: Client,
  id: string,
  reason: unknown,
  actor: AlertActor,
  opts: { now?: Date; identifiers?: IdentifierSink } = {},
): Promise<WithdrawAlertResult> {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const r = await inTransaction<WithdrawAlertResult>(client, async (tx) => {
    const alert = await loadAlert(tx, id);
    if (!alert) return { result: { ok: false, reason: "not_found" } };
    if (!canManageAlerts(actor, alert.agency.id)) return { result: { ok: false, reason: "forbidden" } };
    if (alert.publicStatus === "withdrawn") return { result: { ok: false, reason: "already_withdrawn" } };
    if (alert.publicStatus !== "published" || !alert.published) return { result: { ok: false, reason: "not_published" } };
    const note = parseNote(reason);
    if (!note.ok) return { result: note };
    const version = alert.publicVersion + 1;
    const statements: InStatement[] = [
      {
        sql: `INSERT INTO alert_versions (alert_id, version, change, content, note, author_id, published_by, published_at)
              VALUES (?, ?, 'withdrawal', ?, ?, ?, ?, ?)`,
        args: [id, version, JSON.stringify(alert.published), JSON.stringify(note.note), actor.id, actor.id, at],
      },
      {
        sql: `UPDATE alerts SET public_status = 'withdrawn', public_version = ?, last_published_at = ?, withdrawn_at = ?,
                draft_status = NULL, draft = NULL, draft_note = NULL, draft_author_id = NULL, draft_contributors = '[]',
                submitted_by = NULL, submitted_at = NULL, updated_at = ?
              WHERE id = ?`,
        args: [version, at, at, at, id],
      },
      { sql: "DELETE FROM alert_indicators WHERE alert_id = ?", args: [id] },
      auditStatement(
        { ...auditOf(actor), action: "alert.withdraw", target: `alert:${id}`, details: { trackingId: alert.trackingId, version } },
        now,
      ),
    ];
    return { statements, result: { ok: true, alert, version } };
  });
  if (!r.ok) return r;
  const alert = (await loadAlert(client, id)) as AlertRecord;
  await retireAlertIndicators(client, id, { identifiers: opts.identifiers, had: alert.published });
  return { ok: true, alert, version: r.version };
}

// ── Staff reads ──────────────────────────────────────────────────────────────────────────────────

export type GetStaffAlertResult = { ok: true; alert: AlertRecord } | { ok: false; reason: "not_found" | "forbidden" };

/** One alert with its working copy, for someone who may manage it (403 for another agency's publisher). */
export async function getStaffAlert(client: Client, id: string, viewer: AlertViewer): Promise<GetStaffAlertResult> {
  const alert = await loadAlert(client, id);
  if (!alert) return { ok: false, reason: "not_found" };
  if (!canManageAlerts(viewer, alert.agency.id)) return { ok: false, reason: "forbidden" };
  return { ok: true, alert };
}

export const STAFF_ALERT_PAGE_SIZE = 50;

export type ListStaffAlertsResult = { ok: true; alerts: AlertRecord[]; total: number } | { ok: false; reason: "forbidden" };

/** The alerts someone may manage, most recently changed first: a publisher's agency, or any (one) agency for an administrator. */
export async function listStaffAlerts(
  client: Client,
  viewer: AlertViewer,
  query: StaffAlertListQuery = {},
): Promise<ListStaffAlertsResult> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (viewer.role === "publisher" && viewer.agencyId) {
    if (query.agency !== undefined) {
      const own = await getAgency(client, viewer.agencyId);
      if (own?.slug !== query.agency) return { ok: false, reason: "forbidden" };
    }
    where.push("a.agency_id = ?");
    args.push(viewer.agencyId);
  } else if (viewer.role === "admin") {
    if (query.agency !== undefined) {
      where.push("g.slug = ?");
      args.push(query.agency);
    }
  } else {
    return { ok: false, reason: "forbidden" };
  }
  const state = query.state;
  if (state !== undefined && (STAFF_ALERT_STATES as readonly string[]).includes(state)) {
    where.push(state === "draft" || state === "in_review" ? "a.draft_status = ?" : "a.public_status = ?");
    args.push(state);
  }
  const page = Math.max(1, Math.floor(Number(query.page ?? 1)));
  const clause = where.join(" AND ");
  const count = await client.execute({
    sql: `SELECT COUNT(*) AS n FROM alerts a JOIN agencies g ON g.id = a.agency_id ${clause ? `WHERE ${clause}` : ""}`,
    args,
  });
  const alerts = await queryAlerts(
    client,
    clause,
    [...args, STAFF_ALERT_PAGE_SIZE, (page - 1) * STAFF_ALERT_PAGE_SIZE],
    "ORDER BY a.updated_at DESC, a.id LIMIT ? OFFSET ?",
  );
  return { ok: true, alerts, total: Number(count.rows[0]?.n ?? 0) };
}
