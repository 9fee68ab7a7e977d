import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchBrowser, newPage, withScreenshot } from "./browser.ts";

// Every page fits the narrowest phone screen WCAG 2.2 asks for (1.4.10 Reflow: 320 CSS px wide,
// no scrolling in two directions), and the UI kit's test page passes axe at both widths.
let browser: Browser;
const base = () => inject("portalUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Every page the sitemap lists, as a path on the portal under test. */
async function sitemapPaths(page: Page): Promise<string[]> {
  const res = await page.request.get(`${base()}/sitemap.xml`);
  const xml = await res.text();
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? "/").pathname);
}

/** The first link under `selector` on `path` whose address starts with `prefix`, if there is one. */
async function firstLink(page: Page, path: string, prefix: string): Promise<string | undefined> {
  await page.goto(`${base()}${path}`);
  const hrefs = await page.locator(`main a[href^="${prefix}"]`).evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.find((h) => h !== prefix && !h.includes("?") && !h.includes("#"));
}

/** Pages rendered on demand, which the sitemap leaves out. */
const onDemand = [
  "/trang-thai/",
  "/en/status/",
  "/tim-kiem/?q=l%E1%BB%ABa%20%C4%91%E1%BA%A3o",
  "/en/search/?q=scam",
  // The report form's second step: the questions for one kind of problem.
  "/bao-cao/?category=scam",
  "/en/report/?category=scam",
  "/kiem-tra/so-dien-thoai-tai-khoan/",
  "/en/check/number/",
  "/thong-ke/",
  "/en/statistics/",
  "/quan-tri/",
  "/en/staff/",
  // The UI kit's test page: every component's examples, which must fit a 320 px screen too.
  "/kit/",
  // The no-JS result pages, with a long SHA-256 and a long address that must wrap.
  "/kiem-tra/tep-tin/ket-qua/?hash=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  "/en/check/link/result/?url=https%3A%2F%2Fexample.com%2Fa-very-long-path%2Fwith-many-segments%2Fthat-does-not-break%3Fand%3Da-query",
  "/kit/",
  "/trang-khong-ton-tai/",
];

describe("page width on a 320 px screen", () => {
  it("no page of the sitemap or rendered on demand is wider than the screen", async () => {
    const { page } = await newPage(browser, { viewport: { width: 320, height: 640 } });
    await withScreenshot(page, "layout-320", async () => {
      const paths = [...(await sitemapPaths(page)), ...onDemand];
      // An alert's page and a breach's page, when the portal has one.
      for (const [list, prefix] of [
        ["/canh-bao/", "/canh-bao/"],
        ["/lo-lot-du-lieu/", "/lo-lot-du-lieu/"],
      ] as const) {
        const link = await firstLink(page, list, prefix);
        expect(link, `a link on ${list}`).toBeDefined();
        if (link) paths.push(link);
      }
      expect(paths.length).toBeGreaterThan(40);
      expect(paths).toContain("/quyen-rieng-tu/");
      const overflowing: string[] = [];
      for (const path of paths) {
        const res = await page.goto(`${base()}${path}`);
        expect(res?.status(), path).toBeLessThan(path.includes("khong-ton-tai") ? 500 : 400);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 320) {
          // Name the widest element, so the report says what to fix.
          const culprit = await page.evaluate(() => {
            let worst = "";
            let right = 320;
            for (const el of document.querySelectorAll("body *")) {
              const r = el.getBoundingClientRect().right;
              if (r > right) {
                right = r;
                worst = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.split(" ").join(".")}` : ""}`;
              }
            }
            return `${worst} (${Math.round(right)} px)`;
          });
          overflowing.push(`${path}: ${width} px, widest ${culprit}`);
        }
      }
      expect(paths.filter((p) => /^\/(canh-bao|lo-lot-du-lieu)\/[^/]+\/$/.test(p))).toHaveLength(2);
      expect(overflowing).toEqual([]);
    });
    await page.context().close();
  }, 300_000);
});

describe("axe on every page", () => {
  // The accessibility statement says every page is tested with axe at both widths: this is that test.
  for (const width of [390, 1280]) {
    it(`finds no violation on any page of the sitemap or rendered on demand at ${width} px`, async () => {
      const { page } = await newPage(browser, { viewport: { width, height: 900 } });
      await withScreenshot(page, `axe-every-page-${width}`, async () => {
        const paths = [...(await sitemapPaths(page)), ...onDemand];
        const found: string[] = [];
        for (const path of paths) {
          await page.goto(`${base()}${path}`);
          for (const v of await axeViolations(page)) found.push(`${path}: ${v}`);
        }
        expect(found).toEqual([]);
      });
      await page.context().close();
    }, 600_000);
  }
});

describe("the UI kit's test page", () => {
  for (const width of [390, 1280]) {
    it(`renders every component with no axe violation at ${width} px, and is kept out of search engines`, async () => {
      const { page, problems } = await newPage(browser, { viewport: { width, height: 900 } });
      await withScreenshot(page, `kit-${width}`, async () => {
        const res = await page.goto(`${base()}/kit/`);
        expect(res?.status()).toBe(200);
        expect(await page.getAttribute('meta[name="robots"]', "content")).toBe("noindex");
        for (const selector of [
          ".error-summary",
          ".form-field-error .form-input-error",
          ".form-hint",
          ".form-check input[type=checkbox]",
          ".table-scroll table",
          ".breadcrumbs",
          ".button",
          ".button-secondary",
          ".button-warning",
          "a.button[href]",
          "input[type=file].file-upload",
          ".form-field-error .file-upload-error",
          "nav.pagination a[aria-current=page]",
          "nav.pagination a[rel=next]",
          "nav.pagination a[rel=prev]",
          ".pagination-item-ellipsis",
          "form.filter-form",
          ".paged-table .table-scroll table",
          "dl.summary-list .summary-list-actions a",
          "figure.chart-figure svg.chart-plot",
          ".chart-legend",
          ".table-scroll table.chart-table",
          ".tag",
          ".notification-banner",
          "details.details",
        ]) {
          expect(await page.locator(selector).count(), selector).toBeGreaterThan(0);
        }
        expect(await axeViolations(page)).toEqual([]);
        expect(problems).toEqual([]);
      });
      await page.context().close();
    });
  }

  it("is not in the sitemap", async () => {
    const res = await fetch(`${base()}/sitemap.xml`);
    expect(await res.text()).not.toContain("/kit/");
  });
});
