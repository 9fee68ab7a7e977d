import { describe, expect, it } from "vitest";
import { normaliseCitizenIdentifier, normaliseEmail, normaliseIdentifier, normalisePhone } from "./normalise.ts";

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

describe("what the citizen's account check accepts", () => {
  const accepted: [string, string][] = [
    ["0912 345 678", "+84912345678"],
    ["+84 912 345 678", "+84912345678"],
    ["84912345678", "+84912345678"],
    ["+84 (0) 912 345 678", "+84912345678"],
    ["0084 912 345 678", "+84912345678"],
    ["0321 234 567", "+84321234567"],
    ["0521 234 567", "+84521234567"],
    ["0701 234 567", "+84701234567"],
    ["0811 234 567", "+84811234567"],
    ["0900 000 000", "+84900000000"],
  ];
  for (const [input, want] of accepted) {
    it(`accepts the mobile number ${JSON.stringify(input)} as ${want}, the value the importer stores`, () => {
      expect(normaliseCitizenIdentifier(input)).toEqual({ kind: "phone", value: want });
      expect(normalisePhone(input)).toBe(want);
    });
  }

  it("accepts an e-mail address, normalised as the importer does", () => {
    expect(normaliseCitizenIdentifier(" An.Nguyen+news@Example.com ")).toEqual({ kind: "email", value: "an.nguyen@example.com" });
  });

  const refused: [string, string][] = [
    ["0071001234567", "a 13-digit bank account number (the importer would read it as +71001234567)"],
    ["9704 1234 5678 9012", "a card-like number"],
    ["024 3822 1234", "a Hanoi landline"],
    ["+84 24 3822 1234", "a landline in international form"],
    ["+1 202 555 0143", "a United States number"],
    ["001 202 555 0143", "a foreign number with the 00 prefix"],
    ["0120 000 001", "a retired 11-digit mobile number"],
    ["0312 345 678", "a 031 number, which is not a mobile prefix"],
    ["0512 345 678", "a 051 number, which is not a mobile prefix"],
    ["0212 345 678", "ten digits starting 02, a fixed-line area code"],
    ["0612 345 678", "a 06x number, which no network uses for mobiles"],
    ["912345678", "nine digits without the leading 0"],
    ["09123456789", "eleven digits"],
    ["nguyen van an", "plain words"],
  ];
  for (const [input, what] of refused) {
    it(`refuses ${JSON.stringify(input)}, ${what}, as neither e-mail nor mobile`, () => {
      expect(normaliseCitizenIdentifier(input)).toEqual({ kind: "invalid", reason: "notEmailOrMobile" });
    });
  }

  it("says an empty field is empty and a broken e-mail address is a broken e-mail address", () => {
    expect(normaliseCitizenIdentifier("  ")).toEqual({ kind: "invalid", reason: "empty" });
    expect(normaliseCitizenIdentifier("an@")).toEqual({ kind: "invalid", reason: "email" });
  });

  it("leaves the importer's rule as it was: it still stores landlines and foreign numbers", () => {
    expect(normalisePhone("0071001234567")).toBe("+71001234567");
    expect(normalisePhone("0120 000 001")).toBe("+84120000001");
  });
});
