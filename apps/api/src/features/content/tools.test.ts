import { LANGS, pages } from "@portal/contracts";
import { bestBets, queryWords } from "@portal/search";
import { describe, expect, it } from "vitest";
import { TOOLS, toolSearchDocuments } from "./tools.ts";

const docs = toolSearchDocuments();

describe("the tools' search documents", () => {
  it("has every tool in both languages, at the address paths.ts gives it", () => {
    expect(docs).toHaveLength(TOOLS.length * LANGS.length);
    for (const tool of TOOLS) {
      for (const lang of LANGS) {
        const doc = docs.find((d) => d.id === `tool:${lang}:${tool.page}`);
        expect(doc, `${tool.page} ${lang}`).toMatchObject({ type: "tool", lang, url: pages[tool.page][lang] });
        expect(doc?.keywords?.length, `${tool.page} ${lang}`).toBeGreaterThan(2);
      }
    }
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
  });

  it("uses whole phrases as keywords, and no phrase for two tools of one language", () => {
    for (const lang of LANGS) {
      const seen = new Map<string, string>();
      for (const d of docs.filter((x) => x.lang === lang)) {
        for (const k of d.keywords ?? []) {
          expect(queryWords(k).length, `${d.id}: "${k}"`).toBeGreaterThanOrEqual(2);
          const key = k.normalize("NFC").toLowerCase();
          expect(seen.get(key), `"${k}" in ${d.id} and ${seen.get(key)}`).toBeUndefined();
          seen.set(key, d.id);
        }
      }
    }
  });

  it.each([
    ["kiểm tra đường dẫn", "vi", "linkCheck"],
    ["số điện thoại lừa đảo", "vi", "numberCheck"],
    ["báo cáo lừa đảo", "vi", "report"],
    ["kiểm tra mật khẩu", "vi", "passwordCheck"],
    ["check a link", "en", "linkCheck"],
    ["report a scam", "en", "report"],
    ["báo cáo số điện thoại lừa đảo", "vi", "report"],
  ] as const)('makes the tool the best bet for "%s" (%s): %s', (q, lang, page) => {
    expect(
      bestBets(
        q,
        docs.filter((d) => d.lang === lang),
      )[0]?.url,
    ).toBe(pages[page][lang]);
  });

  it.each([["ma doc"], ["mã độc"], ["malware"], ["lua dao"], ["lừa đảo"], ["password"], ["mật khẩu"], ["tin giả"], ["dữ liệu bị lộ"]])(
    'pins no tool for the topic word "%s": the articles answer it',
    (q) => {
      expect(bestBets(q, docs)).toEqual([]);
    },
  );
});
