// Tracking codes and status keys, and the reporter's status lookup. The code is read over the
// phone ("VN-2026-7K3F-9QX2"); the key is the secret that opens the status (only its SHA-256 is
// stored, as with the staff sessions). Both are Crockford base32 (https://www.crockford.com/base32.html):
// no I, L, O or U, and when reading, o→0 and i/l→1, so a misheard or mistyped letter still works.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ReportCategory, ReportStatus, ReportStatusView } from "@portal/contracts";
import type { Client } from "@portal/db";
import { vietnamYear } from "./time.ts";

export const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 8 characters × 5 bits: 40 random bits per year, so a guessed code is a report's about once in 10^12 / (reports that year). */
export const TRACKING_RANDOM_CHARS = 8;
/** 28 characters × 5 bits = 140 bits, above the 128 bits OWASP ASVS 5.0 asks of secrets that act as tokens. */
export const STATUS_KEY_CHARS = 28;

/** `count` characters of Crockford base32 from a CSPRNG: each byte's low 5 bits (256 is a multiple of 32, so no bias). */
function randomCrockford(count: number): string {
  const bytes = randomBytes(count);
  let s = "";
  for (const b of bytes) s += CROCKFORD[b & 31];
  return s;
}

/**
 * Crockford decoding of what a person typed: case, spaces, hyphens and dots ignored; O→0, I and L→1.
 * Null when anything else (U included) is left.
 */
function readCrockford(input: string): string | null {
  const s = input
    .toUpperCase()
    .replace(/[\s\-._]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return /^[0-9A-HJKMNP-TV-Z]*$/.test(s) ? s : null;
}

export function newTrackingCode(now: Date = new Date()): string {
  const r = randomCrockford(TRACKING_RANDOM_CHARS);
  return `VN-${vietnamYear(now)}-${r.slice(0, 4)}-${r.slice(4)}`;
}

/**
 * The canonical code for what a person typed or read out: "vn 2026 7k3f 9qx2", "VN-2026-7K3F-9QXZ",
 * "2026-7K3F-9QX2" (without VN), "VN-2O26-7K3F-9QX2" (letter O). Null when it cannot be one.
 */
export function parseTrackingCode(input: string): string | null {
  if (typeof input !== "string" || input.length > 64) return null;
  let s = input.trim().toUpperCase();
  if (s.startsWith("VN")) s = s.slice(2);
  const c = readCrockford(s);
  if (c === null || c.length !== 4 + TRACKING_RANDOM_CHARS) return null;
  const year = c.slice(0, 4);
  if (!/^\d{4}$/.test(year)) return null;
  return `VN-${year}-${c.slice(4, 8)}-${c.slice(8)}`;
}

/** A new status key, grouped by four for reading: "7K3F-9QX2-…" (7 groups). */
export function newStatusKey(): string {
  return groupKey(randomCrockford(STATUS_KEY_CHARS));
}

const groupKey = (k: string) => k.match(/.{1,4}/g)?.join("-") ?? k;

/** The canonical (grouped) key for what was typed or pasted; null when it cannot be one. */
export function parseStatusKey(input: string): string | null {
  if (typeof input !== "string" || input.length > 128) return null;
  const c = readCrockford(input.trim());
  return c !== null && c.length === STATUS_KEY_CHARS ? groupKey(c) : null;
}

/** What is stored: SHA-256 of the canonical key's characters (without the hyphens). */
export function statusKeyHash(canonicalKey: string): Buffer {
  return createHash("sha256").update(canonicalKey.replace(/-/g, ""), "ascii").digest();
}

/** Compared against when the code is unknown or malformed, so that case costs what a wrong key costs. */
const DUMMY_HASH = createHash("sha256").update("no report has this key", "ascii").digest();
/** Looked up when the code is malformed: a well-formed code no report can have (year 0000). */
const DUMMY_CODE = "VN-0000-0000-0000";

function bytes(v: unknown): Buffer {
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  if (v instanceof Uint8Array) return Buffer.from(v);
  return Buffer.alloc(32);
}

/**
 * The status answer for a tracking code and its key, or null. An unknown code, a wrong key and a
 * malformed one all answer null after the same work — one indexed read, one SHA-256, one
 * constant-time comparison (against a dummy hash when no row was found) — so that neither the
 * answer nor its timing tells an attacker that a code exists (issue 13: "so codes cannot be probed").
 * Only after the key matches are the public notes read.
 */
export async function lookupReport(client: Client, code: string, key: string): Promise<ReportStatusView | null> {
  const canonicalCode = parseTrackingCode(code);
  const canonicalKey = parseStatusKey(key);
  const presented = statusKeyHash(canonicalKey ?? String(key ?? "").slice(0, 128));
  const rs = await client.execute({
    sql: "SELECT id, tracking_code, status_key_hash, category, status, created_at, updated_at FROM reports WHERE tracking_code = ?",
    args: [canonicalCode ?? DUMMY_CODE],
  });
  const row = rs.rows[0] as Record<string, unknown> | undefined;
  const stored = row ? bytes(row.status_key_hash) : DUMMY_HASH;
  const equal = stored.length === presented.length && timingSafeEqual(stored, presented);
  if (!equal || !row || canonicalKey === null || canonicalCode === null) return null;
  const notes = await client.execute({
    sql: "SELECT at, status, text FROM report_notes WHERE report_id = ? AND visibility = 'public' ORDER BY at, id",
    args: [String(row.id)],
  });
  return {
    trackingCode: String(row.tracking_code),
    category: String(row.category) as ReportCategory,
    status: String(row.status) as ReportStatus,
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
    notes: notes.rows.map((n) => ({ at: String(n.at), status: String(n.status) as ReportStatus, text: String(n.text) })),
  };
}
