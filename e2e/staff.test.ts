import { totpCodeNow } from "@portal/auth";
import type { Browser, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchBrowser, newPage, withScreenshot } from "./browser.ts";
import { createWithCli, nextCode, submit } from "./staff-accounts.ts";

const base = () => inject("portalUrl");

const ADMIN = { email: "admin@example.gov.vn", password: "ngựa đúng pin kẹp ghim 2026" };
const ANALYST = { email: "analyst@example.gov.vn", name: "Nguyễn Thị Phân Tích", password: "ba con mèo trắng nhảy qua hàng rào" };

let browser: Browser;
let admin: Page;
let analyst: Page;
let adminKey = "";
let activationLink = "";
let recoveryCodes: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, email: string, password: string, code: string): Promise<Response | null> {
  await page.fill("#signin-email", email);
  await page.fill("#signin-password", password);
  await page.fill("#signin-totp", code);
  return submit(page, "form.staff-form button[type=submit]");
}

const h1 = (page: Page) => page.locator("h1").textContent();

describe("the staff console in Chromium", () => {
  it("makes the first administrator with the CLI, as the README says", () => {
    adminKey = createWithCli(ADMIN.email, "Quản trị", "admin", ADMIN.password);
    expect(adminKey).toMatch(/^[A-Z2-7]{32}$/);
  });

  it("sends a signed-out visitor of a console page to sign-in, and never on to an address outside the console", async () => {
    const res = await fetch(`${base()}/quan-tri/nguoi-dung/`, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/quan-tri/?next=%2Fquan-tri%2Fnguoi-dung%2F");
    expect(res.headers.get("cache-control")).toBe("no-store");
    for (const next of ["//evil.example/", "https://evil.example/", "/\\evil.example", "/quan-tri/kich-hoat/"]) {
      const page = await (await fetch(`${base()}/quan-tri/?next=${encodeURIComponent(next)}`)).text();
      expect(page, next).not.toContain('name="next"');
    }
    const signIn = await fetch(`${base()}/en/staff/?next=%2Fen%2Fstaff%2Faudit%2F`);
    expect(signIn.headers.get("cache-control")).toBe("no-store");
    const html = await signIn.text();
    expect(html).toContain('<input type="hidden" name="next" value="/en/staff/audit/">');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
  });

  it("shows the error summary, linked to the field, when the code is wrong", async () => {
    ({ page: admin } = await newPage(browser));
    await withScreenshot(admin, "staff-wrong-code", async () => {
      await admin.goto(`${base()}/quan-tri/`);
      // A code from ten minutes ago: well outside the ±30 s the server accepts.
      const res = await signIn(admin, ADMIN.email, ADMIN.password, totpCodeNow(adminKey, new Date(Date.now() - 600_000)));
      expect(res?.status()).toBe(400);
      expect(await admin.title()).toMatch(/^Lỗi: Đăng nhập trang quản trị/);
      const summary = admin.locator(".error-summary");
      expect(await summary.getAttribute("role")).toBe("alert");
      expect(await summary.locator("h2").textContent()).toBe("Có vấn đề cần sửa");
      // One message that does not say which part was wrong, linking to the first field.
      expect(await summary.locator("a").getAttribute("href")).toBe("#signin-email");
      expect(await summary.locator("a").textContent()).toMatch(/^Địa chỉ thư điện tử, mật khẩu hoặc mã chưa đúng/);
      expect(await admin.inputValue("#signin-email")).toBe(ADMIN.email);
      expect(await admin.inputValue("#signin-password")).toBe("");
      expect(await admin.getAttribute("#signin-email", "aria-describedby")).toBe("signin-email-error");
      expect(await axeViolations(admin)).toEqual([]);
    });
  });

  it("signs the administrator in and takes them to the console page they asked for", async () => {
    await withScreenshot(admin, "staff-admin-sign-in", async () => {
      await admin.goto(`${base()}/quan-tri/nguoi-dung/`);
      expect(new URL(admin.url()).pathname + new URL(admin.url()).search).toBe("/quan-tri/?next=%2Fquan-tri%2Fnguoi-dung%2F");
      const res = await signIn(admin, ADMIN.email, ADMIN.password, nextCode(adminKey));
      expect(res?.status()).toBe(200);
      expect(admin.url()).toBe(`${base()}/quan-tri/nguoi-dung/`);
      expect(await h1(admin)).toBe("Tài khoản cán bộ");
      const cookie = (await admin.context().cookies()).find((c) => c.name === "portal_session");
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe("Lax");
      expect(await admin.locator(`tr[data-email="${ADMIN.email}"]`).textContent()).toContain("Đang hoạt động");
    });
  });

  it("adds an agency", async () => {
    await withScreenshot(admin, "staff-agency", async () => {
      await admin.goto(`${base()}/quan-tri/co-quan/`);
      await admin.fill("#agency-slug", "vncert");
      await admin.fill("#agency-name-vi", "Trung tâm Ứng cứu khẩn cấp không gian mạng Việt Nam");
      await admin.fill("#agency-name-en", "Vietnam Computer Emergency Response Team");
      await submit(admin, "form.staff-form button[type=submit]");
      expect(admin.url()).toBe(`${base()}/quan-tri/co-quan/?added=vncert`);
      expect(await admin.locator(".staff-notice").textContent()).toContain("Trung tâm Ứng cứu khẩn cấp");
      // Among the others: the demo alerts' agency (DEMO_DATA is on) and those other browser tests made.
      expect(await admin.locator("table code").allTextContents()).toContain("vncert");
    });
  });

  it("creates an analyst and shows the activation link once", async () => {
    await withScreenshot(admin, "staff-create-user", async () => {
      await admin.goto(`${base()}/quan-tri/nguoi-dung/`);
      await admin.fill("#user-email", ANALYST.email);
      await admin.fill("#user-name", ANALYST.name);
      await admin.selectOption("#user-role", "analyst");
      const res = await submit(admin, "form[aria-labelledby=users-create-title] button[type=submit]");
      expect(res?.status()).toBe(200);
      // The secret is in the answer to the post, never in the address.
      expect(admin.url()).toBe(`${base()}/quan-tri/nguoi-dung/`);
      activationLink = ((await admin.locator("[data-activation-link]").textContent()) ?? "").trim();
      expect(activationLink).toMatch(new RegExp(`^${base()}/quan-tri/kich-hoat/\\?token=[a-z2-7]{52}$`));
      expect(await admin.locator(`tr[data-email="${ANALYST.email}"]`).textContent()).toContain("Chưa kích hoạt");
      // The same e-mail address again: refused with its own message at the field.
      await admin.fill("#user-email", ANALYST.email);
      await admin.fill("#user-name", "Someone Else");
      await admin.selectOption("#user-role", "analyst");
      expect((await submit(admin, "form[aria-labelledby=users-create-title] button[type=submit]"))?.status()).toBe(409);
      expect(await admin.locator("#user-email-error").textContent()).toContain("Đã có tài khoản dùng địa chỉ thư điện tử này");
      // Shown once: a fresh look at the page has no link.
      await admin.goto(`${base()}/quan-tri/nguoi-dung/`);
      expect(await admin.locator("[data-activation-link]").count()).toBe(0);
    });
  });

  it("activates the account from the link in another browser: QR code, key, password and code, then ten recovery codes", async () => {
    ({ page: analyst } = await newPage(browser));
    await withScreenshot(analyst, "staff-activate", async () => {
      const res = await analyst.goto(activationLink);
      expect(res?.status()).toBe(200);
      expect(res?.headers()["cache-control"]).toBe("no-store");
      expect(await h1(analyst)).toBe("Kích hoạt tài khoản cán bộ");
      expect(await analyst.locator(".staff-qr svg path").count()).toBeGreaterThan(0);
      const key = ((await analyst.locator("[data-manual-key]").textContent()) ?? "").replace(/\s+/g, "");
      expect(key).toMatch(/^[A-Z2-7]{32}$/);

      // The repeat differs: caught by the page, before the API is asked.
      await analyst.fill("#activate-password", ANALYST.password);
      await analyst.fill("#activate-repeat", `${ANALYST.password}!`);
      await analyst.fill("#activate-totp", totpCodeNow(key));
      expect((await submit(analyst, "form.staff-form button[type=submit]"))?.status()).toBe(400);
      expect(await analyst.locator(".error-summary a").getAttribute("href")).toBe("#activate-repeat");
      // The same secret after a failed post: the app scanned once keeps working.
      expect(((await analyst.locator("[data-manual-key]").textContent()) ?? "").replace(/\s+/g, "")).toBe(key);

      await analyst.fill("#activate-password", ANALYST.password);
      await analyst.fill("#activate-repeat", ANALYST.password);
      await analyst.fill("#activate-totp", totpCodeNow(key));
      expect((await submit(analyst, "form.staff-form button[type=submit]"))?.status()).toBe(200);
      expect(await h1(analyst)).toBe("Tài khoản của bạn đã sẵn sàng");
      recoveryCodes = (await analyst.locator("[data-recovery-codes] li").allTextContents()).map((c) => c.trim());
      expect(recoveryCodes).toHaveLength(10);
      for (const c of recoveryCodes) expect(c).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){5}$/);
      expect(analyst.url()).toBe(activationLink);

      // Used once: the link now says so, and asks for a new one.
      expect((await analyst.goto(activationLink))?.status()).toBe(404);
      expect(await h1(analyst)).toBe("Đường dẫn này không còn dùng được");

      // Signing in needs the next code of the app just set up.
      await analyst.goto(`${base()}/quan-tri/`);
      expect((await signIn(analyst, ANALYST.email, ANALYST.password, nextCode(key)))?.status()).toBe(200);
      expect(analyst.url()).toBe(`${base()}/quan-tri/`);
      expect(await h1(analyst)).toBe("Trang quản trị");
      expect(await analyst.locator("dl.summary-list").textContent()).toContain("Chuyên viên phân tích");
    });
  });

  it("shows the analyst their account page, and refuses them the administrators' pages with 403", async () => {
    await withScreenshot(analyst, "staff-analyst", async () => {
      // Their console offers only what their role opens.
      const links = await analyst.locator(".staff-bar nav a").allTextContents();
      expect(links).toEqual(["Tổng quan", "Phản ánh của người dân", "Tài khoản của tôi", "Cơ quan"]);
      await analyst.click(".staff-bar nav a >> text=Tài khoản của tôi");
      await analyst.waitForURL(`${base()}/quan-tri/tai-khoan/`);
      expect(await h1(analyst)).toBe("Tài khoản của tôi");
      expect(await analyst.locator("dl.summary-list").textContent()).toContain(ANALYST.email);
      expect(await analyst.locator("tr[data-current] .staff-tag").textContent()).toBe("Thiết bị này");

      for (const path of ["/quan-tri/nguoi-dung/", "/quan-tri/nhat-ky/", "/en/staff/users/"]) {
        const res = await analyst.goto(`${base()}${path}`);
        expect(res?.status(), path).toBe(403);
        expect(await h1(analyst)).toMatch(/^(Bạn không có quyền mở trang này|You cannot open this page)$/);
      }
      // A form posted to an administrators' page changes nothing.
      const post = await analyst.request.post(`${base()}/quan-tri/nguoi-dung/`, {
        form: { intent: "create", email: "sneaky@example.gov.vn", name: "Sneaky", role: "admin" },
        headers: { origin: base() },
        maxRedirects: 0,
      });
      expect(post.status()).toBe(403);
      await admin.goto(`${base()}/quan-tri/nguoi-dung/`);
      expect(await admin.locator('tr[data-email="sneaky@example.gov.vn"]').count()).toBe(0);
    });
  });

  it("signs the analyst out, and back in with a recovery code", async () => {
    await withScreenshot(analyst, "staff-sign-out", async () => {
      await analyst.goto(`${base()}/quan-tri/tai-khoan/`);
      await submit(analyst, ".staff-signout button");
      expect(analyst.url()).toBe(`${base()}/quan-tri/?done=signed-out`);
      expect(await analyst.locator(".staff-notice").textContent()).toBe("Bạn đã đăng xuất.");
      expect((await analyst.context().cookies()).find((c) => c.name === "portal_session")).toBeUndefined();
      await analyst.goto(`${base()}/quan-tri/tai-khoan/`);
      expect(analyst.url()).toBe(`${base()}/quan-tri/?next=%2Fquan-tri%2Ftai-khoan%2F`);

      expect((await signIn(analyst, ANALYST.email, ANALYST.password, recoveryCodes[0] as string))?.status()).toBe(200);
      expect(analyst.url()).toBe(`${base()}/quan-tri/tai-khoan/`);
    });
  });

  it("makes new recovery codes only after a confirmation, and changes the password", async () => {
    await withScreenshot(analyst, "staff-account-changes", async () => {
      await analyst.goto(`${base()}/quan-tri/tai-khoan/`);
      const codesForm = "form[aria-labelledby=account-codes-title]";
      expect((await submit(analyst, `${codesForm} button[type=submit]`))?.status()).toBe(400);
      expect(await analyst.locator(".error-summary a").getAttribute("href")).toBe("#account-codes-confirm");
      expect(await analyst.locator("[data-recovery-codes]").count()).toBe(0);
      await analyst.check("#account-codes-confirm");
      expect((await submit(analyst, `${codesForm} button[type=submit]`))?.status()).toBe(200);
      const fresh = (await analyst.locator("[data-recovery-codes] li").allTextContents()).map((c) => c.trim());
      expect(fresh).toHaveLength(10);
      expect(fresh.filter((c) => recoveryCodes.includes(c))).toEqual([]);
      expect(analyst.url()).toBe(`${base()}/quan-tri/tai-khoan/`);

      const passwordForm = "form[aria-labelledby=account-password-title]";
      await analyst.fill("#account-current", "not the password at all");
      await analyst.fill("#account-password", `${ANALYST.password} mới`);
      await analyst.fill("#account-repeat", `${ANALYST.password} mới`);
      expect((await submit(analyst, `${passwordForm} button[type=submit]`))?.status()).toBe(400);
      expect(await analyst.locator("#account-current-error").textContent()).toContain("Mật khẩu hiện tại chưa đúng");
      await analyst.fill("#account-current", ANALYST.password);
      await analyst.fill("#account-password", "ngắn quá");
      await analyst.fill("#account-repeat", "ngắn quá");
      expect((await submit(analyst, `${passwordForm} button[type=submit]`))?.status()).toBe(400);
      expect(await analyst.locator("#account-password-error").textContent()).toContain("ít nhất 12 ký tự");
      await analyst.fill("#account-current", ANALYST.password);
      await analyst.fill("#account-password", `${ANALYST.password} mới`);
      await analyst.fill("#account-repeat", `${ANALYST.password} mới`);
      expect((await submit(analyst, `${passwordForm} button[type=submit]`))?.status()).toBe(200);
      expect(analyst.url()).toBe(`${base()}/quan-tri/tai-khoan/?done=password&ended=0`);
      expect(await analyst.locator(".staff-notice").textContent()).toContain("Đã đổi mật khẩu");
    });
  });

  it("signs in with JavaScript turned off: the form is a plain post", async () => {
    const key = createWithCli("nojs@example.gov.vn", "Không Dùng Script", "analyst", "không cần javascript vẫn vào được");
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-GB" });
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(r.url());
    });
    await withScreenshot(page, "staff-no-js", async () => {
      await page.goto(`${base()}/en/staff/`);
      expect(await h1(page)).toBe("Sign in to the staff console");
      expect(await page.getAttribute("#signin-email", "autocomplete")).toBe("username");
      expect(await page.getAttribute("#signin-password", "autocomplete")).toBe("current-password");
      expect(await page.getAttribute("#signin-totp", "autocomplete")).toBe("one-time-code");
      expect((await signIn(page, "nojs@example.gov.vn", "không cần javascript vẫn vào được", nextCode(key)))?.status()).toBe(200);
      expect(page.url()).toBe(`${base()}/en/staff/`);
      expect(await h1(page)).toBe("Staff console");
      expect(await page.locator(".staff-signout strong").textContent()).toBe("Không Dùng Script");
      await submit(page, ".staff-signout button");
      expect(page.url()).toBe(`${base()}/en/staff/?done=signed-out`);
      expect(scripts).toEqual([]);
    });
    await context.close();
  });

  it("keeps the audit log: filters, pages and the CSV export", async () => {
    await withScreenshot(admin, "staff-audit", async () => {
      await admin.goto(`${base()}/quan-tri/nhat-ky/`);
      expect(await h1(admin)).toBe("Nhật ký thao tác");
      const actions = await admin.locator("table.staff-audit td:nth-child(3)").allTextContents();
      for (const a of ["user.create", "user.activate", "agency.create", "session.sign_in", "session.sign_in_failed", "session.sign_out"]) {
        expect(actions, a).toContain(a);
      }
      await admin.fill("#audit-action", "user.*");
      await submit(admin, "form.filter-form button[type=submit]");
      expect(new URL(admin.url()).searchParams.get("action")).toBe("user.*");
      const filtered = await admin.locator("table.staff-audit td:nth-child(3)").allTextContents();
      expect(filtered.length).toBeGreaterThan(0);
      for (const a of filtered) expect(a).toMatch(/^user\./);
      const csv = await admin.getAttribute('a[href^="/api/v1/staff/audit.csv"]', "href");
      expect(csv).toBe("/api/v1/staff/audit.csv?action=user.*");
      const download = await admin.context().request.get(`${base()}${csv}`);
      expect(download.status()).toBe(200);
      expect(download.headers()["content-type"]).toContain("text/csv");
      expect(await download.text()).toContain("user.create");

      // A filter the API refuses comes back as a field error.
      await admin.goto(`${base()}/quan-tri/nhat-ky/?action=${encodeURIComponent("not an action")}`);
      expect(await admin.locator(".error-summary a").getAttribute("href")).toBe("#audit-action");
    });
  });
});

describe("every staff page, for axe and a phone's width", () => {
  it("has no axe violation at 1280 and 390 px in both languages, and nothing wider than the screen", async () => {
    // A pending account, created from the English console: its link is the English activation page.
    await admin.goto(`${base()}/en/staff/users/`);
    await admin.fill("#user-email", "pending@example.gov.vn");
    await admin.fill("#user-name", "Trần Văn Chờ");
    await admin.selectOption("#user-role", "publisher");
    await admin.selectOption("#user-agency", "vncert");
    await submit(admin, "form[aria-labelledby=users-create-title] button[type=submit]");
    const link = ((await admin.locator("[data-activation-link]").textContent()) ?? "").trim();
    expect(link).toMatch(new RegExp(`^${base()}/en/staff/activate/\\?token=[a-z2-7]{52}$`));
    const token = new URL(link).searchParams.get("token") as string;
    const { page: anonymous } = await newPage(browser);

    const checks: { page: Page; vi: string; en: string; status: number }[] = [
      { page: anonymous, vi: "/quan-tri/", en: "/en/staff/", status: 200 },
      { page: anonymous, vi: `/quan-tri/kich-hoat/?token=${token}`, en: `/en/staff/activate/?token=${token}`, status: 200 },
      { page: anonymous, vi: "/quan-tri/kich-hoat/?token=nothing", en: "/en/staff/activate/?token=nothing", status: 404 },
      { page: admin, vi: "/quan-tri/", en: "/en/staff/", status: 200 },
      { page: admin, vi: "/quan-tri/tai-khoan/", en: "/en/staff/account/", status: 200 },
      { page: admin, vi: "/quan-tri/nguoi-dung/", en: "/en/staff/users/", status: 200 },
      { page: admin, vi: "/quan-tri/co-quan/", en: "/en/staff/agencies/", status: 200 },
      { page: admin, vi: "/quan-tri/nhat-ky/", en: "/en/staff/audit/", status: 200 },
      { page: analyst, vi: "/quan-tri/nguoi-dung/", en: "/en/staff/users/", status: 403 },
    ];
    const problems: string[] = [];
    for (const width of [1280, 390]) {
      for (const c of checks) {
        await c.page.setViewportSize({ width, height: 900 });
        for (const lang of ["vi", "en"] as const) {
          const path = c[lang];
          await withScreenshot(c.page, `staff-axe-${width}${path}`, async () => {
            const res = await c.page.goto(`${base()}${path}`);
            expect(res?.status(), path).toBe(c.status);
            expect(res?.headers()["cache-control"], path).toBe("no-store");
            expect(await c.page.getAttribute("html", "lang"), path).toBe(lang);
            expect(await c.page.getAttribute('meta[name="robots"]', "content"), path).toBe("noindex, nofollow");
            // The language switch leads to this page in the other language.
            expect(await c.page.getAttribute(".lang-switch", "href"), path).toBe(c[lang === "vi" ? "en" : "vi"]);
            for (const v of await axeViolations(c.page)) problems.push(`${width}px ${path}: ${v}`);
            const scrollWidth = await c.page.evaluate(() => document.documentElement.scrollWidth);
            if (scrollWidth > width) problems.push(`${width}px ${path}: the page is ${scrollWidth} px wide`);
          });
        }
      }
    }
    expect(problems).toEqual([]);
    await anonymous.context().close();
  });

  it("keeps the console out of the sitemap, the search index and the navigation", async () => {
    const sitemap = await (await fetch(`${base()}/sitemap.xml`)).text();
    const index = await (await fetch(`${base()}/search-index.json`)).text();
    const home = await (await fetch(`${base()}/`)).text();
    for (const text of [sitemap, index, home]) {
      expect(text).not.toContain("/quan-tri/");
      expect(text).not.toContain("/en/staff/");
    }
    expect(sitemap).toContain("/gioi-thieu/");
  });
});
