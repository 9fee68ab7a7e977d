import type { PasswordCorpus } from "@portal/contracts";
import { describe, expect, it } from "vitest";
import { stringsFor } from "../../i18n/index.ts";
import { foundMessage } from "./breach.ts";

const demo: PasswordCorpus = { kind: "demo", label: "@zxcvbn-ts/language-common", count: 30000, builtAt: "2026-11-01T00:00:00Z" };
const imported: PasswordCorpus = { ...demo, kind: "import", label: "pwned-passwords" };
const vi = stringsFor("vi", "breach");
const en = stringsFor("en", "breach");

describe("the password check's found message", () => {
  it("says a demo-corpus password is among the most common passwords, with no count", () => {
    expect(foundMessage(1, demo, "en", en)).toContain("on the list of the most common passwords");
    expect(foundMessage(1, demo, "en", en)).not.toMatch(/\d/);
    expect(foundMessage(1, demo, "vi", vi)).toContain("danh sách những mật khẩu phổ biến nhất");
    expect(foundMessage(1, demo, "vi", vi)).not.toMatch(/\d/);
  });

  it('pluralises real counts in English: "1 time", "2 times", "1,234,567 times"', () => {
    expect(foundMessage(1, imported, "en", en)).toContain("appears 1 time in");
    expect(foundMessage(2, imported, "en", en)).toContain("appears 2 times in");
    expect(foundMessage(1234567, imported, "en", en)).toContain("appears 1,234,567 times in");
  });

  it('has one form in Vietnamese ("1 lần", "2 lần") and writes numbers with dots', () => {
    expect(foundMessage(1, imported, "vi", vi)).toContain("xuất hiện 1 lần trong");
    expect(foundMessage(2, imported, "vi", vi)).toContain("xuất hiện 2 lần trong");
    expect(foundMessage(1234567, imported, "vi", vi)).toContain("xuất hiện 1.234.567 lần trong");
  });

  it("gives no count when it does not know where the counts come from", () => {
    expect(foundMessage(1, undefined, "en", en)).toContain("known leaked passwords");
    expect(foundMessage(1, undefined, "en", en)).not.toMatch(/\d/);
  });
});
