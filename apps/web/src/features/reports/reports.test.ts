import { CATEGORY_FIELDS, REPORT_CATEGORIES, SMALL_COUNT, type Stats } from "@portal/contracts";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { finishSvg, lines } from "./charts.ts";
import { watchFormBody } from "./form-stream.ts";
import { codeGroups, fieldId, fieldOfIssue, formOrder, prefill, questionsFor, reportHref } from "./report-form.ts";
import { checkTotals, listTable, mondayOf, statsCsv } from "./stats-model.ts";

const hashLine = (h: string) => `hash ${h}`;

describe("the report form's questions", () => {
  it("asks each category exactly the fields CATEGORY_FIELDS lists, the required ones first", () => {
    for (const c of REPORT_CATEGORIES) {
      const q = questionsFor(c);
      expect(new Set(q)).toEqual(new Set([...CATEGORY_FIELDS[c].required, ...CATEGORY_FIELDS[c].optional]));
      expect(q.slice(0, CATEGORY_FIELDS[c].required.length)).toEqual([...CATEGORY_FIELDS[c].required]);
    }
  });

  it("prefills only what the category asks: a phishing link, a malware file's hash in the description", () => {
    const q = new URLSearchParams({ url: "http://lua-dao.example/x", phone: "0912345678", bankAccount: "123456" });
    expect(prefill("phishing", q, hashLine)).toEqual({ url: "http://lua-dao.example/x", phone: "0912345678" });
    expect(prefill("fake_news", q, hashLine)).toEqual({ url: "http://lua-dao.example/x" });
    const h = "275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F";
    expect(prefill("malware", new URLSearchParams({ hash: h }), hashLine)).toEqual({ description: `hash ${h.toLowerCase()}` });
    expect(prefill("malware", new URLSearchParams({ hash: "<script>" }), hashLine)).toEqual({});
  });

  it("puts an API issue at its field, and ignores one the form has no field for", () => {
    expect(fieldOfIssue("description")).toBe("description");
    expect(fieldOfIssue("contactEmail")).toBe("contactEmail");
    expect(fieldOfIssue("website")).toBeNull();
    expect(fieldId("anonymous")).toBe("report-anonymous-no");
    expect(formOrder("scam").indexOf("description")).toBeLessThan(formOrder("scam").indexOf("consent"));
  });

  it("links to the form with the category and what to prefill", () => {
    expect(reportHref("en", "scam", { phone: "0912 000 111" })).toBe("/en/report/?category=scam&phone=0912+000+111");
    expect(codeGroups("VN-2026-7K3F-9QX2")).toEqual(["VN", "2026", "7K3F", "9QX2"]);
  });
});

describe("reading a form as it streams to the API", () => {
  const multipart = (parts: string[]) => `${parts.map((p) => `--B\r\n${p}\r\n`).join("")}--B--\r\n`;
  const stream = (text: string, chunk = 7) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.slice(i, i + chunk));
        c.close();
      },
    });
  const body = multipart([
    'Content-Disposition: form-data; name="description"\r\n\r\nTin nhắn giả ngân hàng',
    'Content-Disposition: form-data; name="evidence"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nPNGDATA',
    'Content-Disposition: form-data; name="evidence"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n',
    'Content-Disposition: form-data; name="contactEmail"\r\n\r\nnguoi.dan@example.vn',
  ]);

  it("passes every byte on unchanged and reads the text answers, counting files with a name", async () => {
    const w = watchFormBody(stream(body), "multipart/form-data; boundary=B");
    const sent = await new Response(w.stream).text();
    expect(sent).toBe(body);
    const form = await w.finish();
    expect(form.get("description")).toBe("Tin nhắn giả ngân hàng");
    expect(form.get("contactEmail")).toBe("nguoi.dan@example.vn");
    expect(form.files).toBe(1);
  });

  it("reads the answers after the files even when the API stopped reading early", async () => {
    const w = watchFormBody(stream(body), "multipart/form-data; boundary=B");
    const reader = w.stream.getReader();
    await reader.read();
    await reader.cancel();
    const form = await w.finish();
    expect(form.get("contactEmail")).toBe("nguoi.dan@example.vn");
  });
});

const stats = (over: Partial<Stats> = {}): Stats => ({
  generatedAt: "2026-03-14T03:00:00.000Z",
  smallCountRule: "",
  reportsByWeek: [],
  reportsByStatus: { new: 12, triaging: SMALL_COUNT, forwarded: SMALL_COUNT, resolved: 7, rejected: SMALL_COUNT },
  medianHoursToFirstPublicNote: null,
  medianBasedOn: SMALL_COUNT,
  confirmedIdentifiers: { phone: SMALL_COUNT, bank_account: 9 },
  lists: [],
  checks: [],
  ...over,
});

describe("the statistics as tables and CSV", () => {
  it("keeps the last size of each week per list and source", () => {
    expect(mondayOf("2026-03-15")).toBe("2026-03-09");
    const t = listTable(
      stats({
        lists: [
          { day: "2026-03-09", list: "url", source: "reports", size: 5 },
          { day: "2026-03-11", list: "url", source: "reports", size: 8 },
          { day: "2026-03-16", list: "phone", source: "all", size: SMALL_COUNT },
        ],
      }),
    );
    expect(t.series.map((s) => s.key)).toEqual(["url|reports", "phone|all"]);
    expect(t.rows).toEqual([
      { week: "2026-03-09", sizes: [8, undefined] },
      { week: "2026-03-16", sizes: [undefined, SMALL_COUNT] },
    ]);
  });

  it('adds up only the days published as numbers, and counts the "< 5" days apart', () => {
    const totals = checkTotals(
      stats({
        checks: [
          { day: "2026-03-10", tool: "url", verdict: "phishing", count: 20 },
          { day: "2026-03-11", tool: "url", verdict: "phishing", count: SMALL_COUNT },
          { day: "2026-03-11", tool: "url", verdict: "phishing", count: 6 },
        ],
      }),
    );
    expect(totals).toEqual([{ tool: "url", verdict: "phishing", counted: 26, smallDays: 1 }]);
  });

  it('writes "< 5" as published and quotes what needs quoting (RFC 4180)', () => {
    const csv = statsCsv(stats({ lists: [{ day: "2026-03-09", list: "url", source: 'a,"b"', size: SMALL_COUNT }] }));
    expect(csv.split("\r\n")[0]).toBe("dataset,period,series,value");
    expect(csv).toContain("reports_by_status,,triaging,< 5\r\n");
    expect(csv).toContain('list_size,2026-03-09,"url:a,""b""",< 5\r\n');
  });
});

describe("the charts drawn on the server", () => {
  it("leave no style for the CSP to refuse, and are an image named by their own title and description", () => {
    const svg = lines(
      "c",
      { title: "Danh sách chặn", desc: "Số liệu trong bảng", count: String },
      [
        { x: "2026-03-09", series: "a", value: 3 },
        { x: "2026-03-16", series: "a", value: 9 },
      ],
      ["2026-03-09", "2026-03-16"],
      ["a"],
      (x) => x,
    );
    expect(svg).not.toMatch(/<style|style=/);
    expect(svg).not.toMatch(/aria-label=/);
    const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
    const el = document.querySelector("svg");
    expect(el?.getAttribute("role")).toBe("img");
    expect(el?.getAttribute("aria-labelledby")).toBe("c-title c-desc");
    expect(document.querySelector("#c-title")?.textContent).toBe("Danh sách chặn");
    expect(document.querySelectorAll("title").length).toBe(1);
  });

  it("strips a style a chart was given on any element", () => {
    const { document } = parseHTML('<svg style="color:red"><g style="x"><style>.a{}</style></g></svg>');
    const out = finishSvg(document.querySelector("svg") as unknown as Element, "x", { title: "t", desc: "d", count: String });
    expect(out).not.toMatch(/<style|style=/);
  });
});

describe("the statistics' words", () => {
  it('names a hash-prefix look-up in words, not as the API\'s "range"', async () => {
    const { verdictLabel } = await import("./stats-loader.ts");
    expect(verdictLabel("vi", "range")).toBe("tra cứu theo phần đầu mã băm");
    expect(verdictLabel("en", "range")).toBe("look-ups by hash prefix");
  });

  it("names an imported list as the link check does, never by its raw source id", async () => {
    const { seriesLabel } = await import("./stats-loader.ts");
    expect(seriesLabel("vi", "url", "demo:eth-phishing-detect-1.2.0")).toBe(
      "Đường dẫn bị chặn: danh sách trang lừa đảo công khai của MetaMask (dữ liệu minh hoạ)",
    );
    expect(seriesLabel("en", "url", "demo:eth-phishing-detect-1.2.0")).not.toContain("demo:");
    expect(seriesLabel("en", "url", "reports")).toBe("Blocked links: from reports");
  });

  it("names an alert's entries by the alert's tracking ID, never by a fragment of its internal id", async () => {
    const { seriesLabel } = await import("./stats-loader.ts");
    const source = "alert:ky5gdo6jq3w2mzt7xkvb4hna";
    expect(seriesLabel("vi", "url", source, "VN-ATTT-2026-0003")).toBe("Đường dẫn bị chặn: từ cảnh báo VN-ATTT-2026-0003");
    expect(seriesLabel("en", "url", source, "VN-ATTT-2026-0003")).toBe("Blocked links: from alert VN-ATTT-2026-0003");
    // Withdrawn or unknown: the API sends no tracking ID, and the page names no id at all.
    expect(seriesLabel("vi", "url", source)).toBe("Đường dẫn bị chặn: từ một cảnh báo của cổng");
    expect(seriesLabel("en", "url", source)).toBe("Blocked links: from a portal alert");
    expect(seriesLabel("en", "url", source, "ky5gdo6j")).toBe("Blocked links: from a portal alert");
    for (const lang of ["vi", "en"] as const) expect(seriesLabel(lang, "url", source)).not.toContain("ky5gdo6j");
  });

  it("keeps the tracking ID with its series, and tells two series named alike apart", async () => {
    const { distinct } = await import("./stats-loader.ts");
    const stats = {
      lists: [
        { day: "2026-03-02", list: "url", source: "alert:aaaa", size: 6, trackingId: "VN-ATTT-2026-0003" },
        { day: "2026-03-02", list: "url", source: "alert:bbbb", size: "< 5" },
      ],
    } as unknown as Stats;
    expect(listTable(stats).series.map((s) => s.trackingId)).toEqual(["VN-ATTT-2026-0003", undefined]);
    expect(distinct(["a portal alert", "x", "a portal alert"])).toEqual(["a portal alert", "x", "a portal alert (2)"]);
  });
});
