import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchBrowser, newPage, screenshotDir, withScreenshot } from "./browser.ts";

let browser: Browser;
const base = () => inject("portalUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const readingPages = [
  { path: "/", lang: "vi", h1: "Dùng mạng an toàn, bắt đầu từ đây" },
  { path: "/en/", lang: "en", h1: "Staying safe online starts here" },
  { path: "/gioi-thieu/", lang: "vi", h1: "Giới thiệu Cổng An toàn không gian mạng" },
  { path: "/en/about/", lang: "en", h1: "About the Cyberspace Safety Portal" },
];

describe("reading pages in Chromium", () => {
  for (const p of readingPages) {
    it(`shows ${p.path} in ${p.lang} with no JavaScript, no console error and no axe violation`, async () => {
      const { page, problems, scripts } = await newPage(browser);
      await withScreenshot(page, `page${p.path}`, async () => {
        const res = await page.goto(`${base()}${p.path}`);
        expect(res?.status()).toBe(200);
        expect(await page.getAttribute("html", "lang")).toBe(p.lang);
        expect(await page.textContent("h1")).toBe(p.h1);
        expect(await page.locator("header").count()).toBe(1);
        expect(await page.locator("nav").count()).toBeGreaterThan(0);
        expect(await page.locator("main#main").count()).toBe(1);
        expect(await page.locator("footer").textContent()).toContain("04/CT-BTTTT");
        expect(await page.locator("footer").textContent()).toContain("49/CT-BTTTT");
        expect(scripts).toEqual([]);
        expect(await page.locator("script").count()).toBe(0);
        expect(await axeViolations(page)).toEqual([]);
        expect(problems).toEqual([]);
      });
      await page.context().close();
    });
  }

  it("lets a keyboard user skip straight to the main content", async () => {
    const { page } = await newPage(browser);
    await withScreenshot(page, "skip-link", async () => {
      await page.goto(`${base()}/`);
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
      expect(focused).toBe("Bỏ qua, đến nội dung chính");
      expect(await page.locator(".skip-link").isVisible()).toBe(true);
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    });
    await page.context().close();
  });

  it("switches language to the same page in the other language and back", async () => {
    const { page } = await newPage(browser);
    await withScreenshot(page, "language-switch", async () => {
      await page.goto(`${base()}/gioi-thieu/`);
      await page.click(".lang-switch");
      await page.waitForURL(`${base()}/en/about/`);
      expect(await page.textContent("h1")).toBe("About the Cyberspace Safety Portal");
      await page.click(".lang-switch");
      await page.waitForURL(`${base()}/gioi-thieu/`);
      expect(await page.getAttribute("html", "lang")).toBe("vi");
      // The current page is marked for assistive technology.
      expect(await page.getAttribute('nav a[aria-current="page"]', "href")).toBe("/gioi-thieu/");
    });
    await page.context().close();
  });

  it("shows a 404 page with status 404 in both languages", async () => {
    const { page, problems } = await newPage(browser);
    await withScreenshot(page, "not-found", async () => {
      const vi = await page.goto(`${base()}/trang-khong-ton-tai`);
      expect(vi?.status()).toBe(404);
      expect(await page.textContent("h1")).toBe("Không tìm thấy trang");
      expect(await axeViolations(page)).toEqual([]);
      const en = await page.goto(`${base()}/en/missing-page`);
      expect(en?.status()).toBe(404);
      expect(await page.textContent("h1")).toBe("Page not found");
      expect(problems.filter((p) => !p.includes("404"))).toEqual([]);
    });
    await page.context().close();
  });

  it("shows live service status rendered on demand", async () => {
    const { page, problems } = await newPage(browser);
    await withScreenshot(page, "status", async () => {
      const res = await page.goto(`${base()}/trang-thai/`);
      expect(res?.status()).toBe(200);
      expect(await page.textContent(".status-banner")).toBe("Mọi thành phần đang hoạt động bình thường.");
      expect(await page.locator("tbody tr").count()).toBe(2);
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    });
    await page.context().close();
  });

  it("fits a phone screen without sideways scrolling", async () => {
    const { page } = await newPage(browser, { viewport: { width: 360, height: 780 } });
    await withScreenshot(page, "phone", async () => {
      for (const path of ["/", "/en/about/", "/trang-thai/"]) {
        await page.goto(`${base()}${path}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
      }
      mkdirSync(screenshotDir, { recursive: true });
      await page.goto(`${base()}/`);
      await page.screenshot({ path: join(screenshotDir, "review-home-phone.png"), fullPage: true });
    });
    await page.context().close();
  });

  it("renders the API reference without accessibility violations", async () => {
    const { page, problems } = await newPage(browser);
    await withScreenshot(page, "api-docs", async () => {
      await page.goto(`${base()}/api/v1/docs`);
      expect(await page.textContent("h1")).toContain("National Cyberspace Safety Portal API");
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    });
    await page.context().close();
  });
});
