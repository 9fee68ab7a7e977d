import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TempDb, tempDb } from "./test-db.ts";
import { isLocked, LOCKOUT_THRESHOLD, RateLimiter, recordFailure, resetFailures } from "./throttle.ts";

const T0 = new Date("2025-03-01T08:00:00.000Z");
const SEC = 1000;
const MIN = 60 * SEC;
const at = (ms: number) => new Date(T0.getTime() + ms);

let db: TempDb;
beforeAll(async () => {
  db = await tempDb();
});
afterAll(() => db.cleanup());

describe("account lockout", () => {
  it("locks an account after 10 failures within 15 minutes, for 15 minutes, and says how long", async () => {
    const account = "lock-1@example.gov.vn";
    for (let i = 0; i < LOCKOUT_THRESHOLD - 1; i++) {
      expect(await recordFailure(db.client, account, at(i * MIN))).toEqual({ locked: false });
    }
    const tenth = at(14 * MIN);
    expect(await recordFailure(db.client, account, tenth)).toEqual({ locked: true, retryAfterSeconds: 900 });
    expect(await isLocked(db.client, account, new Date(tenth.getTime() + 14 * MIN + 30 * SEC))).toEqual({
      locked: true,
      retryAfterSeconds: 30,
    });
    expect(await isLocked(db.client, account, new Date(tenth.getTime() + 15 * MIN - 1))).toEqual({ locked: true, retryAfterSeconds: 1 });
    expect(await isLocked(db.client, account, new Date(tenth.getTime() + 15 * MIN))).toEqual({ locked: false });
    // After the lock, counting starts again: one more failure does not lock.
    expect(await recordFailure(db.client, account, new Date(tenth.getTime() + 16 * MIN))).toEqual({ locked: false });
  });

  it("does not lock for 10 failures spread over more than 15 minutes", async () => {
    const account = "lock-2@example.gov.vn";
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      expect(await recordFailure(db.client, account, at(i * 2 * MIN))).toEqual({ locked: false });
    }
  });

  it("counts failures in a sliding window, whenever they began", async () => {
    const account = "lock-3@example.gov.vn";
    await recordFailure(db.client, account, at(0)); // leaves the window before the end
    for (let i = 1; i <= 8; i++) await recordFailure(db.client, account, at(10 * MIN + i * SEC));
    // Nine in the last fifteen minutes (the first has slid out): not yet.
    expect(await recordFailure(db.client, account, at(16 * MIN))).toEqual({ locked: false });
    // Ten in the last fifteen minutes, though a window fixed at the first failure would have restarted.
    expect((await recordFailure(db.client, account, at(16 * MIN + SEC))).locked).toBe(true);
  });

  it("forgets the failures after a successful sign-in", async () => {
    const account = "lock-4@example.gov.vn";
    for (let i = 0; i < LOCKOUT_THRESHOLD - 1; i++) await recordFailure(db.client, account, at(i * SEC));
    await resetFailures(db.client, account);
    expect(await recordFailure(db.client, account, at(20 * SEC))).toEqual({ locked: false });
  });

  it("keeps accounts apart", async () => {
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await recordFailure(db.client, "lock-5@example.gov.vn", at(i * SEC));
    expect((await isLocked(db.client, "lock-5@example.gov.vn", at(MIN))).locked).toBe(true);
    expect(await isLocked(db.client, "lock-6@example.gov.vn", at(MIN))).toEqual({ locked: false });
  });

  it("is shared by every process: a lock set through one connection is seen through another", async () => {
    const other = await db.other();
    const account = "lock-7@example.gov.vn";
    for (let i = 0; i < LOCKOUT_THRESHOLD / 2; i++) {
      await recordFailure(db.client, account, at(i * SEC));
      await recordFailure(other.client, account, at(i * SEC + 500));
    }
    expect((await isLocked(other.client, account, at(MIN))).locked).toBe(true);
    expect((await isLocked(db.client, account, at(MIN))).locked).toBe(true);
  });
});

describe("per-IP rate limiter", () => {
  const window = 15 * MIN;

  it("allows 30 sign-in attempts per IP per 15 minutes and refuses the 31st with a wait", () => {
    const limiter = new RateLimiter({ limit: 30, windowMs: window });
    const start = 1_000 * window; // the start of a fixed window
    for (let i = 0; i < 30; i++) expect(limiter.hit("192.0.2.1", start + i * SEC).allowed, `attempt ${i + 1}`).toBe(true);
    const refused = limiter.hit("192.0.2.1", start + 30 * SEC);
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(limiter.hit("192.0.2.2", start + 30 * SEC).allowed).toBe(true);
  });

  it("does not allow a double burst across a window edge", () => {
    const limiter = new RateLimiter({ limit: 30, windowMs: window });
    const edge = 2_000 * window;
    for (let i = 0; i < 30; i++) limiter.hit("ip", edge - 10 * SEC);
    // Just after the edge, the previous window still counts almost fully.
    expect(limiter.hit("ip", edge + SEC).allowed).toBe(false);
    // Half a window later, half of it has slid out: about 15 attempts fit again.
    let allowed = 0;
    for (let i = 0; i < 30; i++) if (limiter.hit("ip", edge + window / 2).allowed) allowed++;
    expect(allowed).toBeGreaterThanOrEqual(14);
    expect(allowed).toBeLessThanOrEqual(16);
  });

  it("tells a refused client a wait after which it is let in", () => {
    const limiter = new RateLimiter({ limit: 5, windowMs: MIN });
    const start = 5_000 * MIN;
    for (let i = 0; i < 5; i++) limiter.hit("ip", start + 50 * SEC);
    const refused = limiter.hit("ip", start + 55 * SEC);
    expect(refused.allowed).toBe(false);
    if (refused.allowed) return;
    expect(limiter.hit("ip", start + 55 * SEC + (refused.retryAfterSeconds - 1) * SEC).allowed).toBe(false);
    expect(limiter.hit("ip", start + 55 * SEC + refused.retryAfterSeconds * SEC).allowed).toBe(true);
  });

  it("remembers at most maxKeys addresses, forgetting the least recently seen", () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: window, maxKeys: 3 });
    const now = 3_000 * window;
    limiter.hit("a", now);
    limiter.hit("b", now);
    limiter.hit("c", now);
    expect(limiter.hit("a", now).allowed).toBe(false); // a is now the most recently seen
    limiter.hit("d", now); // b goes
    expect(limiter.size).toBe(3);
    expect(limiter.hit("b", now).allowed).toBe(true); // forgotten, so counted afresh (and c goes)
    expect(limiter.hit("a", now).allowed).toBe(false);
  });
});
