import { describe, expect, it } from "vitest";
import { fillLiveParts, type LiveFill } from "./live.ts";

const page = (lang: string) =>
  `<body><!--live:banner:${lang}--><section><h2>Chú ý</h2><ul><!--live:banner:fill--></ul></section><!--/live:banner--><main>Nội dung</main></body>`;

describe("live parts of a page", () => {
  it("puts the fill into the part's frame, asking in the page's language", async () => {
    const asked: string[] = [];
    const fills = new Map<string, LiveFill>([
      [
        "banner",
        async (lang) => {
          asked.push(lang);
          return `<li>${lang}</li>`;
        },
      ],
    ]);
    expect(await fillLiveParts(page("en"), fills)).toBe(
      "<body><section><h2>Chú ý</h2><ul><li>en</li></ul></section><main>Nội dung</main></body>",
    );
    expect(asked).toEqual(["en"]);
  });

  it("removes the whole part when the fill has nothing, fails, or no feature knows the part", async () => {
    const gone = "<body><main>Nội dung</main></body>";
    expect(await fillLiveParts(page("vi"), new Map([["banner", async () => null]]))).toBe(gone);
    const errors: unknown[] = [];
    const failing = new Map<string, LiveFill>([["banner", () => Promise.reject(new Error("database closed"))]]);
    expect(await fillLiveParts(page("vi"), failing, (e) => errors.push(e))).toBe(gone);
    expect(errors).toHaveLength(1);
    expect(await fillLiveParts(page("vi"), new Map())).toBe(gone);
  });

  it('leaves a page without parts untouched, and takes "$" in the fill literally', async () => {
    expect(await fillLiveParts("<p>$&</p>", new Map())).toBe("<p>$&</p>");
    expect(await fillLiveParts(page("vi"), new Map([["banner", async () => "<li>$& $1</li>"]]))).toContain("<ul><li>$& $1</li></ul>");
  });
});
