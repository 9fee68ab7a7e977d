import { sha256 } from "@oslojs/crypto/sha2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countRecoveryCodes,
  generateRecoveryCode,
  normaliseRecoveryCode,
  replaceRecoveryCodes,
  useRecoveryCode,
} from "./recovery-codes.ts";
import { type TempDb, tempDb } from "./test-db.ts";
import { createUser } from "./users.ts";

const NOW = new Date("2025-03-01T08:00:00.000Z");
let db: TempDb;
let n = 0;

async function newUserId(): Promise<string> {
  n += 1;
  const made = await createUser(
    db.client,
    { email: `recovery-${n}@example.gov.vn`, name: "Lê Văn C", role: "admin" },
    { actorId: null },
    NOW,
  );
  if (!made.ok) throw new Error(made.reason);
  return made.user.id;
}

beforeAll(async () => {
  db = await tempDb();
});
afterAll(() => db.cleanup());

describe("recovery codes", () => {
  it("makes ten distinct codes of six groups of four Crockford base32 characters", async () => {
    const codes = await replaceRecoveryCodes(db.client, await newUserId(), NOW);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){5}[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it("accepts a recovery code once", async () => {
    const userId = await newUserId();
    const codes = await replaceRecoveryCodes(db.client, userId, NOW);
    expect(await useRecoveryCode(db.client, userId, codes[3] as string, NOW)).toBe(true);
    expect(await useRecoveryCode(db.client, userId, codes[3] as string, NOW)).toBe(false);
    expect(await countRecoveryCodes(db.client, userId)).toBe(9);
  });

  it("accepts a code only for the account it was made for", async () => {
    const a = await newUserId();
    const b = await newUserId();
    const codes = await replaceRecoveryCodes(db.client, a, NOW);
    await replaceRecoveryCodes(db.client, b, NOW);
    expect(await useRecoveryCode(db.client, b, codes[0] as string, NOW)).toBe(false);
    expect(await useRecoveryCode(db.client, a, codes[0] as string, NOW)).toBe(true);
  });

  it("forgives case, spaces and dashes, and reads I, L and O as 1, 1 and 0", async () => {
    const userId = await newUserId();
    const [code] = (await replaceRecoveryCodes(db.client, userId, NOW)) as [string];
    const typed = code.toLowerCase().replaceAll("-", " ").replaceAll("1", "l").replaceAll("0", "o");
    expect(normaliseRecoveryCode(typed)).toBe(code.replaceAll("-", ""));
    expect(await useRecoveryCode(db.client, userId, typed, NOW)).toBe(true);
    expect(normaliseRecoveryCode("UUUU-UUUU-UUUU-UUUU-UUUU-UUUU")).toBeNull(); // U is not in the alphabet
    expect(normaliseRecoveryCode(code.slice(0, -1))).toBeNull();
  });

  it("stores only the SHA-256 of each code", async () => {
    const userId = await newUserId();
    const codes = await replaceRecoveryCodes(db.client, userId, NOW);
    const rows = (await db.client.execute({ sql: "SELECT * FROM recovery_codes WHERE user_id = ?", args: [userId] })).rows;
    const stored = rows.map((r) => Buffer.from(r.code_hash as ArrayBuffer).toString("hex")).sort();
    const expected = codes.map((c) => Buffer.from(sha256(new TextEncoder().encode(c.replaceAll("-", "")))).toString("hex")).sort();
    expect(stored).toEqual(expected);
    const dump = JSON.stringify(rows);
    for (const c of codes) expect(dump).not.toContain(c.replaceAll("-", ""));
  });

  it("makes the old codes stop working when new ones are made", async () => {
    const userId = await newUserId();
    const old = await replaceRecoveryCodes(db.client, userId, NOW);
    await replaceRecoveryCodes(db.client, userId, NOW);
    expect(await useRecoveryCode(db.client, userId, old[0] as string, NOW)).toBe(false);
    expect(await countRecoveryCodes(db.client, userId)).toBe(10);
  });

  it("draws codes from the whole alphabet", () => {
    const seen = new Set([...Array.from({ length: 200 }, generateRecoveryCode).join("").replaceAll("-", "")]);
    expect(seen.size).toBe(32);
  });
});
