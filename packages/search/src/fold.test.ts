import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fold, foldedTokens, hasDiacritics, toTelex } from "./fold.ts";

describe("fold", () => {
  it.each([
    ["Mã độc", "ma doc"],
    ["LỪA ĐẢO", "lua dao"],
    ["Bảo vệ thông tin cá nhân", "bao ve thong tin ca nhan"],
    ["Đường dẫn", "duong dan"],
    ["lộ lọt dữ liệu", "lo lot du lieu"],
    ["Phishing & malware", "phishing & malware"],
  ])('folds "%s" to "%s"', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it("treats decomposed (NFD) and composed (NFC) input the same", () => {
    expect(fold("Mã độc".normalize("NFD"))).toBe("ma doc");
  });

  it("keeps the length of the NFC text, so matches map back for highlighting", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite" }), (s) => {
        expect([...fold(s)].length).toBe([...s.normalize("NFC")].length);
      }),
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite" }), (s) => {
        expect(fold(fold(s))).toBe(fold(s));
      }),
    );
  });

  it("splits into folded words", () => {
    expect(foldedTokens("Nhận biết: cuộc gọi lừa đảo!")).toEqual(["nhan", "biet", "cuoc", "goi", "lua", "dao"]);
  });
});

describe("hasDiacritics", () => {
  it("tells typed accents apart from plain ASCII", () => {
    expect(hasDiacritics("mã độc")).toBe(true);
    expect(hasDiacritics("đ")).toBe(true);
    expect(hasDiacritics("ma doc")).toBe(false);
    expect(hasDiacritics("Malware")).toBe(false);
  });
});

describe("toTelex", () => {
  it.each([
    ["mã độc", "max ddoocj"],
    ["mà đọc", "maf ddocj"],
    ["lừa đảo", "luwaf ddaor"],
    ["Bảo vệ thông tin cá nhân", "baor veej thoong tin cas nhaan"],
    ["ương", "uwowng"],
    ["scam 2024", "scam 2024"],
  ])('writes "%s" as "%s"', (input, expected) => {
    expect(toTelex(input)).toBe(expected);
  });

  it("gives words that differ only in accents different forms", () => {
    const forms = ["ma", "mà", "má", "mả", "mã", "mạ"].map(toTelex);
    expect(new Set(forms).size).toBe(6);
  });
});
