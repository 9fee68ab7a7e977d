import { sha256 } from "@oslojs/crypto/sha2";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ABSOLUTE_MS,
  ACTIVITY_CHECK_MS,
  createSession,
  deleteExpiredSessions,
  INACTIVITY_MS,
  invalidateSession,
  invalidateUserSessions,
  listUserSessions,
  validateSessionToken,
} from "./session.ts";
import { type TempDb, tempDb } from "./test-db.ts";
import { createUser } from "./users.ts";

const T0 = new Date("2025-03-01T08:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60 * 1000;
const meta = { ip: "198.51.100.7", userAgent: "Mozilla/5.0 (test)" };

let db: TempDb;
let n = 0;

/** A fresh account; sessions need no password, so no argon2 is spent here. */
async function newUserId(): Promise<string> {
  n += 1;
  const made = await createUser(
    db.client,
    { email: `session-${n}@example.gov.vn`, name: "Trần Thị B", role: "analyst" },
    { actorId: null },
    T0,
  );
  if (!made.ok) throw new Error(made.reason);
  return made.user.id;
}

async function storedRow(id: string) {
  return (await db.client.execute({ sql: "SELECT * FROM sessions WHERE id = ?", args: [id] })).rows[0];
}

beforeAll(async () => {
  db = await tempDb();
});
afterAll(() => db.cleanup());

describe("session tokens", () => {
  it("issues a token <id>.<secret> with a 256-bit secret and stores only the secret's SHA-256", async () => {
    const userId = await newUserId();
    const { session, token } = await createSession(db.client, userId, meta, T0);
    const m = /^([a-z2-7]{24})\.([a-z2-7]{52})$/.exec(token);
    expect(m).not.toBeNull();
    expect(m?.[1]).toBe(session.id);
    const secret = decodeBase32IgnorePadding(m?.[2] as string);
    expect(secret.length).toBe(32);

    const row = await storedRow(session.id);
    expect(new Uint8Array(row?.secret_hash as ArrayBuffer)).toEqual(sha256(secret));
    const stored = JSON.stringify(Object.values(row ?? {}).map((v) => (v instanceof ArrayBuffer ? Buffer.from(v).toString("hex") : v)));
    expect(stored).not.toContain(m?.[2]);
    expect(stored).not.toContain(Buffer.from(secret).toString("hex"));
  });

  it("validates the token it issued and returns the session with its user", async () => {
    const userId = await newUserId();
    const { token } = await createSession(db.client, userId, meta, T0);
    const result = await validateSessionToken(db.client, token, at(MIN / 2));
    expect(result?.user.id).toBe(userId);
    expect(result?.session.userId).toBe(userId);
    expect(result?.session.ip).toBe(meta.ip);
    expect(result?.session.expiresAt.getTime()).toBe(T0.getTime() + INACTIVITY_MS);
  });

  it("gives every session a different id and secret", async () => {
    const userId = await newUserId();
    const tokens = await Promise.all(Array.from({ length: 5 }, () => createSession(db.client, userId, meta, T0)));
    const ids = new Set(tokens.map((t) => t.session.id));
    const secrets = new Set(tokens.map((t) => t.token.split(".")[1]));
    expect(ids.size).toBe(5);
    expect(secrets.size).toBe(5);
  });

  it("refuses tampered, truncated and garbage tokens without throwing", async () => {
    const userId = await newUserId();
    const { token } = await createSession(db.client, userId, meta, T0);
    const [id, secret] = token.split(".") as [string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "a" ? "b" : "a") + s.slice(i + 1);
    const bad = [
      `${id}.${flip(secret, 10)}`, // one character of the secret changed
      `${flip(id, 3)}.${secret}`, // another id
      token.slice(0, -1), // truncated
      `${token}a`, // one character too many
      `${id}.${secret.slice(0, -1)}7`, // last character with non-zero padding bits
      token.toUpperCase(),
      `${id}.${secret}=`,
      `${id}.${secret}.${secret}`,
      id,
      `.${secret}`,
      ".",
      "",
      "null",
      "x".repeat(10_000),
      "é".repeat(77),
      `${id}\n.${secret}`,
    ];
    for (const t of bad) {
      await expect(validateSessionToken(db.client, t, at(MIN)), t.slice(0, 40)).resolves.toBeNull();
    }
    await expect(validateSessionToken(db.client, undefined as unknown as string, at(MIN))).resolves.toBeNull();
    // The real one still works: the refusals above were about the tokens, not the session.
    expect(await validateSessionToken(db.client, token, at(MIN))).not.toBeNull();
  });

  it("refuses a token whose secret belongs to another session", async () => {
    const userId = await newUserId();
    const a = await createSession(db.client, userId, meta, T0);
    const b = await createSession(db.client, userId, meta, T0);
    const mixed = `${a.session.id}.${b.token.split(".")[1]}`;
    expect(await validateSessionToken(db.client, mixed, at(MIN))).toBeNull();
  });

  it("refuses the token of a session deleted from the database", async () => {
    const userId = await newUserId();
    const { session, token } = await createSession(db.client, userId, meta, T0);
    await db.client.execute({ sql: "DELETE FROM sessions WHERE id = ?", args: [session.id] });
    expect(await validateSessionToken(db.client, token, at(MIN))).toBeNull();
  });
});

describe("session lifetime", () => {
  it("ends a session left unused for 30 minutes", async () => {
    const userId = await newUserId();
    const { token } = await createSession(db.client, userId, meta, T0);
    expect(await validateSessionToken(db.client, token, at(INACTIVITY_MS))).toBeNull();
  });

  it("keeps a session used within 30 minutes, counting from the last use", async () => {
    const userId = await newUserId();
    const { token } = await createSession(db.client, userId, meta, T0);
    const firstUse = INACTIVITY_MS - 1000;
    expect(await validateSessionToken(db.client, token, at(firstUse))).not.toBeNull();
    expect(await validateSessionToken(db.client, token, at(firstUse + INACTIVITY_MS - 1000))).not.toBeNull();
  });

  it("removes the row of a session found expired", async () => {
    const userId = await newUserId();
    const { session, token } = await createSession(db.client, userId, meta, T0);
    await validateSessionToken(db.client, token, at(INACTIVITY_MS + MIN));
    expect(await storedRow(session.id)).toBeUndefined();
  });

  it("ends a session 12 hours after sign-in however busy it is", async () => {
    const userId = await newUserId();
    const { token } = await createSession(db.client, userId, meta, T0);
    for (let t = 20 * MIN; t < ABSOLUTE_MS; t += 20 * MIN) {
      expect(await validateSessionToken(db.client, token, at(t)), `at +${t / MIN} min`).not.toBeNull();
    }
    const last = await validateSessionToken(db.client, token, at(ABSOLUTE_MS - 1000));
    expect(last?.session.expiresAt.getTime()).toBe(T0.getTime() + ABSOLUTE_MS);
    expect(await validateSessionToken(db.client, token, at(ABSOLUTE_MS))).toBeNull();
  });

  it("writes the last-verified time at most once a minute", async () => {
    const userId = await newUserId();
    const { session, token } = await createSession(db.client, userId, meta, T0);
    await validateSessionToken(db.client, token, at(ACTIVITY_CHECK_MS - 1000));
    expect((await storedRow(session.id))?.last_verified_at).toBe(T0.toISOString());
    const later = await validateSessionToken(db.client, token, at(ACTIVITY_CHECK_MS));
    expect((await storedRow(session.id))?.last_verified_at).toBe(at(ACTIVITY_CHECK_MS).toISOString());
    expect(later?.session.expiresAt.getTime()).toBe(at(ACTIVITY_CHECK_MS + INACTIVITY_MS).getTime());
  });

  it("deletes expired sessions in bulk and keeps live ones", async () => {
    const userId = await newUserId();
    const old = await createSession(db.client, userId, meta, at(-2 * INACTIVITY_MS));
    const live = await createSession(db.client, userId, meta, T0);
    await deleteExpiredSessions(db.client, at(MIN));
    expect(await storedRow(old.session.id)).toBeUndefined();
    expect(await storedRow(live.session.id)).toBeDefined();
  });
});

describe("signing out", () => {
  it("signs out: the token stops working", async () => {
    const userId = await newUserId();
    const { session, token } = await createSession(db.client, userId, meta, T0);
    await invalidateSession(db.client, session.id);
    expect(await validateSessionToken(db.client, token, at(MIN))).toBeNull();
  });

  it("signs out of the other sessions and keeps the current one", async () => {
    const userId = await newUserId();
    const otherUserId = await newUserId();
    const current = await createSession(db.client, userId, meta, T0);
    const phone = await createSession(db.client, userId, { ip: "192.0.2.9", userAgent: "phone" }, T0);
    const laptop = await createSession(db.client, userId, { ip: "192.0.2.10", userAgent: "laptop" }, T0);
    const someoneElse = await createSession(db.client, otherUserId, meta, T0);

    expect(await invalidateUserSessions(db.client, userId, current.session.id)).toBe(2);
    expect(await validateSessionToken(db.client, current.token, at(MIN))).not.toBeNull();
    expect(await validateSessionToken(db.client, phone.token, at(MIN))).toBeNull();
    expect(await validateSessionToken(db.client, laptop.token, at(MIN))).toBeNull();
    expect(await validateSessionToken(db.client, someoneElse.token, at(MIN))).not.toBeNull();

    expect(await invalidateUserSessions(db.client, userId)).toBe(1);
    expect(await validateSessionToken(db.client, current.token, at(MIN))).toBeNull();
  });

  it("lists a user's live sessions, most recently used first", async () => {
    const userId = await newUserId();
    const stale = await createSession(db.client, userId, { ip: "192.0.2.1", userAgent: "stale" }, at(-INACTIVITY_MS - MIN));
    const first = await createSession(db.client, userId, { ip: "192.0.2.2", userAgent: "first" }, T0);
    const second = await createSession(db.client, userId, { ip: "192.0.2.3", userAgent: "second" }, at(MIN));
    await validateSessionToken(db.client, first.token, at(3 * MIN));
    const list = await listUserSessions(db.client, userId, at(4 * MIN));
    expect(list.map((s) => s.id)).toEqual([first.session.id, second.session.id]);
    expect(list.map((s) => s.id)).not.toContain(stale.session.id);
    expect(list[0]).not.toHaveProperty("secretHash");
  });
});
