import { TRACKING_CODE } from "@portal/contracts";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitReport } from "./intake.ts";
import { type Env, scamReport, testEnv } from "./test-support.ts";
import { lookupReport, newStatusKey, newTrackingCode, parseStatusKey, parseTrackingCode, statusKeyHash } from "./tracking.ts";
import { changeReportStatus } from "./workflow.ts";

describe("tracking codes", () => {
  it("look like VN-<year>-XXXX-XXXX in Crockford base32, with the year in Vietnam", () => {
    // 31 Dec 2025 20:00 UTC is already 1 Jan 2026 in Hà Nội.
    const code = newTrackingCode(new Date("2025-12-31T20:00:00Z"));
    expect(code).toMatch(TRACKING_CODE);
    expect(code.startsWith("VN-2026-")).toBe(true);
    for (let i = 0; i < 200; i++) expect(newTrackingCode()).not.toMatch(/[ILOU]/);
  });

  it("carry 40 random bits: 10 000 codes of one year are all different", () => {
    const now = new Date("2026-05-01T00:00:00Z");
    const codes = new Set(Array.from({ length: 10_000 }, () => newTrackingCode(now)));
    expect(codes.size).toBe(10_000);
  });

  it("are read forgivingly: case, spaces, a missing VN and o→0, i/l→1 as Crockford says", () => {
    expect(parseTrackingCode("VN-2026-7K3F-9QX2")).toBe("VN-2026-7K3F-9QX2");
    expect(parseTrackingCode("  vn 2026 7k3f 9qx2 ")).toBe("VN-2026-7K3F-9QX2");
    expect(parseTrackingCode("2026-7K3F-9QX2")).toBe("VN-2026-7K3F-9QX2");
    expect(parseTrackingCode("VN-2O26-7K3F-9QXO")).toBe("VN-2026-7K3F-9QX0");
    expect(parseTrackingCode("vn-2026-ilil-7k3f")).toBe("VN-2026-1111-7K3F");
  });

  it("refuse what cannot be a code: U, too short, too long, punctuation, a year that is not digits", () => {
    for (const bad of [
      "VN-2026-7K3F-9QXU",
      "VN-2026-7K3F-9QX",
      "VN-2026-7K3F-9QX22",
      "VN-2026-7K3F-9Q#2",
      "VN-20A6-7K3F-9QX2",
      "",
      "x".repeat(100),
    ])
      expect(parseTrackingCode(bad), bad).toBeNull();
  });

  it("round-trip: every issued code parses to itself, whatever its case", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-01"), max: new Date("2999-12-31"), noInvalidDate: true }), (d) => {
        const code = newTrackingCode(d);
        return parseTrackingCode(code) === code && parseTrackingCode(code.toLowerCase()) === code;
      }),
    );
  });
});

describe("status keys", () => {
  it("have at least 128 random bits and are grouped by four", () => {
    const key = newStatusKey();
    expect(key).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(key.replace(/-/g, "").length * 5).toBeGreaterThanOrEqual(128);
  });

  it("are read forgivingly and hash the same however they were typed", () => {
    const key = newStatusKey();
    const typed = key.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l");
    expect(parseStatusKey(typed)).toBe(key);
    expect(statusKeyHash(parseStatusKey(typed) as string).equals(statusKeyHash(key))).toBe(true);
    expect(parseStatusKey("short")).toBeNull();
  });
});

describe("looking up a report by code and key", () => {
  let env: Env;
  let code: string;
  let key: string;
  beforeAll(async () => {
    env = await testEnv();
    const made = await submitReport(env.client, env.store, scamReport(), [], { now: new Date("2026-03-02T01:00:00Z") });
    if (!made.ok) throw new Error("not made");
    code = made.trackingCode;
    key = made.statusKey;
    await changeReportStatus(
      env.client,
      made.reportId,
      { status: "triaging", publicNote: "Chúng tôi đang xem xét báo cáo.", privateNote: "Số này đã có trong 3 báo cáo khác." },
      { actorId: null },
      new Date("2026-03-02T03:00:00Z"),
    );
  });
  afterAll(() => env.cleanup());

  it("answers status, dates and only the public notes for the right key, typed loosely", async () => {
    const view = await lookupReport(env.client, code.toLowerCase().replace(/-/g, " "), key.toLowerCase());
    expect(view).toEqual({
      trackingCode: code,
      category: "scam",
      status: "triaging",
      createdAt: "2026-03-02T01:00:00.000Z",
      updatedAt: "2026-03-02T03:00:00.000Z",
      notes: [{ at: "2026-03-02T03:00:00.000Z", status: "triaging", text: "Chúng tôi đang xem xét báo cáo." }],
    });
  });

  it("answers a wrong key exactly as it answers an unknown code, a malformed key or a missing one: null", async () => {
    const other = newStatusKey();
    const answers = await Promise.all([
      lookupReport(env.client, code, other),
      lookupReport(env.client, "VN-2026-ZZZZ-ZZZZ", key),
      lookupReport(env.client, "VN-2026-ZZZZ-ZZZZ", other),
      lookupReport(env.client, code, "not a key"),
      lookupReport(env.client, code, ""),
      lookupReport(env.client, "garbage", key),
    ]);
    expect(answers).toEqual([null, null, null, null, null, null]);
  });
});
