// Calendar days and ISO weeks in Vietnam's time (UTC+7 all year: Vietnam has kept no daylight
// saving time since 1975), so that "reports on 1 March" means the day as people there lived it.

const OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** YYYY-MM-DD of the instant in Vietnam. */
export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function vietnamYear(at: Date): number {
  return new Date(at.getTime() + OFFSET_MS).getUTCFullYear();
}

/** The instant a Vietnamese calendar day starts (00:00 UTC+7). */
export function vietnamDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS);
}

/** The day `n` days after `day` (YYYY-MM-DD arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** ISO 8601 week of a calendar day: "2026-W07", and its Monday. */
export function isoWeek(day: string): { week: string; monday: string } {
  const d = new Date(`${day}T00:00:00.000Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = addDays(day, -weekday);
  // The ISO year is the year of the week's Thursday.
  const thursday = new Date(Date.parse(`${monday}T00:00:00.000Z`) + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const n = Math.floor((thursday.getTime() - jan1) / DAY_MS / 7) + 1;
  return { week: `${year}-W${String(n).padStart(2, "0")}`, monday };
}
