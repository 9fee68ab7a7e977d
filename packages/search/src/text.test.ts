import { describe, expect, it } from "vitest";
import { highlightExcerpt, markdownToText } from "./text.ts";

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
});
