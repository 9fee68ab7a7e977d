import { describe, expect, it } from "vitest";
import { errorCodeOf, issueCode, MAX_URL_LENGTH, pages, paths, UrlInput, utf8Length } from "./index.ts";

describe("public paths", () => {
  it("gives every page an English path under /en/ and a Vietnamese one outside it", () => {
    for (const [key, p] of Object.entries(pages)) {
      expect(p.en.startsWith("/en/"), key).toBe(true);
      expect(p.vi.startsWith("/en/"), key).toBe(false);
      expect(p.vi.endsWith("/") && p.en.endsWith("/"), key).toBe(true);
    }
  });

  it("builds article, breach and feed links from the section pages", () => {
    expect(paths.article("guidance", "vi", "lua-dao-qua-dien-thoai")).toBe("/huong-dan/lua-dao-qua-dien-thoai/");
    expect(paths.article("legal", "en", "decree-13")).toBe("/en/legal/decree-13/");
    expect(paths.breach("en", "DemoShopVN")).toBe("/en/breaches/DemoShopVN/");
    expect(paths.api.breachFeed("vi")).toBe("/api/v1/breaches/feed.atom?lang=vi");
    expect(paths.api.passwordRange("21BD1")).toBe("/api/v1/passwords/range/21BD1");
  });
});

describe("error codes", () => {
  it("reads the code of an answer in the contract's shape and nothing else", () => {
    expect(errorCodeOf({ error: { code: "url_too_long", message: "…" } })).toBe("url_too_long");
    expect(errorCodeOf({ error: { code: "made_up", message: "…" } })).toBeNull();
    expect(errorCodeOf("not json")).toBeNull();
    expect(errorCodeOf(null)).toBeNull();
  });

  it("gives a too-long link and one with control characters their own codes, and an empty one none", () => {
    const code = (s: string) => {
      const r = UrlInput.safeParse(s);
      return r.success ? "ok" : issueCode(r.error.issues[0] as { code: string; params?: Record<string, unknown> });
    };
    expect(code(`https://example.org/${"a".repeat(9000)}`)).toBe("url_too_long");
    expect(code("http://exa\u0000mple.org/")).toBe("not_a_web_address");
    expect(code("   ")).toBeNull();
    expect(code("https://example.org/\n")).toBe("ok");
  });

  it("counts a link's length in UTF-8 bytes, as the documented limit says: 3000 'ệ' are 9000 bytes, too long", () => {
    const code = (s: string) => {
      const r = UrlInput.safeParse(s);
      return r.success ? "ok" : issueCode(r.error.issues[0] as { code: string; params?: Record<string, unknown> });
    };
    const base = "https://example.org/";
    expect(code(`${base}${"ệ".repeat(3000)}`)).toBe("url_too_long");
    expect(code(`${base}${"ệ".repeat(Math.floor((MAX_URL_LENGTH - base.length) / 3))}`)).toBe("ok");
    expect(code(`${base}${"a".repeat(MAX_URL_LENGTH - base.length)}`)).toBe("ok");
    expect(code(`${base}${"a".repeat(MAX_URL_LENGTH - base.length + 1)}`)).toBe("url_too_long");
  });

  it("measures UTF-8 length exactly as TextEncoder does", () => {
    for (const s of ["", "abc", "đường dẫn", "😀x", "\ud800", "a\udc00b", "€".repeat(5)]) {
      expect(utf8Length(s), JSON.stringify(s)).toBe(new TextEncoder().encode(s).length);
    }
  });
});
