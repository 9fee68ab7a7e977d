import type { AlertContent } from "@portal/contracts";
import { describe, expect, it } from "vitest";
import { canonicalRedirect, filtersFrom, formatScore, isFiltered, listHref } from "./alerts.ts";
import { controlOf, EMPTY_DRAFT, fieldOfIssue, noteFrom, requestFromValues, valuesFromContent, valuesFromForm } from "./draft-form.ts";

describe("the alert list's filters in the address", () => {
  it("keeps the choices it knows and drops the rest, so a made-up value never reaches the database", () => {
    expect(filtersFrom(new URLSearchParams("kind=malware&severity=severe&agency=vncert&year=2026&page=2"))).toEqual({
      kind: "malware",
      severity: "severe",
      agency: "vncert",
      year: 2026,
      page: 2,
    });
    expect(filtersFrom(new URLSearchParams("kind=rumour&severity=&agency=Not%20A%20Slug&year=1999&page=-3"))).toEqual({ page: 1 });
    expect(isFiltered({ page: 3 })).toBe(false);
  });

  it("writes the list's address back with the filters and the page, in each language", () => {
    expect(listHref("vi", { kind: "malware", page: 1 })).toBe("/canh-bao/?kind=malware");
    expect(listHref("en", { severity: "extreme", year: 2026, page: 1 }, 3)).toBe("/en/alerts/?severity=extreme&year=2026&page=3");
    expect(listHref("vi", { page: 2 }, 1)).toBe("/canh-bao/");
  });

  it("sends another name of an alert (its id, upper case) to its one address", () => {
    expect(canonicalRedirect("vi", "vn-attt-2026-0001", "VN-ATTT-2026-0001")).toBeNull();
    expect(canonicalRedirect("vi", "VN-ATTT-2026-0001", "VN-ATTT-2026-0001")).toBe("/canh-bao/vn-attt-2026-0001/");
    expect(canonicalRedirect("en", "abcdefghijklmnopqrstuvwx", "VN-ATTT-2026-0001")).toBe("/en/alerts/vn-attt-2026-0001/");
  });

  it("writes a CVSS score with one decimal, a comma in Vietnamese", () => {
    expect(formatScore(9.8, "vi")).toBe("9,8");
    expect(formatScore(10, "en")).toBe("10.0");
  });
});

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};

describe("the draft form", () => {
  it("turns the posted form into the API's draft: one item a line, parts split by |, CRLF as typed in a browser", () => {
    const v = valuesFromForm(
      form([
        ["kind", "vulnerability"],
        ["severity", "severe"],
        ["urgency", "immediate"],
        ["certainty", "observed"],
        ["tlp", "CLEAR"],
        ["audience", "business"],
        ["audience", "nonsense"],
        ["titleVi", "Lỗ hổng"],
        ["titleEn", "Flaw"],
        ["summaryVi", "Tóm tắt"],
        ["summaryEn", "Summary"],
        ["bodyVi", "Dòng 1\r\nDòng 2"],
        ["bodyEn", "Line"],
        ["cves", "CVE-2021-44228 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H\r\n\r\ncve-2021-45046  9,0"],
        ["products", "Apache | Log4j | 2.14.1, < 2.15.0\nApache | Solr"],
        ["references", " https://logging.apache.org/log4j/2.x/security.html \n"],
        ["urls", "https://a.example/x\nb.example/y"],
        ["bankAccounts", "Ngân hàng A | 0123 456 789\n0987654321"],
      ]),
    );
    expect(v.audience).toEqual(["business"]);
    expect(v.bodyVi).toBe("Dòng 1\nDòng 2");
    const r = requestFromValues(v);
    expect(r).toMatchObject({
      kind: "vulnerability",
      audience: ["business"],
      title: { vi: "Lỗ hổng", en: "Flaw" },
      body: { vi: "Dòng 1\nDòng 2", en: "Line" },
      cves: [
        { id: "CVE-2021-44228", cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H" },
        { id: "cve-2021-45046", cvssScore: 9 },
      ],
      products: [
        { vendor: "Apache", product: "Log4j", versions: ["2.14.1", "< 2.15.0"] },
        { vendor: "Apache", product: "Solr", versions: [] },
      ],
      references: ["https://logging.apache.org/log4j/2.x/security.html"],
      indicators: {
        urls: ["https://a.example/x", "b.example/y"],
        domains: [],
        bankAccounts: [
          { bank: "Ngân hàng A", account: "0123 456 789" },
          { bank: "", account: "0987654321" },
        ],
      },
    });
    expect(r).not.toHaveProperty("recommendations");
    expect(requestFromValues({ ...v, recommendationsEn: "Update." }).recommendations).toEqual({ vi: "", en: "Update." });
  });

  it("fills the form again from a stored draft, and the form gives the same draft back", () => {
    const content: AlertContent = {
      kind: "scam_campaign",
      severity: "severe",
      urgency: "immediate",
      certainty: "observed",
      tlp: "CLEAR",
      audience: ["citizen"],
      title: { vi: "Tiêu đề", en: "Title" },
      summary: { vi: "Tóm tắt", en: "Summary" },
      body: { vi: "Nội dung", en: "Text" },
      recommendations: { vi: "- Một", en: "- One" },
      cves: [{ id: "CVE-2021-44228", cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", cvssScore: 10 }],
      products: [{ vendor: "A", product: "B", versions: ["1", "2"] }],
      references: ["https://example.org/"],
      indicators: {
        urls: ["https://x.example/"],
        domains: ["y.example"],
        hashes: [],
        phones: ["0912 345 678"],
        bankAccounts: [{ bank: "NH", account: "123456" }],
      },
    };
    const v = valuesFromContent(content, { vi: "Sửa", en: "Fixed" });
    expect(v.products).toBe("A | B | 1, 2");
    expect(v.changeNoteEn).toBe("Fixed");
    const back = requestFromValues(v);
    expect(back.indicators).toEqual({ ...content.indicators });
    expect(back.products).toEqual(content.products);
    expect(back.cves).toEqual([{ id: "CVE-2021-44228", cvssVector: content.cves[0]?.cvssVector }]);
    expect(valuesFromContent(content, { vi: "Một ghi chú", en: "Một ghi chú" }).changeNoteEn).toBe("");
  });

  it("sends a note as one text when only one half is written", () => {
    expect(noteFrom(" Sửa tên miền ", "")).toBe("Sửa tên miền");
    expect(noteFrom("", "Fixed")).toBe("Fixed");
    expect(noteFrom("A", "B")).toEqual({ vi: "A", en: "B" });
    expect(noteFrom(" ", "")).toBeUndefined();
  });

  it("puts each of the API's issues at the field it is about", () => {
    expect(fieldOfIssue("title.en")).toBe("titleEn");
    expect(fieldOfIssue("summary")).toBe("summaryVi");
    expect(fieldOfIssue("indicators.domains.3")).toBe("domains");
    expect(fieldOfIssue("indicators.bankAccounts.0.account")).toBe("bankAccounts");
    expect(fieldOfIssue("cves.1.cvssScore")).toBe("cves");
    expect(fieldOfIssue("recommendations.en")).toBe("recommendations");
    expect(fieldOfIssue("")).toBe("titleVi");
    expect(controlOf("audience")).toBe("alert-audience-citizen");
    expect(controlOf("changeNote")).toBe("alert-change-note-vi");
    expect(EMPTY_DRAFT.tlp).toBe("CLEAR");
  });
});
