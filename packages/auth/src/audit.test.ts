import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditDetailsError, type AuditEntry, assertSafeDetails, auditCsv, csvCell, listAudit, recordAudit } from "./audit.ts";
import { type TempDb, tempDb } from "./test-db.ts";
import { createUser } from "./users.ts";

const T0 = new Date("2025-03-01T08:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60 * 1000);

let db: TempDb;
beforeAll(async () => {
  db = await tempDb();
});
afterAll(() => db.cleanup());

describe("the audit log is append-only", () => {
  it("refuses UPDATE and DELETE on audit_log in the database itself", async () => {
    const id = await recordAudit(db.client, { actorId: null, action: "session.sign_in_failed", details: { reason: "unknown_email" } }, T0);
    await expect(db.client.execute({ sql: "UPDATE audit_log SET action = 'x.y' WHERE id = ?", args: [id] })).rejects.toThrow(/append-only/);
    await expect(db.client.execute({ sql: "DELETE FROM audit_log WHERE id = ?", args: [id] })).rejects.toThrow(/append-only/);
    await expect(db.client.execute("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    const row = (await db.client.execute({ sql: "SELECT action FROM audit_log WHERE id = ?", args: [id] })).rows[0];
    expect(row?.action).toBe("session.sign_in_failed");
  });
});

describe("audit details", () => {
  it("refuses details that name a password, code, token or secret, at any depth", async () => {
    const bad = [
      { password: "x" },
      { newPassword: "x" },
      { totp_code: "123456" },
      { code: "1" },
      { token: "t" },
      { resetToken: "t" },
      { accesstoken: "t" },
      { secret: "s" },
      { apiKey: "k" },
      { otp: "1" },
      { Cookie: "c" },
      { user: { profile: { passwordHash: "h" } } },
      { list: [{ ok: 1 }, { recoveryCode: "c" }] },
    ];
    for (const details of bad) {
      await expect(recordAudit(db.client, { actorId: null, action: "user.update", details }, T0), JSON.stringify(details)).rejects.toThrow(
        AuditDetailsError,
      );
    }
    expect(() =>
      assertSafeDetails({ reason: "locked", email: "a@b.vn", sessionId: "abc", role: "analyst", changes: { name: "B" } }),
    ).not.toThrow();
  });

  it("refuses an action name that is not dotted lower-case", async () => {
    await expect(recordAudit(db.client, { actorId: null, action: "SignIn" }, T0)).rejects.toThrow(AuditDetailsError);
  });
});

describe("listing the audit log", () => {
  let fresh: TempDb;
  let actor: string;
  beforeAll(async () => {
    fresh = await tempDb();
    const made = await createUser(
      fresh.client,
      { email: "quan.tri@example.gov.vn", name: "Quản trị", role: "admin" },
      { actorId: null },
      at(0),
    );
    if (!made.ok) throw new Error(made.reason);
    actor = made.user.id;
    for (let i = 1; i <= 12; i++) {
      await recordAudit(
        fresh.client,
        { actorId: actor, action: i % 3 === 0 ? "user.update" : "session.sign_in", target: `n:${i}`, ip: "192.0.2.1" },
        at(i),
      );
    }
    await recordAudit(fresh.client, { actorId: null, action: "session.sign_in_failed", target: "email:x@y.vn" }, at(13));
  });
  afterAll(() => fresh.cleanup());

  it("pages newest first and gives the total", async () => {
    const page1 = await listAudit(fresh.client, { pageSize: 5 });
    // 14 rows: createUser's user.create, twelve events, one failure.
    expect(page1.total).toBe(14);
    expect(page1.rows.map((r) => r.target)).toEqual(["email:x@y.vn", "n:12", "n:11", "n:10", "n:9"]);
    const page3 = await listAudit(fresh.client, { pageSize: 5, page: 3 });
    expect(page3.rows.map((r) => r.target)).toEqual(["n:3", "n:2", "n:1", `user:${actor}`]);
  });

  it("filters by actor, exact action, action family and time", async () => {
    const byActor = await listAudit(fresh.client, { actor: actor });
    expect(byActor.total).toBe(12); // user.create had no actor (bootstrap)
    expect(byActor.rows[0]?.actorEmail).toBe("quan.tri@example.gov.vn");
    expect((await listAudit(fresh.client, { action: "user.update" })).total).toBe(4);
    expect((await listAudit(fresh.client, { action: "session.*" })).total).toBe(9);
    expect((await listAudit(fresh.client, { action: "session.sign_in" })).total).toBe(8);
    const window = await listAudit(fresh.client, { from: at(2), to: at(5) });
    expect(window.rows.map((r) => r.target)).toEqual(["n:4", "n:3", "n:2"]);
  });

  it("caps the page size", async () => {
    expect((await listAudit(fresh.client, { pageSize: 100_000 })).pageSize).toBe(500);
    expect((await listAudit(fresh.client, { pageSize: 0 })).pageSize).toBe(1);
  });
});

describe("audit CSV", () => {
  it("quotes cells per RFC 4180 and ends lines with CRLF", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
  });

  it("defuses cells a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+1+2")).toBe("'+1+2");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("writes a header and one line per row, Vietnamese intact", () => {
    const row: AuditEntry = {
      id: 7,
      at: T0,
      actorId: "u1",
      actorEmail: "an@example.gov.vn",
      action: "user.update",
      target: "user:u2",
      details: { name: "=cmd|' /C calc'!A0", note: 'Đã đổi, "gấp"' },
      ip: "192.0.2.1",
      userAgent: "-Mozilla",
    };
    const csv = auditCsv([row]);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("id,at,actor_id,actor_email,action,target,ip,user_agent,details");
    expect(lines[1]).toBe(
      `7,2025-03-01T08:00:00.000Z,u1,an@example.gov.vn,user.update,user:u2,192.0.2.1,'-Mozilla,"{""name"":""=cmd|' /C calc'!A0"",""note"":""Đã đổi, \\""gấp\\""""}"`,
    );
    expect(lines[2]).toBe("");
    expect(auditCsv([], { bom: true }).startsWith("\uFEFFid,")).toBe(true);
  });
});
