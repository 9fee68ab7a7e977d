import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitReport } from "./intake.ts";
import { bankAccountKey, bankKey, linkKey } from "./normalise.ts";
import { getReportDetail } from "./queue.ts";
import { countReportsNaming, relatedReports } from "./related.ts";
import { type Env, phishingReport, scamReport, submission, testEnv } from "./test-support.ts";

describe("normalising what reports name", () => {
  it("keys a bank however people write it", () => {
    for (const name of ["Vietcombank", "VCB", "Ngân hàng TMCP Ngoại thương Việt Nam", "NH Ngoại Thương", "vietcombank "])
      expect(bankKey(name), name).toBe("vietcombank");
    expect(bankKey("MB Bank")).toBe("mbbank");
    expect(bankKey("Ngân hàng Quân đội")).toBe("mbbank");
    expect(bankKey("Sài Gòn Thương Tín")).toBe("sacombank");
    expect(bankKey("Ví MoMo")).toBe("momo");
    expect(bankKey("Ngân hàng Mới Toanh")).toBe("moitoanh");
    expect(bankAccountKey("VCB", "0071-0001-23456")).toBe("vietcombank:0071000123456");
    expect(bankAccountKey("VCB", "12")).toBeNull();
  });

  it("keys a link by its registrable domain, and a shared platform's link by the page", () => {
    expect(linkKey("https://login.vietc0mbank-xacthuc.com/a/b?c=d")).toBe("vietc0mbank-xacthuc.com");
    expect(linkKey("vietc0mbank-xacthuc.com")).toBe("vietc0mbank-xacthuc.com");
    expect(linkKey("http://shop.com.vn/x")).toBe("shop.com.vn");
    expect(linkKey("https://ban-a.blogspot.com/")).toBe("ban-a.blogspot.com");
    expect(linkKey("https://www.facebook.com/Trang.Gia.Mao/posts/1")).toBe("facebook.com/trang.gia.mao");
    expect(linkKey("https://facebook.com/")).toBeNull();
    expect(linkKey("https://docs.google.com/forms/d/abc123/viewform")).toBe("docs.google.com/forms/d/abc123");
    expect(linkKey("http://203.0.113.9/login")).toBe("203.0.113.9");
    expect(linkKey("not a link")).toBeNull();
  });
});

describe("other reports about this", () => {
  let env: Env;
  const ids: string[] = [];
  beforeAll(async () => {
    env = await testEnv();
    const inputs = [
      // 0: phone A, account X, link on evil host
      scamReport({ url: "https://evil-shop.vn/thanh-toan" }),
      // 1: same phone written another way, another account
      scamReport({ phone: "+84 912 345 678", bankName: "Techcombank", bankAccount: "19034567890123" }),
      // 2: same account written another way ("VCB"), other phone
      scamReport({ phone: "0987 654 321", bankName: "VCB", bankAccount: "0071-0001-23456" }),
      // 3: a phishing link on a subdomain of the same host
      phishingReport("http://pay.evil-shop.vn/login"),
      // 4: nothing in common
      submission({ category: "malware", description: "Ứng dụng giả mạo cài mã độc vào điện thoại." }),
    ];
    for (const input of inputs) {
      const made = await submitReport(env.client, env.store, input, []);
      if (!made.ok) throw new Error("not made");
      ids.push(made.reportId);
    }
  });
  afterAll(() => env.cleanup());

  it("links reports sharing a phone number, a bank account or a link's host, with counts", async () => {
    const related = await relatedReports(env.client, ids[0] as string);
    const summary = related.map((r) => [r.kind, r.value, r.count, r.reports.map((x) => ids.indexOf(x.id)).sort()]);
    expect(summary).toEqual([
      ["bank_account", "vietcombank:0071000123456", 1, [2]],
      ["host", "evil-shop.vn", 1, [3]],
      ["phone", "+84912345678", 1, [1]],
    ]);
  });

  it("shows them on the case page, and nothing for a report with nothing in common", async () => {
    expect((await getReportDetail(env.client, ids[3] as string))?.related).toEqual([
      expect.objectContaining({ kind: "host", value: "evil-shop.vn", count: 1 }),
    ]);
    expect(await relatedReports(env.client, ids[4] as string)).toEqual([]);
  });

  it("counts the reports naming an identifier, for staff", async () => {
    expect(await countReportsNaming(env.client, { kind: "phone", value: "0912345678" })).toEqual({
      kind: "phone",
      value: "+84912345678",
      count: 2,
    });
    expect(await countReportsNaming(env.client, { kind: "bank_account", bank: "Vietcombank", account: "0071000123456" })).toMatchObject({
      count: 2,
    });
    expect(await countReportsNaming(env.client, { kind: "url", value: "evil-shop.vn" })).toMatchObject({ count: 2 });
    expect(await countReportsNaming(env.client, { kind: "phone", value: "abc" })).toBeNull();
  });
});
