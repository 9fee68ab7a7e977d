import { describe, expect, it } from "vitest";
import { locales } from "../i18n/locales.ts";
import { formatDay, formatNumber, formatShortDate, formatSize, formatTimestamp } from "./format.ts";

// Instants spread over six years, at every hour of the day and every day of the month.
const instants = Array.from({ length: 1500 }, (_, i) => new Date(Date.UTC(2021, 0, 1) + i * 37 * 3600_000 + i * 61_000));

const intl = (lang: "vi" | "en", options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locales[lang].intlLocale, options);

describe("dates", () => {
  it("writes a calendar day as written, whatever the time zone", () => {
    expect(formatDay("2025-03-14", "vi")).toBe("14/03/2025");
    expect(formatDay("2025-03-05", "en")).toBe("5 March 2025");
    expect(formatDay("2025-03-14T23:30:00Z", "vi")).toBe("14/03/2025");
    expect(formatDay(new Date("2026-11-22T00:00:00Z"), "en")).toBe("22 November 2026");
    expect(formatDay("soon", "en")).toBe("soon");
  });

  it("writes a calendar day exactly as Intl does in each language", () => {
    const vi = intl("vi", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });
    const en = intl("en", { dateStyle: "long", timeZone: "UTC" });
    for (const d of instants) {
      expect(formatDay(d, "vi")).toBe(vi.format(d));
      expect(formatDay(d, "en")).toBe(en.format(d));
    }
  });

  it("writes an instant in Vietnam time, short, for the check results", () => {
    expect(formatShortDate("2026-11-22T07:05:00Z", "vi")).toBe("22/11/2026");
    expect(formatShortDate("2026-11-22T07:05:00Z", "en")).toBe("22 Nov 2026");
    expect(formatShortDate("2026-11-22T17:05:00Z", "vi", true)).toBe("00:05 ngày 23/11/2026");
    expect(formatShortDate("2026-09-02T17:05:00Z", "en", true)).toBe("00:05, 3 Sep 2026");
    expect(formatShortDate("not a date", "vi")).toBe("not a date");
    const vi = intl("vi", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Asia/Ho_Chi_Minh" });
    for (const d of instants) expect(formatShortDate(d.toISOString(), "vi")).toBe(vi.format(d));
  });

  it("writes an instant to the second in Vietnam time exactly as Intl does", () => {
    expect(formatTimestamp("2026-11-23T07:05:09Z", "vi")).toBe("14:05:09 ngày 23/11/2026");
    expect(formatTimestamp("2026-11-23T07:05:09Z", "en")).toBe("14:05:09, 23 November 2026");
    const zone = { timeZone: "Asia/Ho_Chi_Minh" } as const;
    for (const lang of ["vi", "en"] as const) {
      const time = intl(lang, { ...zone, timeStyle: "medium", hourCycle: "h23" });
      const day = intl(
        lang,
        lang === "vi" ? { ...zone, day: "2-digit", month: "2-digit", year: "numeric" } : { ...zone, dateStyle: "long" },
      );
      for (const d of instants) {
        const expected = lang === "vi" ? `${time.format(d)} ngày ${day.format(d)}` : `${time.format(d)}, ${day.format(d)}`;
        expect(formatTimestamp(d.toISOString(), lang)).toBe(expected);
      }
    }
  });
});

describe("numbers and sizes", () => {
  it("groups digits the way each language does", () => {
    expect(formatNumber(1234567, "vi")).toBe("1.234.567");
    expect(formatNumber(1234567, "en")).toBe("1,234,567");
  });

  it("writes sizes in binary units with the language's decimal mark", () => {
    expect(formatSize(68, "vi")).toBe("68 B");
    expect(formatSize(1536, "vi")).toBe("1,5 KB");
    expect(formatSize(1.5 * 1024 ** 3, "en")).toBe("1.5 GB");
  });
});
