import type { Browser, Page, Request } from "playwright-core";
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

/** Everything the page sent: URL, headers and body of every request, to search for secrets. */
function recordTraffic(page: Page): string[] {
  const sent: string[] = [];
  page.on("request", (r: Request) => {
    sent.push(`${r.method()} ${r.url()}\n${JSON.stringify(r.headers())}\n${r.postData() ?? ""}`);
  });
  return sent;
}

const variants = (s: string) => [s, encodeURIComponent(s), s.toLowerCase(), s.replace(/\s/g, "")];

describe("password check page in Chromium", () => {
  for (const p of [
    {
      path: "/kiem-tra/mat-khau/",
      lang: "vi",
      found: "Mật khẩu này đã bị lộ",
      common: "danh sách những mật khẩu phổ biến nhất",
      clean: "Không tìm thấy mật khẩu này",
      urgent: "Nên làm gì ngay",
      change: "Đổi mật khẩu",
      habits: "trình quản lý mật khẩu",
    },
    {
      path: "/en/check/password/",
      lang: "en",
      found: "This password has leaked",
      common: "on the list of the most common passwords",
      clean: "This password was not found",
      urgent: "What to do now",
      change: "Change the password",
      habits: "password manager",
    },
  ]) {
    it(`finds a demo password on ${p.path}, clears the field, and sends only a hash prefix`, async () => {
      const { page, problems } = await newPage(browser);
      const sent = recordTraffic(page);
      await withScreenshot(page, `breach-password-${p.lang}`, async () => {
        await page.goto(`${base()}${p.path}`);
        expect(await page.getAttribute("html", "lang")).toBe(p.lang);
        expect(await axeViolations(page)).toEqual([]);
        const field = page.locator('input[type="password"]');
        await page.locator("form.breach-form button:not([disabled])").waitFor();
        const secret = "iloveyou";
        await field.fill(secret);
        await page.locator("form.breach-form button").click();
        await page.locator('[data-result="found"]').waitFor();
        const found = (await page.locator('[data-result="found"]').textContent()) ?? "";
        expect(found).toContain(p.found);
        // The demo list has no counts: "among the most common", never "appeared 1 time".
        expect(found).toContain(p.common);
        expect(await page.locator('[data-result="found"] .breach-result-title').textContent()).not.toMatch(/\d/);
        expect(found).toContain(p.urgent);
        expect(found).toContain(p.change);
        expect(await field.inputValue()).toBe("");
        // Where the counts come from is stated.
        expect(await page.locator('[data-corpus="demo"]').textContent()).toContain("@zxcvbn-ts/language-common");
        // A random password is reported clean.
        const random = `Zx-${Math.random().toString(36).slice(2)}-${Date.now()}`;
        await field.fill(random);
        await page.locator("form.breach-form button").click();
        await page.locator('[data-result="clean"]').waitFor();
        const clean = (await page.locator('[data-result="clean"]').textContent()) ?? "";
        expect(clean).toContain(p.clean);
        // Not found: calm habits, not the urgent steps.
        expect(clean).toContain(p.habits);
        expect(clean).not.toContain(p.urgent);
        expect(clean).not.toContain(p.change);
        expect(await page.content()).not.toContain(random);
        expect(await axeViolations(page)).toEqual([]);
        const all = sent.join("\n");
        for (const s of [...variants(secret), ...variants(random)]) expect(all).not.toContain(s);
        // SHA-1("iloveyou") = EE8D8728F4…: only its first 5 digits may appear.
        expect(all).toContain("/api/v1/passwords/range/EE8D8");
        expect(all).not.toContain("EE8D8728F4");
        expect(problems).toEqual([]);
      });
      await page.context().close();
    });
  }

  it("explains without JavaScript why the check needs it, and offers no working form", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await withScreenshot(page, "breach-password-nojs", async () => {
      await page.goto(`${base()}/kiem-tra/mat-khau/`);
      expect(await page.locator("noscript").count()).toBeGreaterThan(0);
      expect(await page.locator("noscript").first().innerHTML()).toContain("JavaScript");
      expect(await page.locator("form.breach-form button").isDisabled()).toBe(true);
      expect(await page.locator('input[type="password"]').getAttribute("name")).toBeNull();
    });
    await context.close();
  });
});

describe("account check page in Chromium", () => {
  for (const p of [
    {
      path: "/kiem-tra/tai-khoan/",
      lang: "vi",
      found: "Thông tin này xuất hiện trong 2 vụ",
      clean: "Không tìm thấy thông tin này",
      urgent: "Nên làm gì ngay",
      change: "Đổi mật khẩu",
      habits: "trình quản lý mật khẩu",
    },
    {
      path: "/en/check/account/",
      lang: "en",
      found: "This e-mail address or phone number appears in 2 data breaches",
      clean: "This e-mail address or phone number was not found",
      urgent: "What to do now",
      change: "Change the password",
      habits: "password manager",
    },
  ]) {
    it(`finds a demo e-mail on ${p.path}, answers a clean e-mail and a mobile calmly, and sends none of them`, async () => {
      const { page, problems } = await newPage(browser);
      const sent = recordTraffic(page);
      await withScreenshot(page, `breach-account-${p.lang}`, async () => {
        await page.goto(`${base()}${p.path}`);
        expect(await axeViolations(page)).toEqual([]);
        const field = page.locator("form.breach-form input");
        await page.locator("form.breach-form button:not([disabled])").waitFor();
        const email = "An.Nguyen+news@Example.com";
        await field.fill(email);
        await page.locator("form.breach-form button").click();
        await page.locator('[data-result="found"]').waitFor();
        const text = (await page.locator('[data-result="found"]').textContent()) ?? "";
        expect(text).toContain(p.found);
        expect(text).toContain("Cửa hàng Minh Hoạ (demo)");
        expect(text).toContain(p.urgent);
        expect(text).toContain(p.change);
        expect(await field.inputValue()).toBe("");
        const mystery = "nobody.here@example.org";
        await field.fill(mystery);
        await page.locator("form.breach-form button").click();
        await page.locator('[data-result="clean"]').waitFor();
        const clean = (await page.locator('[data-result="clean"]').textContent()) ?? "";
        expect(clean).toContain(p.clean);
        // Not found: good habits, calmly; no "change your password now".
        expect(clean).toContain(p.habits);
        expect(clean).not.toContain(p.urgent);
        expect(clean).not.toContain(p.change);
        // A current mobile number is checked too (the demo data has none, so it is not found).
        const phone = "0912 345 678";
        await field.fill(phone);
        const answered = page.waitForResponse((r) => r.url().includes("/api/v1/accounts/range/"));
        await page.locator("form.breach-form button").click();
        await answered;
        await page.locator('[data-result="clean"]').waitFor();
        expect(await page.locator(".error-summary").count()).toBe(0);
        expect(await axeViolations(page)).toEqual([]);
        const all = sent.join("\n");
        for (const s of [
          ...variants(email),
          ...variants(phone),
          ...variants(mystery),
          "an.nguyen",
          "+84912345678",
          "84912345678",
          "912345678",
        ]) {
          expect(all).not.toContain(s);
        }
        expect(all).toMatch(/\/api\/v1\/accounts\/range\/[0-9A-F]{6}\b/);
        expect(problems).toEqual([]);
      });
      await page.context().close();
    });
  }

  for (const p of [
    {
      path: "/kiem-tra/tai-khoan/",
      lang: "vi",
      error: "không phải địa chỉ thư điện tử hay số điện thoại di động",
      numberCheck: "/kiem-tra/so-dien-thoai-tai-khoan/",
    },
    {
      path: "/en/check/account/",
      lang: "en",
      error: "is not an e-mail address or a Vietnamese mobile number",
      numberCheck: "/en/check/number/",
    },
  ]) {
    for (const typed of ["0071001234567", "024 3822 1234", "+1 202 555 0143"]) {
      it(`refuses ${typed} on ${p.path} and points to the number check, sending nothing`, async () => {
        const { page, problems } = await newPage(browser);
        const sent = recordTraffic(page);
        await withScreenshot(page, `breach-account-not-mobile-${p.lang}`, async () => {
          await page.goto(`${base()}${p.path}`);
          await page.locator("form.breach-form button:not([disabled])").waitFor();
          await page.locator("form.breach-form input").fill(typed);
          await page.locator("form.breach-form button").click();
          await page.locator(".error-summary").waitFor();
          expect(await page.locator(".error-summary").textContent()).toContain(p.error);
          // The same title as every other form's error summary (check, report, staff).
          expect(await page.locator(".error-summary h2").textContent()).toBe(p.lang === "vi" ? "Có vấn đề cần sửa" : "There is a problem");
          expect(await page.locator("form.breach-form .form-error").textContent()).toContain(p.error);
          expect(await page.locator("form.breach-form .breach-number-check a").getAttribute("href")).toBe(p.numberCheck);
          expect(await page.locator("[data-result]").count()).toBe(0);
          expect(sent.join("\n")).not.toContain("/api/v1/accounts/range/");
          expect(await axeViolations(page)).toEqual([]);
          expect(problems).toEqual([]);
        });
        await page.context().close();
      });
    }
  }

  it("shows an error summary linked to the field for input that is neither e-mail nor phone", async () => {
    const { page } = await newPage(browser);
    await withScreenshot(page, "breach-account-invalid", async () => {
      await page.goto(`${base()}/en/check/account/`);
      await page.locator("form.breach-form button:not([disabled])").waitFor();
      await page.locator("form.breach-form input").fill("not an address");
      await page.locator("form.breach-form button").click();
      await page.locator(".error-summary").waitFor();
      const href = await page.locator(".error-summary a").getAttribute("href");
      expect(await page.locator(href as string).count()).toBe(1);
      expect(await page.locator("form.breach-form input").getAttribute("aria-invalid")).toBe("true");
      // GOV.UK's error summary: the page's title says there is an error, and the field's message
      // starts with it for a screen reader; both go once the input is fixed.
      expect(await page.title()).toMatch(/^Error: /);
      expect(await page.locator("form.breach-form .form-error").textContent()).toMatch(/^Error: /);
      await page.locator("form.breach-form input").fill("ten@example.com");
      await page.locator("form.breach-form button").click();
      await page.locator("[data-result]").waitFor();
      expect(await page.title()).not.toMatch(/^Error: /);
      expect(await axeViolations(page)).toEqual([]);
    });
    await page.context().close();
  });
});

describe("breach catalogue pages", () => {
  for (const p of [
    { list: "/lo-lot-du-lieu/", one: "/lo-lot-du-lieu/DemoShopVN/", lang: "vi", demo: "Dữ liệu minh hoạ" },
    { list: "/en/breaches/", one: "/en/breaches/DemoShopVN/", lang: "en", demo: "Demo data" },
  ]) {
    it(`lists the demo breaches on ${p.list} and shows one on its own page, both labelled as demo`, async () => {
      const { page, problems, scripts } = await newPage(browser);
      await withScreenshot(page, `breach-catalogue-${p.lang}`, async () => {
        const res = await page.goto(`${base()}${p.list}`);
        expect(res?.status()).toBe(200);
        expect(await page.locator(".breach-card").count()).toBe(3);
        expect(await page.locator(".badge-demo").count()).toBe(3);
        expect(await axeViolations(page)).toEqual([]);
        const one = await page.goto(`${base()}${p.one}`);
        expect(one?.status()).toBe(200);
        expect(await page.locator(".breach-demo-note").textContent()).toBeTruthy();
        expect(await page.textContent("main")).toContain(p.demo);
        expect(await axeViolations(page)).toEqual([]);
        expect(scripts).toEqual([]);
        expect(problems).toEqual([]);
        const missing = await page.goto(`${base()}${p.list}NoSuchBreach/`);
        expect(missing?.status()).toBe(404);
      });
      await page.context().close();
    });
  }
});
