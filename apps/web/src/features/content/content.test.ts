// Checks on the editors' Markdown in /content that the schema alone cannot express.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { isOfficialSource } from "./official-sources.ts";

const root = join(import.meta.dirname, "..", "..", "..", "..", "..");
const contentDir = join(root, "content");
const seedsDir = join(root, "..", "shared", "seeds");

interface Entry {
  collection: "guidance" | "legal";
  lang: "vi" | "en";
  slug: string;
  file: string;
  raw: string;
  data: Record<string, unknown>;
  body: string;
}

function load(): Entry[] {
  const out: Entry[] = [];
  for (const collection of ["guidance", "legal"] as const) {
    for (const lang of ["vi", "en"] as const) {
      const dir = join(contentDir, collection, lang);
      for (const name of readdirSync(dir).filter((f) => f.endsWith(".md"))) {
        const raw = readFileSync(join(dir, name), "utf8");
        const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw);
        if (!m) throw new Error(`content/${collection}/${lang}/${name} has no frontmatter`);
        out.push({
          collection,
          lang,
          slug: name.replace(/\.md$/, ""),
          file: `content/${collection}/${lang}/${name}`,
          raw,
          data: parse(m[1] as string),
          body: m[2] as string,
        });
      }
    }
  }
  return out;
}

const entries = load();
const guidance = entries.filter((e) => e.collection === "guidance");
const legal = entries.filter((e) => e.collection === "legal");

describe("content", () => {
  it("has at least 12 guidance articles in each language, the three legal texts of the seeds and the laws citizens look for", () => {
    expect(guidance.filter((e) => e.lang === "vi").length).toBeGreaterThanOrEqual(12);
    expect(guidance.filter((e) => e.lang === "en").length).toBeGreaterThanOrEqual(12);
    for (const key of ["04-ct-btttt-2019", "49-ct-btttt-2021", "4964-ubnd-vx-2019", "24-2018-qh14", "86-2015-qh13", "13-2023-nd-cp"]) {
      expect(
        legal
          .filter((e) => e.data.key === key)
          .map((e) => e.lang)
          .sort(),
        key,
      ).toEqual(["en", "vi"]);
    }
  });

  it("has every article in both languages, with the same facts in the frontmatter", () => {
    for (const e of entries) {
      const other = entries.find((o) => o.collection === e.collection && o.lang !== e.lang && o.data.key === e.data.key);
      expect(other, `${e.file} has no counterpart`).toBeDefined();
      for (const field of [
        "topic",
        "kind",
        "audience",
        "legal",
        "related",
        "number",
        "type",
        "signer",
        "issued",
        "effective",
        "status",
        "sourceUrl",
      ]) {
        expect(JSON.stringify(other?.data[field]), `${e.file}: ${field}`).toBe(JSON.stringify(e.data[field]));
      }
    }
  });

  it("is Unicode NFC", () => {
    for (const e of entries) expect(e.raw === e.raw.normalize("NFC"), e.file).toBe(true);
  });

  it("gives every how-to numbered steps and every article a section for when it already happened", () => {
    for (const e of guidance) {
      const steps = e.lang === "vi" ? "## Các bước" : "## Steps";
      const after = e.lang === "vi" ? "## Nếu sự việc đã xảy ra" : "## If it has already happened";
      if (e.data.kind === "howto") {
        expect(e.body, e.file).toContain(steps);
        const section = e.body.split(steps)[1]?.split(/\n## /)[0] ?? "";
        expect(section, `${e.file}: numbered list under ${steps}`).toMatch(/^1\. /m);
      }
      const headings = e.body.match(/^## .*$/gm) ?? [];
      expect(headings.at(-1), `${e.file}: last section`).toBe(after);
      expect(e.body, `${e.file} must not contain a level-1 heading`).not.toMatch(/^# /m);
    }
  });

  it("links only to pages that exist", () => {
    const known = new Set<string>([
      ...entries.map(
        (e) =>
          `${e.collection === "guidance" ? (e.lang === "vi" ? "/huong-dan/" : "/en/guidance/") : e.lang === "vi" ? "/van-ban-phap-luat/" : "/en/legal/"}${e.slug}/`,
      ),
      "/kiem-tra/duong-dan/",
      "/en/check/link/",
      "/kiem-tra/tep-tin/",
      "/en/check/file/",
      "/kiem-tra/mat-khau/",
      "/en/check/password/",
      "/kiem-tra/tai-khoan/",
      "/en/check/account/",
      "/tim-kiem/",
      "/en/search/",
      "/huong-dan/",
      "/en/guidance/",
      "/van-ban-phap-luat/",
      "/en/legal/",
      "/bao-cao/",
      "/en/report/",
    ]);
    for (const e of entries) {
      for (const m of e.body.matchAll(/\]\(([^)\s]+)\)/g)) {
        const href = (m[1] as string).split("#")[0] as string;
        expect(known.has(href), `${e.file} links to ${href}`).toBe(true);
      }
    }
  });

  it("gives the number, issuer and dates of the laws citizens look for, as issued", () => {
    const facts = {
      "24-2018-qh14": {
        number: "24/2018/QH14",
        type: "law",
        issued: "2018-06-12",
        effective: "2019-01-01",
        vi: "Quốc hội",
        en: "National Assembly",
      },
      "86-2015-qh13": {
        number: "86/2015/QH13",
        type: "law",
        issued: "2015-11-19",
        effective: "2016-07-01",
        vi: "Quốc hội",
        en: "National Assembly",
      },
      "13-2023-nd-cp": {
        number: "13/2023/NĐ-CP",
        type: "decree",
        issued: "2023-04-17",
        effective: "2023-07-01",
        vi: "Chính phủ",
        en: "Government",
      },
    } as const;
    for (const [key, f] of Object.entries(facts)) {
      for (const e of legal.filter((l) => l.data.key === key)) {
        expect(e.data.number, e.file).toBe(f.number);
        expect(e.data.type, e.file).toBe(f.type);
        expect(e.data.issuer, e.file).toBe(f[e.lang]);
        expect(String(e.data.issued), e.file).toBe(f.issued);
        expect(String(e.data.effective), e.file).toBe(f.effective);
        // The summary a list shows carries the number and both dates in the reader's format.
        const day = (iso: string) => {
          const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
          return e.lang === "vi"
            ? `${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`
            : `${d} ${new Date(Date.UTC(y, m - 1, d)).toLocaleString("en-GB", { month: "long", timeZone: "UTC" })} ${y}`;
        };
        expect(`${e.data.summary} ${e.body}`, e.file).toContain(f.number);
        expect(`${e.data.summary} ${e.body}`, e.file).toContain(day(f.issued));
        expect(`${e.data.summary} ${e.body}`, e.file).toContain(day(f.effective));
      }
    }
  });

  it("links each legal text only to an official source, named, and never to a commercial law site", () => {
    for (const e of legal) {
      expect("source" in e.data, `${e.file}: "source" is now sourceUrl + sourceName`).toBe(false);
      const url = e.data.sourceUrl as string | undefined;
      if (url === undefined) {
        expect(e.data.sourceName, e.file).toBeUndefined();
        continue;
      }
      expect(isOfficialSource(url), `${e.file}: ${url}`).toBe(true);
      expect(String(e.data.sourceName ?? ""), e.file).not.toBe("");
    }
    expect(isOfficialSource("https://lawnet.vn/vb/chi-thi-04-ct-btttt-2019-63263.html")).toBe(false);
    expect(isOfficialSource("https://thuvienphapluat.vn/van-ban/x.aspx")).toBe(false);
    expect(isOfficialSource("https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=1")).toBe(true);
    expect(isOfficialSource("https://congbao.chinhphu.vn/van-ban/x.htm")).toBe(true);
    expect(isOfficialSource("https://gov.vn.example.com/")).toBe(false);
  });

  it("notes in Directives 04 and 49 that the Authority of Information Security's tasks sit with the Ministry of Public Security since 1 March 2025", () => {
    for (const e of legal.filter((l) => l.data.key === "04-ct-btttt-2019" || l.data.key === "49-ct-btttt-2021")) {
      const [date, ministry] = e.lang === "vi" ? ["01/03/2025", "Bộ Công an"] : ["1 March 2025", "Ministry of Public Security"];
      expect(e.body, e.file).toContain(date);
      expect(e.body, e.file).toContain(ministry);
    }
  });

  it("says nothing was 'not verified' in a legal text: what is unknown is left out", () => {
    for (const e of legal) {
      expect(e.body, e.file).not.toMatch(/chưa kiểm chứng|not verified|on the updated date|tại ngày cập nhật/i);
    }
  });

  it("cites only legal texts and related articles that exist", () => {
    const legalKeys = new Set(legal.map((e) => e.data.key));
    const guidanceKeys = new Set(guidance.map((e) => e.data.key));
    for (const e of guidance) {
      for (const k of (e.data.legal as string[] | undefined) ?? []) expect(legalKeys.has(k), `${e.file}: legal ${k}`).toBe(true);
      for (const k of (e.data.related as string[] | undefined) ?? []) expect(guidanceKeys.has(k), `${e.file}: related ${k}`).toBe(true);
    }
  });

  // The source documents sit in shared/ beside the repository (as in CI); a clone without them
  // cannot run this comparison, and says so by skipping it.
  it.skipIf(!existsSync(seedsDir))("is written in our own words: no long run of words copied from the source documents", () => {
    // Official names and titles repeat by necessity, so short shared runs are allowed; a run of
    // 15 words or more is a copied clause. Words are compared lower-cased.
    // Titles of legal texts and laws are quoted by necessity; each becomes one token first.
    const titles = [
      "tăng cường phòng chống mã độc và bảo vệ thông tin cá nhân trên không gian mạng",
      "tăng cường phòng chống mã độc và bảo vệ thông tin cá nhân",
      "thúc đẩy phát triển và sử dụng nền tảng số an toàn lành mạnh",
      "thúc đẩy phát triển và sử dụng các nền tảng số an toàn lành mạnh",
      "luật an toàn thông tin mạng",
    ];
    const words = (t: string) => {
      let s = (
        t
          .normalize("NFC")
          .toLowerCase()
          .match(/[\p{L}\p{N}]+/gu) ?? []
      ).join(" ");
      for (const title of titles) s = s.replaceAll(title, "«title»");
      return s.split(" ");
    };
    const N = 15;
    const grams = new Set<string>();
    for (const f of readdirSync(seedsDir).filter((f) => f.endsWith(".txt"))) {
      const w = words(readFileSync(join(seedsDir, f), "utf8"));
      for (let i = 0; i + N <= w.length; i++) grams.add(w.slice(i, i + N).join(" "));
    }
    for (const e of entries) {
      const w = words(e.body);
      const copied: string[] = [];
      for (let i = 0; i + N <= w.length; i++) if (grams.has(w.slice(i, i + N).join(" "))) copied.push(w.slice(i, i + N).join(" "));
      expect(copied, e.file).toEqual([]);
    }
  });
});

// Copy rules the UI strings already follow (src/i18n/ui/vi/*.json), held for the articles too.
describe("content copy", () => {
  const vi = entries.filter((e) => e.lang === "vi");
  /** The text a reader sees: frontmatter values and body, without code spans and link targets. */
  const prose = (e: Entry) => `${Object.values(e.data).flat().join("\n")}\n${e.body}`.replace(/`[^`]*`/g, " ").replace(/\]\([^)]*\)/g, "]");

  it('puts the tone mark on the main vowel, as the UI does: "hoá, khoá, xoá, thuỷ", not "hóa, khóa, xóa, thủy"', () => {
    // oa, oe and uy with no final consonant: the old style marks the o or u. "quý" is the same in
    // both styles (u belongs to qu), so it is left alone.
    const oldStyle = /(?<![\p{L}])\p{L}*(?:[óòỏõọÓÒỎÕỌ][aeAE]|(?<![qQ])[úùủũụÚÙỦŨỤ][yY])(?![\p{L}])/gu;
    for (const e of entries) expect(e.raw.normalize("NFC").match(oldStyle) ?? [], e.file).toEqual([]);
    // The rule catches what it should.
    expect("hóa khỏe thủy Ủy quý hoá".match(oldStyle)).toEqual(["hóa", "khỏe", "thủy", "Ủy"]);
  });

  it('uses one word for e-mail in Vietnamese, the UI\'s "thư điện tử"', () => {
    for (const e of vi) expect(prose(e).match(/\be-?mail\b/gi) ?? [], e.file).toEqual([]);
  });

  it("gives phone numbers only with current 10-digit mobile prefixes, never a retired 01x prefix", () => {
    // The 11-digit 01x mobile numbers moved to 03x, 05x, 07x, 08x on 15 September 2018.
    const phone = /(?<![\d.])(?:\+84[ .]?|0)\d(?:[ .]?\d){7,10}(?![\d])/g;
    for (const e of entries) {
      for (const m of e.raw.match(phone) ?? []) {
        const digits = m.replace(/\D/g, "").replace(/^84/, "0");
        expect(digits, `${e.file}: ${m}`).toMatch(/^0[35789]\d{8}$/);
      }
    }
    expect("Gọi 0168 123 4567 hoặc 0912 345 678".match(phone)).toEqual(["0168 123 4567", "0912 345 678"]);
  });

  it('writes decimals with a comma in Vietnamese ("0,4 ms") and never calls a file hash an "địa chỉ"', () => {
    for (const e of vi) {
      // A point followed by one or two digits is a decimal point; "10.000" (thousands) is fine.
      expect(prose(e).match(/\b\d+\.\d{1,2}\b(?!\.\d)/g) ?? [], e.file).toEqual([]);
      expect(prose(e).match(/địa chỉ[^.;\n]{0,40}(mã băm|hash|SHA)|(mã băm|hash|SHA)[^.;\n]{0,40}địa chỉ/gi) ?? [], e.file).toEqual([]);
    }
  });

  it("gives example links on invented or reserved domains, never a realistic fake bank address", () => {
    // RFC 2606 reserves .example, .test, .invalid and example.com for examples.
    const reserved = /(^|\.)(example|test|invalid)$|(^|\.)example\.(com|net|org)$/;
    for (const e of entries) {
      for (const m of e.body.matchAll(/`(https?:\/\/[^`\s]+)`/g)) {
        const host = new URL(m[1] as string).hostname;
        expect(reserved.test(host) || host.endsWith(".gov.vn"), `${e.file}: ${host}`).toBe(true);
      }
    }
  });
});
