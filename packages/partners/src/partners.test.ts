import { listAudit } from "@portal/auth";
import { type TempDb, tempDb } from "@portal/db/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PartnerGate } from "./gate.ts";
import { hashKey, issueKey, KEY_PATTERN, listKeys, revokeKey } from "./keys.ts";

let db: TempDb;
beforeEach(async () => {
  db = await tempDb("partners");
});
afterEach(() => db.cleanup());

const actor = { actorId: null, ip: "203.0.113.9", userAgent: "test" };
const input = { name: "Ngân hàng Thử nghiệm", kind: "bank" as const, perMinute: 5, perDay: 8 };

describe("partner keys", () => {
  it("issues a high-entropy key with the recognisable prefix, stores only its SHA-256, and audits the issue", async () => {
    const issued = await issueKey(db.client, input, actor);
    if (!issued.ok) throw new Error(issued.reason);
    expect(issued.secret).toMatch(KEY_PATTERN);
    const rows = await db.client.execute("SELECT * FROM partner_keys");
    const stored = JSON.stringify(rows.rows);
    expect(stored).not.toContain(issued.secret);
    expect(stored).not.toContain(issued.secret.slice(12));
    expect(rows.rows[0]?.key_hash).toBe(hashKey(issued.secret));
    const audit = await listAudit(db.client, { action: "partner.*" });
    expect(audit.rows.map((r) => r.action)).toEqual(["partner.issue"]);
    expect(JSON.stringify(audit.rows)).not.toContain(issued.secret);
    const again = await issueKey(db.client, input, actor);
    expect(again.ok && again.secret).not.toBe(issued.secret);
  });

  it("refuses a name, kind or quota out of bounds", async () => {
    expect(await issueKey(db.client, { ...input, name: " " }, actor)).toEqual({ ok: false, reason: "invalid_name" });
    expect(await issueKey(db.client, { ...input, kind: "bakery" as never }, actor)).toEqual({ ok: false, reason: "invalid_kind" });
    expect(await issueKey(db.client, { ...input, perMinute: 0 }, actor)).toEqual({ ok: false, reason: "invalid_quota" });
    expect(await issueKey(db.client, { ...input, perDay: 1.5 }, actor)).toEqual({ ok: false, reason: "invalid_quota" });
  });

  it("admits a key within its minute quota, refuses past it, and counts every use per day after a flush", async () => {
    const issued = await issueKey(db.client, input, actor);
    if (!issued.ok) throw new Error(issued.reason);
    const gate = new PartnerGate(db.client);
    const now = Date.parse("2026-05-01T10:00:00Z");
    const r = await gate.resolve(issued.secret, now);
    if (!r.ok) throw new Error(r.reason);
    expect(gate.admit(r.entry, 3, now).ok).toBe(true);
    expect(gate.admit(r.entry, 2, now)).toMatchObject({ ok: true, remainingMinute: 0, remainingDay: 3 });
    const refused = gate.admit(r.entry, 1, now);
    expect(refused).toMatchObject({ ok: false, refusedBy: "minute", retryAfter: 12 });
    // A minute later the bucket is full again, but the day's quota (8) holds only 3 more.
    expect(gate.admit(r.entry, 3, now + 60_000).ok).toBe(true);
    expect(gate.admit(r.entry, 1, now + 61_000)).toMatchObject({ ok: false, refusedBy: "day" });
    await gate.flush(new Date(now + 61_000));
    const [key] = await listKeys(db.client, { now: new Date(now) });
    expect(key?.today).toEqual({ day: "2026-05-01", requests: 3, items: 8, refused: 2 });
    expect(key?.lastUsedAt?.toISOString()).toBe("2026-05-01T10:01:01.000Z");
    // A second process (or a restart) starts from what was written.
    const other = new PartnerGate(db.client);
    const r2 = await other.resolve(issued.secret, now + 62_000);
    if (!r2.ok) throw new Error(r2.reason);
    expect(other.admit(r2.entry, 1, now + 62_000)).toMatchObject({ ok: false, refusedBy: "day" });
  });

  it("refuses a revoked key at once in the process that revoked it, and within the cache time elsewhere", async () => {
    const issued = await issueKey(db.client, input, actor);
    if (!issued.ok) throw new Error(issued.reason);
    const here = new PartnerGate(db.client);
    const elsewhere = new PartnerGate(db.client, { cacheMs: 1000 });
    expect((await here.resolve(issued.secret)).ok).toBe(true);
    expect((await elsewhere.resolve(issued.secret, 0)).ok).toBe(true);
    expect((await revokeKey(db.client, issued.key.id, actor)).ok).toBe(true);
    here.forget(issued.key.id);
    expect(await here.resolve(issued.secret)).toEqual({ ok: false, reason: "revoked" });
    expect((await elsewhere.resolve(issued.secret, 500)).ok).toBe(true);
    expect(await elsewhere.resolve(issued.secret, 1500)).toEqual({ ok: false, reason: "revoked" });
    expect(await revokeKey(db.client, issued.key.id, actor)).toEqual({ ok: false, reason: "already_revoked" });
    expect((await listAudit(db.client, { action: "partner.*" })).rows.map((r) => r.action).sort()).toEqual([
      "partner.issue",
      "partner.revoke",
    ]);
  });

  it("does not know a well-formed key that was never issued, nor a malformed one", async () => {
    const gate = new PartnerGate(db.client);
    expect(await gate.resolve(`ncsp_pk_${"A".repeat(43)}`)).toEqual({ ok: false, reason: "unknown" });
    expect(await gate.resolve("not a key")).toEqual({ ok: false, reason: "unknown" });
  });
});
