import { createAgency, createUser, disableUser, listAudit } from "@portal/auth";
import { REPORT_STATUSES, REPORT_TRANSITIONS, type ReportStatus } from "@portal/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitReport } from "./intake.ts";
import { getReportDetail } from "./queue.ts";
import { expectReport, isExpectationFailure } from "./rows.ts";
import { type Env, scamReport, staff, testEnv } from "./test-support.ts";
import { lookupReport } from "./tracking.ts";
import { addReportNote, assignReport, canTransition, changeReportStatus } from "./workflow.ts";

let env: Env;
let analyst: string;
const T0 = new Date("2026-03-02T01:00:00.000Z");
let clock = T0.getTime();
/** A minute later than the last action: every step gets its own time, in order. */
const tick = () => {
  clock += 60_000;
  return new Date(clock);
};
const actor = () => ({ actorId: analyst, ip: "198.51.100.9", userAgent: "console" });

beforeAll(async () => {
  env = await testEnv();
  analyst = await staff(env.client);
});
afterAll(() => env.cleanup());

async function newReport() {
  const made = await submitReport(env.client, env.store, scamReport(), [], { now: T0 });
  if (!made.ok) throw new Error("not made");
  return made;
}

/** A path from new to each status through allowed steps. */
const PATH: Record<ReportStatus, ReportStatus[]> = {
  new: [],
  triaging: ["triaging"],
  forwarded: ["triaging", "forwarded"],
  resolved: ["triaging", "resolved"],
  rejected: ["rejected"],
};

const change = (status: ReportStatus) => ({
  status,
  publicNote: `Báo cáo chuyển sang ${status}.`,
  forwardedTo: status === "forwarded" ? "Cục An ninh mạng (A05), Bộ Công an" : undefined,
});

async function reportAt(status: ReportStatus): Promise<string> {
  const { reportId } = await newReport();
  for (const s of PATH[status]) {
    const r = await changeReportStatus(env.client, reportId, change(s), actor(), tick());
    if (!r.ok) throw new Error(`${s}: ${r.reason}`);
  }
  return reportId;
}

describe("the workflow's transitions", () => {
  for (const from of REPORT_STATUSES)
    for (const to of REPORT_STATUSES) {
      const allowed = REPORT_TRANSITIONS[from].includes(to);
      it(`${allowed ? "allows" : "refuses"} ${from} → ${to}`, async () => {
        expect(canTransition(from, to)).toBe(allowed);
        const id = await reportAt(from);
        const r = await changeReportStatus(env.client, id, change(to), actor(), tick());
        expect(r).toEqual(allowed ? { ok: true, from, to } : { ok: false, reason: "invalid_transition" });
        const detail = await getReportDetail(env.client, id);
        expect(detail?.status).toBe(allowed ? to : from);
      });
    }

  it("runs new → triaging → forwarded → resolved, then reopens, with closed_at following", async () => {
    const id = await reportAt("forwarded");
    expect((await getReportDetail(env.client, id))?.forwardedTo).toBe("Cục An ninh mạng (A05), Bộ Công an");
    const closedAt = tick();
    expect((await changeReportStatus(env.client, id, change("resolved"), actor(), closedAt)).ok).toBe(true);
    expect((await getReportDetail(env.client, id))?.closedAt).toBe(closedAt.toISOString());
    expect(await changeReportStatus(env.client, id, change("triaging"), actor(), tick())).toEqual({
      ok: true,
      from: "resolved",
      to: "triaging",
    });
    expect((await getReportDetail(env.client, id))?.closedAt).toBeNull();
  });

  it("needs the body a report is forwarded to, and refuses one for any other status", async () => {
    const id = await reportAt("triaging");
    expect(await changeReportStatus(env.client, id, { status: "forwarded", publicNote: "Đã chuyển." }, actor())).toEqual({
      ok: false,
      reason: "forwarded_to_required",
    });
    expect(await changeReportStatus(env.client, id, { status: "resolved", publicNote: "Xong.", forwardedTo: "A05" }, actor())).toEqual({
      ok: false,
      reason: "forwarded_to_refused",
    });
  });

  it("needs a public note with every change", async () => {
    const id = await reportAt("new");
    expect(await changeReportStatus(env.client, id, { status: "triaging", publicNote: "   " }, actor())).toEqual({
      ok: false,
      reason: "invalid_note",
    });
    expect(await changeReportStatus(env.client, id, { status: "triaging", publicNote: "x".repeat(2001) }, actor())).toEqual({
      ok: false,
      reason: "invalid_note",
    });
  });

  it("answers not_found for a report that does not exist", async () => {
    expect(await changeReportStatus(env.client, "nope", change("triaging"), actor())).toEqual({ ok: false, reason: "not_found" });
  });

  it("lets only one of two analysts acting at once make a transition from the same status", async () => {
    const id = await reportAt("triaging");
    const results = await Promise.all([
      changeReportStatus(env.client, id, change("resolved"), actor(), tick()),
      changeReportStatus(env.client, id, change("forwarded"), actor(), tick()),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const detail = await getReportDetail(env.client, id);
    expect(detail?.history.filter((h) => h.action === "status")).toHaveLength(2); // triaging, and the one that won
  });

  it("rolls a whole batch back when the report moved after the decision (the guard every change starts with)", async () => {
    const id = await reportAt("triaging");
    let error: unknown;
    try {
      await env.client.batch(
        [expectReport(id, "status = ?", ["new"]), { sql: "UPDATE reports SET status = 'resolved' WHERE id = ?", args: [id] }],
        "write",
      );
    } catch (err) {
      error = err;
    }
    expect(isExpectationFailure(error)).toBe(true);
    expect((await getReportDetail(env.client, id))?.status).toBe("triaging");
  });
});

describe("notes", () => {
  it("shows the reporter the public notes only, and staff both, in order", async () => {
    const made = await newReport();
    await changeReportStatus(
      env.client,
      made.reportId,
      { status: "triaging", publicNote: "Chúng tôi đã nhận và đang xem xét.", privateNote: "Gọi lại cho ngân hàng VCB chiều nay." },
      actor(),
      tick(),
    );
    const view = await lookupReport(env.client, made.trackingCode, made.statusKey);
    expect(view?.notes.map((n) => n.text)).toEqual(["Chúng tôi đã nhận và đang xem xét."]);
    expect(JSON.stringify(view)).not.toContain("VCB chiều nay");
    const detail = await getReportDetail(env.client, made.reportId);
    expect(detail?.notes.map((n) => [n.visibility, n.text])).toEqual([
      ["public", "Chúng tôi đã nhận và đang xem xét."],
      ["private", "Gọi lại cho ngân hàng VCB chiều nay."],
    ]);
    expect(detail?.notes[0]?.authorName).toMatch(/^Cán bộ/);
  });

  it("adds a note without a change: a public one moves the reporter's updatedAt, a private one moves nothing they see", async () => {
    const made = await newReport();
    const before = (await lookupReport(env.client, made.trackingCode, made.statusKey))?.updatedAt;
    expect(await addReportNote(env.client, made.reportId, { privateNote: "Chờ sao kê." }, actor(), tick())).toEqual({ ok: true });
    expect((await lookupReport(env.client, made.trackingCode, made.statusKey))?.updatedAt).toBe(before);
    const at = tick();
    expect(await addReportNote(env.client, made.reportId, { publicNote: "Cần thêm ảnh chụp màn hình." }, actor(), at)).toEqual({
      ok: true,
    });
    const view = await lookupReport(env.client, made.trackingCode, made.statusKey);
    expect(view?.updatedAt).toBe(at.toISOString());
    expect(view?.notes).toEqual([{ at: at.toISOString(), status: "new", text: "Cần thêm ảnh chụp màn hình." }]);
    expect(await addReportNote(env.client, made.reportId, {}, actor())).toEqual({ ok: false, reason: "invalid_note" });
  });
});

describe("assignment", () => {
  it("gives a report to an analyst or an administrator, and takes it back", async () => {
    const { reportId } = await newReport();
    const admin = await staff(env.client, "admin");
    expect(await assignReport(env.client, reportId, analyst, actor(), tick())).toEqual({ ok: true, previous: null });
    expect(await assignReport(env.client, reportId, admin, actor(), tick())).toEqual({ ok: true, previous: analyst });
    expect((await getReportDetail(env.client, reportId))?.assigneeId).toBe(admin);
    expect(await assignReport(env.client, reportId, null, actor(), tick())).toEqual({ ok: true, previous: admin });
    expect((await getReportDetail(env.client, reportId))?.assigneeId).toBeNull();
  });

  it("refuses a publisher, a disabled account and an unknown id", async () => {
    const { reportId } = await newReport();
    const agency = await createAgency(env.client, { slug: "vncert", nameVi: "VNCERT/CC", nameEn: "VNCERT/CC" }, { actorId: null });
    if (!agency.ok) throw new Error(agency.reason);
    const pub = await createUser(
      env.client,
      { email: "pub@example.gov.vn", name: "Biên tập", role: "publisher", agencyId: agency.agency.id },
      { actorId: null },
    );
    if (!pub.ok) throw new Error(pub.reason);
    const gone = await staff(env.client);
    await disableUser(env.client, gone, { actorId: null });
    for (const who of [pub.user.id, gone, "no-such-user"])
      expect(await assignReport(env.client, reportId, who, actor())).toEqual({ ok: false, reason: "invalid_assignee" });
  });
});

describe("the audit log", () => {
  it("records every staff action with its actor, in the same batch as the change, and nothing for a refused one", async () => {
    const { reportId } = await newReport();
    const from = new Date(clock + 1);
    await changeReportStatus(env.client, reportId, { ...change("triaging"), privateNote: "riêng" }, actor(), tick());
    await addReportNote(env.client, reportId, { publicNote: "Thêm thông tin." }, actor(), tick());
    await assignReport(env.client, reportId, analyst, actor(), tick());
    await changeReportStatus(env.client, reportId, change("new"), actor(), tick()); // refused
    const log = await listAudit(env.client, { action: "report.*", from });
    expect(log.rows.map((r) => [r.action, r.actorId, r.target, r.ip]).reverse()).toEqual([
      ["report.status", analyst, `report:${reportId}`, "198.51.100.9"],
      ["report.note", analyst, `report:${reportId}`, "198.51.100.9"],
      ["report.assign", analyst, `report:${reportId}`, "198.51.100.9"],
    ]);
    expect(log.rows.at(-1)?.details).toEqual({ from: "new", to: "triaging", forwardedTo: null, withPrivateNote: true });
    const history = (await getReportDetail(env.client, reportId))?.history.map((h) => h.action);
    expect(history).toEqual(["created", "status", "note", "assign"]);
  });
});
