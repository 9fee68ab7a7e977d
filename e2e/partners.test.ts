// The partner keys page of the staff console in Chromium: an administrator issues a key (shown
// once), the key works on the public API with its own quota and is counted, then is revoked and
// refused. Both languages, axe clean, nothing wider than 320 px, and the forms work with
// JavaScript turned off (axe itself needs JavaScript, so it runs in a second, ordinary page).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchBrowser, newPage, withScreenshot } from "./browser.ts";
import { createWithCli, nextCode, submit } from "./staff-accounts.ts";

const base = () => inject("portalUrl");
const ADMIN = { email: "partners-admin@example.gov.vn", password: "khoá đối tác chỉ hiện một lần thôi" };

let browser: Browser;
let page: Page;
let key = "";
let secret = "";

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page } = await newPage(browser));
});
afterAll(async () => {
  await browser?.close();
});

const check = (headers: Record<string, string> = {}) =>
  fetch(`${base()}/api/v1/url/check?url=${encodeURIComponent("https://example.com/")}`, { headers });

describe("partner API keys in the staff console", () => {
  it("signs an administrator made with the CLI in and opens the page from the console's navigation", async () => {
    key = createWithCli(ADMIN.email, "Quản trị đối tác", "admin", ADMIN.password);
    await withScreenshot(page, "partners-sign-in", async () => {
      await page.goto(`${base()}/quan-tri/doi-tac/`);
      await page.fill("#signin-email", ADMIN.email);
      await page.fill("#signin-password", ADMIN.password);
      await page.fill("#signin-totp", nextCode(key));
      const res = await submit(page, "form.staff-form button[type=submit]");
      expect(res?.status()).toBe(200);
      expect(page.url()).toBe(`${base()}/quan-tri/doi-tac/`);
      expect(await page.locator("h1").textContent()).toBe("Đối tác dùng API");
      expect(await page.locator('.staff-bar nav a[aria-current="page"]').textContent()).toBe("Đối tác API");
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it("shows the errors at their fields when the form is wrong", async () => {
    await withScreenshot(page, "partners-errors", async () => {
      await page.fill("#partner-per-minute", "nhiều");
      const res = await submit(page, "form.staff-form button[type=submit]");
      expect(res?.status()).toBe(400);
      expect(await page.title()).toMatch(/^Lỗi: /);
      const links = await page.locator(".error-summary a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      expect(links).toEqual(["#partner-name", "#partner-kind", "#partner-per-minute"]);
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it("issues a key and shows it once; the key gets its own quota on the public API and is counted", async () => {
    await withScreenshot(page, "partners-issued", async () => {
      await page.fill("#partner-name", "Ngân hàng TMCP Thử nghiệm");
      await page.selectOption("#partner-kind", "bank");
      await page.fill("#partner-per-minute", "5");
      await page.fill("#partner-per-day", "1000");
      const res = await submit(page, "form.staff-form button[type=submit]");
      expect(res?.status()).toBe(200);
      secret = (await page.locator("[data-partner-key]").textContent()) ?? "";
      expect(secret).toMatch(/^ncsp_pk_[A-Za-z0-9_-]{43}$/);
      expect(await page.locator("#partners-issued-title").textContent()).toBe("Khoá API mới cho Ngân hàng TMCP Thử nghiệm");
      expect(await axeViolations(page)).toEqual([]);
    });
    const ok = await check({ authorization: `Bearer ${secret}` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("ratelimit-policy")).toBe('"partner";q=5;w=60, "partner-day";q=1000;w=86400');
    // The page never shows the key again, and counts its use.
    await page.goto(`${base()}/quan-tri/doi-tac/`);
    expect(await page.content()).not.toContain(secret.slice(12));
    const row = page.locator("tr", { hasText: "Ngân hàng TMCP Thử nghiệm" });
    expect(await row.locator("td").nth(3).textContent()).toBe("1 yêu cầu, 1 đơn vị, 0 bị từ chối");
    expect(await row.locator(".staff-status").textContent()).toBe("Còn hiệu lực");
  });

  it("revokes the key, after which the API refuses it with 401", async () => {
    await withScreenshot(page, "partners-revoked", async () => {
      const res = await submit(page, 'tr:has-text("Ngân hàng TMCP Thử nghiệm") form button[type=submit]');
      expect(res?.status()).toBe(200);
      expect(page.url()).toMatch(/\/quan-tri\/doi-tac\/\?revoked=[0-9a-f]{16}$/);
      expect(await page.locator(".staff-notice").textContent()).toBe(
        "Đã thu hồi khoá của Ngân hàng TMCP Thử nghiệm. Mọi yêu cầu dùng khoá này từ giờ đều bị từ chối.",
      );
      expect(await page.locator('tr:has-text("Ngân hàng TMCP Thử nghiệm") .staff-status').textContent()).toBe("Đã thu hồi");
      expect(await axeViolations(page)).toEqual([]);
    });
    const refused = await check({ authorization: `Bearer ${secret}` });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");
  });

  it("issues a key with JavaScript turned off: the form posts and the answer shows the key", async () => {
    const noJs = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN", javaScriptEnabled: false });
    await noJs.addCookies(await page.context().cookies());
    const plain = await noJs.newPage();
    await withScreenshot(plain, "partners-no-js", async () => {
      await plain.goto(`${base()}/quan-tri/doi-tac/`);
      expect(await plain.locator("h1").textContent()).toBe("Đối tác dùng API");
      await plain.fill("#partner-name", "Tiện ích Trình duyệt An toàn");
      await plain.selectOption("#partner-kind", "extension");
      const res = await submit(plain, "form.staff-form button[type=submit]");
      expect(res?.status()).toBe(200);
      expect(await plain.locator("[data-partner-key]").textContent()).toMatch(/^ncsp_pk_/);
      expect(await plain.locator('tr:has-text("Tiện ích Trình duyệt An toàn") td').first().textContent()).toBe("Tiện ích trình duyệt");
    });
    await noJs.close();
  });

  it("reads in English too, and nothing is wider than a 320 px screen", async () => {
    await withScreenshot(page, "partners-en-320", async () => {
      await page.setViewportSize({ width: 320, height: 800 });
      await page.goto(`${base()}/en/staff/partners/`);
      expect(await page.locator("h1").textContent()).toBe("API partners");
      expect(await page.locator('tr:has-text("Ngân hàng TMCP Thử nghiệm") .staff-status').textContent()).toBe("Revoked");
      expect(await page.locator('tr:has-text("Tiện ích Trình duyệt An toàn") td').first().textContent()).toBe("Browser extension");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});
