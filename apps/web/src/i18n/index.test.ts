import { pages } from "@portal/contracts";
import { describe, expect, it } from "vitest";
import { checkStrings, mergeStrings, stringsFor, t } from "./index.ts";

const files = import.meta.glob<Record<string, string>>("./ui/*/*.json", { eager: true, import: "default" });
const load = (lang: string) => mergeStrings(Object.fromEntries(Object.entries(files).filter(([f]) => f.startsWith(`./ui/${lang}/`))), []);
const vi = load("vi");
const en = load("en");

describe("UI strings", () => {
  it("has the same keys in Vietnamese and English", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    expect(checkStrings({ vi, en })).toEqual([]);
  });

  it("names the file and key when one is missing, empty or not NFC", () => {
    const decomposed = "Trang chu\u0309"; // "Trang chủ" with a combining hook above: NFD, not NFC
    const problems = checkStrings({ vi: { "a.b": "x", "c.d": decomposed, "e.f": " " }, en: { "a.b": "x", "c.d": "y", "e.f": "z" } });
    expect(problems).toContain('src/i18n/ui/vi/: "c.d" is not Unicode NFC');
    expect(problems).toContain('src/i18n/ui/vi/ has an empty "e.f"');
    expect(checkStrings({ vi: { "a.b": "x" }, en: {} })).toEqual(['src/i18n/ui/en/ is missing "a.b"']);
  });

  it("refuses the same key in two files of one language", () => {
    const problems: string[] = [];
    mergeStrings({ "./ui/vi/a.json": { "x.y": "1" }, "./ui/vi/b.json": { "x.y": "2" } }, problems);
    expect(problems).toEqual(['"x.y" is defined in both ./ui/vi/a.json and ./ui/vi/b.json']);
  });

  it("hands an island exactly the strings under its prefixes, in the files' order", () => {
    const check = stringsFor("en", "check");
    expect(Object.keys(check)).toEqual(Object.keys(en).filter((k) => k.startsWith("check.")));
    const search = stringsFor("vi", "search", "legal.status");
    expect(Object.keys(search).every((k) => k.startsWith("search.") || k.startsWith("legal.status."))).toBe(true);
    expect(search["legal.status.in-force"]).toBe(vi["legal.status.in-force"]);
    expect(Object.keys(search)).not.toContain("legal.title");
  });

  it("gives the portal one name per language, the site's, wherever a string names it", () => {
    expect(vi["site.name"]).toBe("Cổng An toàn không gian mạng");
    expect(en["site.name"]).toBe("Cyberspace Safety Portal");
    for (const [key, text] of Object.entries(en)) {
      if (/Safety Portal/.test(text)) expect(text, key).toContain(en["site.name"]);
      expect(text, key).not.toMatch(/(Vietnam|Viet Nam|National|Vietnam's) Cyberspace Safety/i);
    }
    for (const [key, text] of Object.entries(vi)) {
      if (/Cổng An toàn/i.test(text)) expect(text, key).toContain(vi["site.name"]);
    }
  });

  it("keeps a feature's strings file to that feature: what another feature also uses is in core.json", () => {
    // The checks' strings (check.json) are used by the checks and by the tools' list in routes.ts only.
    const sources = import.meta.glob<string>("../features/*/*.{astro,ts,tsx}", { eager: true, query: "?raw", import: "default" });
    const borrowed = Object.entries(sources)
      .filter(([file]) => !file.startsWith("../features/checks/") && !file.endsWith(".test.ts"))
      .flatMap(([file, text]) => [...text.matchAll(/["'`]check\.[\w.]+/g)].map((m) => `${file}: ${m[0].slice(1)}`));
    expect(borrowed).toEqual([]);
    expect(Object.keys(vi).filter((k) => k.startsWith("status."))).toContain("status.service.link");
  });

  it("fills placeholders", () => {
    expect(t("vi", "status.latency", { ms: 3 })).toBe("phản hồi sau 3 ms");
    expect(t("en", "status.latency", { ms: 3 })).toBe("answered in 3 ms");
  });
});

describe("page map", () => {
  it("keeps English pages under /en/ and Vietnamese ones outside it", () => {
    for (const [key, p] of Object.entries(pages)) {
      expect(p.en.startsWith("/en/"), key).toBe(true);
      expect(p.vi.startsWith("/en/"), key).toBe(false);
    }
  });
});
