// The statistics as the page shows them: tables (what the charts draw, row for row) built from
// GET /api/v1/stats, and the same numbers as CSV. Counts under 5 arrive as "< 5" and stay so in
// every table; a chart cannot draw "< 5", so it draws nothing there and its caption says so.
import {
  type Lang,
  REPORT_CATEGORIES,
  REPORT_STATUSES,
  type ReportCategory,
  SMALL_COUNT,
  type SmallCount,
  type Stats,
} from "@portal/contracts";
import { formatNumber } from "../../lib/format.ts";

/** A published count as the reader sees it: "1.234" or "< 5". */
export const showCount = (c: SmallCount, lang: Lang): string => (c === SMALL_COUNT ? SMALL_COUNT : formatNumber(c, lang));
/** What a chart can draw of a count: the number, or 0 for "< 5". */
export const drawable = (c: SmallCount): number => (c === SMALL_COUNT ? 0 : c);

export interface WeekRow {
  week: string;
  start: string;
  counts: Record<ReportCategory, SmallCount>;
}
export const weekRows = (s: Stats): WeekRow[] => s.reportsByWeek.map((w) => ({ week: w.week, start: w.start, counts: w.counts }));

export const statusRows = (s: Stats) => REPORT_STATUSES.map((status) => ({ status, count: s.reportsByStatus[status] }));

/** Monday of the week of a YYYY-MM-DD day (calendar arithmetic, no time zone). */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

export interface ListSeries {
  key: string;
  list: Stats["lists"][number]["list"];
  source: string;
  /** An alert's entries (source "alert:<id>"): the alert's public tracking ID, while it is public. */
  trackingId?: string;
}
export interface ListTable {
  series: ListSeries[];
  /** One row a week: the last size recorded in that week, per series (undefined: none that week). */
  rows: { week: string; sizes: (SmallCount | undefined)[] }[];
}

/** The lists' daily sizes, one row a week (the last day recorded in it), series in a stable order. */
export function listTable(s: Stats): ListTable {
  const order = { url: 0, phone: 1, bank_account: 2 } as const;
  const seriesMap = new Map<string, ListSeries>();
  const latest = new Map<string, { day: string; size: SmallCount }>();
  for (const r of s.lists) {
    const key = `${r.list}|${r.source}`;
    if (!seriesMap.has(key))
      seriesMap.set(key, { key, list: r.list, source: r.source, ...(r.trackingId ? { trackingId: r.trackingId } : {}) });
    const cell = `${mondayOf(r.day)}|${key}`;
    const prev = latest.get(cell);
    if (!prev || prev.day < r.day) latest.set(cell, { day: r.day, size: r.size });
  }
  const series = [...seriesMap.values()].sort((a, b) => order[a.list] - order[b.list] || a.source.localeCompare(b.source));
  const weeks = [...new Set(s.lists.map((r) => mondayOf(r.day)))].sort();
  return { series, rows: weeks.map((week) => ({ week, sizes: series.map((x) => latest.get(`${week}|${x.key}`)?.size) })) };
}

export interface CheckTotal {
  tool: Stats["checks"][number]["tool"];
  verdict: string;
  /** The sum of the days published with a number (5 or more). */
  counted: number;
  /** Days published as "< 5": not added in, as their number is not public. */
  smallDays: number;
}

/** The checks of the last 90 days by tool and verdict; days under 5 are counted, not added. */
export function checkTotals(s: Stats): CheckTotal[] {
  const totals = new Map<string, CheckTotal>();
  for (const c of s.checks) {
    const key = `${c.tool}|${c.verdict}`;
    const t = totals.get(key) ?? { tool: c.tool, verdict: c.verdict, counted: 0, smallDays: 0 };
    if (c.count === SMALL_COUNT) t.smallDays++;
    else t.counted += c.count;
    totals.set(key, t);
  }
  const tools = ["url", "hash", "password", "account", "scam_identifier"];
  return [...totals.values()].sort(
    (a, b) => tools.indexOf(a.tool) - tools.indexOf(b.tool) || b.counted - a.counted || a.verdict.localeCompare(b.verdict),
  );
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
const csvField = (v: string | number): string => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * Every published number in one long table — dataset, period, series, value — so that one file
 * holds the weekly reports, the statuses, the identifiers, the lists and the daily checks exactly
 * as the API publishes them ("< 5" included).
 */
export function statsCsv(s: Stats): string {
  const rows: (string | number)[][] = [["dataset", "period", "series", "value"]];
  for (const w of s.reportsByWeek) for (const c of REPORT_CATEGORIES) rows.push(["reports_by_week", w.week, c, w.counts[c]]);
  for (const st of REPORT_STATUSES) rows.push(["reports_by_status", "", st, s.reportsByStatus[st]]);
  rows.push(["median_hours_to_first_public_note", "", "", s.medianHoursToFirstPublicNote ?? ""]);
  rows.push(["median_based_on", "", "", s.medianBasedOn]);
  for (const [kind, n] of Object.entries(s.confirmedIdentifiers)) rows.push(["confirmed_identifiers", "", kind, n]);
  for (const l of s.lists) rows.push(["list_size", l.day, `${l.list}:${l.source}`, l.size]);
  for (const c of s.checks) rows.push(["checks", c.day, `${c.tool}:${c.verdict}`, c.count]);
  return `${rows.map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}
