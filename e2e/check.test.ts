import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchBrowser, newPage, withScreenshot } from "./browser.ts";
import { startPortal } from "./portal.ts";

let browser: Browser;
const base = () => inject("portalUrl");

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// From the demo data: the first entries of MetaMask's eth-phishing-detect list (npm package) and
// the trusted Vietnamese sites (packages/threat-intel/lists/trusted-vn.json).
const PHISHING = "http://myetherwallet.uk.com/wallet/login";
const TRUSTED = "https://vietcombank.com.vn/vi-VN/Ca-nhan";
const LOOKALIKE = "https://vietc0mbank.com/dang-nhap";
const COMBO = "https://vietcombank-xacthuc.com/dang-nhap";
// Built from two halves so that this source file itself is not the EICAR test file's signature.
const EICAR = `X5O!P%@AP[4\\PZX54(P^)7CC)7}$${"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"}`;

const pages = [
  { path: "/kiem-tra/duong-dan/", lang: "vi", tool: "link", h1: "Kiểm tra đường dẫn đáng ngờ" },
  { path: "/en/check/link/", lang: "en", tool: "link", h1: "Check a suspicious link" },
  { path: "/kiem-tra/tep-tin/", lang: "vi", tool: "file", h1: "Kiểm tra tệp tin đáng ngờ" },
  { path: "/en/check/file/", lang: "en", tool: "file", h1: "Check a suspicious file" },
];

describe("the check pages", () => {
  for (const p of pages) {
    it(`shows ${p.path} in ${p.lang}, under the tools section of the navigation, with no axe violation`, async () => {
      const { page, problems } = await newPage(browser);
      await withScreenshot(page, `check${p.path}`, async () => {
        const res = await page.goto(`${base()}${p.path}`);
        expect(res?.status()).toBe(200);
        expect(await page.getAttribute("html", "lang")).toBe(p.lang);
        expect(await page.textContent("h1")).toBe(p.h1);
        // The tools section of the navigation is marked as the one this page belongs to.
        expect(await page.getAttribute('nav a[aria-current="true"]', "href")).toBe(p.lang === "vi" ? "/kiem-tra/" : "/en/check/");
        expect(await page.locator(".check-never").textContent()).toMatch(
          p.tool === "file" ? /never leaves|không bao giờ rời/ : /never opens|không bao giờ mở/,
        );
        expect(await axeViolations(page)).toEqual([]);
        expect(problems).toEqual([]);
      });
      await page.context().close();
    });
  }

  it("lists both tools on the home page in both languages", async () => {
    const { page } = await newPage(browser);
    await page.goto(`${base()}/`);
    expect(await page.locator('.cards a[href="/kiem-tra/duong-dan/"]').textContent()).toBe("Kiểm tra một đường dẫn");
    expect(await page.locator('.cards a[href="/kiem-tra/tep-tin/"]').count()).toBe(1);
    await page.goto(`${base()}/en/`);
    expect(await page.locator('.cards a[href="/en/check/link/"]').textContent()).toBe("Check a link");
    await page.context().close();
  });
});

describe("checking a link in Chromium", () => {
  const check = async (url: string, lang: "vi" | "en" = "vi") => {
    const { page, problems } = await newPage(browser);
    await page.goto(`${base()}${lang === "vi" ? "/kiem-tra/duong-dan/" : "/en/check/link/"}`);
    await page.waitForSelector("astro-island:not([ssr])");
    await page.fill(".check-form textarea[name=url]", url);
    await page.click(".check-form button");
    await page.waitForSelector(".verdict");
    return {
      page,
      problems,
      verdict: await page.getAttribute(".verdict", "data-verdict"),
      text: (await page.textContent(".verdict")) ?? "",
    };
  };

  it("calls a link from the demo phishing list a scam, naming its source as demo data", async () => {
    const { page, problems, verdict, text } = await check(PHISHING);
    await withScreenshot(page, "check-link-phishing", async () => {
      expect(verdict).toBe("phishing");
      expect(await page.textContent(".verdict h2")).toContain("Lừa đảo: trang giả mạo");
      expect(text).toContain("demo:eth-phishing-detect");
      expect(text).toContain("dữ liệu minh hoạ");
      // Plain words first; the source's identifier and the matched entry are in a collapsed disclosure.
      expect(await page.textContent(".verdict-plain-sources")).toContain("danh sách trang lừa đảo công khai của MetaMask");
      expect(await page.locator(".verdict details.check-details").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      expect(await page.getByText("demo:eth-phishing-detect").isVisible()).toBe(false);
      // It is the site's one disclosure component (src/ui/details), in the island as on the server.
      expect(await page.locator(".verdict details.details.check-details > summary.details-summary").textContent()).toBe(
        "Chi tiết kỹ thuật",
      );
      expect(await page.locator(".verdict details.check-details > .details-text").count()).toBe(1);
      // The next step: whom to call (113, the bank's hotline) and the portal's report form.
      const help = page.locator(".verdict .check-help");
      expect(await help.locator('a[href="tel:113"]').count()).toBe(1);
      expect(await help.textContent()).toContain("mặt sau thẻ");
      expect(await help.locator("a[data-report-link]").getAttribute("href")).toMatch(/^\/bao-cao\/\?category=phishing&url=/);
      // Focus moves to the verdict so a screen reader announces it.
      expect(await page.evaluate(() => document.activeElement?.classList.contains("verdict"))).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    });
    await page.context().close();
  });

  it("gives the result its own address: reload, back, the language switch and the share actions keep it", async () => {
    const { page, problems } = await check(PHISHING, "en");
    await withScreenshot(page, "check-link-result-url", async () => {
      const own = `/en/check/link/result/?url=${encodeURIComponent(PHISHING)}`;
      expect(page.url()).toBe(`${base()}${own}`);
      expect(await page.getAttribute("a.lang-switch", "href")).toBe(`/kiem-tra/duong-dan/ket-qua/?url=${encodeURIComponent(PHISHING)}`);
      expect(await page.locator(".check-actions button").allTextContents()).toEqual(["Copy link", "Copy result", "Print"]);
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
      await page.click('.check-actions button[data-action="copy"]');
      await page.waitForSelector(".check-actions-status:has-text('Copied.')");
      expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`Scam: a fake site: ${PHISHING}`);
      await page.reload();
      expect(await page.getAttribute(".verdict", "data-verdict")).toBe("phishing");
      // The server-rendered result page's switch keeps the query too.
      expect(await page.getAttribute("a.lang-switch", "href")).toBe(`/kiem-tra/duong-dan/ket-qua/?url=${encodeURIComponent(PHISHING)}`);
      await page.goBack();
      await page.waitForURL(`${base()}/en/check/link/`);
      expect(problems).toEqual([]);
    });
    await page.context().close();
  });

  it("calls a verified bank's site trusted", async () => {
    const { page, verdict, text } = await check(TRUSTED, "en");
    await withScreenshot(page, "check-link-trusted", async () => {
      expect(verdict).toBe("trusted");
      expect(text).toContain("Verified site");
      expect(text).toContain("vietcombank.com.vn (Vietcombank)");
    });
    await page.context().close();
  });

  it("calls a look-alike suspicious and names the site it imitates", async () => {
    const { page, verdict, text } = await check(LOOKALIKE);
    await withScreenshot(page, "check-link-lookalike", async () => {
      expect(verdict).toBe("suspicious");
      expect(text).toContain("bắt chước vietcombank.com.vn");
      expect(await page.textContent(".check-trick")).toContain("chữ số 0 thay cho chữ o");
      // The real site named once, not "Trang thật của vietcombank.com.vn là vietcombank.com.vn".
      expect(await page.textContent(".check-trick")).toContain("Trang thật là vietcombank.com.vn.");
      expect(await page.getAttribute(".check-trick a[data-real-site]", "href")).toBe("https://vietcombank.com.vn/");
      // Only the heuristic fired: no list has it, so nothing says it was reported.
      expect(text).not.toContain("đã bị báo cáo");
      expect(await page.locator('.check-help a[href="tel:113"]').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
    });
    await page.context().close();
  });

  it("shows the look-alike's trick in English: the differing character, and a name with something added", async () => {
    const one = await check(LOOKALIKE, "en");
    await withScreenshot(one.page, "check-link-lookalike-en", async () => {
      expect(await one.page.textContent(".check-trick")).toContain("the digit 0 in place of the letter o");
      expect(await one.page.textContent(".check-trick")).toContain("The real site is vietcombank.com.vn.");
      expect(await one.page.getAttribute(".check-trick a[data-real-site]", "href")).toBe("https://vietcombank.com.vn/");
      expect(one.text).not.toMatch(/reported/i);
    });
    await one.page.context().close();
    const two = await check(COMBO, "en");
    await withScreenshot(two.page, "check-link-combo-en", async () => {
      expect(two.verdict).toBe("suspicious");
      expect(await two.page.textContent(".check-trick")).toContain("“-xacthuc” is added to the name “vietcombank”");
    });
    await two.page.context().close();
  });

  it("finds the links in a pasted message, gives each its verdict, and gives the result an address that reload, back, share and the language switch keep", async () => {
    const message = `Tai khoan cua quy khach bi khoa. Xac thuc tai ${LOOKALIKE} hoac ${PHISHING}. Cam on.`;
    for (const lang of ["vi", "en"] as const) {
      const { page, problems } = await newPage(browser);
      await withScreenshot(page, `check-link-message-${lang}`, async () => {
        await page.goto(`${base()}${lang === "vi" ? "/kiem-tra/duong-dan/" : "/en/check/link/"}`);
        await page.waitForSelector("astro-island:not([ssr])");
        await page.fill(".check-form textarea[name=url]", message);
        await page.click(".check-form button");
        await page.waitForSelector(".verdict-list");
        expect(await page.locator(".verdict").evaluateAll((els) => els.map((e) => e.getAttribute("data-verdict")))).toEqual([
          "suspicious",
          "phishing",
        ]);
        expect(await page.locator(".verdict .verdict-address").allTextContents()).toEqual([
          "https://vietc0mbank.com/dang-nhap",
          "http://myetherwallet.uk.com/wallet/login",
        ]);
        expect(await axeViolations(page)).toEqual([]);
        // The result has its own address, ?url= once per link, and the switch leads to the same result.
        const form = lang === "vi" ? "/kiem-tra/duong-dan/" : "/en/check/link/";
        const own = (l: "vi" | "en") =>
          `${l === "vi" ? "/kiem-tra/duong-dan/ket-qua/" : "/en/check/link/result/"}?url=${encodeURIComponent(LOOKALIKE)}&url=${encodeURIComponent(PHISHING)}`;
        await page.waitForURL(`${base()}${own(lang)}`);
        expect(await page.getAttribute("a.lang-switch", "href")).toBe(own(lang === "vi" ? "en" : "vi"));
        // Share and copy give that address.
        await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
        await page.click('.check-actions button[data-action="copy"]');
        await page.waitForSelector(".check-actions-status:not(:empty)");
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        expect(copied).toContain(lang === "vi" ? "Kết quả kiểm tra 2 đường dẫn" : "Results for 2 links");
        expect(copied).toContain(`: ${PHISHING}`);
        expect(copied.endsWith(`${base()}${own(lang)}`)).toBe(true);
        await page.evaluate(() => navigator.clipboard.writeText(""));
        await page.click('.check-actions button[data-action="share"]');
        await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`${base()}${own(lang)}`);
        // Reload gives the same result, rendered on the server.
        await page.reload();
        expect(await page.locator(".verdict").evaluateAll((els) => els.map((e) => e.getAttribute("data-verdict")))).toEqual([
          "suspicious",
          "phishing",
        ]);
        await page.waitForSelector("astro-island:not([ssr])");
        // Back to the empty form, and forward to the result again.
        await page.goBack();
        await page.waitForURL(`${base()}${form}`);
        await page.waitForFunction(() => document.querySelectorAll(".verdict").length === 0);
        await page.goForward();
        await page.waitForURL(`${base()}${own(lang)}`);
        await page.waitForFunction(() => document.querySelectorAll(".verdict").length === 2);
        expect(await page.inputValue(".check-form textarea[name=url]")).toBe(`${LOOKALIKE}\n${PHISHING}`);
        expect(await page.getAttribute("a.lang-switch", "href")).toBe(own(lang === "vi" ? "en" : "vi"));
        expect(problems).toEqual([]);
      });
      await page.context().close();
    }
  });

  it("answers junk with an error summary that shows what a link looks like, in both languages", async () => {
    for (const [path, junk, words] of [
      ["/kiem-tra/duong-dan/", "not a url", "Không tìm thấy đường dẫn nào"],
      ["/en/check/link/", "not a url", "No link was found"],
      ["/en/check/link/", "javascript:alert(1)", "not the address of a web page"],
      ["/kiem-tra/duong-dan/", "javascript:alert(1)", "không phải địa chỉ một trang web"],
    ] as const) {
      const { page } = await newPage(browser);
      await page.goto(`${base()}${path}`);
      await page.waitForSelector("astro-island:not([ssr])");
      await page.fill(".check-form textarea[name=url]", junk);
      await page.click(".check-form button");
      await page.waitForSelector(".error-summary");
      const summary = (await page.textContent(".error-summary")) ?? "";
      expect(summary).toContain(words);
      expect(summary).toContain("https://nganhangvidu.vn.xac-thuc.example/dang-nhap");
      expect(await page.getAttribute(".error-summary a", "href")).toMatch(/^#.+-url$/);
      expect(await page.locator(".verdict").count()).toBe(0);
      await page.context().close();
    }
  });

  it("says what is wrong with something that is not a web address", async () => {
    const { page } = await newPage(browser);
    await withScreenshot(page, "check-link-invalid", async () => {
      await page.goto(`${base()}/en/check/link/`);
      await page.waitForSelector("astro-island:not([ssr])");
      await page.fill(".check-form textarea[name=url]", "javascript:alert(1)");
      await page.click(".check-form button");
      await page.waitForSelector(".error-summary");
      expect(await page.textContent(".error-summary")).toContain("not the address of a web page");
      expect(await page.getAttribute(".check-form textarea[name=url]", "aria-invalid")).toBe("true");
    });
    await page.context().close();
  });

  it("works without JavaScript: the form goes to a result page rendered on the server", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN" });
    const page = await context.newPage();
    await withScreenshot(page, "check-link-nojs", async () => {
      await page.goto(`${base()}/kiem-tra/duong-dan/`);
      await page.fill(".check-form textarea[name=url]", LOOKALIKE);
      await Promise.all([page.waitForURL(/\/kiem-tra\/duong-dan\/ket-qua\/\?url=/), page.click(".check-form button")]);
      expect(await page.getAttribute(".verdict", "data-verdict")).toBe("suspicious");
      expect(await page.inputValue(".check-form textarea[name=url]")).toBe(LOOKALIKE);
      const bad = await page.goto(`${base()}/en/check/link/result/?url=${encodeURIComponent("data:text/html,hi")}`);
      expect(bad?.status()).toBe(400);
      expect(await page.textContent(".error-summary")).toContain("not the address of a web page");
    });
    await context.close();
  });

  it("takes a whole pasted message without JavaScript: the box is posted, each link checked, the result given its own address", async () => {
    for (const lang of ["vi", "en"] as const) {
      const context = await browser.newContext({ javaScriptEnabled: false, locale: lang === "vi" ? "vi-VN" : "en-GB" });
      const page = await context.newPage();
      await withScreenshot(page, `check-link-message-nojs-${lang}`, async () => {
        const form = lang === "vi" ? "/kiem-tra/duong-dan/" : "/en/check/link/";
        const result = lang === "vi" ? "/kiem-tra/duong-dan/ket-qua/" : "/en/check/link/result/";
        await page.goto(`${base()}${form}`);
        // The box is a multi-line field whose label says a message may be pasted.
        expect(await page.textContent(".check-form label")).toBe(
          lang === "vi" ? "Đường dẫn hoặc tin nhắn cần kiểm tra" : "Link or message to check",
        );
        // Far longer than an address may be (each Vietnamese letter is up to nine characters in a query).
        const filler = "Quý khách vui lòng cập nhật thông tin để tránh bị khoá tài khoản. ".repeat(60);
        await page.fill(".check-form textarea[name=url]", `${filler}\nXác thực tại ${LOOKALIKE}\nhoặc ${PHISHING}.`);
        await Promise.all([page.waitForURL(new RegExp(`${result.replaceAll("/", "\\/")}\\?url=`)), page.click(".check-form button")]);
        expect(new URL(page.url()).searchParams.getAll("url")).toEqual([LOOKALIKE, PHISHING]);
        expect(await page.locator(".verdict").evaluateAll((els) => els.map((e) => e.getAttribute("data-verdict")))).toEqual([
          "suspicious",
          "phishing",
        ]);
        // The box shows the links checked, one per line, ready to be checked again.
        expect(await page.inputValue(".check-form textarea[name=url]")).toBe(`${LOOKALIKE}\n${PHISHING}`);
        // The address reproduces the result, and the language switch carries it over.
        await page.reload();
        expect(await page.locator(".verdict").count()).toBe(2);
        const switched = (await page.getAttribute("a.lang-switch", "href")) ?? "";
        expect(new URL(switched, base()).searchParams.getAll("url")).toEqual([LOOKALIKE, PHISHING]);
        // A message with no link in it is answered on the page, with the text kept in the box.
        await page.goto(`${base()}${form}`);
        await page.fill(".check-form textarea[name=url]", "Khong co duong dan nao o day");
        const [answer] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === "POST"),
          page.click(".check-form button"),
        ]);
        expect(answer.status()).toBe(400);
        expect(await page.textContent(".error-summary")).toContain(lang === "vi" ? "Không tìm thấy đường dẫn nào" : "No link was found");
        expect(await page.inputValue(".check-form textarea[name=url]")).toBe("Khong co duong dan nao o day");
      });
      await context.close();
    }
  });
});

describe("checking a file in Chromium", () => {
  const drop = async (lang: "vi" | "en", name: string, content: string | Buffer) => {
    const watched = await newPage(browser);
    const { page } = watched;
    const posts: Request[] = [];
    page.on("request", (r) => {
      if (r.method() !== "GET") posts.push(r);
    });
    await page.goto(`${base()}${lang === "vi" ? "/kiem-tra/tep-tin/" : "/en/check/file/"}`);
    await page.waitForSelector("astro-island:not([ssr])");
    await page.setInputFiles(".file-upload", { name, mimeType: "application/octet-stream", buffer: Buffer.from(content) });
    await page.waitForSelector(".verdict");
    return {
      ...watched,
      posts,
      verdict: await page.getAttribute(".verdict", "data-verdict"),
      text: (await page.textContent(".verdict")) ?? "",
    };
  };

  it("hashes a dropped file in the browser and finds the EICAR test file, sending only its hashes", async () => {
    const { page, problems, posts, verdict, text } = await drop("vi", "eicar.com", EICAR);
    await withScreenshot(page, "check-file-eicar", async () => {
      expect(verdict).toBe("malicious");
      expect(text).toContain("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f");
      expect(text).toContain("44d88612fea8a8f36de82e1278abb02f");
      expect(text).toContain("demo:eicar");
      // The family is the name scanners use; no English sentence inside the Vietnamese details.
      expect(text).toContain("EICAR-Test-File");
      expect(text).not.toContain("not a virus");
      // The plain sentence names the demo alert that lists it by its tracking ID, not "alert:<id>".
      const plain = (await page.textContent(".verdict-plain-sources")) ?? "";
      expect(plain).toMatch(/Cảnh báo VN-ATTT-\d{4}-\d{4,} của cổng/);
      expect(plain).not.toContain("alert:");
      expect(await page.locator(".verdict details.check-details").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      expect(await page.getByText("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f").first().isVisible()).toBe(false);
      // The result's own address is the hash's result page.
      expect(page.url()).toBe(`${base()}/kiem-tra/tep-tin/ket-qua/?hash=275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f`);
      // The one request that leaves the page carries the three digests, never the file.
      expect(posts.map((r) => new URL(r.url()).pathname)).toEqual(["/api/v1/hash/bulk"]);
      const body = JSON.parse(posts[0]?.postData() ?? "{}") as { hashes: string[] };
      expect(body.hashes.map((h) => h.length).sort()).toEqual([32, 40, 64]);
      expect(posts[0]?.postData()).not.toContain("EICAR");
      expect(await axeViolations(page)).toEqual([]);
      // No CSP violation: hash-wasm's WebAssembly is allowed by 'wasm-unsafe-eval', nothing else.
      expect(problems).toEqual([]);
    });
    await page.context().close();
  });

  it("hashes a larger file in slices and says when nothing is known about it", async () => {
    const big = Buffer.alloc(20 * 1024 * 1024, 7);
    const { page, verdict, text } = await drop("en", "photo.jpg", big);
    await withScreenshot(page, "check-file-unknown", async () => {
      expect(verdict).toBe("unknown");
      expect(text).toContain("No information");
      expect(text).toContain("photo.jpg (20.0 MB)");
    });
    await page.context().close();
  });

  it("checks a pasted hash without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-GB" });
    const page = await context.newPage();
    await withScreenshot(page, "check-file-nojs", async () => {
      await page.goto(`${base()}/en/check/file/`);
      await page.fill(".check-form input[name=hash]", " 44D88612FEA8A8F36DE82E1278ABB02F ");
      await Promise.all([page.waitForURL(/\/en\/check\/file\/result\/\?hash=/), page.click(".check-form button")]);
      expect(await page.getAttribute(".verdict", "data-verdict")).toBe("malicious");
    });
    await context.close();
  });

  it("renders both result pages without accessibility violations", async () => {
    // axe runs as page script, so this is checked with JavaScript on, on the same server-rendered pages.
    const { page, problems } = await newPage(browser);
    await withScreenshot(page, "check-result-pages", async () => {
      for (const [path, verdicts] of [
        [`/kiem-tra/duong-dan/ket-qua/?url=${encodeURIComponent(PHISHING)}`, 1],
        [`/en/check/link/result/?url=${encodeURIComponent(LOOKALIKE)}&url=${encodeURIComponent(PHISHING)}`, 2],
        [`/en/check/file/result/?hash=${"0".repeat(64)}`, 1],
      ] as const) {
        const res = await page.goto(`${base()}${path}`);
        expect(res?.status()).toBe(200);
        expect(await page.locator(".verdict").count()).toBe(verdicts);
        expect(await axeViolations(page)).toEqual([]);
      }
      expect(problems).toEqual([]);
    });
    await page.context().close();
  });
});

describe("the check pages on a 320 px screen", () => {
  it("never grow wider than the screen, with long hashes and links in a result, in both languages", async () => {
    const { page } = await newPage(browser, { viewport: { width: 320, height: 800 } });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const path of [
      "/kiem-tra/tep-tin/",
      "/en/check/file/",
      "/kiem-tra/duong-dan/",
      "/en/check/link/",
      `/kiem-tra/tep-tin/ket-qua/?hash=${"0".repeat(64)}`,
      `/en/check/link/result/?url=${encodeURIComponent(`${PHISHING}?${"x".repeat(120)}`)}`,
    ]) {
      await page.goto(`${base()}${path}`);
      expect(await overflow(), path).toBe(0);
    }
    // With the technical details (the three hashes) open.
    await page.goto(`${base()}/en/check/file/`);
    await page.waitForSelector("astro-island:not([ssr])");
    await page.setInputFiles(".file-upload", { name: "eicar.com", mimeType: "application/octet-stream", buffer: Buffer.from(EICAR) });
    await page.waitForSelector(".verdict");
    await page.click(".verdict details summary");
    await withScreenshot(page, "check-file-320", async () => {
      expect(await overflow()).toBe(0);
    });
    await page.context().close();
  });
});

describe("the status page", () => {
  it("lists the services people use as working, with the components in technical details", async () => {
    const { page } = await newPage(browser);
    for (const [path, names, working] of [
      [
        "/trang-thai/",
        [
          "Kiểm tra đường dẫn",
          "Kiểm tra tệp tin",
          "Kiểm tra mật khẩu",
          "Kiểm tra thư điện tử, số điện thoại bị lộ",
          "Tìm kiếm",
          "Gửi và tra cứu báo cáo",
        ],
        "Đang hoạt động",
      ],
      [
        "/en/status/",
        ["Link check", "File check", "Password check", "Leaked e-mail or phone number check", "Search", "Sending and following reports"],
        "Working",
      ],
    ] as const) {
      await page.goto(`${base()}${path}`);
      expect(await page.locator(".status-services dt").allTextContents()).toEqual(names);
      for (const state of await page.locator(".status-services dd").allTextContents()) expect(state).toBe(`✓ ${working}`);
      expect(await page.locator("details.status-details").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      expect(await page.locator("details.details.status-details > summary.details-summary").count()).toBe(1);
      expect(await page.getByText(/schema|lược đồ/).isVisible()).toBe(false);
      const latency = (await page.locator("details.status-details td").nth(1).textContent()) ?? "";
      expect(latency).toMatch(path === "/trang-thai/" ? /\d+(,\d)? ms/ : /\d+(\.\d)? ms/);
      expect(latency).not.toMatch(path === "/trang-thai/" ? /\d\.\d+ ms/ : /\d,\d ms/);
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.context().close();
  });
});

describe("feeds imported with the CLI", () => {
  it("reach a running portal within seconds, without a restart, and leave again when removed", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "portal-cli-"));
    // Its own portal on its own DATA_DIR (search is not needed here), so the shared one keeps its data.
    const portal = await startPortal({
      DATA_DIR: dataDir,
      DEMO_DATA: "false",
      MEILI_URL: "http://127.0.0.1:9",
      MEILI_MASTER_KEY: "unused",
    });
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(import.meta.dirname, "..", "apps/api/src/cli/index.ts"), ...args], {
        env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn" },
        encoding: "utf8",
      });
    const verdict = async () =>
      (
        (await (await fetch(`${portal.url}/api/v1/url/check?url=${encodeURIComponent("https://fresh-scam.example/otp")}`)).json()) as {
          verdict: string;
        }
      ).verdict;
    const within = async (want: string, ms: number) => {
      const started = Date.now();
      while (Date.now() - started < ms) {
        if ((await verdict()) === want) return Date.now() - started;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`verdict not ${want} after ${ms} ms`);
    };
    try {
      expect(await verdict()).toBe("unknown");
      const list = join(dataDir, "list.txt");
      writeFileSync(list, "fresh-scam.example\n");
      const imported = cli("import", "list", list, "--source", "e2e-analysts", "--verdict", "phishing");
      expect(imported.status, imported.stderr).toBe(0);
      expect(imported.stdout).toContain('Imported list as source "e2e-analysts"');
      expect(await within("phishing", 5000)).toBeLessThan(5000);
      const removed = cli("import", "list", "--remove", "--source", "e2e-analysts");
      expect(removed.status, removed.stderr).toBe(0);
      expect(removed.stdout).toContain("1 link entries");
      expect(await within("unknown", 5000)).toBeLessThan(5000);
    } finally {
      await portal.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
