// Public statistics (issue 13): reports by category and week and by status, the median time to the
// first public note, the confirmed identifiers, the lists' sizes over time and the checks answered
// per day. Every count goes out through the small-count rule (under 5 → "< 5"), so no one report
// or person can be picked out. Checks are counted as aggregates only: nothing checked is kept.
import {
  CHECK_TOOLS,
  type CheckTool,
  IDENTIFIER_KINDS,
  REPORT_CATEGORIES,
  REPORT_STATUSES,
  type ReportCategory,
  type ReportStatus,
  SMALL_COUNT_THRESHOLD,
  type Stats,
  smallCount,
} from "@portal/contracts";
import type { Client, InStatement } from "@portal/db";
import { addDays, isoWeek, vietnamDay, vietnamDayStart } from "./time.ts";

export const STATS_WEEKS = 26;
export const STATS_LIST_DAYS = 182;
export const STATS_CHECK_DAYS = 90;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const VERDICT = /^[a-z][a-z_]{0,31}$/;

export interface CheckIncrement {
  tool: CheckTool;
  verdict: string;
  /** YYYY-MM-DD, Vietnam time (statsDay). */
  day: string;
  count?: number;
}

/** The day a check counts under: Vietnam's calendar day. */
export const statsDay = (at: Date = new Date()): string => vietnamDay(at);

function incrementStatement(i: CheckIncrement): InStatement {
  if (!(CHECK_TOOLS as readonly string[]).includes(i.tool)) throw new Error(`Unknown check tool "${i.tool}"`);
  if (!VERDICT.test(i.verdict)) throw new Error(`A verdict is a lower-case word, not "${i.verdict}"`);
  if (!DAY.test(i.day)) throw new Error(`A day is YYYY-MM-DD, not "${i.day}"`);
  const n = i.count ?? 1;
  if (!Number.isSafeInteger(n) || n < 1) throw new Error("A count is a whole number, 1 or more");
  return {
    sql: `INSERT INTO check_counters (day, tool, verdict, count) VALUES (?, ?, ?, ?)
          ON CONFLICT (day, tool, verdict) DO UPDATE SET count = count + excluded.count`,
    args: [i.day, i.tool, i.verdict, n],
  };
}

/** Counts one answered check (or `count` of them). Only the tool, the verdict and the day are kept. */
export async function countCheck(client: Client, tool: CheckTool, verdict: string, day: string, count = 1): Promise<void> {
  await client.execute(incrementStatement({ tool, verdict, day, count }));
}

/** Applies the increments a server gathered (it batches them: one write per interval, not per check). */
export async function countChecks(client: Client, increments: readonly CheckIncrement[]): Promise<void> {
  if (increments.length === 0) return;
  await client.batch(increments.map(incrementStatement), "write");
}

/**
 * Records today's sizes of the link block list (by source; every report:<code> together as
 * "reports") and of the confirmed identifiers (by kind of source, and "all" as distinct values).
 * The server calls it once a day; calling it again the same day overwrites that day's row.
 */
export async function snapshotLists(client: Client, now: Date = new Date()): Promise<void> {
  const day = statsDay(now);
  const sourceGroup = (col: string) => `CASE WHEN ${col} LIKE 'report:%' THEN 'reports' ELSE ${col} END`;
  const identifierGroup = `CASE WHEN instr(source, ':') > 0 THEN substr(source, 1, instr(source, ':') - 1) ELSE source END`;
  await client.batch(
    [
      { sql: "DELETE FROM list_snapshots WHERE day = ?", args: [day] },
      {
        sql: `INSERT INTO list_snapshots (day, list, source, size)
              SELECT ?, 'url', ${sourceGroup("e.source")} AS g, COUNT(*)
              FROM url_entries e JOIN threat_generations a ON a.id = e.generation AND a.state = 'active' GROUP BY g`,
        args: [day],
      },
      {
        sql: `INSERT INTO list_snapshots (day, list, source, size)
              SELECT ?, kind, ${identifierGroup} AS g, COUNT(DISTINCT value) FROM scam_identifiers GROUP BY kind, g`,
        args: [day],
      },
      {
        sql: `INSERT INTO list_snapshots (day, list, source, size)
              SELECT ?, kind, 'all', COUNT(DISTINCT value) FROM scam_identifiers GROUP BY kind`,
        args: [day],
      },
    ],
    "write",
  );
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export const SMALL_COUNT_RULE = `Counts under ${SMALL_COUNT_THRESHOLD} are given as "< ${SMALL_COUNT_THRESHOLD}".`;

/** The public statistics as of `now`. */
export async function getStats(client: Client, now: Date = new Date()): Promise<Stats> {
  const today = vietnamDay(now);
  const thisMonday = isoWeek(today).monday;
  const firstMonday = addDays(thisMonday, -7 * (STATS_WEEKS - 1));
  const since = vietnamDayStart(firstMonday).toISOString();
  const listSince = addDays(today, -(STATS_LIST_DAYS - 1));
  const checkSince = addDays(today, -(STATS_CHECK_DAYS - 1));
  const [byWeek, byStatus, firstNotes, identifiers, lists, checks] = await client.batch(
    [
      {
        // The Monday of the report's week in Vietnam time: shift by 7 hours, then back to Monday
        // ('weekday 0' moves forward to Sunday, or stays on one; minus 6 days is that week's Monday).
        sql: `SELECT date(created_at, '+7 hours', 'weekday 0', '-6 days') AS monday, category, COUNT(*) AS n
              FROM reports WHERE created_at >= ? GROUP BY monday, category`,
        args: [since],
      },
      { sql: "SELECT status, COUNT(*) AS n FROM reports GROUP BY status", args: [] },
      {
        sql: `SELECT r.created_at, MIN(n.at) AS first_note FROM reports r
              JOIN report_notes n ON n.report_id = r.id AND n.visibility = 'public'
              WHERE r.created_at >= ? GROUP BY r.id`,
        args: [since],
      },
      { sql: "SELECT kind, COUNT(DISTINCT value) AS n FROM scam_identifiers GROUP BY kind", args: [] },
      {
        // An alert's entries (source "alert:<id>") are named by its public tracking ID, and only while
        // the public can read the alert: published and TLP:CLEAR (as packages/alerts public.ts).
        sql: `SELECT s.day, s.list, s.source, s.size, a.tracking_id FROM list_snapshots s
              LEFT JOIN alerts a ON s.source LIKE 'alert:%' AND a.id = substr(s.source, 7)
                AND a.public_status = 'published' AND a.tlp = 'CLEAR'
              WHERE s.day >= ? ORDER BY s.day, s.list, s.source`,
        args: [listSince],
      },
      { sql: "SELECT day, tool, verdict, count FROM check_counters WHERE day >= ? ORDER BY day, tool, verdict", args: [checkSince] },
    ],
    "read",
  );

  const weekCounts = new Map<string, Map<ReportCategory, number>>();
  for (const r of byWeek?.rows ?? []) {
    const m = weekCounts.get(String(r.monday)) ?? new Map();
    m.set(String(r.category) as ReportCategory, Number(r.n));
    weekCounts.set(String(r.monday), m);
  }
  const reportsByWeek: Stats["reportsByWeek"] = [];
  for (let i = 0; i < STATS_WEEKS; i++) {
    const monday = addDays(firstMonday, 7 * i);
    const m = weekCounts.get(monday);
    reportsByWeek.push({
      week: isoWeek(monday).week,
      start: monday,
      counts: Object.fromEntries(REPORT_CATEGORIES.map((c) => [c, smallCount(m?.get(c) ?? 0)])) as Stats["reportsByWeek"][number]["counts"],
    });
  }

  const statusCounts = new Map((byStatus?.rows ?? []).map((r) => [String(r.status) as ReportStatus, Number(r.n)]));
  const hours = (firstNotes?.rows ?? []).map((r) => (Date.parse(String(r.first_note)) - Date.parse(String(r.created_at))) / 3_600_000);
  const med = hours.length >= SMALL_COUNT_THRESHOLD ? median(hours) : null;
  const idCounts = new Map((identifiers?.rows ?? []).map((r) => [String(r.kind), Number(r.n)]));

  return {
    generatedAt: now.toISOString(),
    smallCountRule: SMALL_COUNT_RULE,
    reportsByWeek,
    reportsByStatus: Object.fromEntries(REPORT_STATUSES.map((s) => [s, smallCount(statusCounts.get(s) ?? 0)])) as Stats["reportsByStatus"],
    medianHoursToFirstPublicNote: med === null ? null : Math.round(med * 10) / 10,
    medianBasedOn: smallCount(hours.length),
    confirmedIdentifiers: Object.fromEntries(
      IDENTIFIER_KINDS.map((k) => [k, smallCount(idCounts.get(k) ?? 0)]),
    ) as Stats["confirmedIdentifiers"],
    lists: (lists?.rows ?? []).map((r) => ({
      day: String(r.day),
      list: String(r.list) as Stats["lists"][number]["list"],
      source: String(r.source),
      size: smallCount(Number(r.size)),
      ...(r.tracking_id ? { trackingId: String(r.tracking_id) } : {}),
    })),
    checks: (checks?.rows ?? []).map((r) => ({
      day: String(r.day),
      tool: String(r.tool) as CheckTool,
      verdict: String(r.verdict),
      count: smallCount(Number(r.count)),
    })),
  };
}

/**
 * Counts checks in memory and writes them in one batch per flush, so that a check answered costs
 * no database write (the link check answers thousands a second). Only tool, verdict and day are
 * kept — never what was checked.
 */
export class CheckCounter {
  #pending = new Map<string, CheckIncrement>();

  count(tool: CheckTool, verdict: string, at: Date = new Date()): void {
    const day = statsDay(at);
    const key = `${tool}|${verdict}|${day}`;
    const i = this.#pending.get(key);
    if (i) i.count = (i.count ?? 1) + 1;
    else this.#pending.set(key, { tool, verdict, day, count: 1 });
  }

  /** Writes what was counted since the last flush; on failure the counts are kept for the next. */
  async flush(client: Client): Promise<number> {
    if (this.#pending.size === 0) return 0;
    const batch = [...this.#pending.values()];
    this.#pending = new Map();
    try {
      await countChecks(client, batch);
    } catch (err) {
      for (const i of batch) {
        const key = `${i.tool}|${i.verdict}|${i.day}`;
        const kept = this.#pending.get(key);
        if (kept) kept.count = (kept.count ?? 1) + (i.count ?? 1);
        else this.#pending.set(key, i);
      }
      throw err;
    }
    return batch.length;
  }
}
