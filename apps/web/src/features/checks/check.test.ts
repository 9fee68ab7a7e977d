import { describe, expect, it } from "vitest";
import { linkResultAddress, linksIn, MAX_LINKS } from "./check.ts";

describe("the links in the link box", () => {
  it("takes one entry without spaces as a link as it is, so junk gets the invalid-address message", () => {
    expect(linksIn(["  https://vietc0mbank.com/dang-nhap\n"])).toEqual(["https://vietc0mbank.com/dang-nhap"]);
    expect(linksIn(["javascript:alert(1)"])).toEqual(["javascript:alert(1)"]);
  });

  it("finds the links in a pasted message, over several lines, each once", () => {
    const message =
      "Tai khoan bi khoa.\nXac thuc tai https://vietc0mbank.com/dang-nhap\nhoac http://myetherwallet.uk.com/wallet/login.\nLai: https://vietc0mbank.com/dang-nhap";
    expect(linksIn([message])).toEqual(["https://vietc0mbank.com/dang-nhap", "http://myetherwallet.uk.com/wallet/login"]);
    expect(linksIn(["not a url"])).toEqual([]);
    expect(linksIn(["", "  "])).toEqual([]);
  });

  it("takes several entries (?url= repeated) as links, each once, at most the bulk limit", () => {
    expect(linksIn(["https://a.example/", "https://b.example/", "https://a.example/"])).toEqual([
      "https://a.example/",
      "https://b.example/",
    ]);
    expect(linksIn(Array.from({ length: MAX_LINKS + 20 }, (_, i) => `https://h${i}.example/`))).toHaveLength(MAX_LINKS);
  });

  it("gives a result one address with ?url= once per link, that reads back to the same links", () => {
    const links = ["https://vietc0mbank.com/dang-nhap?x=1&y=2", "http://myetherwallet.uk.com/wallet/login"];
    const address = linkResultAddress("/en/check/link/result/", links);
    expect(address).toBe(
      "/en/check/link/result/?url=https%3A%2F%2Fvietc0mbank.com%2Fdang-nhap%3Fx%3D1%26y%3D2&url=http%3A%2F%2Fmyetherwallet.uk.com%2Fwallet%2Flogin",
    );
    expect(linksIn(new URL(address, "https://portal.example").searchParams.getAll("url"))).toEqual(links);
  });
});
