import { randomInt, randomUUID } from "node:crypto";
import { deflateSync } from "node:zlib";
import { paths } from "@portal/contracts";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchBrowser, newPage, type Watched, withScreenshot } from "./browser.ts";
import { createWithCli, nextCode, submit } from "./staff-accounts.ts";

const base = () => inject("portalUrl");

// From the demo data: the first entry of MetaMask's eth-phishing-detect list (see e2e/check.test.ts).
const PHISHING = "http://myetherwallet.uk.com/wallet/login";
// A host nobody has listed: it checks as unknown until the analyst blocks it from the report.
const FRESH = `http://nhan-qua-tri-an-${randomUUID().slice(0, 8)}.com/dang-nhap`;
// The number that sent the message: a Viettel mobile number no list has (random, so reruns differ).
const SENDER = `098${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;
const NOTE = "Chúng tôi đã xác minh: đây là trang giả mạo ngân hàng. Đường dẫn đã bị chặn trên cổng.";
const TRACKING = /^VN-\d{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
/** The API refuses a form filled in faster than this (apps/api features/reports MIN_FILL_MS). */
const MIN_FILL_MS = 3000;

const ANALYST = { email: "reports-analyst@example.gov.vn", name: "Lê Văn Xử Lý", password: "bốn con cá vàng bơi trong chậu sứ" };

let browser: Browser;
let citizen: Watched;
let analyst: Page;
let analystKey = "";
let code = "";
let statusKey = "";
let caseUrl = "";

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A real 2×2 PNG made here (signature, IHDR, IDAT, IEND with their CRCs), so no file is checked in. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const rows = Buffer.from([0, 200, 16, 46, 255, 205, 0, 0, 11, 58, 110, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Waits out the form's minimum fill time, counted from when the form was rendered. */
async function afterMinimumFillTime(page: Page): Promise<void> {
  const started = Number(await page.getAttribute('input[name="formStartedAt"]', "value"));
  expect(started).toBeGreaterThan(Date.now() - 600_000);
  const wait = started + MIN_FILL_MS + 250 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
}

const h1 = (page: Page) => page.locator("h1").first().textContent();

/** axe at this width and at a phone's, and nothing wider than the phone's screen: the page as it is now (a POST's answer too). */
async function bothWidths(page: Page, label: string, problems: string[]): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const v of await axeViolations(page)) problems.push(`${width}px ${label}: ${v}`);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > width) problems.push(`${width}px ${label}: the page is ${scrollWidth} px wide`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function checkLink(page: Page, url: string): Promise<{ verdict: string | null; text: string }> {
  await page.goto(`${base()}/kiem-tra/duong-dan/`);
  await page.waitForSelector("astro-island:not([ssr])");
  await page.fill(".check-form textarea[name=url]", url);
  await page.click(".check-form button");
  await page.waitForSelector(".verdict");
  return { verdict: await page.getAttribute(".verdict", "data-verdict"), text: (await page.textContent(".verdict")) ?? "" };
}

describe("a citizen's report, from the verdict card to the analyst and back", () => {
  it("offers no report link on an unknown link, and one prefilled with the link on a phishing verdict", async () => {
    citizen = await newPage(browser);
    const page = citizen.page;
    await withScreenshot(page, "reports-verdict-card", async () => {
      const before = await checkLink(page, FRESH);
      expect(before.verdict).toBe("unknown");
      expect(await page.locator(".verdict [data-report-link]").count()).toBe(0);

      const demo = await checkLink(page, PHISHING);
      expect(demo.verdict).toBe("phishing");
      const link = page.locator(".verdict [data-report-link]");
      expect(await link.textContent()).toBe("Báo cáo đường dẫn này");
      const href = new URL((await link.getAttribute("href")) as string, base());
      expect(href.pathname).toBe("/bao-cao/");
      expect(href.searchParams.get("category")).toBe("phishing");
      expect(href.searchParams.get("url")).toBe(PHISHING);
    });
  });

  it("opens the phishing questions prefilled, takes a picture as evidence and confirms with the code and key", async () => {
    const { page } = citizen;
    await withScreenshot(page, "reports-submit", async () => {
      await Promise.all([page.waitForNavigation(), page.click(".verdict [data-report-link]")]);
      expect(await h1(page)).toBe("Kể cho chúng tôi về trang hoặc tin nhắn giả mạo");
      expect(await page.inputValue("#report-url")).toBe(PHISHING);
      // Only this category's questions: a phishing report asks no bank account and no amount.
      expect(await page.locator("#report-bankAccount").count()).toBe(0);
      expect(await page.locator("#report-amountLost").count()).toBe(0);
      expect(await page.getAttribute("#report-evidence", "accept")).toContain(".png");
      expect(await page.getAttribute("#report-evidence", "multiple")).not.toBeNull();
      // The honeypot is hidden from everyone, and labelled for what it is.
      expect(await page.locator("#report-website").isVisible()).toBe(false);
      expect(await page.textContent('label[for="report-website"]')).toBe("Để trống ô này");

      // The page the citizen really got was another one, which no list knows yet.
      await page.fill("#report-url", FRESH);
      await page.fill("#report-description", "Tin nhắn báo tài khoản bị khoá, yêu cầu đăng nhập lại qua đường dẫn giả trang ngân hàng.");
      await page.selectOption("#report-contactMethod", "sms");
      await page.fill("#report-phone", SENDER);
      await page.setInputFiles("#report-evidence", { name: "anh-chup-tin-nhan.png", mimeType: "image/png", buffer: tinyPng() });
      await page.fill("#report-contactEmail", "nguoi.dan@example.vn");
      await page.check("#report-consent");
      await afterMinimumFillTime(page);
      const res = await submit(page, ".report-form button[type=submit]");
      expect(res?.status()).toBe(200);
      expect(res?.headers()["cache-control"]).toBe("no-store");
      expect(await h1(page)).toBe("Chúng tôi đã nhận được báo cáo");
      // The answer to the post itself: the key is never in an address.
      expect(page.url()).toBe(`${base()}/bao-cao/`);
      code = (await page.getAttribute("[data-tracking-code]", "data-tracking-code")) as string;
      expect(code).toMatch(TRACKING);
      expect(((await page.textContent(".report-code")) ?? "").replace(/\s+/g, "")).toBe(code);
      statusKey = ((await page.textContent("[data-status-key]")) ?? "").trim();
      expect(statusKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$/);
      expect(await page.textContent(".report-save")).toContain("in hoặc lưu trang này");
      // What to do now, for a phishing report.
      expect(await page.textContent(".report-steps")).toContain("xác thực hai bước");
      const problems: string[] = [];
      await bothWidths(page, "/bao-cao/ (sent)", problems);
      expect(problems).toEqual([]);
      expect(citizen.problems).toEqual([]);
    });
  });

  it("lets an analyst made with the CLI open the report from the queue, triage it with a note and block the link", async () => {
    analystKey = createWithCli(ANALYST.email, ANALYST.name, "analyst", ANALYST.password);
    ({ page: analyst } = await newPage(browser));
    await withScreenshot(analyst, "reports-analyst", async () => {
      await analyst.goto(`${base()}/quan-tri/bao-cao/`);
      // Signed out: to sign-in, and back to the queue after.
      expect(new URL(analyst.url()).search).toBe("?next=%2Fquan-tri%2Fbao-cao%2F");
      await analyst.fill("#signin-email", ANALYST.email);
      await analyst.fill("#signin-password", ANALYST.password);
      await analyst.fill("#signin-totp", nextCode(analystKey));
      await submit(analyst, "form.staff-form button[type=submit]");
      expect(analyst.url()).toBe(`${base()}/quan-tri/bao-cao/`);
      expect(await h1(analyst)).toBe("Phản ánh của người dân");
      // The console's front page leads here too.
      await analyst.goto(`${base()}/quan-tri/`);
      await Promise.all([analyst.waitForNavigation(), analyst.click('.staff-pages a[href="/quan-tri/bao-cao/"]')]);

      const row = analyst.locator(`tr[data-code="${code}"]`);
      expect(await row.textContent()).toContain("Mới nhận");
      await Promise.all([analyst.waitForNavigation(), row.locator("a").click()]);
      caseUrl = analyst.url();
      expect(await h1(analyst)).toBe(`Báo cáo ${code}`);
      expect(await analyst.textContent("[data-description]")).toContain("giả trang ngân hàng");
      expect(await analyst.locator("[data-evidence]").textContent()).toBe("anh-chup-tin-nhan.png");
      // Contact details are for administrators only.
      expect(await analyst.textContent("main")).not.toContain("nguoi.dan@example.vn");
      const download = await analyst.context().request.get(`${base()}${await analyst.getAttribute("[data-evidence]", "href")}`);
      expect(download.status()).toBe(200);
      expect(download.headers()["content-disposition"]).toMatch(/^attachment/);
      expect(Buffer.from(await download.body()).equals(tinyPng())).toBe(true);

      await analyst.selectOption("#case-status", "triaging");
      await analyst.fill("#case-public-note", NOTE);
      await analyst.fill("#case-private-note", "Trùng mẫu chiến dịch giả ngân hàng tuần này.");
      await submit(analyst, "form[aria-labelledby=case-status-title] button[type=submit]");
      expect(analyst.url()).toBe(`${caseUrl}?done=status`);
      expect(await analyst.getAttribute("[data-status]", "data-status")).toBe("triaging");
      expect(await analyst.textContent('[data-visibility="public"]')).toContain(NOTE);

      await submit(analyst, '[data-protect="url"] button');
      expect(analyst.url()).toBe(`${caseUrl}?done=protected`);
      expect(await analyst.textContent('[data-protect="url"]')).toContain("đã chặn");
      await submit(analyst, '[data-protect="phone"] button');
      expect(analyst.url()).toBe(`${caseUrl}?done=protected`);
      expect(await analyst.textContent('[data-protect="phone"]')).toContain("đã chặn");
      expect(await analyst.textContent("main")).toContain(`report:${code}`);

      // A change of status needs a note for the reporter: the form says so at the field.
      await analyst.selectOption("#case-status", "resolved");
      expect((await submit(analyst, "form[aria-labelledby=case-status-title] button[type=submit]"))?.status()).toBe(400);
      expect(await analyst.getAttribute(".error-summary a", "href")).toBe("#case-public-note");
      expect(await analyst.title()).toMatch(/^Lỗi: /);
    });
  });

  it("shows the citizen the status and the analyst's note, and no report for a wrong key", async () => {
    const { page } = citizen;
    await withScreenshot(page, "reports-status", async () => {
      await page.goto(`${base()}/bao-cao/tra-cuu/`);
      await page.fill("#status-code", code);
      await page.fill("#status-key", `${statusKey.slice(0, -1)}${statusKey.endsWith("A") ? "B" : "A"}`);
      expect((await submit(page, ".report-form button[type=submit]"))?.status()).toBe(404);
      expect(await page.textContent(".error-summary")).toContain("Không tìm thấy báo cáo");
      const wrongKey = await page.textContent(".error-summary a");
      await page.fill("#status-code", "VN-2026-ZZZZ-ZZZZ");
      await page.fill("#status-key", statusKey);
      expect((await submit(page, ".report-form button[type=submit]"))?.status()).toBe(404);
      // An unknown code reads exactly like a wrong key.
      expect(await page.textContent(".error-summary a")).toBe(wrongKey);

      await page.fill("#status-code", code.toLowerCase());
      await page.fill("#status-key", statusKey);
      const res = await submit(page, ".report-form button[type=submit]");
      expect(res?.status()).toBe(200);
      expect(page.url()).toBe(`${base()}/bao-cao/tra-cuu/`);
      expect(await page.getAttribute("[data-status]", "data-status")).toBe("triaging");
      expect(await page.textContent(".report-notes")).toContain(NOTE);
      // The private note stays inside the console.
      expect(await page.textContent("main")).not.toContain("Trùng mẫu chiến dịch");
      const problems: string[] = [];
      await bothWidths(page, "/bao-cao/tra-cuu/ (report)", problems);
      expect(problems).toEqual([]);
    });
  });

  it("now checks the reported link as phishing, naming the report, and the sender's number as confirmed", async () => {
    const { page } = citizen;
    await withScreenshot(page, "reports-protected", async () => {
      const after = await checkLink(page, FRESH);
      expect(after.verdict).toBe("phishing");
      expect(after.text).toContain(`report:${code}`);

      await page.goto(`${base()}/kiem-tra/so-dien-thoai-tai-khoan/`);
      await page.fill("#number-phone", SENDER);
      await submit(page, "form[aria-labelledby=number-phone-title] button[type=submit]");
      expect(await page.getAttribute(".report-result", "data-confirmed")).toBe("true");
      expect(await page.textContent(".report-result h2")).toContain("Đã được xác nhận là dùng để lừa đảo");
      expect(await page.textContent(".report-result")).toContain("Trang, tin nhắn giả mạo");

      await page.fill("#number-phone", "0912 000 111");
      await submit(page, "form[aria-labelledby=number-phone-title] button[type=submit]");
      expect(await page.getAttribute(".report-result", "data-confirmed")).toBe("false");
      expect(await page.textContent(".report-result")).toContain("không có nghĩa là an toàn");
      const reportLink = new URL((await page.getAttribute(".report-result a", "href")) as string, base());
      expect(reportLink.searchParams.get("category")).toBe("scam");
      expect(reportLink.searchParams.get("phone")).toBe("0912 000 111");

      await page.fill("#number-bank", "Vietcombank");
      await page.fill("#number-account", "12ab");
      expect((await submit(page, "form[aria-labelledby=number-account-title] button[type=submit]"))?.status()).toBe(400);
      expect(await page.getAttribute(".error-summary a", "href")).toBe("#number-account");
    });
  });

  it("undoes the block in one step", async () => {
    await withScreenshot(analyst, "reports-unprotect", async () => {
      await analyst.goto(caseUrl);
      await submit(analyst, '[data-protect="phone"] button');
      expect(analyst.url()).toBe(`${caseUrl}?done=unprotected`);
      expect(await analyst.textContent('[data-protect="phone"]')).not.toContain("đã chặn");
      // The link stays blocked: undoing one thing leaves the other.
      expect(await analyst.textContent('[data-protect="url"]')).toContain("đã chặn");
    });
  });
});

describe("the report form without JavaScript", () => {
  it("asks what happened, then only those questions, shows the error summary for a missing description, and takes the report", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-GB" });
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(r.url());
    });
    await withScreenshot(page, "reports-no-js", async () => {
      await page.goto(`${base()}/en/`);
      await Promise.all([page.waitForNavigation(), page.click(".report-action")]);
      expect(page.url()).toBe(`${base()}/en/report/`);
      expect(await h1(page)).toBe("What happened?");
      // Nothing chosen: the same question again, with the error summary.
      expect((await submit(page, ".report-form button[type=submit]"))?.status()).toBe(400);
      expect(await page.title()).toMatch(/^Error: What happened\?/);
      expect(await page.getAttribute(".error-summary a", "href")).toBe("#report-category");

      await page.check("input[name=category][value=scam]");
      await submit(page, ".report-form button[type=submit]");
      expect(new URL(page.url()).searchParams.get("category")).toBe("scam");
      expect(await h1(page)).toBe("Tell us about the scam");
      expect(await page.locator("#report-bankAccount").count()).toBe(1);
      expect(await page.locator("#report-platform").count()).toBe(0);

      await page.selectOption("#report-contactMethod", "phone_call");
      await page.fill("#report-bankName", "Techcombank");
      await page.fill("#report-bankAccount", "1903 4567 8901");
      await page.fill("#report-amountLost", "2.500.000");
      await page.check("#report-anonymous-yes");
      await page.check("#report-consent");
      await afterMinimumFillTime(page);
      const refused = await submit(page, ".report-form button[type=submit]");
      expect(refused?.status()).toBe(400);
      expect(await page.title()).toMatch(/^Error: Tell us about the scam/);
      const links = await page.locator(".error-summary a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      expect(links).toEqual(["#report-description"]);
      expect(await page.textContent("#report-description-error")).toContain("Tell us what happened");
      // The answers come back as they were typed.
      expect(await page.inputValue("#report-bankAccount")).toBe("1903 4567 8901");
      expect(await page.inputValue("#report-amountLost")).toBe("2.500.000");
      expect(await page.isChecked("#report-anonymous-yes")).toBe(true);
      expect(await page.isChecked("#report-consent")).toBe(true);

      await page.fill("#report-description", "A caller said he was from the police and told me to move my savings to a 'safe account'.");
      await afterMinimumFillTime(page);
      const sent = await submit(page, ".report-form button[type=submit]");
      expect(sent?.status()).toBe(200);
      expect(await h1(page)).toBe("We have received your report");
      expect(await page.getAttribute("[data-tracking-code]", "data-tracking-code")).toMatch(TRACKING);
      expect(await page.textContent(".report-steps")).toContain("freeze the transfer");
      expect(scripts).toEqual([]);
    });
    await context.close();
  });
});

describe("the statistics", () => {
  it("draws its charts on the server: no script, no inline style, each chart named and with its table", async () => {
    for (const path of ["/thong-ke/", "/en/statistics/"]) {
      const { page, problems, scripts } = await newPage(browser);
      await withScreenshot(page, `reports-stats${path}`, async () => {
        const res = await page.goto(`${base()}${path}`);
        expect(res?.status()).toBe(200);
        expect(scripts).toEqual([]);
        // CSP: style-src 'self' — anything inline would be refused and reported to the console.
        expect(await page.locator("main [style]").count()).toBe(0);
        expect(await page.locator("main style").count()).toBe(0);
        const charts = page.locator("svg.chart-plot");
        expect(await charts.count()).toBeGreaterThanOrEqual(2);
        for (const chart of await charts.all()) {
          expect(await chart.getAttribute("role")).toBe("img");
          expect(((await chart.locator("title").textContent()) ?? "").length).toBeGreaterThan(0);
        }
        expect(await page.locator("table.chart-table").count()).toBe(await charts.count());
        // Small counts are never shown as numbers.
        expect(await page.textContent("table.chart-table")).toContain("< 5");
        const csv = await page.context().request.get(`${base()}${await page.getAttribute('a[href$=".csv"]', "href")}`);
        expect(csv.headers()["content-type"]).toContain("text/csv");
        const text = await csv.text();
        expect(text).toContain("dataset,period,series,value");
        expect(text).toMatch(/reports_by_status,,triaging,< 5/);
        expect(await page.getAttribute('a[href="/api/v1/stats"]', "href")).toBe("/api/v1/stats");
        // The demo alert's blocked links are named by its tracking ID, linking to its page — never
        // by a fragment of its internal id ("from an alert (ky5gdo6j)").
        const main = (await page.textContent("main")) ?? "";
        expect(main).not.toMatch(/\([a-z0-9]{8}\)/);
        const tracking = /(?:từ cảnh báo|from alert) (VN-ATTT-\d{4}-\d{4,})/.exec(main)?.[1];
        expect(tracking).toBeTruthy();
        const alertPage = paths.alert(path === "/thong-ke/" ? "vi" : "en", tracking as string);
        expect(await page.locator(`.chart-legend a[href="${alertPage}"]`).count()).toBe(1);
        expect(await page.locator(`table.chart-table thead a[href="${alertPage}"]`).count()).toBe(1);
        expect((await page.context().request.get(`${base()}${alertPage}`)).status()).toBe(200);
        expect(problems).toEqual([]);
      });
      await page.context().close();
    }
  });
});

describe("every report page, for axe and a phone's width", () => {
  it("has no axe violation at 1280 and 390 px in both languages, the Report action on each, and nothing wider than the screen", async () => {
    const { page: anonymous, problems: consoleProblems } = await newPage(browser);
    const checks: { page: Page; vi: string; en: string; status: number }[] = [
      { page: anonymous, vi: "/bao-cao/", en: "/en/report/", status: 200 },
      { page: anonymous, vi: "/bao-cao/?step=category", en: "/en/report/?step=category", status: 400 },
      { page: anonymous, vi: "/bao-cao/?category=scam", en: "/en/report/?category=scam", status: 200 },
      { page: anonymous, vi: "/bao-cao/?category=fake_news", en: "/en/report/?category=fake_news", status: 200 },
      { page: anonymous, vi: "/bao-cao/tra-cuu/", en: "/en/report/status/", status: 200 },
      { page: anonymous, vi: "/kiem-tra/so-dien-thoai-tai-khoan/", en: "/en/check/number/", status: 200 },
      {
        page: anonymous,
        vi: `/kiem-tra/so-dien-thoai-tai-khoan/?phone=${SENDER}`,
        en: `/en/check/number/?phone=${SENDER}`,
        status: 200,
      },
      { page: anonymous, vi: "/kiem-tra/so-dien-thoai-tai-khoan/?phone=12", en: "/en/check/number/?phone=12", status: 400 },
      { page: anonymous, vi: "/thong-ke/", en: "/en/statistics/", status: 200 },
      { page: analyst, vi: "/quan-tri/bao-cao/", en: "/en/staff/reports/", status: 200 },
      { page: analyst, vi: "/quan-tri/bao-cao/?status=triaging&sort=updated-asc", en: "/en/staff/reports/?status=triaging", status: 200 },
      {
        page: analyst,
        vi: new URL(caseUrl).pathname,
        en: new URL(caseUrl).pathname.replace("/quan-tri/bao-cao/", "/en/staff/reports/"),
        status: 200,
      },
      { page: analyst, vi: "/quan-tri/bao-cao/no-such-report/", en: "/en/staff/reports/no-such-report/", status: 404 },
    ];
    const problems: string[] = [];
    for (const width of [1280, 390]) {
      for (const c of checks) {
        await c.page.setViewportSize({ width, height: 900 });
        for (const lang of ["vi", "en"] as const) {
          const path = c[lang];
          await withScreenshot(c.page, `reports-axe-${width}${path}`, async () => {
            const res = await c.page.goto(`${base()}${path}`);
            expect(res?.status(), path).toBe(c.status);
            expect(await c.page.getAttribute("html", "lang"), path).toBe(lang);
            expect(await c.page.getAttribute(".report-action", "href"), path).toBe(lang === "vi" ? "/bao-cao/" : "/en/report/");
            for (const v of await axeViolations(c.page)) problems.push(`${width}px ${path}: ${v}`);
            const scrollWidth = await c.page.evaluate(() => document.documentElement.scrollWidth);
            if (scrollWidth > width) problems.push(`${width}px ${path}: the page is ${scrollWidth} px wide`);
          });
        }
      }
    }

    // The answers to posts: an English confirmation and report status, and a form with errors.
    await anonymous.goto(`${base()}/en/report/?category=fake_news`);
    await anonymous.fill("#report-url", "https://example.com/made-up-story");
    await anonymous.fill("#report-description", "A made-up story about a bank collapse is being shared in local groups.");
    await anonymous.check("#report-anonymous-yes");
    await afterMinimumFillTime(anonymous);
    expect((await submit(anonymous, ".report-form button[type=submit]"))?.status()).toBe(400);
    expect(await anonymous.getAttribute(".error-summary a", "href")).toBe("#report-consent");
    await bothWidths(anonymous, "/en/report/ (errors)", problems);
    await anonymous.check("#report-consent");
    await afterMinimumFillTime(anonymous);
    expect((await submit(anonymous, ".report-form button[type=submit]"))?.status()).toBe(200);
    await bothWidths(anonymous, "/en/report/ (sent)", problems);
    await anonymous.goto(`${base()}/en/report/status/`);
    await anonymous.fill("#status-code", code);
    await anonymous.fill("#status-key", statusKey);
    expect((await submit(anonymous, ".report-form button[type=submit]"))?.status()).toBe(200);
    await bothWidths(anonymous, "/en/report/status/ (report)", problems);
    expect(problems).toEqual([]);
    // The 400 and 404 pages above are logged as failed loads; anything else (a CSP violation) is a problem.
    expect(consoleProblems.filter((m) => !m.startsWith("Failed to load resource"))).toEqual([]);
    await anonymous.context().close();
  }, 240_000);

  it("refuses the console to signed-out visitors and keeps it out of the sitemap", async () => {
    const res = await fetch(`${base()}/en/staff/reports/`, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/en/staff/?next=%2Fen%2Fstaff%2Freports%2F");
    const sitemap = await (await fetch(`${base()}/sitemap.xml`)).text();
    expect(sitemap).not.toContain("/quan-tri/bao-cao/");
    // The status key is never taken from an address.
    const get = await fetch(`${base()}/bao-cao/tra-cuu/?code=${code}&key=${statusKey}`);
    expect(await get.text()).not.toContain('data-status="triaging"');
  });
});
