import { listAudit } from "@portal/auth";
import { addDomains, checkUrl, readUrlVersion, type UrlCheckResult, watchUrlIndex } from "@portal/threat-intel";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkBankAccount, checkPhone } from "./identifiers.ts";
import { submitReport } from "./intake.ts";
import { protectFromReport, unprotectReport } from "./protect.ts";
import { getReportDetail } from "./queue.ts";
import { type Env, phishingReport, scamReport, staff, submission, testEnv } from "./test-support.ts";

let env: Env;
let analyst: string;
beforeEach(async () => {
  env = await testEnv();
  analyst = await staff(env.client);
});
afterEach(() => env.cleanup());

const LINK = "http://vietc0mbank-xacthuc.com/dang-nhap";
const actor = () => ({ actorId: analyst });

async function made(input: Parameters<typeof submitReport>[2]) {
  const r = await submitReport(env.client, env.store, input, []);
  if (!r.ok) throw new Error("not made");
  return r;
}

const verdictOf = (r: Awaited<ReturnType<typeof checkUrl>>) => {
  if ("error" in r) throw new Error(r.message);
  return r as UrlCheckResult;
};

describe("protecting others from a report", () => {
  it("puts the report's link on the block list so the link check answers phishing at once, naming report:<code>; undo takes it off", async () => {
    const report = await made(phishingReport(LINK));
    const watcher = watchUrlIndex(env.client, { intervalMs: 60_000 });
    try {
      expect(verdictOf(await checkUrl(env.client, await watcher.get(), LINK)).verdict).toBe("unknown");
      const version = await readUrlVersion(env.client);

      const p = await protectFromReport(env.client, report.reportId, { kind: "url", value: LINK }, actor());
      expect(p).toEqual({ ok: true, kind: "url", value: "vietc0mbank-xacthuc.com/dang-nhap", source: `report:${report.trackingCode}` });
      expect(await readUrlVersion(env.client)).not.toBe(version); // every server's watcher reloads on its next poll
      expect(await watcher.refresh()).toBe(true);
      const r = verdictOf(await checkUrl(env.client, await watcher.get(), LINK));
      expect(r.verdict).toBe("phishing");
      expect(r.matches.map((m) => [m.source, m.addedBy])).toEqual([[`report:${report.trackingCode}`, `staff:${analyst}`]]);
      expect((await getReportDetail(env.client, report.reportId))?.protections).toEqual([
        expect.objectContaining({
          kind: "url",
          value: "vietc0mbank-xacthuc.com/dang-nhap",
          source: `report:${report.trackingCode}`,
          createdBy: analyst,
        }),
      ]);

      expect(await unprotectReport(env.client, report.reportId, { kind: "url", value: LINK }, actor())).toEqual({ ok: true, removed: 1 });
      expect(await watcher.refresh()).toBe(true);
      expect(verdictOf(await checkUrl(env.client, await watcher.get(), LINK)).verdict).toBe("unknown");
      expect((await getReportDetail(env.client, report.reportId))?.protections).toEqual([]);
    } finally {
      watcher.close();
    }
  });

  it("can list the whole domain from a report, and lists malware links as malicious", async () => {
    const report = await made(
      submission({
        category: "malware",
        description: "Tải ứng dụng giả về thì máy bị chiếm quyền.",
        url: "http://apk-gia.example/app.apk",
      }),
    );
    expect((await protectFromReport(env.client, report.reportId, { kind: "url", value: "apk-gia.example" }, actor())).ok).toBe(true);
    const watcher = watchUrlIndex(env.client);
    try {
      const r = verdictOf(await checkUrl(env.client, await watcher.get(), "https://cdn.apk-gia.example/other.apk"));
      expect(r.verdict).toBe("malicious");
    } finally {
      watcher.close();
    }
  });

  it("confirms the scammer's phone number and bank account, and undoes each", async () => {
    const report = await made(scamReport());
    expect(await protectFromReport(env.client, report.reportId, { kind: "phone", value: "0912 345 678" }, actor())).toEqual({
      ok: true,
      kind: "phone",
      value: "+84912345678",
      source: `report:${report.trackingCode}`,
    });
    expect(
      await protectFromReport(env.client, report.reportId, { kind: "bank_account", value: "0071000123456", bank: "VCB" }, actor()),
    ).toMatchObject({
      ok: true,
      value: "vietcombank:0071000123456",
    });
    expect(await checkPhone(env.client, "84912345678")).toMatchObject({ confirmed: true, kinds: ["scam"] });
    expect((await checkBankAccount(env.client, "Vietcombank", "0071 0001 23456"))?.confirmed).toBe(true);

    expect(await unprotectReport(env.client, report.reportId, { kind: "phone", value: "+84912345678" }, actor())).toEqual({
      ok: true,
      removed: 1,
    });
    expect((await checkPhone(env.client, "0912345678"))?.confirmed).toBe(false);
    expect((await checkBankAccount(env.client, "Vietcombank", "0071000123456"))?.confirmed).toBe(true);
    // No input: everything the report's source listed goes.
    expect(await unprotectReport(env.client, report.reportId, undefined, actor())).toEqual({ ok: true, removed: 1 });
    expect((await checkBankAccount(env.client, "Vietcombank", "0071000123456"))?.confirmed).toBe(false);
  });

  it("audits protect and unprotect with the actor, and records them in the case history", async () => {
    const report = await made(scamReport());
    const from = new Date(Date.now() - 1000);
    await protectFromReport(env.client, report.reportId, { kind: "phone", value: "0912345678" }, actor());
    await unprotectReport(env.client, report.reportId, { kind: "phone", value: "0912345678" }, actor());
    const log = await listAudit(env.client, { action: "report.*", from });
    expect(log.rows.map((r) => [r.action, r.actorId, r.target]).reverse()).toEqual([
      ["report.protect", analyst, `report:${report.reportId}`],
      ["report.unprotect", analyst, `report:${report.reportId}`],
    ]);
    expect((await getReportDetail(env.client, report.reportId))?.history.map((h) => h.action)).toEqual(["created", "protect", "unprotect"]);
  });

  it("refuses a trusted bank's own site, a content report, bad values and unknown reports", async () => {
    await addDomains(env.client, "trusted", [{ domain: "vietcombank.com.vn", name: "Vietcombank" }], {
      source: "analysts",
      addedBy: "test",
      now: new Date().toISOString(),
    });
    const phish = await made(phishingReport(LINK));
    expect(
      await protectFromReport(env.client, phish.reportId, { kind: "url", value: "https://portal.vietcombank.com.vn/login" }, actor()),
    ).toEqual({
      ok: false,
      reason: "trusted_domain",
    });
    expect(await protectFromReport(env.client, phish.reportId, { kind: "url", value: "javascript:alert(1)" }, actor())).toEqual({
      ok: false,
      reason: "invalid_value",
    });
    expect(await protectFromReport(env.client, phish.reportId, { kind: "phone", value: "12" }, actor())).toEqual({
      ok: false,
      reason: "invalid_value",
    });
    const news = await made(
      submission({ category: "fake_news", description: "Tin giả về thiên tai lan truyền trên mạng.", url: "http://tin-gia.example/bai" }),
    );
    expect(await protectFromReport(env.client, news.reportId, { kind: "url", value: "http://tin-gia.example/bai" }, actor())).toEqual({
      ok: false,
      reason: "category_not_protectable",
    });
    expect(await protectFromReport(env.client, "nope", { kind: "url", value: LINK }, actor())).toEqual({ ok: false, reason: "not_found" });
  });
});
