import { staffPages } from "@portal/contracts";
import { describe, expect, it } from "vitest";
import { absoluteActivationLink, describeAgent, groupKey, mayOpen, minutesToWait, safeNext, staffPageOf } from "./staff.ts";
import { pageLinks } from "./staff-server.ts";

describe("where a sign-in may lead on to", () => {
  it("takes the console's own pages that need a session, in either language", () => {
    for (const key of ["account", "users", "agencies", "audit"] as const) {
      expect(safeNext(staffPages[key].vi)).toBe(staffPages[key].vi);
      expect(safeNext(staffPages[key].en)).toBe(staffPages[key].en);
    }
  });

  it("refuses anything else, so ?next= cannot send anyone off the portal", () => {
    for (const next of [
      null,
      undefined,
      "",
      "//evil.example/",
      "https://evil.example/quan-tri/",
      "/\\evil.example",
      "/quan-tri/tai-khoan/../../",
      "/quan-tri/tai-khoan",
      "/quan-tri/tai-khoan/?x=1",
      "%2Fquan-tri%2Ftai-khoan%2F",
      " /quan-tri/tai-khoan/",
      "/quan-tri/",
      "/quan-tri/kich-hoat/",
      "/gioi-thieu/",
    ]) {
      expect(safeNext(next), String(next)).toBeNull();
    }
  });
});

describe("who may open which page", () => {
  it("opens the account and agencies pages to every role and the admin pages to admins only", () => {
    expect(mayOpen("analyst", "account")).toBe(true);
    expect(mayOpen("publisher", "agencies")).toBe(true);
    expect(mayOpen("analyst", "users")).toBe(false);
    expect(mayOpen("publisher", "audit")).toBe(false);
    expect(mayOpen("admin", "users")).toBe(true);
    expect(mayOpen("admin", "audit")).toBe(true);
  });

  it("knows a console page by its path in either language", () => {
    expect(staffPageOf("/quan-tri/nhat-ky/")).toBe("audit");
    expect(staffPageOf("/en/staff/users/")).toBe("users");
    expect(staffPageOf("/en/staff/nope/")).toBeNull();
  });
});

describe("secrets as a person reads and types them", () => {
  it('writes a manual key in groups of four: "JBSW Y3DP …"', () => {
    expect(groupKey("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).toBe("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
    expect(groupKey("ABCDEF")).toBe("ABCD EF");
  });

  it("gives the activation link in the console's language, absolute", () => {
    const api = "/quan-tri/kich-hoat/?token=abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst";
    expect(absoluteActivationLink(api, "https://atkgm.gov.vn", "vi")).toBe(`https://atkgm.gov.vn${api}`);
    expect(absoluteActivationLink(api, "https://atkgm.gov.vn", "en")).toBe(
      "https://atkgm.gov.vn/en/staff/activate/?token=abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst",
    );
  });
});

describe("waiting and devices", () => {
  it("rounds Retry-After up to whole minutes, never below one", () => {
    expect(minutesToWait(900)).toBe(15);
    expect(minutesToWait(61)).toBe(2);
    expect(minutesToWait(5)).toBe(1);
    expect(minutesToWait(0)).toBe(1);
    expect(minutesToWait(null)).toBe(1);
  });

  it("names the browser and system of a session without keeping the whole User-Agent", () => {
    expect(
      describeAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
      ),
    ).toEqual({ browser: "Edge", system: "Windows" });
    expect(
      describeAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0 Safari/537.36"),
    ).toEqual({
      browser: "Chrome",
      system: "Linux",
    });
    expect(
      describeAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile Safari/604.1"),
    ).toEqual({
      browser: "Safari",
      system: "iOS",
    });
    expect(describeAgent(null)).toEqual({ browser: null, system: null });
  });
});

describe("a paged list's links", () => {
  const href = (n: number) => `/list/?page=${n}`;

  it("gives the previous and next pages inside the list, and none past its ends", () => {
    expect(pageLinks(120, 50, 1, href)).toMatchObject({
      pages: 3,
      pastEnd: false,
      lastHref: "/list/?page=3",
      prevHref: null,
      nextHref: "/list/?page=2",
    });
    expect(pageLinks(120, 50, 2, href).pagination.items).toEqual([
      { kind: "page", number: 1, href: "/list/?page=1", current: false },
      { kind: "page", number: 2, href: "/list/?page=2", current: true },
      { kind: "page", number: 3, href: "/list/?page=3", current: false },
    ]);
    expect(pageLinks(120, 50, 3, href)).toMatchObject({ prevHref: "/list/?page=2", nextHref: null });
  });

  it("counts an empty list as one page, and says when the page asked for lies past the last", () => {
    expect(pageLinks(0, 50, 1, href)).toMatchObject({ pages: 1, pastEnd: false, prevHref: null, nextHref: null });
    expect(pageLinks(60, 50, 7, href)).toMatchObject({ pages: 2, pastEnd: true, lastHref: "/list/?page=2" });
  });
});
