import { describe, expect, it } from "vitest";
import { highlightExcerpt, markdownToText, queryWords } from "./text.ts";

describe("markdownToText", () => {
  it("keeps the words and drops the syntax", () => {
    const md = "## Các bước\n\n1. Mở **ứng dụng** ngân hàng.\n2. Xem [hướng dẫn](/huong-dan/x/).\n\n> Ghi chú `code`";
    expect(markdownToText(md)).toBe("Các bước\nMở ứng dụng ngân hàng.\nXem hướng dẫn.\nGhi chú code");
  });
});

describe("highlightExcerpt", () => {
  it('marks "mã độc" when the query is "ma doc", keeping the accents of the text', () => {
    expect(highlightExcerpt("Dấu hiệu nhiễm mã độc trên điện thoại", "ma doc")).toBe(
      "Dấu hiệu nhiễm <mark>mã</mark> <mark>độc</mark> trên điện thoại",
    );
  });

  it("matches whole words except the last, which may be a prefix", () => {
    expect(highlightExcerpt("máy tính nhiễm mã độc", "ma doc")).toBe("máy tính nhiễm <mark>mã</mark> <mark>độc</mark>");
    expect(highlightExcerpt("mật khẩu mạnh", "mat khau ma")).toBe("<mark>mật</mark> <mark>khẩu</mark> <mark>mạnh</mark>");
  });

  it("escapes HTML in the text", () => {
    expect(highlightExcerpt("<script>mã</script>", "ma")).toBe("&lt;script&gt;<mark>mã</mark>&lt;/script&gt;");
  });

  it("cuts long text around the first match, at word boundaries", () => {
    const text = `${"lorem ipsum ".repeat(50)}lừa đảo qua tin nhắn ${"dolor sit ".repeat(50)}`;
    const ex = highlightExcerpt(text, "lua dao", 80);
    expect(ex.startsWith("…")).toBe(true);
    expect(ex.endsWith("…")).toBe(true);
    expect(ex).toContain("<mark>lừa</mark> <mark>đảo</mark>");
  });

  it('does not mark "lửa" for the query "lừa": a word typed with accents marks only the same accents', () => {
    const text = "Kẻ lừa đảo báo cháy giả: lửa đâu mà gọi, lừa thôi.";
    expect(highlightExcerpt(text, "lừa")).toBe("Kẻ <mark>lừa</mark> đảo báo cháy giả: lửa đâu mà gọi, <mark>lừa</mark> thôi.");
    expect(highlightExcerpt(text, "lửa")).toBe("Kẻ lừa đảo báo cháy giả: <mark>lửa</mark> đâu mà gọi, lừa thôi.");
  });

  it('marks both "lừa" and "lửa" for "lua", typed without accents', () => {
    expect(highlightExcerpt("lừa hay lửa", "lua")).toBe("<mark>lừa</mark> hay <mark>lửa</mark>");
  });

  it("applies the rule word by word, whatever the case of the text", () => {
    // "lua" (no accents) matches both; "đảo" (accents) only "ĐẢO", not "đạo".
    expect(highlightExcerpt("LỪA ĐẢO, lửa đạo", "lua đảo")).toBe("<mark>LỪA</mark> <mark>ĐẢO</mark>, <mark>lửa</mark> đạo");
  });

  it("lets the last accented word be a prefix still being typed", () => {
    expect(highlightExcerpt("lừa đảo qua mạng", "lừa đả")).toBe("<mark>lừa</mark> <mark>đảo</mark> qua mạng");
  });
});

describe("highlightExcerpt and stop words", () => {
  it('leaves the words the engines do not search for unmarked: "report a scam" marks no "a"', () => {
    expect(highlightExcerpt("Report a scam or a data leak", "report a scam")).toBe(
      "<mark>Report</mark> a <mark>scam</mark> or a data leak",
    );
    // A query of nothing else still marks them.
    expect(highlightExcerpt("what is a scam", "what")).toBe("<mark>what</mark> is a scam");
  });
});

describe("queryWords", () => {
  it("gives each word in its folded and its exact form, and says which were typed with accents", () => {
    expect(queryWords("Lừa đảo, scam!")).toEqual([
      { folded: "lua", exact: "lừa", accented: true },
      { folded: "dao", exact: "đảo", accented: true },
      { folded: "scam", exact: "scam", accented: false },
    ]);
  });
});
