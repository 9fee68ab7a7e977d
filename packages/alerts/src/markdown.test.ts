import { describe, expect, it } from "vitest";
import { markdownToText, renderMarkdown } from "./markdown.ts";

const PAYLOADS = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  '<iframe src="https://evil.example/"></iframe>',
  '<a href="javascript:alert(1)">bấm vào đây</a>',
  "[bấm vào đây](javascript:alert(document.cookie))",
  "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "![ảnh](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  "[js](JaVaScRiPt&#58;alert(1))",
  "[tab](java\tscript:alert(1))",
  '<svg onload="alert(1)"><circle/></svg>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<a href="//evil.example/">protocol-relative</a>',
  "[rel](//evil.example/)",
  '<object data="evil.swf"></object><embed src="evil.swf">',
  "`<script>` trong mã vẫn là chữ",
];

describe("renderMarkdown", () => {
  it("renders headings from h2 to h4, lists, emphasis, code, quotes and tables", () => {
    const html = renderMarkdown(
      "# Tiêu đề\n\n## Diễn biến\n\n###### Sâu\n\n- **một**\n- _hai_\n\n1. `ba`\n\n> trích dẫn\n\n```\nmã\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    );
    expect(html).toContain("<h2>Tiêu đề</h2>");
    expect(html).toContain("<h2>Diễn biến</h2>");
    expect(html).toContain("<h4>Sâu</h4>");
    expect(html).toMatch(/<ul>\s*<li><strong>một<\/strong><\/li>/);
    expect(html).toContain("<em>hai</em>");
    expect(html).toContain("<ol>");
    expect(html).toContain("<code>ba</code>");
    expect(html).toContain("<blockquote>");
    expect(html).toContain("<pre><code>mã\n</code></pre>");
    expect(html).toMatch(/<table>\s*<thead>\s*<tr>\s*<th>a<\/th>/);
  });

  it("keeps http, https and mailto links and adds rel=noopener noreferrer", () => {
    const html = renderMarkdown("[Apache](https://logging.apache.org/) [thư](mailto:ir@example.vn) <https://example.vn/x>");
    expect(html).toContain('<a href="https://logging.apache.org/" rel="noopener noreferrer">Apache</a>');
    expect(html).toContain('<a href="mailto:ir@example.vn" rel="noopener noreferrer">thư</a>');
    expect(html).toContain('<a href="https://example.vn/x" rel="noopener noreferrer">');
  });

  it.each(PAYLOADS)("leaves nothing executable of %s", (payload) => {
    const html = renderMarkdown(`Đoạn văn.\n\n${payload}\n\nĐoạn sau ${payload}`);
    // Only real tags count: raw HTML typed into the source is still there, but as escaped text ("&lt;svg …").
    for (const tag of html.matchAll(/<([a-z0-9]+)((?:\s+[a-z-]+="[^"]*")*)\s*\/?>/gi)) {
      expect(["p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote", "a"]).toContain(tag[1]);
      for (const attr of (tag[2] ?? "").matchAll(/([a-z-]+)="([^"]*)"/gi)) {
        expect(["href", "rel"]).toContain(attr[1]);
        if (attr[1] === "href") expect(attr[2]).toMatch(/^(https?:\/\/|mailto:)/);
      }
    }
    // Every "<" left is the start of a real, allowed tag.
    expect(html.replace(/<\/?(p|br|h[234]|ul|ol|li|strong|em|code|pre|blockquote|a)\b[^<>]*>/g, "")).not.toContain("<");
  });

  it("shows raw HTML as the text that was typed rather than dropping it", () => {
    expect(renderMarkdown("<script>alert(1)</script>")).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    expect(renderMarkdown("Nhấn <b>đây</b>")).toBe("<p>Nhấn &lt;b&gt;đây&lt;/b&gt;</p>");
  });

  it("normalises the text to NFC", () => {
    const decomposed = "Vie\u0302\u0323t Nam";
    expect(renderMarkdown(decomposed)).toBe("<p>Việt Nam</p>");
  });
});

describe("markdownToText", () => {
  it("keeps the words, drops the markup and separates paragraphs by a blank line", () => {
    expect(markdownToText("## Diễn biến\n\nKẻ gian **gửi** tin nhắn & đường dẫn <lạ>.\n\n- Một\n- Hai")).toBe(
      "Diễn biến\n\nKẻ gian gửi tin nhắn & đường dẫn <lạ>.\n\nMột\n\nHai",
    );
  });
});
