import { describe, expect, it } from "vitest";
import { normaliseEmail, normaliseIdentifier, normalisePhone } from "./normalise.ts";

describe("e-mail normalisation", () => {
  const table: [string, string | null][] = [
    ["  An.Nguyen@Example.COM ", "an.nguyen@example.com"],
    ["an.nguyen+shopping@example.com", "an.nguyen@example.com"],
    ["A.N.Nguyen+news@gmail.com", "annguyen@gmail.com"],
    ["an.nguyen@googlemail.com", "annguyen@gmail.com"],
    ["an.nguyen@outlook.com", "an.nguyen@outlook.com"],
    ["user@bücher.example", "user@xn--bcher-kva.example"],
    ["user@example.com.", "user@example.com"],
    ["+tag@example.com", "+tag@example.com"],
    ["no-at-sign.example.com", null],
    ["two@@example.com", null],
    ["@example.com", null],
    ["user@", null],
    ["user@localhost", null],
    ["us er@example.com", null],
  ];
  for (const [input, want] of table) {
    it(`turns ${JSON.stringify(input)} into ${JSON.stringify(want)}`, () => {
      expect(normaliseEmail(input)).toBe(want);
    });
  }
});

describe("phone normalisation to E.164", () => {
  const table: [string, string | null][] = [
    ["0912345678", "+84912345678"],
    ["0912 345 678", "+84912345678"],
    ["0912.345.678", "+84912345678"],
    ["091-234-5678", "+84912345678"],
    ["84912345678", "+84912345678"],
    ["+84912345678", "+84912345678"],
    ["+84 912 345 678", "+84912345678"],
    ["+84 (0) 912 345 678", "+84912345678"],
    ["0084 912 345 678", "+84912345678"],
    ["912345678", "+84912345678"],
    ["024 3822 1234", "+842438221234"],
    ["+84 24 3822 1234", "+842438221234"],
    ["+1 202 555 0143", "+12025550143"],
    ["12345", null],
    ["091234567890123", null],
    ["+84 12", null],
    ["09123abc45", null],
  ];
  for (const [input, want] of table) {
    it(`turns ${JSON.stringify(input)} into ${JSON.stringify(want)}`, () => {
      expect(normalisePhone(input)).toBe(want);
    });
  }
});

describe("identifier detection", () => {
  it("tells e-mail addresses, phone numbers and other text apart", () => {
    expect(normaliseIdentifier("An@Example.com")).toEqual({ kind: "email", value: "an@example.com" });
    expect(normaliseIdentifier("+84 912 345 678")).toEqual({ kind: "phone", value: "+84912345678" });
    expect(normaliseIdentifier("   ")).toEqual({ kind: "invalid", reason: "empty" });
    expect(normaliseIdentifier("bad@")).toEqual({ kind: "invalid", reason: "email" });
    expect(normaliseIdentifier("0000")).toEqual({ kind: "invalid", reason: "phone" });
    expect(normaliseIdentifier("nguyen van an")).toEqual({ kind: "invalid", reason: "unknown" });
  });
});
