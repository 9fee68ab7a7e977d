import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeAt, enrolledUser, TEST_KEY, type TempDb, tempDb } from "./test-db.ts";
import {
  generateTotpSecret,
  loadOrCreateKey,
  matchTotp,
  openTotpSecret,
  sealTotpSecret,
  TOTP_ISSUER,
  TotpKeyError,
  totpCodeNow,
  totpKeyUri,
  totpQrSvg,
  totpQrTerminal,
  totpStep,
  verifyUserTotp,
} from "./totp.ts";

const ENROLLED_AT = new Date("2025-03-01T08:00:00.000Z");
const STEP = 30 * 1000;

let db: TempDb;
beforeAll(async () => {
  db = await tempDb();
});
afterAll(() => db.cleanup());

describe("TOTP codes (RFC 6238)", () => {
  // RFC 6238 Appendix B: SHA-1 seed "12345678901234567890"; the 8-digit codes' last six digits.
  const rfcSeed = new TextEncoder().encode("12345678901234567890");

  it("agrees with the RFC 6238 test vectors", () => {
    expect(matchTotp(rfcSeed, "287082", new Date(59_000))).toBe(1);
    expect(matchTotp(rfcSeed, "081804", new Date(1_111_111_109_000))).toBe(37_037_036);
    expect(matchTotp(rfcSeed, "005924", new Date(1_234_567_890_000))).toBe(41_152_263);
  });

  it("accepts a code from one step before or after now, and refuses two steps away", () => {
    const now = new Date(1_234_567_890_000);
    expect(matchTotp(rfcSeed, codeAt(rfcSeed, now, -1), now)).toBe(totpStep(now) - 1);
    expect(matchTotp(rfcSeed, codeAt(rfcSeed, now, 0), now)).toBe(totpStep(now));
    expect(matchTotp(rfcSeed, codeAt(rfcSeed, now, 1), now)).toBe(totpStep(now) + 1);
    expect(matchTotp(rfcSeed, codeAt(rfcSeed, now, -2), now)).toBeNull();
    expect(matchTotp(rfcSeed, codeAt(rfcSeed, now, 2), now)).toBeNull();
  });

  it("refuses anything but six digits, and forgives the space apps put in the middle", () => {
    const now = new Date(59_000);
    for (const bad of ["", "28708", "2870820", "28708a", "287-082", "２８７０８２"]) expect(matchTotp(rfcSeed, bad, now), bad).toBeNull();
    expect(matchTotp(rfcSeed, "287 082", now)).toBe(1);
  });
});

describe("a user's TOTP", () => {
  it("accepts a current code once and refuses a TOTP code that was already used", async () => {
    const { user, secret } = await enrolledUser(db.client, { now: ENROLLED_AT });
    const later = new Date(ENROLLED_AT.getTime() + 10 * 60 * 1000);
    const code = codeAt(secret, later);
    expect(await verifyUserTotp(db.client, user.id, code, TEST_KEY, later)).toBe(true);
    expect(await verifyUserTotp(db.client, user.id, code, TEST_KEY, later)).toBe(false);
    // The previous step's code is still inside the ±1 window but older than the one spent: refused too.
    expect(await verifyUserTotp(db.client, user.id, codeAt(secret, later, -1), TEST_KEY, later)).toBe(false);
    // The next step's code is newer: accepted.
    expect(await verifyUserTotp(db.client, user.id, codeAt(secret, later, 1), TEST_KEY, later)).toBe(true);
  });

  it("refuses the code used at enrolment when it is offered again", async () => {
    const { user, secret } = await enrolledUser(db.client, { now: ENROLLED_AT });
    expect(
      await verifyUserTotp(db.client, user.id, codeAt(secret, ENROLLED_AT), TEST_KEY, new Date(ENROLLED_AT.getTime() + STEP / 2)),
    ).toBe(false);
  });

  it("lets only one of two processes accept the same code", async () => {
    const { user, secret } = await enrolledUser(db.client, { now: ENROLLED_AT });
    const other = await db.other();
    const later = new Date(ENROLLED_AT.getTime() + 5 * 60 * 1000);
    const code = codeAt(secret, later);
    const results = await Promise.all([
      verifyUserTotp(db.client, user.id, code, TEST_KEY, later),
      verifyUserTotp(other.client, user.id, code, TEST_KEY, later),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("stores the TOTP secret sealed, not in plain text", async () => {
    const { user, secret } = await enrolledUser(db.client, { now: ENROLLED_AT });
    const row = (await db.client.execute({ sql: "SELECT * FROM users WHERE id = ?", args: [user.id] })).rows[0] as Record<string, unknown>;
    const sealed = new Uint8Array(row.totp_secret_enc as ArrayBuffer);
    const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
    expect(hex(sealed)).not.toContain(hex(secret));
    const everything = JSON.stringify(Object.values(row).map((v) => (v instanceof ArrayBuffer ? hex(new Uint8Array(v)) : v)));
    expect(everything).not.toContain(encodeBase32UpperCaseNoPadding(secret));
    expect(everything.toLowerCase()).not.toContain(encodeBase32UpperCaseNoPadding(secret).toLowerCase());
    // It opens with the key and only for this user.
    expect(openTotpSecret(TEST_KEY, sealed, user.id)).toEqual(secret);
    expect(() => openTotpSecret(new Uint8Array(32).fill(7), sealed, user.id)).toThrow(TotpKeyError);
    expect(() => openTotpSecret(TEST_KEY, sealed, "someone-else")).toThrow(TotpKeyError);
  });

  it("seals the same secret differently every time (a fresh IV)", () => {
    const secret = new Uint8Array(20).fill(1);
    expect(sealTotpSecret(TEST_KEY, secret, "u")).not.toEqual(sealTotpSecret(TEST_KEY, secret, "u"));
  });
});

describe("enrolment helpers", () => {
  const secret = new TextEncoder().encode("12345678901234567890");

  it("builds an otpauth URI with the issuer, the account, 6 digits and 30-second steps", () => {
    const uri = new URL(totpKeyUri(secret, "an@example.gov.vn"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe(`/${TOTP_ISSUER}:an@example.gov.vn`);
    expect(uri.searchParams.get("issuer")).toBe(TOTP_ISSUER);
    expect(uri.searchParams.get("secret")).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("period")).toBe("30");
    expect(uri.searchParams.get("algorithm")).toBe("SHA1");
  });

  it("draws the URI as an SVG QR code and as a terminal QR code", async () => {
    const uri = totpKeyUri(secret, "an@example.gov.vn");
    const svg = await totpQrSvg(uri);
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain("<path");
    const terminal = await totpQrTerminal(uri);
    expect(terminal.split("\n").length).toBeGreaterThan(15);
    expect(terminal).toMatch(/[█▀▄]/);
  });
});

describe("the TOTP encryption key", () => {
  it("creates <dataDir>/keys/totp.key with mode 0600 on first use and reads the same key after", () => {
    const first = loadOrCreateKey(db.dir);
    expect(first.length).toBe(32);
    const file = join(db.dir, "keys", "totp.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, "utf8").trim(), "base64")).toEqual(Buffer.from(first));
    expect(loadOrCreateKey(db.dir)).toEqual(first);
  });

  it("prefers a base64 key from the environment", () => {
    const env = Buffer.alloc(32, 9).toString("base64");
    expect(Buffer.from(loadOrCreateKey(db.dir, env))).toEqual(Buffer.alloc(32, 9));
  });

  it("refuses a key of the wrong size and says how to make one", () => {
    expect(() => loadOrCreateKey(db.dir, Buffer.alloc(16).toString("base64"))).toThrow(/32 bytes in base64.*openssl rand -base64 32/);
    expect(() => loadOrCreateKey(db.dir, "not base64 at all!")).toThrow(TotpKeyError);
  });
});

describe("totpCodeNow", () => {
  it("gives the code an authenticator app shows for a base32 key, the one matchTotp accepts", () => {
    const secret = generateTotpSecret();
    const now = new Date("2026-11-29T10:00:00Z");
    const code = totpCodeNow(encodeBase32UpperCaseNoPadding(secret), now);
    expect(code).toMatch(/^\d{6}$/);
    expect(matchTotp(secret, code, now)).toBe(totpStep(now));
    expect(matchTotp(secret, code, new Date(now.getTime() + 5 * 60_000))).toBeNull();
  });
});
