// The append-only audit log of sign-ins and staff actions (DESIGN.md: "every staff action is in an
// append-only audit log"; OWASP ASVS 5.0 V16). The database refuses UPDATE and DELETE on the table
// (triggers in migration 0005), so not even a bug here can rewrite history.
import type { Client, InStatement } from "@portal/db";

/** Who did it and from where; actorId is null for anonymous events such as a failed sign-in. */
export interface AuditContext {
  actorId: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditEvent extends AuditContext {
  /** Dotted, lower-case: session.sign_in, session.sign_in_failed, user.create, agency.create … */
  action: string;
  /** What was acted on: user:<id>, agency:<id>, session:<id>, email:<address>. */
  target?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actorId: string | null;
  /** The actor's current e-mail, for reading the log; null for anonymous events. */
  actorEmail: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
}

export class AuditDetailsError extends Error {
  override name = "AuditDetailsError";
}

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
/** Whole words in a key that name a credential: "totpCode", "api_key", "reset-token". */
const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "pin",
  "token",
  "secret",
  "code",
  "otp",
  "totp",
  "key",
  "cookie",
  "authorization",
  "credential",
  "credentials",
]);
/** Run-together keys ("newpassword", "accesstoken"); short words like "key" and "code" only as whole words. */
const SECRET_FRAGMENTS = ["password", "passwd", "passphrase", "token", "secret", "totp", "cookie", "credential"];

function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const flat = key.toLowerCase();
  return words.some((w) => SECRET_WORDS.has(w)) || SECRET_FRAGMENTS.some((f) => flat.includes(f));
}

/**
 * Refuses details that name a credential, at any depth. Logs are read by more people and kept
 * longer than the data they describe, so passwords, codes, tokens and secrets never go in
 * (OWASP ASVS 5.0 16.2.5; OWASP Logging Cheat Sheet, "data to exclude"). A refused key is a
 * programming error, so it throws.
 */
export function assertSafeDetails(details: unknown, path = "details"): void {
  if (Array.isArray(details)) {
    details.forEach((v, i) => {
      assertSafeDetails(v, `${path}[${i}]`);
    });
    return;
  }
  if (details === null || typeof details !== "object") return;
  for (const [k, v] of Object.entries(details)) {
    if (isSecretKey(k))
      throw new AuditDetailsError(`Audit ${path}.${k} looks like a credential; audit rows never carry passwords, codes, tokens or secrets`);
    assertSafeDetails(v, `${path}.${k}`);
  }
}

/** The INSERT for an event, to run in one batch with the change it records (both or neither). */
export function auditStatement(event: AuditEvent, now: Date = new Date()): InStatement {
  if (!ACTION.test(event.action))
    throw new AuditDetailsError(`Audit action "${event.action}" must be dotted lower-case, like "user.create"`);
  const details = event.details ?? {};
  assertSafeDetails(details);
  return {
    sql: "INSERT INTO audit_log (at, actor_id, action, target, details, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)",
    args: [
      now.toISOString(),
      event.actorId,
      event.action,
      event.target ?? null,
      JSON.stringify(details),
      event.ip ?? null,
      event.userAgent == null ? null : event.userAgent.slice(0, 512),
    ],
  };
}

/** Appends one event; returns its id. */
export async function recordAudit(client: Client, event: AuditEvent, now: Date = new Date()): Promise<number> {
  const res = await client.execute(auditStatement(event, now));
  return Number(res.lastInsertRowid);
}

export interface AuditQuery {
  /** Actor user id. */
  actor?: string;
  /** An exact action ("user.create") or a family ("user.*"). */
  action?: string;
  /** From this instant, inclusive. */
  from?: Date;
  /** Up to this instant, exclusive. */
  to?: Date;
  /** 1-based. */
  page?: number;
  /** 1 to 500; 50 when not given. */
  pageSize?: number;
}

export interface AuditPage {
  rows: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export const AUDIT_MAX_PAGE_SIZE = 500;

function entryFromRow(r: Record<string, unknown>): AuditEntry {
  let details: Record<string, unknown> = {};
  try {
    details = JSON.parse(String(r.details)) as Record<string, unknown>;
  } catch {
    // Rows are only written by auditStatement, which stores JSON; an empty object keeps the page readable if not.
  }
  return {
    id: Number(r.id),
    at: new Date(String(r.at)),
    actorId: r.actor_id == null ? null : String(r.actor_id),
    actorEmail: r.actor_email == null ? null : String(r.actor_email),
    action: String(r.action),
    target: r.target == null ? null : String(r.target),
    details,
    ip: r.ip == null ? null : String(r.ip),
    userAgent: r.user_agent == null ? null : String(r.user_agent),
  };
}

/** A page of the log, newest first, with the total for the filter. */
export async function listAudit(client: Client, query: AuditQuery = {}): Promise<AuditPage> {
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const pageSize = Math.min(AUDIT_MAX_PAGE_SIZE, Math.max(1, Math.floor(query.pageSize ?? 50)));
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (query.actor !== undefined) {
    where.push("a.actor_id = ?");
    args.push(query.actor);
  }
  if (query.action !== undefined) {
    if (query.action.endsWith(".*")) {
      // substr rather than LIKE: action names contain "_", which LIKE reads as a wildcard.
      const prefix = query.action.slice(0, -1);
      where.push("substr(a.action, 1, ?) = ?");
      args.push(prefix.length, prefix);
    } else {
      where.push("a.action = ?");
      args.push(query.action);
    }
  }
  if (query.from) {
    where.push("a.at >= ?");
    args.push(query.from.toISOString());
  }
  if (query.to) {
    where.push("a.at < ?");
    args.push(query.to.toISOString());
  }
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const [count, rows] = await client.batch(
    [
      { sql: `SELECT COUNT(*) AS n FROM audit_log a ${clause}`, args },
      {
        sql: `SELECT a.*, u.email AS actor_email FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
              ${clause} ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`,
        args: [...args, pageSize, (page - 1) * pageSize],
      },
    ],
    "read",
  );
  return {
    rows: (rows?.rows ?? []).map((r) => entryFromRow(r as Record<string, unknown>)),
    total: Number(count?.rows[0]?.n ?? 0),
    page,
    pageSize,
  };
}

/**
 * A cell for a spreadsheet. A leading = + - @, tab, carriage return or NUL would make Excel or
 * LibreOffice read the cell as a formula (CSV injection), so such cells get a leading ' (OWASP ASVS
 * 5.0 1.2.10; OWASP "CSV Injection"). Then RFC 4180 §2.6–2.7: a cell with a quote, comma, CR or LF
 * is quoted, and quotes inside are doubled.
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value == null ? "" : String(value);
  if (/^[=+\-@\t\r\0]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const CSV_HEADER = ["id", "at", "actor_id", "actor_email", "action", "target", "ip", "user_agent", "details"];

/**
 * The rows as RFC 4180 CSV: a header line, CRLF line ends. With `bom`, a UTF-8 byte-order mark first,
 * without which Excel opens the file as ANSI and garbles Vietnamese.
 */
export function auditCsv(rows: AuditEntry[], options: { bom?: boolean } = {}): string {
  const lines = [CSV_HEADER.join(",")];
  for (const r of rows) {
    lines.push(
      [r.id, r.at.toISOString(), r.actorId, r.actorEmail, r.action, r.target, r.ip, r.userAgent, JSON.stringify(r.details)]
        .map(csvCell)
        .join(","),
    );
  }
  return `${options.bom ? "\uFEFF" : ""}${lines.join("\r\n")}\r\n`;
}
