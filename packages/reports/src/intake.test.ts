import { readdirSync } from "node:fs";
import { TRACKING_CODE } from "@portal/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EvidenceUpload } from "./evidence.ts";
import { submitReport } from "./intake.ts";
import { type Env, PDF, PNG, phishingReport, scamReport, stream, submission, testEnv, upload } from "./test-support.ts";
import { lookupReport } from "./tracking.ts";

let env: Env;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.cleanup());

const T0 = new Date("2026-03-02T01:00:00.000Z");
const KEY = "6f1c2e7a-4b0d-4a8e-9f3b-2d5c8e1a7b90";
const count = async (table: string) => Number((await env.client.execute(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]?.n);
const filesOnDisk = () => {
  try {
    return readdirSync(env.evidenceDir).sort();
  } catch {
    return [];
  }
};

describe("submitting a report", () => {
  it("stores the answers with identifiers normalised and gives a tracking code and a status key that open it", async () => {
    const made = await submitReport(env.client, env.store, scamReport(), [], { now: T0 });
    if (!made.ok || made.duplicate) throw new Error("not made");
    expect(made.trackingCode).toMatch(TRACKING_CODE);
    const row = (await env.client.execute("SELECT * FROM reports")).rows[0];
    expect(row).toMatchObject({
      category: "scam",
      status: "new",
      phone: "+84912345678",
      bank_account: "0071000123456",
      amount_lost: 15_000_000,
      anonymous: 1,
      created_at: T0.toISOString(),
    });
    // Only the key's hash is stored.
    expect(JSON.stringify(row)).not.toContain(made.statusKey);
    const ids = await env.client.execute("SELECT kind, value FROM report_identifiers ORDER BY kind");
    expect(ids.rows.map((r) => [r.kind, r.value])).toEqual([
      ["bank_account", "vietcombank:0071000123456"],
      ["phone", "+84912345678"],
    ]);
    expect((await lookupReport(env.client, made.trackingCode, made.statusKey))?.status).toBe("new");
  });

  it("takes a report with zero files", async () => {
    const made = await submitReport(env.client, env.store, phishingReport("http://vietc0mbank.com/login"), []);
    expect(made.ok).toBe(true);
    expect(await count("report_evidence")).toBe(0);
  });

  it("records each file's id, hash, size, type and sanitised name with the report", async () => {
    const files = await upload(env.store, [
      { bytes: PNG, name: "C:\\Ảnh\\chup-man-hinh.png" },
      { bytes: PDF, name: "sao-ke.pdf" },
    ]);
    const made = await submitReport(env.client, env.store, scamReport(), files);
    if (!made.ok) throw new Error("not made");
    const rows = await env.client.execute("SELECT id, sha256, size, mime, kind, display_name FROM report_evidence ORDER BY size");
    expect(rows.rows.map((r) => ({ ...r }))).toEqual(
      files
        .map((f) => ({ id: f.id, sha256: f.sha256, size: f.size, mime: f.mime, kind: f.kind, display_name: f.displayName }))
        .sort((a, b) => a.size - b.size),
    );
    expect(rows.rows.map((r) => r.display_name).sort()).toEqual(["chup-man-hinh.png", "sao-ke.pdf"]);
  });

  it("stores no contact data at all for an anonymous report, and a named reporter's in its own table", async () => {
    await submitReport(env.client, env.store, scamReport({ anonymous: true, contactEmail: "lan@example.vn" }), []);
    expect(await count("report_contacts")).toBe(0);
    const named = await submitReport(
      env.client,
      env.store,
      scamReport({ anonymous: false, contactName: "Trần Thị Lan", contactEmail: "lan@example.vn", contactPhone: "0987 654 321" }),
      [],
    );
    if (!named.ok) throw new Error("not made");
    const c = (await env.client.execute("SELECT * FROM report_contacts")).rows[0];
    expect(c).toMatchObject({ report_id: named.reportId, name: "Trần Thị Lan", email: "lan@example.vn", phone: "+84987654321" });
    // The report row itself carries none of it.
    const r = (await env.client.execute({ sql: "SELECT * FROM reports WHERE id = ?", args: [named.reportId] })).rows[0];
    expect(JSON.stringify(r)).not.toMatch(/lan@example|Trần Thị Lan|987654321/);
  });

  it("refuses a phone number the contract's shape check lets through but E.164 does not, naming the field, and deletes the files", async () => {
    const files = await upload(env.store, [{ bytes: PNG }]);
    const made = await submitReport(env.client, env.store, scamReport({ phone: "012 345 678" }), files);
    expect(made).toEqual({ ok: false, reason: "invalid", issues: [{ path: ["phone"], message: expect.any(String) }] });
    expect(await count("reports")).toBe(0);
    expect(filesOnDisk()).toEqual([]);
  });
});

describe("idempotency", () => {
  it("makes one report of a double click: the second answer carries the first one's code and the same status key", async () => {
    const first = await submitReport(
      env.client,
      env.store,
      scamReport({ idempotencyKey: KEY }),
      await upload(env.store, [{ bytes: PNG }]),
      {
        now: T0,
      },
    );
    const secondFiles = await upload(env.store, [{ bytes: PNG }]);
    const second = await submitReport(env.client, env.store, scamReport({ idempotencyKey: KEY }), secondFiles, {
      now: new Date(T0.getTime() + 800),
    });
    if (!first.ok || !second.ok) throw new Error("refused");
    expect(second).toEqual({
      ok: true,
      duplicate: true,
      reportId: first.reportId,
      trackingCode: first.trackingCode,
      statusKey: first.statusKey,
    });
    expect(await count("reports")).toBe(1);
    // The second request's copy of the file is gone; the first one's stays.
    expect(filesOnDisk()).toHaveLength(1);
    expect(filesOnDisk()).not.toContain(secondFiles[0]?.id);
    // The database holds neither the idempotency key nor the status key.
    const idem = (await env.client.execute("SELECT * FROM report_idempotency")).rows[0];
    expect(Buffer.from(idem?.status_key_sealed as ArrayBuffer).toString("latin1")).not.toContain(first.statusKey);
    expect(JSON.stringify(idem)).not.toContain(KEY);
  });

  it("refuses the same key with other answers, revealing nothing of the first report", async () => {
    await submitReport(env.client, env.store, scamReport({ idempotencyKey: KEY }), [], { now: T0 });
    const other = await submitReport(env.client, env.store, scamReport({ idempotencyKey: KEY, amountLost: "1.000.000" }), [], { now: T0 });
    expect(other).toEqual({ ok: false, reason: "idempotency_conflict" });
    const otherFile = await submitReport(
      env.client,
      env.store,
      scamReport({ idempotencyKey: KEY }),
      await upload(env.store, [{ bytes: PDF }]),
      {
        now: T0,
      },
    );
    expect(otherFile).toEqual({ ok: false, reason: "idempotency_conflict" });
    expect(await count("reports")).toBe(1);
  });

  it("makes a new report with the same key after 24 hours, and separate reports without a key", async () => {
    const first = await submitReport(env.client, env.store, scamReport({ idempotencyKey: KEY }), [], { now: T0 });
    const later = await submitReport(env.client, env.store, scamReport({ idempotencyKey: KEY }), [], {
      now: new Date(T0.getTime() + 24 * 60 * 60 * 1000 + 1),
    });
    if (!first.ok || !later.ok) throw new Error("refused");
    expect(later.duplicate).toBe(false);
    expect(later.trackingCode).not.toBe(first.trackingCode);
    await submitReport(env.client, env.store, scamReport(), []);
    await submitReport(env.client, env.store, scamReport(), []);
    expect(await count("reports")).toBe(4);
  });

  it("makes one report when the two clicks arrive at the same moment", async () => {
    const input = submission({ category: "malware", description: "Máy tính bị mã hoá dữ liệu, đòi tiền chuộc.", idempotencyKey: KEY });
    const results = await Promise.all(Array.from({ length: 5 }, () => submitReport(env.client, env.store, input, [])));
    expect(await count("reports")).toBe(1);
    const codes = new Set(results.map((r) => (r.ok ? r.trackingCode : r.reason)));
    expect(codes.size).toBe(1);
    expect(results.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
  });
});

describe("the upload and the submission together", () => {
  it("discards an upload's files when the submission is abandoned", async () => {
    const u = new EvidenceUpload(env.store);
    await u.add(stream(PNG));
    await u.add(stream(PDF));
    expect(filesOnDisk()).toHaveLength(2);
    await u.discard();
    expect(filesOnDisk()).toEqual([]);
  });
});
