import { SMALL_COUNT, StatsResponse, smallCount } from "@portal/contracts";
import { addUrlEntries } from "@portal/threat-intel";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmIdentifier } from "./identifiers.ts";
import { submitReport } from "./intake.ts";
import { CheckCounter, countCheck, countChecks, getStats, snapshotLists, statsDay } from "./stats.ts";
import { type Env, scamReport, submission, testEnv } from "./test-support.ts";
import { isoWeek } from "./time.ts";
import { changeReportStatus } from "./workflow.ts";

let env: Env;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.cleanup());

// A Thursday; in Hà Nội it is already the afternoon.
const NOW = new Date("2026-03-05T08:00:00.000Z");
const HOUR = 60 * 60 * 1000;

async function reports(n: number, category: "scam" | "malware", at: Date) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const input =
      category === "scam" ? scamReport() : submission({ category: "malware", description: "Máy tính bị nhiễm mã độc tống tiền." });
    const r = await submitReport(env.client, env.store, input, [], { now: at });
    if (!r.ok) throw new Error("not made");
    ids.push(r.reportId);
  }
  return ids;
}

describe("the small-count rule", () => {
  it('gives every count under 5 — zero included — as "< 5", and 5 or more as the number', () => {
    expect([0, 1, 4, 5, 6, 1000].map(smallCount)).toEqual([SMALL_COUNT, SMALL_COUNT, SMALL_COUNT, 5, 6, 1000]);
  });

  it("applies to reports by week and category, by status, identifiers, lists and checks", async () => {
    await reports(6, "scam", new Date(NOW.getTime() - 2 * HOUR));
    await reports(2, "malware", new Date(NOW.getTime() - 2 * HOUR));
    await confirmIdentifier(env.client, { kind: "phone", value: "0912345678" }, { kinds: ["scam"], source: "analyst:x", addedBy: "t" });
    await countCheck(env.client, "url", "phishing", statsDay(NOW), 3);
    await countCheck(env.client, "url", "unknown", statsDay(NOW), 7);
    const s = await getStats(env.client, NOW);
    expect(StatsResponse.parse(s)).toEqual(s);
    const week = s.reportsByWeek.at(-1);
    expect(week?.week).toBe("2026-W10");
    expect(week?.counts.scam).toBe(6);
    expect(week?.counts.malware).toBe(SMALL_COUNT);
    expect(week?.counts.privacy).toBe(SMALL_COUNT);
    expect(s.reportsByStatus).toMatchObject({ new: 8, triaging: SMALL_COUNT });
    expect(s.confirmedIdentifiers).toEqual({ phone: SMALL_COUNT, bank_account: SMALL_COUNT });
    expect(s.checks).toEqual([
      { day: "2026-03-05", tool: "url", verdict: "phishing", count: SMALL_COUNT },
      { day: "2026-03-05", tool: "url", verdict: "unknown", count: 7 },
    ]);
    expect(JSON.stringify(s)).not.toMatch(/:[1-4][,}]/); // no raw small number anywhere
  });
});

describe("reports by week", () => {
  it("covers 26 ISO weeks, oldest first, counting days in Vietnam's time", async () => {
    // Sunday 1 March 2026, 17:30 UTC = Monday 2 March 00:30 in Hà Nội: week 10, not week 9.
    await reports(5, "scam", new Date("2026-03-01T17:30:00.000Z"));
    // Sunday 1 March 2026, 16:30 UTC = 23:30 the same Sunday in Hà Nội: week 9.
    await reports(5, "malware", new Date("2026-03-01T16:30:00.000Z"));
    const s = await getStats(env.client, NOW);
    expect(s.reportsByWeek).toHaveLength(26);
    expect(s.reportsByWeek[0]?.start).toBe("2025-09-08");
    expect(s.reportsByWeek.at(-1)).toMatchObject({ week: "2026-W10", start: "2026-03-02" });
    expect(s.reportsByWeek.at(-1)?.counts).toMatchObject({ scam: 5, malware: SMALL_COUNT });
    expect(s.reportsByWeek.at(-2)?.counts).toMatchObject({ scam: SMALL_COUNT, malware: 5 });
  });

  it("numbers ISO weeks across the turn of the year", () => {
    expect(isoWeek("2026-01-01")).toEqual({ week: "2026-W01", monday: "2025-12-29" });
    expect(isoWeek("2027-01-01")).toEqual({ week: "2026-W53", monday: "2026-12-28" });
    expect(isoWeek("2025-12-28")).toEqual({ week: "2025-W52", monday: "2025-12-22" });
  });
});

describe("time to the first public note", () => {
  it("is the median over reports that have one, and withheld when fewer than 5 do", async () => {
    const ids = await reports(5, "scam", new Date(NOW.getTime() - 48 * HOUR));
    const answer = async (i: number, hours: number) =>
      changeReportStatus(
        env.client,
        ids[i] as string,
        { status: "triaging", publicNote: "Đã nhận." },
        { actorId: null },
        new Date(NOW.getTime() - 48 * HOUR + hours * HOUR),
      );
    for (const [i, h] of [1, 2, 3, 10].entries()) await answer(i, h);
    let s = await getStats(env.client, NOW);
    expect(s.medianHoursToFirstPublicNote).toBeNull();
    expect(s.medianBasedOn).toBe(SMALL_COUNT);
    await answer(4, 20);
    s = await getStats(env.client, NOW);
    expect(s.medianHoursToFirstPublicNote).toBe(3);
    expect(s.medianBasedOn).toBe(5);
  });
});

describe("list sizes over time and checks per day", () => {
  it("snapshots the block list by source (a report's entries as one source) and the confirmed identifiers, once a day", async () => {
    const urls = Array.from({ length: 6 }, (_, i) => ({
      url: `http://scam-${i}.example/`,
      verdict: "phishing" as const,
      threat: "phishing",
    }));
    await addUrlEntries(env.client, urls, { source: "openphish", addedBy: "t", now: NOW.toISOString() });
    for (let i = 0; i < 6; i++)
      await addUrlEntries(env.client, [{ url: `http://r-${i}.example/`, verdict: "phishing", threat: "scam" }], {
        source: `report:VN-2026-AAAA-000${i}`,
        addedBy: "t",
        now: NOW.toISOString(),
      });
    for (let i = 0; i < 5; i++)
      await confirmIdentifier(
        env.client,
        { kind: "phone", value: `091234567${i}` },
        { kinds: ["scam"], source: `report:VN-2026-BBBB-000${i}`, addedBy: "t" },
      );
    await snapshotLists(env.client, NOW);
    await snapshotLists(env.client, NOW); // the same day again: overwritten, not doubled
    const s = await getStats(env.client, NOW);
    expect(s.lists).toEqual([
      { day: "2026-03-05", list: "phone", source: "all", size: 5 },
      { day: "2026-03-05", list: "phone", source: "report", size: 5 },
      { day: "2026-03-05", list: "url", source: "openphish", size: 6 },
      { day: "2026-03-05", list: "url", source: "reports", size: 6 },
    ]);
  });

  it("adds up batched check counts per day, tool and verdict, keeping nothing else", async () => {
    const day = statsDay(NOW);
    await countChecks(env.client, [
      { tool: "hash", verdict: "malicious", day, count: 4 },
      { tool: "hash", verdict: "malicious", day },
      { tool: "scam_identifier", verdict: "confirmed", day: "2026-03-04", count: 9 },
    ]);
    const rows = await env.client.execute("SELECT * FROM check_counters ORDER BY day");
    expect(rows.rows.map((r) => ({ ...r }))).toEqual([
      { day: "2026-03-04", tool: "scam_identifier", verdict: "confirmed", count: 9 },
      { day: "2026-03-05", tool: "hash", verdict: "malicious", count: 5 },
    ]);
    await expect(countCheck(env.client, "url", "http://evil.example/", day)).rejects.toThrow(/verdict/);
    await expect(countCheck(env.client, "url", "phishing", "yesterday")).rejects.toThrow(/day/);
  });
});

describe("the in-memory check counter", () => {
  it("adds up checks per tool, verdict and day, and writes them in one flush", async () => {
    const counter = new CheckCounter();
    for (let i = 0; i < 7; i++) counter.count("url", "unknown", NOW);
    counter.count("url", "phishing", NOW);
    counter.count("hash", "malicious", NOW);
    expect(await counter.flush(env.client)).toBe(3);
    expect(await counter.flush(env.client)).toBe(0);
    const rows = await env.client.execute("SELECT tool, verdict, day, count FROM check_counters ORDER BY tool, verdict");
    expect(rows.rows.map((r) => [r.tool, r.verdict, r.count])).toEqual([
      ["hash", "malicious", 1],
      ["url", "phishing", 1],
      ["url", "unknown", 7],
    ]);
  });
});
