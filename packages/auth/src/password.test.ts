import { parseOptions } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { ARGON2_OPTIONS, checkPasswordPolicy, DUMMY_HASH, hashPassword, verifyAgainstDummy, verifyPassword } from "./password.ts";

// "ệ" is one character to the reader; decomposed (NFD) it is three code points: e, U+0323, U+0302.
const composed = "ệ";
const decomposed = composed.normalize("NFD");

describe("password policy", () => {
  it("refuses 11 characters and accepts 12", async () => {
    expect(await checkPasswordPolicy("a".repeat(11))).toEqual({ ok: false, reason: "too_short", min: 12 });
    expect(await checkPasswordPolicy("a".repeat(12))).toEqual({ ok: true });
  });

  it("refuses 129 characters and accepts 128", async () => {
    expect(await checkPasswordPolicy("a".repeat(129))).toEqual({ ok: false, reason: "too_long", max: 128 });
    expect(await checkPasswordPolicy("a".repeat(128))).toEqual({ ok: true });
  });

  it("counts characters after NFC normalisation, not code units", async () => {
    expect(decomposed.length).toBe(3);
    // 11 letters typed with combining marks are 33 code points, but still 11 characters.
    expect(await checkPasswordPolicy(decomposed.repeat(11))).toMatchObject({ ok: false, reason: "too_short" });
    expect(await checkPasswordPolicy(decomposed.repeat(12))).toEqual({ ok: true });
    // 43 × 3 = 129 code points before normalisation, 43 characters after: not too long.
    expect(await checkPasswordPolicy(decomposed.repeat(43))).toEqual({ ok: true });
    // Characters outside the BMP are one character each, though two UTF-16 units.
    expect(await checkPasswordPolicy("🔐".repeat(11))).toMatchObject({ ok: false, reason: "too_short" });
    expect(await checkPasswordPolicy("🔐".repeat(128))).toEqual({ ok: true });
  });

  it("accepts any Unicode with no composition rules", async () => {
    expect(await checkPasswordPolicy("tất cả chữ thường")).toEqual({ ok: true });
    expect(await checkPasswordPolicy("            ")).toEqual({ ok: true });
  });

  it("refuses a breached password through the callback, which sees the NFC form", async () => {
    const seen: string[] = [];
    const isBreached = async (pw: string) => {
      seen.push(pw);
      return pw === `mật khẩu ${composed}${composed}${composed}`;
    };
    expect(await checkPasswordPolicy(`mật khẩu ${decomposed}${decomposed}${decomposed}`, isBreached)).toEqual({
      ok: false,
      reason: "breached",
    });
    expect(await checkPasswordPolicy("một câu khác hẳn", isBreached)).toEqual({ ok: true });
    expect(seen[0]).toBe(`mật khẩu ${composed}${composed}${composed}`);
  });

  it("does not ask the breach check about a password that is too short anyway", async () => {
    let called = false;
    await checkPasswordPolicy("short", async () => {
      called = true;
      return true;
    });
    expect(called).toBe(false);
  });
});

describe("password hashing", () => {
  it("hashes with argon2id and the OWASP parameters, and verifies the same password in either normal form", async () => {
    const hash = await hashPassword(`mật khẩu dài ${decomposed}`);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, `mật khẩu dài ${composed}`)).toBe(true);
    expect(await verifyPassword(hash, `mật khẩu dài ${decomposed}`)).toBe(true);
    expect(await verifyPassword(hash, "mật khẩu dài e")).toBe(false);
    expect(await hashPassword(`mật khẩu dài ${composed}`)).not.toBe(hash); // a fresh salt each time
  });

  it("answers false, without throwing, for a malformed stored hash", async () => {
    expect(await verifyPassword("not a hash", "whatever password")).toBe(false);
    expect(await verifyPassword("", "whatever password")).toBe(false);
  });

  it("keeps the dummy hash on the same parameters as real hashes, so it costs the same", () => {
    const dummy = parseOptions(DUMMY_HASH);
    expect(dummy).toMatchObject({
      algorithm: ARGON2_OPTIONS.algorithm,
      memoryCost: ARGON2_OPTIONS.memoryCost,
      timeCost: ARGON2_OPTIONS.timeCost,
      parallelism: ARGON2_OPTIONS.parallelism,
      outputLen: 32,
      saltLen: 16,
    });
  });

  it("spends about the time of a real check on the dummy, and always says no", async () => {
    const real = await hashPassword("the real password here");
    // CPU time of this process (argon2 runs on its thread pool), not wall time: other test files
    // running at once slow the wall clock but not the work done here.
    const time = async (f: () => Promise<unknown>) => {
      const t = process.cpuUsage();
      await f();
      const d = process.cpuUsage(t);
      return d.user + d.system;
    };
    const dummyTimes: number[] = [];
    const realTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      dummyTimes.push(await time(() => verifyAgainstDummy("a guess")));
      realTimes.push(await time(() => verifyPassword(real, "a guess")));
    }
    // Loose bounds on the fastest of three: a shortcut (no hashing) would be 100× faster.
    const ratio = Math.min(...dummyTimes) / Math.min(...realTimes);
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(4);
    expect(await verifyAgainstDummy("")).toBe(false);
  });
});
