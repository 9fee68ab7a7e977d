import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchBrowser, newPage, withScreenshot } from "./browser.ts";

let browser: Browser;
const base = () => inject("portalUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Bytes on the wire for a GET with gzip/br allowed, as a browser would fetch it. */
function transferred(path: string): Promise<{ bytes: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base()}${path}`, { headers: { "accept-encoding": "gzip, br" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const headerBytes = Object.entries(res.headers).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 0);
        const enc = res.headers["content-encoding"];
        const body = enc === "gzip" ? gunzipSync(raw) : enc === "br" ? brotliDecompressSync(raw) : raw;
        resolve({ bytes: raw.length + headerBytes, body: body.toString("utf8"), type: String(res.headers["content-type"]) });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("guidance and legal pages", () => {
  const pages = [
    "/huong-dan/",
    "/en/guidance/",
    "/huong-dan/nhan-dien-trang-web-gia-mao/",
    "/en/guidance/spotting-fake-bank-e-wallet-and-government-websites/",
    "/van-ban-phap-luat/",
    "/van-ban-phap-luat/chi-thi-04-ct-btttt-2019/",
    "/en/legal/directive-49-ct-btttt-2021/",
  ];
  for (const path of pages) {
    it(`shows ${path} with no script, no console error and no axe violation`, async () => {
      const { page, problems, scripts } = await newPage(browser);
      await withScreenshot(page, `content${path}`, async () => {
        const res = await page.goto(`${base()}${path}`);
        expect(res?.status()).toBe(200);
        expect(scripts).toEqual([]);
        expect(await page.locator("script:not([type='application/ld+json'])").count()).toBe(0);
        expect(await axeViolations(page)).toEqual([]);
        expect(problems).toEqual([]);
      });
      await page.context().close();
    });
  }

  it("weighs at most 60 kB on the wire for an article page with its stylesheet", async () => {
    const html = await transferred("/huong-dan/nhan-dien-trang-web-gia-mao/");
    const css = [...html.body.matchAll(/href="(\/_astro\/[^"]+\.css)"/g)].map((m) => m[1] as string);
    expect(css.length).toBeGreaterThan(0);
    let total = html.bytes;
    for (const c of css) total += (await transferred(c)).bytes;
    expect(total).toBeLessThanOrEqual(60 * 1024);
  });

  it("has a table of contents, breadcrumbs, the legal basis and a switch to the English article", async () => {
    const { page } = await newPage(browser);
    await withScreenshot(page, "article-structure", async () => {
      await page.goto(`${base()}/huong-dan/nhan-dien-trang-web-gia-mao/`);
      expect(await page.locator(".breadcrumbs li").count()).toBe(4);
      const toc = await page.locator(".article-aside ol a").allTextContents();
      expect(toc).toContain("Các bước");
      expect(toc.at(-1)).toBe("Nếu sự việc đã xảy ra");
      await page.click(".article-aside a[href='/van-ban-phap-luat/chi-thi-04-ct-btttt-2019/']");
      expect(await page.textContent("h1")).toContain("04/CT-BTTTT");
      // The window title names the number once: the title already carries it.
      expect(await page.title()).toMatch(/^Chỉ thị 04\/CT-BTTTT về /);
      // The legal text links back to the guidance that rests on it.
      expect(await page.locator("#based-h + ul a").allTextContents()).toContain(
        "Nhận diện trang web giả mạo ngân hàng, ví điện tử và cơ quan nhà nước",
      );
      await page.click(".lang-switch");
      await page.waitForURL(`${base()}/en/legal/directive-04-ct-btttt-2019/`);
      expect(await page.getAttribute("html", "lang")).toBe("en");
      // The legal list names a text whose title carries its number once, and one whose title does not with it.
      await page.goto(`${base()}/van-ban-phap-luat/`);
      expect(await page.textContent("main h2 a[href='/van-ban-phap-luat/chi-thi-04-ct-btttt-2019/']")).toMatch(/^Chỉ thị 04\/CT-BTTTT về /);
      expect(await page.textContent("main h2 a[href='/van-ban-phap-luat/luat-an-ninh-mang-2018/']")).toBe(
        "24/2018/QH14 — Luật An ninh mạng năm 2018",
      );
    });
    await page.context().close();
  });

  it("publishes a sitemap and an RSS feed per language", async () => {
    const sitemap = await (await fetch(`${base()}/sitemap.xml`)).text();
    expect(sitemap).toContain("/huong-dan/nhan-dien-trang-web-gia-mao/</loc>");
    expect(sitemap).toContain("/en/legal/directive-04-ct-btttt-2019/</loc>");
    const rss = await (await fetch(`${base()}/en/guidance/rss.xml`)).text();
    expect(rss).toContain('<rss version="2.0">');
    expect((rss.match(/<item>/g) ?? []).length).toBeGreaterThanOrEqual(12);
  });
});

describe("search", () => {
  for (const [lang, home, query, expectTitle] of [
    ["vi", "/", "ma doc", "Dấu hiệu nhiễm mã độc và cách xử lý"],
    ["en", "/en/", "malware", "Signs of malware and how to clean up"],
  ] as const) {
    it(`finds the malware guidance from the header search box (${lang})`, async () => {
      const { page, problems } = await newPage(browser);
      await withScreenshot(page, `search-${lang}`, async () => {
        await page.goto(`${base()}${home}`);
        await page.fill("#site-search-q", query);
        await page.press("#site-search-q", "Enter");
        await page.waitForURL(/\/(tim-kiem|en\/search)\/\?q=/);
        await page.waitForSelector(".results li");
        const first = await page.locator(".results li h2 a").first().textContent();
        expect(first).toBe(expectTitle);
        expect(await axeViolations(page)).toEqual([]);
        await page.locator(".results li h2 a").first().click();
        await page.waitForURL(/\/(huong-dan|en\/guidance)\//);
        expect(await page.textContent("h1")).toBe(expectTitle);
        expect(problems).toEqual([]);
      });
      await page.context().close();
    });
  }

  it("keeps the words and filters of a search when switching language, both ways", async () => {
    const { page, problems } = await newPage(browser);
    await withScreenshot(page, "search-language-switch", async () => {
      // Server-rendered: the switch carries the page's whole query.
      await page.goto(`${base()}/tim-kiem/?q=${encodeURIComponent("mã độc")}&type=guidance`);
      await page.click(".lang-switch");
      await page.waitForURL(`${base()}/en/search/?q=${encodeURIComponent("mã độc")}&type=guidance`);
      expect(await page.inputValue("#search-q")).toBe("mã độc");
      await page.waitForSelector("astro-island:not([ssr])");
      // Typed in the browser: the switch follows the address the island writes.
      await page.fill("#search-q", "malware");
      await page.waitForFunction(() => location.search.includes("q=malware"));
      await page.waitForFunction(() =>
        document.querySelector<HTMLAnchorElement>(".lang-switch")?.getAttribute("href")?.includes("q=malware"),
      );
      const href = (await page.getAttribute(".lang-switch", "href")) ?? "";
      expect(href.startsWith("/tim-kiem/?")).toBe(true);
      expect(new URLSearchParams(href.split("?")[1]).get("type")).toBe("guidance");
      await page.click(".lang-switch");
      await page.waitForURL(/\/tim-kiem\/\?/);
      expect(await page.getAttribute("html", "lang")).toBe("vi");
      expect(await page.inputValue("#search-q")).toBe("malware");
      expect(new URL(page.url()).searchParams.get("type")).toBe("guidance");
      expect(problems).toEqual([]);
    });
    await page.context().close();
  });

  it("searches as you type and moves through results with the arrow keys", async () => {
    const { page, problems } = await newPage(browser);
    await withScreenshot(page, "search-as-you-type", async () => {
      await page.goto(`${base()}/tim-kiem/`);
      await page.fill("#search-q", "lua dao");
      await page.waitForFunction(() => document.querySelector(".search-summary")?.textContent?.includes("lua dao"));
      await page.waitForFunction(() => location.search.includes("q=lua+dao"));
      expect(await page.locator(".results li mark").count()).toBeGreaterThan(0);
      await page.press("#search-q", "ArrowDown");
      const firstLink = await page.evaluate(() => document.activeElement?.textContent);
      expect(firstLink).toBe(await page.locator(".results li h2 a").first().textContent());
      await page.keyboard.press("ArrowDown");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
        await page.locator(".results li h2 a").nth(1).textContent(),
      );
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("ArrowUp");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("search-q");
      // Facet chips narrow the results without leaving the page.
      await page.click(".facet-row a:has-text('Văn bản pháp luật')");
      await page.waitForFunction(() => new URL(location.href).searchParams.get("type") === "legal");
      await page.waitForFunction(() =>
        [...document.querySelectorAll(".results li .tags li:first-child")].every((e) => e.textContent === "Văn bản pháp luật"),
      );
      expect(problems).toEqual([]);
    });
    await page.context().close();
  });

  it("works without JavaScript: the form and the filters are plain links", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await withScreenshot(page, "search-no-js", async () => {
      await page.goto(`${base()}/en/search/?q=password&lang=all`);
      expect(await page.locator(".results li").count()).toBeGreaterThan(0);
      await page.fill("#search-q", "ma doc");
      await page.press("#search-q", "Enter");
      await page.waitForURL(/q=ma\+doc/);
      expect(await page.locator(".results li h2 a").first().textContent()).toBe("Dấu hiệu nhiễm mã độc và cách xử lý");
    });
    await context.close();
  });
});

describe("tools page", () => {
  it("lists every checking tool in both languages, without accessibility violations", async () => {
    const { page, problems } = await newPage(browser);
    await withScreenshot(page, "tools-page", async () => {
      await page.goto(`${base()}/kiem-tra/`);
      const links = await page.locator(".cards a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      expect(links).toEqual([
        "/kiem-tra/duong-dan/",
        "/kiem-tra/tep-tin/",
        "/kiem-tra/mat-khau/",
        "/kiem-tra/tai-khoan/",
        "/kiem-tra/so-dien-thoai-tai-khoan/",
      ]);
      expect(await axeViolations(page)).toEqual([]);
      await page.click(".lang-switch");
      await page.waitForURL(`${base()}/en/check/`);
      expect(await page.locator(".cards a").count()).toBe(5);
      expect(problems).toEqual([]);
    });
    await page.context().close();
  });
});
