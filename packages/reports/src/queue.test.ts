import { createHash } from "node:crypto";
import { listAudit } from "@portal/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitReport } from "./intake.ts";
import { exportReportsCsv, getReportDetail, listReports, openEvidence } from "./queue.ts";
import { type Env, PNG, phishingReport, scamReport, staff, submission, testEnv, upload } from "./test-support.ts";
import { assignReport, changeReportStatus } from "./workflow.ts";

let env: Env;
let analyst: string;
const ids: Record<string, string> = {};
const codes: Record<string, string> = {};

beforeAll(async () => {
  env = await testEnv();
  analyst = await staff(env.client);
  const add = async (name: string, input: ReturnType<typeof submission>, at: string, files: Parameters<typeof submitReport>[3] = []) => {
    const made = await submitReport(env.client, env.store, input, files, { now: new Date(at) });
    if (!made.ok) throw new Error(name);
    ids[name] = made.reportId;
    codes[name] = made.trackingCode;
  };
  // 1 March 2026 23:30 in Hà Nội is 16:30 UTC: it belongs to the 1st, not the 2nd.
  await add("scam1", scamReport(), "2026-03-01T16:30:00Z", await upload(env.store, [{ bytes: PNG, name: "chuyen-khoan.png" }]));
  await add(
    "scam2",
    scamReport({ phone: "+84 987 654 321", bankName: "Techcombank", bankAccount: "19034567890123" }),
    "2026-03-02T02:00:00Z",
  );
  await add("phish1", phishingReport("http://vietc0mbank-xacthuc.com/dang-nhap"), "2026-03-03T02:00:00Z");
  await add(
    "named",
    scamReport({
      anonymous: false,
      contactName: "Lê Văn Cường",
      contactEmail: "cuong@example.vn",
      description: '=HYPERLINK("http://x") lừa đảo qua Zalo',
    }),
    "2026-03-04T02:00:00Z",
  );
  await add(
    "leak",
    submission({ category: "data_leak", description: "Dữ liệu khách hàng của cửa hàng Điện Máy bị rao bán.", platform: "telegram" }),
    "2026-03-05T02:00:00Z",
  );
  await changeReportStatus(
    env.client,
    ids.phish1 as string,
    { status: "triaging", publicNote: "Đang xem." },
    { actorId: analyst },
    new Date("2026-03-06T00:00:00Z"),
  );
  await assignReport(env.client, ids.phish1 as string, analyst, { actorId: analyst });
});
afterAll(() => env.cleanup());

const names = (list: { id: string }[]) => list.map((r) => Object.entries(ids).find(([, id]) => id === r.id)?.[0]);

describe("the queue", () => {
  it("lists newest first with the total, and pages", async () => {
    const all = await listReports(env.client);
    expect(all.total).toBe(5);
    expect(names(all.reports)).toEqual(["leak", "named", "phish1", "scam2", "scam1"]);
    const p2 = await listReports(env.client, { pageSize: 2, page: 2 });
    expect(p2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(names(p2.reports)).toEqual(["phish1", "scam2"]);
    expect(names((await listReports(env.client, { order: "asc", pageSize: 1 })).reports)).toEqual(["scam1"]);
    expect(names((await listReports(env.client, { sort: "updated", pageSize: 1 })).reports)).toEqual(["phish1"]);
  });

  it("filters by category, status, assignee and days in Vietnam's time", async () => {
    expect(names((await listReports(env.client, { category: "scam" })).reports)).toEqual(["named", "scam2", "scam1"]);
    expect(names((await listReports(env.client, { status: "triaging" })).reports)).toEqual(["phish1"]);
    expect(names((await listReports(env.client, { assignee: analyst })).reports)).toEqual(["phish1"]);
    expect((await listReports(env.client, { assignee: "none" })).total).toBe(4);
    expect(names((await listReports(env.client, { from: "2026-03-01", to: "2026-03-01" })).reports)).toEqual(["scam1"]);
    expect(names((await listReports(env.client, { from: "2026-03-02", to: "2026-03-03" })).reports)).toEqual(["phish1", "scam2"]);
    expect((await listReports(env.client, { category: "scam", status: "new", from: "2026-03-04" })).total).toBe(1);
  });

  it("finds text in descriptions without Vietnamese marks, links, phone numbers in any form, accounts and codes", async () => {
    const q = async (text: string) => names((await listReports(env.client, { q: text })).reports);
    expect(await q("dien may")).toEqual(["leak"]);
    expect(await q("Điện Máy")).toEqual(["leak"]);
    expect(await q("vietc0mbank-xacthuc")).toEqual(["phish1"]);
    expect(await q("0987 654 321")).toEqual(["scam2"]);
    expect(await q("+84987654321")).toEqual(["scam2"]);
    expect(await q("1903 4567 890123")).toEqual(["scam2"]);
    expect(await q((codes.scam1 as string).toLowerCase())).toEqual(["scam1"]);
    expect(await q("không có gì như thế")).toEqual([]);
  });

  it("shows a case in full: answers, evidence, history, and contact details only when asked", async () => {
    const d = await getReportDetail(env.client, ids.named as string);
    expect(d?.answers).toMatchObject({
      phone: "+84912345678",
      bankName: "Vietcombank",
      bankAccount: "0071000123456",
      amountLost: 15_000_000,
    });
    expect(d?.contact).toBeNull();
    expect((await getReportDetail(env.client, ids.named as string, { includeContact: true }))?.contact).toEqual({
      name: "Lê Văn Cường",
      email: "cuong@example.vn",
      phone: null,
    });
    const s1 = await getReportDetail(env.client, ids.scam1 as string);
    expect(s1?.evidence).toEqual([expect.objectContaining({ displayName: "chuyen-khoan.png", mime: "image/png", size: PNG.length })]);
    expect(s1?.evidenceCount).toBe(1);
    expect(s1?.history.map((h) => h.action)).toEqual(["created"]);
    expect(await getReportDetail(env.client, "nope")).toBeNull();
  });
});

describe("the CSV export", () => {
  it("gives the filtered queue as RFC 4180 CSV with formula-like cells defused, without contact details unless asked", async () => {
    const { csv, rows } = await exportReportsCsv(env.client, { category: "scam" }, { includeContact: false, actor: { actorId: analyst } });
    expect(rows).toBe(3);
    const lines = csv.split("\r\n");
    expect(lines[0]).toMatch(/^id,tracking_code,category,status,/);
    expect(lines[0]).not.toMatch(/contact_(name|email|phone)/);
    expect(lines).toHaveLength(5); // header, 3 rows, and the empty string after the last CRLF
    expect(csv).toContain(`"'=HYPERLINK(""http://x"") lừa đảo qua Zalo"`);
    expect(csv).not.toContain("cuong@example.vn");
  });

  it("adds the contact columns for an administrator's export, and audits every export", async () => {
    const admin = await staff(env.client, "admin");
    const from = new Date(Date.now() - 1000);
    const { csv } = await exportReportsCsv(env.client, { q: "HYPERLINK" }, { includeContact: true, actor: { actorId: admin }, bom: true });
    expect(csv.startsWith("\uFEFFid,")).toBe(true);
    expect(csv.split("\r\n")[0]?.endsWith("contact_name,contact_email,contact_phone")).toBe(true);
    expect(csv).toContain("Lê Văn Cường,cuong@example.vn,");
    const log = await listAudit(env.client, { action: "report.export", from });
    expect(log.rows[0]).toMatchObject({
      actorId: admin,
      details: { rows: 1, includeContact: true, truncated: false, filter: { text: true } },
    });
  });
});

describe("evidence downloads", () => {
  it("opens a report's own file for staff, with its real type and a safe name, after an audit row", async () => {
    const d = await getReportDetail(env.client, ids.scam1 as string);
    const fileId = d?.evidence[0]?.id as string;
    const from = new Date(Date.now() - 1000);
    const dl = await openEvidence(env.client, env.store, ids.scam1 as string, fileId, { actorId: analyst });
    const chunks: Buffer[] = [];
    for await (const c of dl?.stream ?? []) chunks.push(c as Buffer);
    expect(createHash("sha256").update(Buffer.concat(chunks)).digest("hex")).toBe(dl?.sha256);
    expect(dl).toMatchObject({ mime: "image/png", fileName: "chuyen-khoan.png", size: PNG.length });
    const log = await listAudit(env.client, { action: "report.evidence_download", from });
    expect(log.rows[0]).toMatchObject({ actorId: analyst, target: `report:${ids.scam1}`, details: { evidence: fileId } });
  });

  it("refuses a file of another report, and a made-up id", async () => {
    const fileId = (await getReportDetail(env.client, ids.scam1 as string))?.evidence[0]?.id as string;
    expect(await openEvidence(env.client, env.store, ids.scam2 as string, fileId, { actorId: analyst })).toBeNull();
    expect(await openEvidence(env.client, env.store, ids.scam1 as string, "../../etc/passwd", { actorId: analyst })).toBeNull();
  });
});
