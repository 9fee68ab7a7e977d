import { describe, expect, it } from "vitest";
import { paginate } from "./pagination.ts";

const href = (n: number) => `/list/?page=${n}`;
/** The numbered list as text: "1 … 4 [5] 6 … 10". */
const shape = (page: number, pages: number) =>
  paginate(page, pages, href)
    .items.map((i) => (i.kind === "ellipsis" ? "…" : i.current ? `[${i.number}]` : String(i.number)))
    .join(" ");

describe("paginate", () => {
  it("shows the first, the last, the current page and its neighbours, with an ellipsis for each gap", () => {
    expect(shape(5, 10)).toBe("1 … 4 [5] 6 … 10");
    expect(shape(1, 10)).toBe("[1] 2 … 10");
    expect(shape(10, 10)).toBe("1 … 9 [10]");
  });

  it("shows a lone missing page instead of an ellipsis standing for it", () => {
    expect(shape(3, 10)).toBe("1 2 [3] 4 … 10");
    expect(shape(4, 7)).toBe("1 2 3 [4] 5 6 7");
  });

  it("has one page and no links when there is one page", () => {
    expect(paginate(1, 1, href)).toEqual({
      page: 1,
      pages: 1,
      prevHref: null,
      nextHref: null,
      items: [{ kind: "page", number: 1, href: "/list/?page=1", current: true }],
    });
  });

  it("links the neighbouring pages, and keeps a page past the end on the last one", () => {
    expect(paginate(2, 3, href)).toMatchObject({ prevHref: "/list/?page=1", nextHref: "/list/?page=3" });
    expect(paginate(9, 3, href)).toMatchObject({ page: 3, prevHref: "/list/?page=2", nextHref: null });
    expect(paginate(0, 0, href)).toMatchObject({ page: 1, pages: 1 });
  });
});
