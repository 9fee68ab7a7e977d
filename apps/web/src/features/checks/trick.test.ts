import { MAX_BULK_URL_CHARS } from "@portal/contracts";
import { describe, expect, it } from "vitest";
import { extractLinks, findTrick } from "./trick.ts";

describe("extractLinks", () => {
  it("finds links and bare host names in a message, in order, each once", () => {
    expect(extractLinks("Xem https://vietc0mbank.com/dang-nhap, hoặc momo-vn.top. Lại: https://vietc0mbank.com/dang-nhap")).toEqual([
      "https://vietc0mbank.com/dang-nhap",
      "momo-vn.top",
    ]);
  });

  it("keeps within the bulk check's limits: 500 links, and MAX_BULK_URL_CHARS characters together", () => {
    const many = Array.from({ length: 600 }, (_, i) => `https://example.org/${i}`).join(" ");
    expect(extractLinks(many)).toHaveLength(500);
    const long = Array.from({ length: 500 }, (_, i) => `https://example.org/${String(i).padStart(3, "0")}${"a".repeat(400)}`);
    const found = extractLinks(long.join(" "));
    expect(found).toEqual(long.slice(0, found.length));
    expect(found.join("").length).toBeLessThanOrEqual(MAX_BULK_URL_CHARS);
    expect(found.join("").length + (long[found.length]?.length ?? 0)).toBeGreaterThan(MAX_BULK_URL_CHARS);
  });
});

describe("findTrick", () => {
  it("names only the changed character when a label imitates the brand (vietc0mbank.vn)", () => {
    expect(findTrick("vietc0mbank.vn", "vietc0mbank", "vietcombank.com.vn")).toEqual({
      kind: "diff",
      imitation: "vietc0mbank",
      brand: "vietcombank",
      changes: [{ kind: "swap", got: "0", want: "o" }],
    });
  });

  it("holds a whole imitated host against the whole real domain, so the shared suffix is not 'added'", () => {
    expect(findTrick("vietc0mbank.com.vn", "vietc0mbank.com.vn", "vietcombank.com.vn")).toEqual({
      kind: "diff",
      imitation: "vietc0mbank.com.vn",
      brand: "vietcombank.com.vn",
      changes: [{ kind: "swap", got: "0", want: "o" }],
    });
  });

  it("names combosquatting: the real name with something added", () => {
    expect(findTrick("vietcombank-xacthuc.com", "vietcombank", "vietcombank.com.vn")).toEqual({
      kind: "combo",
      brand: "vietcombank",
      extra: "-xacthuc",
    });
  });
});
