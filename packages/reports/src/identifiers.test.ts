import { listAudit } from "@portal/auth";
import { ScamIdentifierCheckSchema } from "@portal/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  checkBankAccount,
  checkPhone,
  confirmIdentifier,
  importIdentifiers,
  parseIdentifierLine,
  retireIdentifier,
} from "./identifiers.ts";
import { submitReport } from "./intake.ts";
import { type Env, scamReport, testEnv } from "./test-support.ts";

let env: Env;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.cleanup());

const T1 = new Date("2026-02-01T00:00:00.000Z");
const T2 = new Date("2026-03-01T00:00:00.000Z");
const by = { addedBy: "staff:analyst-1" };

describe("the public scam-identifier check", () => {
  it("normalises 0912 345 678, +84912345678 and 84912345678 to one number", async () => {
    await confirmIdentifier(
      env.client,
      { kind: "phone", value: "0912 345 678" },
      { kinds: ["impersonation"], source: "report:VN-2026-AAAA-BBBB", ...by, now: T1 },
    );
    for (const form of ["0912 345 678", "+84912345678", "84912345678", "+84 (0) 912-345-678", "0084912345678"]) {
      const r = await checkPhone(env.client, form);
      expect(r, form).toEqual({
        confirmed: true,
        kind: "phone",
        value: "+84912345678",
        firstSeen: T1.toISOString(),
        lastSeen: T1.toISOString(),
        kinds: ["impersonation"],
      });
      expect(ScamIdentifierCheckSchema.parse(r)).toEqual(r);
    }
  });

  it("says 'not confirmed' for a number nobody confirmed, however many reports name it, and null for what is not a number", async () => {
    for (let i = 0; i < 3; i++) await submitReport(env.client, env.store, scamReport({ phone: "0987 654 321" }), []);
    expect(await checkPhone(env.client, "0987654321")).toEqual({
      confirmed: false,
      kind: "phone",
      value: "+84987654321",
      firstSeen: null,
      lastSeen: null,
      kinds: [],
    });
    expect(await checkPhone(env.client, "gọi cho tôi")).toBeNull();
    expect(await checkPhone(env.client, "0123")).toBeNull();
  });

  it("merges confirmations from several sources: earliest first seen, latest last seen, every kind; sources only for staff", async () => {
    await confirmIdentifier(
      env.client,
      { kind: "phone", value: "0912345678" },
      { kinds: ["impersonation"], source: "report:VN-2026-AAAA-BBBB", ...by, now: T2 },
    );
    await confirmIdentifier(
      env.client,
      { kind: "phone", value: "+84912345678" },
      { kinds: ["investment", "impersonation"], source: "alert:42", ...by, now: T1 },
    );
    const pub = await checkPhone(env.client, "0912345678");
    expect(pub).toMatchObject({
      confirmed: true,
      firstSeen: T1.toISOString(),
      lastSeen: T2.toISOString(),
      kinds: ["impersonation", "investment"],
    });
    expect(pub).not.toHaveProperty("sources");
    expect((await checkPhone(env.client, "0912345678", { includeSources: true }))?.sources?.sort()).toEqual([
      "alert:42",
      "report:VN-2026-AAAA-BBBB",
    ]);
  });

  it("checks a bank account under any name of its bank", async () => {
    await confirmIdentifier(
      env.client,
      { kind: "bank_account", bank: "Vietcombank", account: "0071000123456" },
      { kinds: ["online_shopping"], source: "analyst:u1", ...by, now: T1 },
    );
    expect(await checkBankAccount(env.client, "Ngân hàng TMCP Ngoại thương Việt Nam", "0071 0001 23456")).toMatchObject({
      confirmed: true,
      value: "vietcombank:0071000123456",
      kinds: ["online_shopping"],
    });
    expect((await checkBankAccount(env.client, "Techcombank", "0071000123456"))?.confirmed).toBe(false);
    expect(await checkBankAccount(env.client, "VCB", "12")).toBeNull();
  });

  it("confirming again moves last seen and adds kinds, keeping first seen", async () => {
    const src = { source: "import:list.csv", ...by };
    await confirmIdentifier(env.client, { kind: "phone", value: "0912345678" }, { kinds: ["loan"], ...src, now: T2 });
    await confirmIdentifier(env.client, { kind: "phone", value: "0912345678" }, { kinds: ["prize"], ...src, now: T1 });
    await confirmIdentifier(
      env.client,
      { kind: "phone", value: "0912345678" },
      { kinds: ["loan"], ...src, now: new Date("2026-04-01T00:00:00Z") },
    );
    expect(await checkPhone(env.client, "0912345678")).toMatchObject({
      firstSeen: T1.toISOString(),
      lastSeen: "2026-04-01T00:00:00.000Z",
      kinds: ["loan", "prize"],
    });
  });

  it("retires by source: one source's entry goes, another's keeps the number confirmed", async () => {
    await confirmIdentifier(
      env.client,
      { kind: "phone", value: "0912345678" },
      { kinds: ["scam"], source: "report:VN-2026-AAAA-BBBB", ...by },
    );
    await confirmIdentifier(env.client, { kind: "phone", value: "0912345678" }, { kinds: ["scam"], source: "alert:7", ...by });
    expect(await retireIdentifier(env.client, "report:VN-2026-AAAA-BBBB", { audit: { actorId: "u1" } })).toBe(1);
    expect((await checkPhone(env.client, "0912345678", { includeSources: true }))?.sources).toEqual(["alert:7"]);
    expect(await retireIdentifier(env.client, "alert:7", { identifier: { kind: "phone", value: "+84912345678" } })).toBe(1);
    expect((await checkPhone(env.client, "0912345678"))?.confirmed).toBe(false);
    expect((await listAudit(env.client, { action: "scam_identifier.retire" })).total).toBe(1);
  });

  it("refuses a source that is not report:, alert:, import:, analyst: or demo:", async () => {
    expect(await confirmIdentifier(env.client, { kind: "phone", value: "0912345678" }, { kinds: [], source: "someone", ...by })).toEqual({
      ok: false,
      reason: "invalid_source",
    });
  });
});

describe("importing a list for the CLI", () => {
  it("reads one identifier per line, skipping blanks, comments and a header, and reports the bad lines", async () => {
    const lines = [
      "phone",
      "# từ danh sách của ngân hàng",
      "0912 345 678",
      "",
      "+84 987 654 321",
      "không phải số",
      "Vietcombank,0071000123456",
      "VCB;12",
    ];
    const r = await importIdentifiers(env.client, lines, { source: "import:danh-sach.csv", addedBy: "cli:root", kinds: ["scam"], now: T1 });
    expect(r).toEqual({
      received: 5,
      stored: 3,
      rejected: [
        { line: 6, reason: "not a phone number" },
        { line: 8, reason: "not a bank and account number" },
      ],
      rejectedCount: 2,
      retired: 0,
    });
    expect((await checkPhone(env.client, "0987654321"))?.confirmed).toBe(true);
    expect((await checkBankAccount(env.client, "vietcombank", "0071000123456"))?.confirmed).toBe(true);
  });

  it("with replace, retires what the source's new file no longer lists", async () => {
    const opts = { source: "import:danh-sach.csv", addedBy: "cli:root", kinds: ["scam"] as const };
    await importIdentifiers(env.client, ["0912345678", "0987654321"], { ...opts, now: T1 });
    const r = await importIdentifiers(env.client, ["0912345678"], { ...opts, now: T2, replace: true });
    expect(r.retired).toBe(1);
    expect((await checkPhone(env.client, "0912345678"))?.confirmed).toBe(true);
    expect((await checkPhone(env.client, "0987654321"))?.confirmed).toBe(false);
  });

  it("parses the line forms it documents", () => {
    expect(parseIdentifierLine("0912 345 678")).toEqual({ kind: "phone", value: "0912 345 678" });
    expect(parseIdentifierLine('"MB Bank"\t"0123456789"')).toEqual({ kind: "bank_account", bank: "MB Bank", account: "0123456789" });
    expect(parseIdentifierLine("bank,account")).toBe("skip");
    expect(parseIdentifierLine("a,b,c")).toBeNull();
  });
});
