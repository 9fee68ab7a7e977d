import { listAudit } from "@portal/auth";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { submitReport } from "./intake.ts";
import { getReportDetail } from "./queue.ts";
import { purgeExpiredContacts, purgeIdempotencyKeys } from "./retention.ts";
import { type Env, scamReport, testEnv } from "./test-support.ts";
import { changeReportStatus } from "./workflow.ts";

let env: Env;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.cleanup());

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date("2026-01-10T03:00:00.000Z");
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const who = { actorId: null };

async function named(email: string, idempotencyKey?: string) {
  const r = await submitReport(
    env.client,
    env.store,
    scamReport({ anonymous: false, contactName: "Người báo", contactEmail: email, ...(idempotencyKey ? { idempotencyKey } : {}) }),
    [],
    { now: T0 },
  );
  if (!r.ok) throw new Error("not made");
  return r.reportId;
}

const move = (id: string, status: "triaging" | "resolved" | "rejected", days: number) =>
  changeReportStatus(env.client, id, { status, publicNote: `→ ${status}` }, who, at(days));

const contactOf = async (id: string) => (await getReportDetail(env.client, id, { includeContact: true }))?.contact ?? null;

describe("purging contact details after the retention period", () => {
  it("deletes them only for reports closed more than N days ago, as the clock moves", async () => {
    const resolved = await named("a@example.vn");
    const rejected = await named("b@example.vn");
    const open = await named("c@example.vn");
    await move(resolved, "triaging", 1);
    await move(resolved, "resolved", 2);
    await move(rejected, "rejected", 10);
    await move(open, "triaging", 1);

    // Day 31: the resolved one was closed 29 days ago — not yet.
    expect(await purgeExpiredContacts(env.client, { retentionDays: 30, now: at(31) })).toBe(0);
    expect(await contactOf(resolved)).not.toBeNull();
    // Day 32 + a minute: 30 days since day 2.
    expect(await purgeExpiredContacts(env.client, { retentionDays: 30, now: new Date(at(32).getTime() + 60_000) })).toBe(1);
    expect(await contactOf(resolved)).toBeNull();
    expect((await getReportDetail(env.client, resolved))?.contactPurgedAt).not.toBeNull();
    expect(await contactOf(rejected)).toEqual({ name: "Người báo", email: "b@example.vn", phone: null });
    // A year on: the rejected one goes too; the open one never does.
    expect(await purgeExpiredContacts(env.client, { retentionDays: 30, now: at(400) })).toBe(1);
    expect(await contactOf(rejected)).toBeNull();
    expect(await contactOf(open)).not.toBeNull();
    // The report itself stays.
    expect((await getReportDetail(env.client, resolved))?.status).toBe("resolved");
  });

  it("stops the clock when a report is reopened", async () => {
    const id = await named("d@example.vn");
    await move(id, "rejected", 1);
    await move(id, "triaging", 5);
    expect(await purgeExpiredContacts(env.client, { retentionDays: 30, now: at(100) })).toBe(0);
    expect(await contactOf(id)).not.toBeNull();
  });

  it("writes one audit row per purge that deleted something, as the system", async () => {
    const id = await named("e@example.vn");
    await move(id, "rejected", 1);
    await purgeExpiredContacts(env.client, { retentionDays: 0, now: at(2) });
    await purgeExpiredContacts(env.client, { retentionDays: 0, now: at(3) });
    const log = await listAudit(env.client, { action: "report.contacts_purge" });
    expect(log.rows).toHaveLength(1);
    expect(log.rows[0]).toMatchObject({ actorId: null, details: { retentionDays: 0 } });
  });

  it("refuses a negative retention period", async () => {
    await expect(purgeExpiredContacts(env.client, { retentionDays: -1 })).rejects.toThrow(/retentionDays/);
  });

  it("drops idempotency rows past their 24 hours", async () => {
    await named("f@example.vn", "k".repeat(20));
    expect(await purgeIdempotencyKeys(env.client, new Date(T0.getTime() + DAY - 1))).toBe(0);
    expect(await purgeIdempotencyKeys(env.client, new Date(T0.getTime() + DAY + 1))).toBe(1);
  });
});
