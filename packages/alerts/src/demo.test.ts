import { canSignIn, getUserByEmail } from "@portal/auth";
import { checkUrls, loadUrlIndex, type UrlCheckResult } from "@portal/threat-intel";
import * as basic from "@secvisogram/csaf-validator-lib/basic.js";
import validate, { type DocumentTest } from "@secvisogram/csaf-validator-lib/validate.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capDocument } from "./cap.ts";
import { checkCap } from "./cap-rules.ts";
import { csafDocument } from "./csaf.ts";
import { DEMO_AGENCY, DEMO_ALERTS, isAlertsEmpty, seedAlertsDemo } from "./demo.ts";
import { alertSource } from "./indicators.ts";
import { listPublicAlertRecords, listPublicAlerts } from "./public.ts";
import { recordingSink, T0, type TempDb, tempDb } from "./test-db.ts";

let db: TempDb;
const sink = recordingSink();

beforeAll(async () => {
  db = await tempDb();
  expect(await isAlertsEmpty(db.client)).toBe(true);
  await seedAlertsDemo(db.client, { now: T0, identifiers: sink });
});
afterAll(() => db.cleanup());

describe("the demo alerts", () => {
  it("are a vulnerability with a CVE, a scam campaign with indicators and a piece of advice, all labelled as demo", async () => {
    expect(await isAlertsEmpty(db.client)).toBe(false);
    const list = await listPublicAlerts(db.client);
    expect(list.alerts.map((a) => [a.kind, a.agency.slug, a.isDemo])).toEqual([
      ["advice", "demo", true],
      ["scam_campaign", "demo", true],
      ["vulnerability", "demo", true],
    ]);
    const [vuln] = (await listPublicAlertRecords(db.client)).filter((a) => a.published?.kind === "vulnerability");
    expect(vuln?.published?.cves).toEqual([
      { id: "CVE-2021-44228", cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", cvssScore: 10 },
    ]);
  });

  it("were each published by someone other than their author, through the ordinary rule", async () => {
    for (const a of await listPublicAlertRecords(db.client)) {
      for (const v of a.versions) {
        expect(v.authorId).toBeTruthy();
        expect(v.publishedBy).toBeTruthy();
        expect(v.publishedBy).not.toBe(v.authorId);
      }
    }
    for (const email of ["demo-author@demo.invalid", "demo-reviewer@demo.invalid"]) {
      const user = await getUserByEmail(db.client, email);
      expect(user?.disabledAt).not.toBeNull();
      expect(user && canSignIn(user)).toBe(false);
    }
  });

  it("feed every format: CAP rules pass, the CSAF basic set finds no errors, the scam is an Update", async () => {
    const tests = Object.entries(basic)
      .filter(([n]) => n !== "default")
      .map(([, t]) => t as DocumentTest);
    for (const a of await listPublicAlertRecords(db.client)) {
      expect(checkCap(capDocument(a, { origin: "http://127.0.0.1:8080" }) as string)).toEqual([]);
      const result = await validate(tests, csafDocument(a, { origin: "http://127.0.0.1:8080" }));
      expect(result.tests.flatMap((t) => t.errors)).toEqual([]);
    }
    const scam = (await listPublicAlertRecords(db.client)).find((a) => a.published?.kind === "scam_campaign");
    expect(scam?.versions.map((v) => v.change)).toEqual(["initial", "correction"]);
    expect(capDocument(scam as NonNullable<typeof scam>, { origin: "http://127.0.0.1:8080" })).toContain("<msgType>Update</msgType>");
  });

  it("put the scam's links into the link check, naming the alert, and its identifiers into the sink", async () => {
    const scam = (await listPublicAlertRecords(db.client)).find((a) => a.published?.kind === "scam_campaign");
    const results = (await checkUrls(db.client, await loadUrlIndex(db.client), [
      "https://vietcombank-xacminh.example/dang-nhap",
      "http://vcb-xacthuc.example/xac-minh",
    ])) as UrlCheckResult[];
    for (const r of results) {
      expect(r.verdict).toBe("phishing");
      expect(r.matches[0]?.source).toBe(alertSource(scam?.id as string));
      expect(r.matches[0]?.tags).toContain("demo");
    }
    expect(sink.confirmed.get(alertSource(scam?.id as string))).toEqual(["phone:0000 111 222", "bank:0000 1111 2222"]);
  });

  it('name their agency and accounts in Vietnamese with the site\'s own word for demo data, "minh hoạ"', async () => {
    const [first] = (await listPublicAlerts(db.client)).alerts;
    expect(first?.agency.nameVi).toBe("Cơ quan minh hoạ (dữ liệu minh hoạ)");
    expect(DEMO_AGENCY.nameVi).not.toMatch(/demo/i);
    for (const email of ["demo-author@demo.invalid", "demo-reviewer@demo.invalid"]) {
      expect((await getUserByEmail(db.client, email))?.name).toMatch(/^[^()]+ minh hoạ \(tài khoản minh hoạ, không đăng nhập được\)$/);
    }
  });

  it("are written in NFC, in both languages", () => {
    const texts = JSON.stringify(DEMO_ALERTS);
    expect(texts.normalize("NFC")).toBe(texts);
    for (const draft of Object.values(DEMO_ALERTS)) {
      for (const field of ["title", "summary", "body", "recommendations"] as const) {
        const t = draft[field];
        expect(t.vi.length).toBeGreaterThan(0);
        expect(t.en.length).toBeGreaterThan(0);
        expect(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(t.vi)).toBe(true);
      }
    }
  });
});
