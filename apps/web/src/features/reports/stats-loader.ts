// The statistics page (/thong-ke/, /en/statistics/): GET /api/v1/stats in process, then each chart
// drawn on the server (charts.ts) from the same rows as its table. No JavaScript reaches the page.
import { ALERT_TRACKING_ID, type Lang, paths, REPORT_CATEGORIES, type Stats } from "@portal/contracts";
import type { AstroGlobal } from "astro";
import { fill } from "../../i18n/fill.ts";
import { stringsFor, t, type UIKey } from "../../i18n/index.ts";
import { formatNumber } from "../../lib/format.ts";
import { namedSource } from "../checks/check.ts";
import { callApi } from "../staff/staff-server.ts";
import { bars, lines, PALETTE, stackedColumns } from "./charts.ts";
import { type CheckTotal, checkTotals, drawable, type ListTable, listTable, statusRows, type WeekRow, weekRows } from "./stats-model.ts";

export interface LegendItem {
  label: string;
  color: string;
  /** The page the series comes from (an alert's), when it has one. */
  href?: string | undefined;
  /** A part of the label kept whole on one line (the alert's tracking ID). */
  keep?: string | undefined;
}

export type StatsView =
  | { ok: false }
  | {
      ok: true;
      stats: Stats;
      weeks: WeekRow[];
      statuses: ReturnType<typeof statusRows>;
      lists: ListTable;
      listLabels: string[];
      checks: CheckTotal[];
      charts: { weeks: string; statuses: string; lists: string | null; checks: string | null };
      legends: { weeks: LegendItem[]; lists: LegendItem[] };
    };

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** A week's Monday on an axis: "14/3" (vi), "14 Mar" (en). */
export function axisDay(day: string, lang: Lang): string {
  const [, m, d] = day.split("-").map(Number) as [number, number, number];
  return lang === "vi" ? `${d}/${m}` : `${d} ${MONTHS[m - 1]}`;
}

/**
 * A list's series in words: "Links: reports", "Phone numbers: all sources". An alert's entries
 * (source "alert:<id>", whose id means nothing to a reader) are named by the alert's public tracking
 * ID, as the link check names them; without one (withdrawn, not public) as "a portal alert".
 */
export function seriesLabel(lang: Lang, list: string, source: string, trackingId?: string): string {
  const src =
    source === "reports" || source === "report"
      ? t(lang, "reports.stats.source.reports")
      : source === "all"
        ? t(lang, "reports.stats.source.all")
        : source === "import"
          ? t(lang, "reports.stats.source.import")
          : source === "alert"
            ? t(lang, "reports.stats.source.alert")
            : source.startsWith("alert:")
              ? trackingId && ALERT_TRACKING_ID.test(trackingId)
                ? fill(t(lang, "reports.stats.source.alertId"), { id: trackingId })
                : t(lang, "reports.stats.source.portalAlert")
              : // An imported list by its name in words, as the link check names it ("demo:eth-phishing-detect-1.2.0"
                // is MetaMask's public list); one the checks have no words for stays as written.
                namedSource(source, stringsFor(lang, "check", "reports.verdict", "details"));
  return `${t(lang, `reports.stats.list.${list as "url" | "phone" | "bank_account"}`)}: ${src}`;
}

const VERDICTS: Record<string, UIKey> = {
  phishing: "reports.stats.verdict.phishing",
  malicious: "reports.stats.verdict.malicious",
  suspicious: "reports.stats.verdict.suspicious",
  trusted: "reports.stats.verdict.trusted",
  known_good: "reports.stats.verdict.known_good",
  unknown: "reports.stats.verdict.unknown",
  found: "reports.stats.verdict.found",
  not_found: "reports.stats.verdict.not_found",
  confirmed: "reports.stats.verdict.confirmed",
  not_confirmed: "reports.stats.verdict.not_confirmed",
  // The password and e-mail/phone checks send only a hash prefix: the portal counts look-ups, never an answer.
  range: "reports.stats.verdict.range",
};
/** A check's verdict in words; one the page does not know is shown as the API writes it. */
export const verdictLabel = (lang: Lang, verdict: string): string =>
  Object.hasOwn(VERDICTS, verdict) ? t(lang, VERDICTS[verdict] as UIKey) : verdict;
export const toolLabel = (lang: Lang, tool: string): string => t(lang, `reports.stats.tool.${tool as "url"}`);

/** Labels made distinct (two withdrawn alerts' series are both "a portal alert"): "… (2)", "… (3)". */
export function distinct(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n === 1 ? l : `${l} (${n})`;
  });
}

export async function loadStats(astro: AstroGlobal, lang: Lang): Promise<StatsView> {
  const r = await callApi<Stats>(astro, { method: "GET", path: paths.api.stats });
  if (!r.ok) {
    astro.response.status = 503;
    astro.response.headers.set("cache-control", "no-store");
    return { ok: false };
  }
  // The API's own caching: the numbers change at most every few minutes.
  astro.response.headers.set("cache-control", "public, max-age=300");
  const stats = r.data;
  const weeks = weekRows(stats);
  const statuses = statusRows(stats);
  const lists = listTable(stats);
  const checks = checkTotals(stats);
  const categoryLabels = REPORT_CATEGORIES.map((c) => t(lang, `reports.category.${c}.label`));
  const listLabels = distinct(lists.series.map((s) => seriesLabel(lang, s.list, s.source, s.trackingId)));
  // An alert's series links to the alert's page, its tracking ID kept on one line.
  const listAlerts = lists.series.map((s) =>
    s.source.startsWith("alert:") && s.trackingId && ALERT_TRACKING_ID.test(s.trackingId) ? s.trackingId : undefined,
  );
  const desc = t(lang, "reports.stats.chartDesc");
  const count = (n: number) => formatNumber(n, lang);
  const everyFourth = (x: string, i: number) => (i % 4 === 0 ? axisDay(x, lang) : "");

  const weeksChart = stackedColumns(
    "chart-weeks",
    { title: t(lang, "reports.stats.weeks.title"), desc, count },
    weeks.flatMap((w) =>
      REPORT_CATEGORIES.map((c, i) => ({ x: w.start, series: categoryLabels[i] as string, value: drawable(w.counts[c]) })),
    ),
    weeks.map((w) => w.start),
    categoryLabels,
    everyFourth,
  );
  const statusChart = bars(
    "chart-statuses",
    { title: t(lang, "reports.stats.statuses.title"), desc, count },
    statuses.map((s) => ({ label: t(lang, `reports.statusName.${s.status}`), value: drawable(s.count) })),
  );
  const listsChart =
    lists.rows.length === 0
      ? null
      : lines(
          "chart-lists",
          { title: t(lang, "reports.stats.lists.title"), desc, count },
          lists.rows.flatMap((row) =>
            row.sizes.flatMap((size, i) =>
              size === undefined ? [] : [{ x: row.week, series: listLabels[i] as string, value: drawable(size) }],
            ),
          ),
          lists.rows.map((row) => row.week),
          listLabels,
          (x, i) => (i % Math.max(1, Math.ceil(lists.rows.length / 6)) === 0 ? axisDay(x, lang) : ""),
        );
  const checksChart =
    checks.length === 0
      ? null
      : bars(
          "chart-checks",
          { title: t(lang, "reports.stats.checks.title"), desc, count },
          checks.map((c) => ({ label: `${toolLabel(lang, c.tool)}: ${verdictLabel(lang, c.verdict)}`, value: c.counted })),
        );
  return {
    ok: true,
    stats,
    weeks,
    statuses,
    lists,
    listLabels,
    checks,
    charts: { weeks: weeksChart, statuses: statusChart, lists: listsChart, checks: checksChart },
    legends: {
      weeks: categoryLabels.map((label, i) => ({ label, color: PALETTE[i % PALETTE.length] as string })),
      lists: listLabels.map((label, i) => {
        const tracking = listAlerts[i];
        return { label, color: PALETTE[i % PALETTE.length] as string, href: tracking && paths.alert(lang, tracking), keep: tracking };
      }),
    },
  };
}
