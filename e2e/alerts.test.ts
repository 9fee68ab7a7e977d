// Agency alerts end to end in Chromium against the real portal: two publishers of one agency, a
// publisher of another and an analyst made with the CLI; a publisher drafts (with a preview in both
// languages) and submits, cannot publish their own draft, the other agency's publisher and the
// analyst are refused; the second publisher publishes, and within 5 seconds a citizen sees the
// alert on the home page and its own page, its link checks as phishing naming the alert, and the
// Atom, CAP and CSAF documents carry it, valid and signed. Then axe and a phone's width on every
// alert page, and the withdrawal. The tests run in order and share the signed-in browsers.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { totpCodeNow } from "@portal/auth";
import { parseFeed } from "@rowanmanning/feed-parser";
import * as openpgp from "openpgp";
import type { Browser, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkCap } from "../packages/alerts/src/cap-rules.ts";
import { csafErrors } from "../packages/alerts/src/csaf-rules.ts";
import { axeViolations, launchBrowser, newPage, screenshotDir, withScreenshot } from "./browser.ts";

const root = join(import.meta.dirname, "..");
const base = () => inject("portalUrl");
const shots = join(screenshotDir, "alerts");

const AGENCY = {
  slug: "ttgs-e2e",
  vi: "Trung tâm Giám sát an toàn không gian mạng (thử nghiệm)",
  en: "Cyber Security Monitoring Centre (test)",
};
const OTHER_AGENCY = { slug: "co-quan-khac-e2e", vi: "Cơ quan khác (thử nghiệm)", en: "Another agency (test)" };
const AUTHOR = { email: "tac-gia-canh-bao@example.gov.vn", name: "Lê Thị Soạn", password: "con cò bay lả bay la qua cổng phủ" };
const REVIEWER = {
  email: "nguoi-duyet-canh-bao@example.gov.vn",
  name: "Phạm Văn Duyệt",
  password: "trăng rằm mười sáu trăng treo đầu cành",
};
const OUTSIDER = { email: "co-quan-khac@example.gov.vn", name: "Đỗ Thị Khác", password: "gió đưa cành trúc la đà tiếng chuông" };
const ANALYST = {
  email: "phan-tich-canh-bao@example.gov.vn",
  name: "Vũ Văn Phân",
  password: "bầu ơi thương lấy bí cùng tuy rằng khác giống",
};

// Fictional, under the reserved .example TLD: no one can own them.
const PHISHING = "https://xacthuc-taikhoan-nganhang.example/dang-nhap";
const TITLE = { vi: "Tin nhắn mạo danh ngân hàng đòi cập nhật sinh trắc học", en: "Texts posing as banks demand a biometric update" };

let browser: Browser;
const pages: Record<"author" | "reviewer" | "outsider" | "analyst", Page | null> = {
  author: null,
  reviewer: null,
  outsider: null,
  analyst: null,
};
const keys: Record<string, string> = {};
let alertId = "";
let trackingId = "";
let publishedAt = 0;

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

/** The CLI as the README gives it, against the e2e portal's DATA_DIR, with this Node first on the PATH. */
function cli(args: string, password?: string): string {
  const r = spawnSync(
    "sh",
    ["-c", password ? `printf '%s' "$PASSWORD" | node apps/api/src/cli/index.ts ${args}` : `node apps/api/src/cli/index.ts ${args}`],
    {
      cwd: root,
      env: {
        ...process.env,
        PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
        DATA_DIR: inject("portalDataDir"),
        LOG_LEVEL: "warn",
        ...(password ? { PASSWORD: password } : {}),
      },
      encoding: "utf8",
    },
  );
  expect(r.status, `${args}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

function publisher(who: { email: string; name: string; password: string }, role: "publisher" | "analyst", agency?: string): string {
  const out = cli(
    `user create --email ${who.email} --name "${who.name}" --role ${role}${agency ? ` --agency ${agency}` : ""} --password-stdin`,
    who.password,
  );
  const key = /Manual key: ([A-Z2-7]+)/.exec(out)?.[1];
  expect(key, out).toBeTruthy();
  return key as string;
}

/** The code an authenticator app will show next: enrolment spent the current step. */
const nextCode = (key: string) => totpCodeNow(key, new Date(Date.now() + 30_000));

async function submit(page: Page, button: string): Promise<Response | null> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(button)]);
  return response;
}

async function signIn(page: Page, who: { email: string; password: string }, key: string): Promise<void> {
  await page.fill("#signin-email", who.email);
  await page.fill("#signin-password", who.password);
  await page.fill("#signin-totp", nextCode(key));
  expect((await submit(page, "form.staff-form button[type=submit]"))?.status()).toBe(200);
}

const h1 = (page: Page) => page.locator("h1").textContent();
const button = (intent: string) =>
  `form button[name=intent][value=${intent}], form:has(input[name=intent][value=${intent}]) button[type=submit]`;

describe("publishing an alert, from draft to the checks", () => {
  it("makes two agencies, two publishers of one, a publisher of the other and an analyst with the CLI", () => {
    expect(cli(`agency create --slug ${AGENCY.slug} --name-vi "${AGENCY.vi}" --name-en "${AGENCY.en}"`)).toContain(AGENCY.slug);
    cli(`agency create --slug ${OTHER_AGENCY.slug} --name-vi "${OTHER_AGENCY.vi}" --name-en "${OTHER_AGENCY.en}"`);
    keys.author = publisher(AUTHOR, "publisher", AGENCY.slug);
    keys.reviewer = publisher(REVIEWER, "publisher", AGENCY.slug);
    keys.outsider = publisher(OUTSIDER, "publisher", OTHER_AGENCY.slug);
    keys.analyst = publisher(ANALYST, "analyst");
  });

  it("lets the publisher draft with a preview in both languages, then save, with the errors at their fields", async () => {
    const { page } = await newPage(browser);
    pages.author = page;
    await withScreenshot(page, "alerts-draft", async () => {
      await page.goto(`${base()}/quan-tri/canh-bao/`);
      expect(new URL(page.url()).search).toBe("?next=%2Fquan-tri%2Fcanh-bao%2F");
      await signIn(page, AUTHOR, keys.author as string);
      expect(page.url()).toBe(`${base()}/quan-tri/canh-bao/`);
      expect(await h1(page)).toBe("Cảnh báo");
      expect(await page.locator(".staff-bar nav a").allTextContents()).toContain("Cảnh báo");

      await page.click("text=Soạn cảnh báo mới");
      await page.waitForURL(`${base()}/quan-tri/canh-bao/moi/`);
      await page.selectOption("#alert-kind", "scam_campaign");
      await page.selectOption("#alert-severity", "severe");
      await page.selectOption("#alert-urgency", "immediate");
      await page.selectOption("#alert-certainty", "observed");
      await page.check("#alert-audience-citizen");
      await page.fill("#alert-title-vi", TITLE.vi);
      await page.fill("#alert-summary-vi", "Kẻ gian nhắn tin mạo danh ngân hàng, dẫn tới trang giả để lấy mật khẩu và mã OTP.");
      await page.fill(
        "#alert-summary-en",
        "Criminals text people posing as banks, leading to a fake page that steals passwords and OTP codes.",
      );
      await page.fill(
        "#alert-body-vi",
        "## Diễn biến\n\nTin nhắn báo tài khoản **sắp bị khoá** nếu không cập nhật. <script>alert(1)</script>",
      );
      await page.fill("#alert-body-en", "## What happens\n\nThe text says the account **will be locked** unless it is updated.");
      await page.fill("#alert-recommendations-vi", "- Không bấm vào đường dẫn trong tin nhắn.\n- Gọi số tổng đài in trên thẻ.");
      await page.fill("#alert-recommendations-en", "- Do not follow links in such texts.\n- Call the number printed on your card.");
      await page.fill("#alert-urls", PHISHING);
      await page.fill("#alert-domains", "nganhang-capnhat.example");

      // The preview posts the form to its own page: rendered and sanitised, in both languages, nothing saved.
      expect((await submit(page, "button[value=preview]"))?.status()).toBe(200);
      expect(new URL(page.url()).hash).toBe("#alert-preview");
      expect(await page.locator('[data-preview="body-vi"] h2').textContent()).toBe("Diễn biến");
      expect(await page.locator('[data-preview="body-en"] strong').textContent()).toBe("will be locked");
      expect(await page.locator('[data-preview="body-vi"]').textContent()).toContain("<script>alert(1)</script>");
      expect(await page.locator('[data-preview="body-vi"] script').count()).toBe(0);
      expect(await page.locator('[data-preview="recommendations-en"] li').count()).toBe(2);
      expect(await page.inputValue("#alert-title-vi")).toBe(TITLE.vi);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(shots, "staff-preview-1280-vi.png"), fullPage: true });

      // The English title is missing: the API names the field, the page says it in Vietnamese.
      expect((await submit(page, "button[value=save]"))?.status()).toBe(400);
      expect(await page.title()).toMatch(/^Lỗi: /);
      expect(await page.locator(".error-summary a").getAttribute("href")).toBe("#alert-title-en");
      expect(await page.locator("#alert-title-en-error").textContent()).toContain("Nhập tiêu đề tiếng Anh");
      expect(await page.inputValue("#alert-urls")).toBe(PHISHING);

      await page.fill("#alert-title-en", TITLE.en);
      expect((await submit(page, "button[value=save]"))?.status()).toBe(200);
      const m = /\/quan-tri\/canh-bao\/([a-z2-7]{24})\/\?done=created$/.exec(page.url());
      expect(m, page.url()).toBeTruthy();
      alertId = m?.[1] as string;
      expect(await page.locator(".staff-notice").textContent()).toBe("Đã lưu bản nháp.");
      expect(await page.locator("[data-state]").textContent()).toBe("Bản nháp");
    });
  });

  it("submits the draft for review, and does not let its writer publish it", async () => {
    const page = pages.author as Page;
    await withScreenshot(page, "alerts-submit", async () => {
      expect((await submit(page, button("submit")))?.status()).toBe(200);
      expect(page.url()).toBe(`${base()}/quan-tri/canh-bao/${alertId}/?done=submitted`);
      expect(await page.locator("[data-state]").textContent()).toBe("Chờ duyệt");
      // Not offered to the author…
      expect(await page.locator(button("publish")).count()).toBe(0);
      expect(await page.locator(".staff-notice-info").textContent()).toContain("không thể tự công bố");
      // …and refused when posted anyway: the four-eyes rule is the API's, not the page's.
      const res = await page.request.post(`${base()}/quan-tri/canh-bao/${alertId}/`, {
        form: { intent: "publish" },
        headers: { origin: base() },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(403);
      expect(await res.text()).toContain("Bạn đã viết một phần bản nháp này nên không thể tự công bố");
    });
  });

  it("refuses the alert to a publisher of another agency (403) and the alerts pages to an analyst", async () => {
    const { page } = await newPage(browser, { locale: "en-GB" });
    pages.outsider = page;
    await withScreenshot(page, "alerts-outsider", async () => {
      await page.goto(`${base()}/en/staff/`);
      await signIn(page, OUTSIDER, keys.outsider as string);
      const res = await page.goto(`${base()}/en/staff/alerts/${alertId}/`);
      expect(res?.status()).toBe(403);
      expect(await h1(page)).toBe("This alert does not exist, or you may not see it.");
      const api = await page.request.get(`${base()}/api/v1/staff/alerts/${alertId}`);
      expect(api.status()).toBe(403);
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe("forbidden");
      const publish = await page.request.post(`${base()}/api/v1/staff/alerts/${alertId}/publish`, { headers: { origin: base() } });
      expect(publish.status()).toBe(403);
      // Their own list does not show it.
      await page.goto(`${base()}/en/staff/alerts/`);
      expect(await page.locator(`tr[data-alert="${alertId}"]`).count()).toBe(0);
    });

    const { page: analyst } = await newPage(browser);
    pages.analyst = analyst;
    await withScreenshot(analyst, "alerts-analyst", async () => {
      await analyst.goto(`${base()}/quan-tri/`);
      await signIn(analyst, ANALYST, keys.analyst as string);
      expect(await analyst.locator(".staff-bar nav a").allTextContents()).not.toContain("Cảnh báo");
      for (const path of ["/quan-tri/canh-bao/", "/quan-tri/canh-bao/moi/", `/quan-tri/canh-bao/${alertId}/`]) {
        const res = await analyst.goto(`${base()}${path}`);
        expect(res?.status(), path).toBe(403);
      }
      expect((await analyst.request.get(`${base()}/api/v1/staff/alerts`)).status()).toBe(403);
    });
  });

  it("lets the second publisher review and publish it, with a tracking ID", async () => {
    const { page } = await newPage(browser);
    pages.reviewer = page;
    await withScreenshot(page, "alerts-publish", async () => {
      await page.goto(`${base()}/quan-tri/canh-bao/?state=in_review`);
      await signIn(page, REVIEWER, keys.reviewer as string);
      await page.click(`tr[data-alert="${alertId}"] a`);
      await page.waitForURL(`${base()}/quan-tri/canh-bao/${alertId}/`);
      expect(await page.locator(button("publish")).count()).toBe(1);
      const res = await submit(page, button("publish"));
      publishedAt = Date.now();
      expect(res?.status()).toBe(200);
      expect(page.url()).toBe(`${base()}/quan-tri/canh-bao/${alertId}/?done=published`);
      trackingId = (/VN-ATTT-\d{4}-\d{4,}/.exec((await page.locator(".staff-notice").textContent()) ?? "") ?? [""])[0];
      expect(trackingId).toMatch(/^VN-ATTT-\d{4}-\d{4,}$/);
      expect(await page.locator("[data-state]").textContent()).toBe("Đã công bố");
    });
  });

  it("shows the alert to a citizen on the home page and on its own page within 5 seconds", async () => {
    const { page, scripts } = await newPage(browser);
    await withScreenshot(page, "alerts-citizen", async () => {
      const href = `/canh-bao/${trackingId.toLowerCase()}/`;
      for (;;) {
        await page.goto(`${base()}/`);
        // The list of the newest and the site-wide banner (severe), which reads at most once a second.
        const latest = await page.locator(`.alert-latest a[href="${href}"]`).count();
        const banner = await page.locator(`.alert-banner a[href="${href}"]`).count();
        if (latest === 1 && banner === 1) break;
        expect(Date.now() - publishedAt, "not on the home page within 5 s").toBeLessThan(5000);
        await page.waitForTimeout(250);
      }
      expect(Date.now() - publishedAt).toBeLessThan(5000);
      expect(await page.locator(`.alert-latest a[href="${href}"]`).textContent()).toBe(TITLE.vi);

      const res = await page.goto(`${base()}${href}`);
      expect(res?.status()).toBe(200);
      expect(await page.title()).toBe(`${TITLE.vi} — Cổng An toàn không gian mạng`);
      expect(await page.getAttribute('meta[property="og:title"]', "content")).toBe(TITLE.vi);
      expect(await page.getAttribute('meta[property="og:type"]', "content")).toBe("article");
      expect(await page.getAttribute('meta[name="description"]', "content")).toContain("Kẻ gian nhắn tin");
      expect(await page.locator(".alert-body h2").first().textContent()).toBe("Diễn biến");
      expect(await page.locator(".alert-body script").count()).toBe(0);
      expect(await page.locator("dl.summary-list").textContent()).toContain(trackingId);
      expect(await page.locator("dl.summary-list").textContent()).toContain(AGENCY.vi);
      // Indicators behind "technical details", as text, never as links.
      expect(await page.locator("details.alert-technical").getAttribute("open")).toBeNull();
      expect(await page.locator("details.alert-technical .alert-indicator").allTextContents()).toContain(PHISHING);
      expect(await page.locator(`details.alert-technical a[href="${PHISHING}"]`).count()).toBe(0);
      expect(scripts).toEqual([]);

      // The list, filtered the way a citizen would, without JavaScript.
      await page.goto(`${base()}/canh-bao/?kind=scam_campaign&agency=${AGENCY.slug}`);
      expect(await page.locator(`li[data-tracking="${trackingId}"]`).count()).toBe(1);
      expect(await page.locator(".alert-list > li").count()).toBe(1);
    });
  });

  it("checks its link as phishing, naming the alert, in the API and on the result page", async () => {
    const res = await fetch(`${base()}/api/v1/url/check?url=${encodeURIComponent(PHISHING)}`);
    const check = (await res.json()) as { verdict: string; matches: { source: string; tags: string[]; reference: string }[] };
    expect(check.verdict).toBe("phishing");
    const match = check.matches.find((m) => m.source === `alert:${alertId}`);
    expect(match?.tags).toContain(trackingId);
    expect(match?.reference).toBe(`${base()}/canh-bao/${trackingId.toLowerCase()}/`);
    // A subdomain of the listed domain too.
    expect(
      ((await (await fetch(`${base()}/api/v1/url/check?url=https://www.nganhang-capnhat.example/`)).json()) as { verdict: string }).verdict,
    ).toBe("phishing");

    const { page } = await newPage(browser, { locale: "en-GB" });
    await withScreenshot(page, "alerts-link-check", async () => {
      await page.goto(`${base()}/en/check/link/result/?url=${encodeURIComponent(PHISHING)}`);
      const named = page.locator("[data-alert-source]");
      expect(await named.textContent()).toBe(`Portal alert ${trackingId}`);
      expect(await named.getAttribute("href")).toBe(`/en/alerts/${trackingId.toLowerCase()}/`);
    });
    await page.context().close();
  });

  it("puts it in the Atom feed (parsed by a real feed parser), in CAP 1.2 that meets the rules, and in a valid, signed CSAF document", async () => {
    const feed = parseFeed(await (await fetch(`${base()}/api/v1/alerts/feed.atom?lang=en`)).text());
    expect(feed.title).toBe("Security alerts — Cyberspace Safety Portal");
    const entry = feed.items.find((i) => i.id === `${base()}/en/alerts/${trackingId.toLowerCase()}/`);
    expect(entry?.title).toBe(TITLE.en);
    expect(entry?.authors.map((a) => a.name)).toEqual([AGENCY.en]);
    expect(entry?.updated).toBeInstanceOf(Date);

    const alert = (await (await fetch(`${base()}/api/v1/alerts/${trackingId}`)).json()) as { links: { cap: string; csaf: string } };
    const cap = await fetch(`${base()}${alert.links.cap}`);
    expect(cap.headers.get("content-type")).toBe("application/cap+xml; charset=utf-8");
    const capXml = await cap.text();
    expect(checkCap(capXml)).toEqual([]);
    expect(capXml).toContain("<msgType>Alert</msgType>");

    const metadata = (await (await fetch(`${base()}/.well-known/csaf/provider-metadata.json`)).json()) as {
      public_openpgp_keys: { url: string }[];
    };
    const key = await openpgp.readKey({ armoredKey: await (await fetch(metadata.public_openpgp_keys[0]?.url ?? "")).text() });
    const doc = await fetch(`${base()}${alert.links.csaf}`);
    const bytes = new Uint8Array(await doc.arrayBuffer());
    const csaf = JSON.parse(new TextDecoder().decode(bytes)) as { document: { tracking: { id: string } } };
    expect(csaf.document.tracking.id).toBe(trackingId);
    expect(await csafErrors(csaf)).toEqual([]);
    const signature = await (await fetch(`${base()}${alert.links.csaf}.asc`)).text();
    const verified = await openpgp.verify({
      message: await openpgp.createMessage({ binary: bytes }),
      signature: await openpgp.readSignature({ armoredSignature: signature }),
      verificationKeys: key,
    });
    await expect(verified.signatures[0]?.verified).resolves.toBe(true);
    const index = await (await fetch(`${base()}/.well-known/csaf/clear/index.txt`)).text();
    expect(index).toContain(alert.links.csaf.replace("/.well-known/csaf/clear/", ""));
  });
});

describe("every alert page, for axe and a phone's width", () => {
  it("has no axe violation on the list, an alert and every staff alert page, at 1280 and 390 px in both languages, and nothing wider than the screen", async () => {
    const reviewer = pages.reviewer as Page;
    const { page: citizen } = await newPage(browser);
    const tracking = trackingId.toLowerCase();
    const checks: { page: Page; name: string; vi: string; en: string; status: number }[] = [
      { page: citizen, name: "list", vi: "/canh-bao/", en: "/en/alerts/", status: 200 },
      { page: citizen, name: "list-filtered", vi: "/canh-bao/?severity=severe", en: "/en/alerts/?severity=severe", status: 200 },
      { page: citizen, name: "alert", vi: `/canh-bao/${tracking}/`, en: `/en/alerts/${tracking}/`, status: 200 },
      { page: citizen, name: "alert-missing", vi: "/canh-bao/vn-attt-1999-9999/", en: "/en/alerts/vn-attt-1999-9999/", status: 404 },
      { page: citizen, name: "home", vi: "/", en: "/en/", status: 200 },
      { page: citizen, name: "about", vi: "/gioi-thieu/", en: "/en/about/", status: 200 },
      { page: reviewer, name: "staff-list", vi: "/quan-tri/canh-bao/", en: "/en/staff/alerts/", status: 200 },
      { page: reviewer, name: "staff-new", vi: "/quan-tri/canh-bao/moi/", en: "/en/staff/alerts/new/", status: 200 },
      { page: reviewer, name: "staff-alert", vi: `/quan-tri/canh-bao/${alertId}/`, en: `/en/staff/alerts/${alertId}/`, status: 200 },
      {
        page: pages.outsider as Page,
        name: "staff-alert-403",
        vi: `/quan-tri/canh-bao/${alertId}/`,
        en: `/en/staff/alerts/${alertId}/`,
        status: 403,
      },
      { page: pages.analyst as Page, name: "staff-list-403", vi: "/quan-tri/canh-bao/", en: "/en/staff/alerts/", status: 403 },
    ];
    const problems: string[] = [];
    for (const width of [1280, 390]) {
      for (const c of checks) {
        await c.page.setViewportSize({ width, height: 900 });
        for (const lang of ["vi", "en"] as const) {
          const path = c[lang];
          await withScreenshot(c.page, `alerts-axe-${width}${path}`, async () => {
            const res = await c.page.goto(`${base()}${path}`);
            expect(res?.status(), path).toBe(c.status);
            expect(await c.page.getAttribute("html", "lang"), path).toBe(lang);
            if (c.name.startsWith("staff")) expect(res?.headers()["cache-control"], path).toBe("no-store");
            // Open the technical details, so axe and the width check see them too.
            if (c.name === "alert") await c.page.click("details.alert-technical summary");
            for (const v of await axeViolations(c.page)) problems.push(`${width}px ${path}: ${v}`);
            const scrollWidth = await c.page.evaluate(() => document.documentElement.scrollWidth);
            if (scrollWidth > width) problems.push(`${width}px ${path}: the page is ${scrollWidth} px wide`);
            await c.page.screenshot({ path: join(shots, `${c.name}-${width}-${lang}.png`), fullPage: true });
          });
        }
      }
    }
    expect(problems).toEqual([]);
    await citizen.context().close();
    // 44 pages, each with axe and a full-page screenshot: over a minute on a busy machine.
  }, 240_000);
});

describe("withdrawing", () => {
  it("withdraws with a reason: still on its page, marked withdrawn, off the banner and out of the link check at once", async () => {
    const page = pages.author as Page;
    await withScreenshot(page, "alerts-withdraw", async () => {
      await page.goto(`${base()}/quan-tri/canh-bao/${alertId}/`);
      // No reason: refused at the field.
      expect((await submit(page, button("withdraw")))?.status()).toBe(400);
      expect(await page.locator(".error-summary a").first().getAttribute("href")).toBe("#alert-reason-vi");
      await page.fill("#alert-reason-vi", "Trùng với một cảnh báo đã công bố trước đó.");
      await page.fill("#alert-reason-en", "It repeats an alert published earlier.");
      expect((await submit(page, button("withdraw")))?.status()).toBe(200);
      expect(page.url()).toBe(`${base()}/quan-tri/canh-bao/${alertId}/?done=withdrawn`);
      expect(await page.locator("[data-state]").textContent()).toBe("Đã thu hồi");

      const res = await page.goto(`${base()}/en/alerts/${trackingId.toLowerCase()}/`);
      expect(res?.status()).toBe(200);
      expect(await page.locator(".alert-withdrawn").textContent()).toContain("It repeats an alert published earlier.");
      expect(await page.title()).toMatch(/^\[Withdrawn\] /);
      // The banner reads the alerts at most once a second: gone from a prerendered page within 5 s.
      const withdrawnAt = Date.now();
      for (;;) {
        await page.goto(`${base()}/en/about/`);
        if ((await page.locator(`.alert-banner a[href="/en/alerts/${trackingId.toLowerCase()}/"]`).count()) === 0) break;
        expect(Date.now() - withdrawnAt, "still on the banner after 5 s").toBeLessThan(5000);
        await page.waitForTimeout(250);
      }
      const check = (await (await fetch(`${base()}/api/v1/url/check?url=${encodeURIComponent(PHISHING)}`)).json()) as { verdict: string };
      expect(check.verdict).toBe("unknown");
      const cap = await (await fetch(`${base()}/api/v1/alerts/${alertId}.cap.xml`)).text();
      expect(cap).toContain("<msgType>Cancel</msgType>");
      expect(checkCap(cap)).toEqual([]);
    });
  });
});
