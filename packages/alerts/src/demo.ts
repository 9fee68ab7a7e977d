// Demo data for an empty portal, so a newcomer sees every alert feed populated: a demo agency and
// three published alerts — a vulnerability with a real, old, public CVE (Log4Shell, described in our
// own words), a scam campaign with indicators (fictional domains under the reserved .example TLD,
// a number and an account no one can hold, and the EICAR test file's hash) corrected once, and a
// piece of advice. Everything is labelled as demo data wherever it is shown.
//
// Authorship: the alerts go through the same functions as real ones, with the same four-eyes
// rule — no bypass exists. Two demo publisher accounts of the demo agency play author and
// reviewer. They are created without a password or TOTP (so they can never sign in), used, and
// disabled at once, which also voids their unused activation links.
import { createAgency, createUser, disableUser, getAgencyBySlug, getUserByEmail, type User } from "@portal/auth";
import type { AlertDraftRequest } from "@portal/contracts";
import type { Client } from "@portal/db";
import { type AlertActor, createAlert, publishAlert, submitAlert, updateAlert } from "./alerts.ts";
import type { IdentifierSink } from "./indicators.ts";

export const DEMO_AGENCY = {
  slug: "demo",
  nameVi: "Cơ quan minh hoạ (dữ liệu minh hoạ)",
  nameEn: "Demo agency (demo data)",
} as const;

const DEMO_ACCOUNTS = {
  author: { email: "demo-author@demo.invalid", name: "Tác giả minh hoạ (tài khoản minh hoạ, không đăng nhập được)" },
  reviewer: { email: "demo-reviewer@demo.invalid", name: "Người duyệt minh hoạ (tài khoản minh hoạ, không đăng nhập được)" },
} as const;

/** The EICAR anti-virus test file's SHA-256: harmless, and detected by every scanner by design. */
const EICAR_SHA256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";

export const DEMO_ALERTS = {
  vulnerability: {
    kind: "vulnerability",
    severity: "severe",
    urgency: "expected",
    certainty: "observed",
    tlp: "CLEAR",
    audience: ["business", "agency"],
    title: {
      vi: "Lỗ hổng Log4Shell trong thư viện Apache Log4j 2 cho phép thực thi mã từ xa",
      en: "Log4Shell flaw in the Apache Log4j 2 library allows remote code execution",
    },
    summary: {
      vi: "Phần mềm Java dùng Log4j 2 bản cũ có thể bị chiếm quyền chỉ bằng một chuỗi ký tự được ghi vào nhật ký. Hãy cập nhật Log4j ngay.",
      en: "Java software using an old Log4j 2 release can be taken over with a single string that ends up in a log. Update Log4j now.",
    },
    body: {
      vi: [
        "## Lỗ hổng là gì",
        "",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the text quotes Log4j's lookup syntax, not a template.
        "Log4j 2 là thư viện ghi nhật ký được dùng trong rất nhiều ứng dụng Java. Ở các phiên bản cũ, khi một dòng nhật ký chứa chuỗi dạng `${jndi:…}`, thư viện sẽ tự tra cứu địa chỉ trong chuỗi đó và có thể tải về rồi chạy mã từ máy chủ của kẻ tấn công.",
        "",
        "Kẻ tấn công chỉ cần đưa chuỗi này vào bất kỳ dữ liệu nào được ghi lại: tên đăng nhập, tiêu đề yêu cầu HTTP, nội dung tin nhắn… Không cần mật khẩu hay thao tác nào của người dùng.",
        "",
        "## Mức độ ảnh hưởng",
        "",
        "Lỗ hổng được công bố tháng 12 năm 2021 và bị khai thác trên diện rộng ngay sau đó. Đến nay vẫn còn hệ thống chưa được vá.",
      ].join("\n"),
      en: [
        "## What the flaw is",
        "",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the text quotes Log4j's lookup syntax, not a template.
        "Log4j 2 is a logging library used in a great many Java applications. In old releases, when a log line contains a string like `${jndi:…}`, the library looks up the address in it and may download and run code from the attacker's server.",
        "",
        "An attacker only has to get that string into anything that is logged: a user name, an HTTP request header, a chat message… No password and no action by a user is needed.",
        "",
        "## Impact",
        "",
        "The flaw was disclosed in December 2021 and exploited widely right after. Unpatched systems still exist today.",
      ].join("\n"),
    },
    recommendations: {
      vi: [
        "- Cập nhật Log4j lên phiên bản mới nhất do Apache phát hành (tối thiểu 2.17.1 cho Java 8).",
        "- Kiểm tra cả các thư viện Log4j nằm bên trong phần mềm của bên thứ ba.",
        "- Nếu chưa thể cập nhật, gỡ lớp `JndiLookup` khỏi tệp `log4j-core` theo hướng dẫn của Apache.",
        "- Rà soát nhật ký để tìm chuỗi `${jndi:` nhằm phát hiện các lần dò quét.",
      ].join("\n"),
      en: [
        "- Update Log4j to the latest release from Apache (at least 2.17.1 for Java 8).",
        "- Check for Log4j copies bundled inside third-party software as well.",
        "- If you cannot update yet, remove the `JndiLookup` class from the `log4j-core` file as Apache describes.",
        "- Search your logs for the string `${jndi:` to spot scanning attempts.",
      ].join("\n"),
    },
    cves: [{ id: "CVE-2021-44228", cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", cvssScore: 10 }],
    products: [{ vendor: "Apache Software Foundation", product: "Log4j 2 (log4j-core)", versions: ["2.0-beta9 – 2.14.1"] }],
    references: ["https://logging.apache.org/log4j/2.x/security.html", "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"],
  },
  scam: {
    kind: "scam_campaign",
    severity: "severe",
    urgency: "immediate",
    certainty: "observed",
    tlp: "CLEAR",
    audience: ["citizen"],
    title: {
      vi: "Tin nhắn giả mạo ngân hàng đòi “xác minh tài khoản” để lấy mã OTP",
      en: "Fake bank messages asking you to “verify your account” to steal OTP codes",
    },
    summary: {
      vi: "Kẻ gian nhắn tin mạo danh ngân hàng, báo tài khoản sắp bị khoá và dẫn tới trang đăng nhập giả để lấy mật khẩu và mã OTP.",
      en: "Criminals send messages posing as a bank, say the account is about to be locked and link to a fake sign-in page that steals passwords and OTP codes.",
    },
    body: {
      vi: [
        "## Diễn biến",
        "",
        "Người nhận được tin nhắn SMS hoặc Zalo với nội dung tài khoản ngân hàng “chưa được xác minh theo quy định mới” và sẽ bị tạm khoá trong 24 giờ. Tin nhắn kèm đường dẫn tới trang có giao diện giống hệt trang của ngân hàng.",
        "",
        "Sau khi nạn nhân nhập tên đăng nhập, mật khẩu và mã OTP, kẻ gian dùng ngay các thông tin này để chuyển tiền đi. Một số nạn nhân còn nhận cuộc gọi từ số lạ tự xưng là nhân viên ngân hàng để “hỗ trợ xác minh”.",
        "",
        "## Dấu hiệu nhận biết",
        "",
        "- Tên miền không phải tên miền chính thức của ngân hàng.",
        "- Lời lẽ thúc ép, đe doạ khoá tài khoản.",
        "- Yêu cầu cung cấp mã OTP — ngân hàng không bao giờ hỏi mã này.",
        "",
        "_Các tên miền, số điện thoại, số tài khoản và mã băm trong cảnh báo này là dữ liệu minh hoạ; mã băm là của tệp thử nghiệm EICAR._",
      ].join("\n"),
      en: [
        "## What is happening",
        "",
        "People receive an SMS or Zalo message saying their bank account “has not been verified under the new rules” and will be suspended within 24 hours. The message links to a page that looks exactly like the bank's own.",
        "",
        "Once the victim types in their user name, password and OTP code, the criminals use them at once to move the money out. Some victims also get a call from an unknown number claiming to be bank staff “helping with the verification”.",
        "",
        "## How to recognise it",
        "",
        "- The domain is not the bank's official domain.",
        "- The wording rushes you and threatens to lock the account.",
        "- You are asked for an OTP code — a bank never asks for it.",
        "",
        "_The domains, phone number, account number and hash in this alert are demo data; the hash is that of the EICAR test file._",
      ].join("\n"),
    },
    recommendations: {
      vi: [
        "- Không bấm vào đường dẫn trong tin nhắn; tự gõ địa chỉ trang của ngân hàng hoặc dùng ứng dụng chính thức.",
        "- Không bao giờ cho ai biết mã OTP, kể cả người tự xưng là nhân viên ngân hàng.",
        "- Nếu đã nhập thông tin, gọi ngay tổng đài chính thức của ngân hàng để khoá tài khoản.",
        "- Kiểm tra đường dẫn đáng ngờ bằng công cụ kiểm tra trên Cổng.",
      ].join("\n"),
      en: [
        "- Do not follow links in such messages; type in your bank's address yourself or use its official app.",
        "- Never give anyone an OTP code, not even someone who says they work for the bank.",
        "- If you have already entered your details, call your bank's official hotline at once to lock the account.",
        "- Check suspicious links with the portal's link check.",
      ].join("\n"),
    },
    indicators: {
      urls: ["https://vietcombank-xacminh.example/dang-nhap"],
      domains: ["vietcombank-xacminh.example"],
      hashes: [EICAR_SHA256],
      phones: ["0000 111 222"],
      bankAccounts: [{ bank: "Ngân hàng Ví Dụ (minh hoạ)", account: "0000 1111 2222" }],
    },
  },
  advice: {
    kind: "advice",
    severity: "minor",
    urgency: "expected",
    certainty: "likely",
    tlp: "CLEAR",
    audience: ["citizen"],
    title: {
      vi: "Bật xác thực hai lớp cho thư điện tử, mạng xã hội và ngân hàng",
      en: "Turn on two-step verification for e-mail, social media and banking",
    },
    summary: {
      vi: "Mật khẩu bị lộ là nguyên nhân phổ biến nhất khiến tài khoản bị chiếm. Xác thực hai lớp chặn được phần lớn các vụ này.",
      en: "Leaked passwords are the most common way accounts are taken over. Two-step verification stops most of these attempts.",
    },
    body: {
      vi: [
        "Khi bật xác thực hai lớp, ngoài mật khẩu, bạn cần thêm một yếu tố thứ hai như mã từ ứng dụng xác thực hoặc khoá bảo mật. Kẻ gian có mật khẩu của bạn cũng không đăng nhập được.",
        "",
        "Hãy ưu tiên tài khoản thư điện tử: đây là nơi nhận đường dẫn đặt lại mật khẩu của mọi tài khoản khác.",
      ].join("\n"),
      en: [
        "With two-step verification on, you need a second factor besides your password, such as a code from an authenticator app or a security key. Someone who has your password still cannot sign in.",
        "",
        "Start with your e-mail account: it receives the password-reset links of every other account.",
      ].join("\n"),
    },
    recommendations: {
      vi: [
        "1. Vào phần cài đặt bảo mật của từng tài khoản và bật xác thực hai lớp.",
        "2. Ưu tiên ứng dụng xác thực hoặc khoá bảo mật thay vì mã qua SMS.",
        "3. Cất giữ mã khôi phục ở nơi an toàn, tách khỏi điện thoại.",
      ].join("\n"),
      en: [
        "1. Open each account's security settings and turn on two-step verification.",
        "2. Prefer an authenticator app or a security key to codes by SMS.",
        "3. Keep the recovery codes somewhere safe, away from your phone.",
      ].join("\n"),
    },
    references: ["https://www.cisa.gov/secure-our-world/turn-mfa"],
  },
} satisfies Record<"vulnerability" | "scam" | "advice", AlertDraftRequest>;

const SCAM_CORRECTION = {
  indicators: {
    ...DEMO_ALERTS.scam.indicators,
    domains: [...DEMO_ALERTS.scam.indicators.domains, "vcb-xacthuc.example"],
    urls: [...DEMO_ALERTS.scam.indicators.urls, "https://vcb-xacthuc.example/xac-minh"],
  },
  changeNote: {
    vi: "Bổ sung tên miền mới mà chiến dịch bắt đầu sử dụng.",
    en: "Adds a new domain the campaign has started to use.",
  },
};

/** True when no alert exists yet: the demo seeder only fills an empty table. */
export async function isAlertsEmpty(client: Client): Promise<boolean> {
  const rs = await client.execute("SELECT EXISTS (SELECT 1 FROM alerts) AS n");
  return Number(rs.rows[0]?.n ?? 0) === 0;
}

async function demoAccount(client: Client, which: keyof typeof DEMO_ACCOUNTS, agencyId: string, now: Date): Promise<User> {
  const { email, name } = DEMO_ACCOUNTS[which];
  const existing = await getUserByEmail(client, email);
  if (existing) return existing;
  const made = await createUser(client, { email, name, role: "publisher", agencyId }, { actorId: null }, now);
  if (!made.ok) throw new Error(`The demo ${which} account could not be created: ${made.reason}`);
  return made.user;
}

const must = <T extends { ok: boolean }>(r: T, step: string): T & { ok: true } => {
  if (!r.ok) throw new Error(`Demo alerts: ${step} failed: ${JSON.stringify(r)}`);
  return r as T & { ok: true };
};

export interface SeedAlertsOptions {
  now?: Date;
  identifiers?: IdentifierSink;
  origin?: string;
}

/**
 * Loads the demo agency, accounts and alerts; returns a one-line summary. Publication times are
 * spread over the last days so the feeds show an order; the scam campaign is corrected once, so
 * its CAP message is an Update with a reference and its CSAF document has two revisions.
 */
export async function seedAlertsDemo(client: Client, opts: SeedAlertsOptions = {}): Promise<string> {
  const now = opts.now ?? new Date();
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 60 * 60 * 1000);
  let agency = await getAgencyBySlug(client, DEMO_AGENCY.slug);
  if (!agency) {
    const made = await createAgency(client, DEMO_AGENCY, { actorId: null }, hoursAgo(80));
    if (!made.ok) throw new Error(`The demo agency could not be created: ${made.reason}`);
    agency = made.agency;
  }
  const authorUser = await demoAccount(client, "author", agency.id, hoursAgo(80));
  const reviewerUser = await demoAccount(client, "reviewer", agency.id, hoursAgo(80));
  const author: AlertActor = { id: authorUser.id, role: "publisher", agencyId: agency.id };
  const reviewer: AlertActor = { id: reviewerUser.id, role: "publisher", agencyId: agency.id };
  const publish = { identifiers: opts.identifiers, origin: opts.origin, addedBy: "demo-seed" };

  const steps: [keyof typeof DEMO_ALERTS, number][] = [
    ["vulnerability", 72],
    ["scam", 48],
    ["advice", 6],
  ];
  const ids: Record<string, string> = {};
  for (const [key, hours] of steps) {
    const at = hoursAgo(hours);
    const created = must(
      await createAlert(client, DEMO_ALERTS[key], author, { now: hoursAgo(hours + 2), isDemo: true }),
      `drafting ${key}`,
    );
    must(await submitAlert(client, created.alert.id, author, { now: hoursAgo(hours + 1) }), `submitting ${key}`);
    must(await publishAlert(client, created.alert.id, reviewer, { ...publish, now: at }), `publishing ${key}`);
    ids[key] = created.alert.id;
  }
  const scamId = ids.scam as string;
  must(await updateAlert(client, scamId, SCAM_CORRECTION, author, { now: hoursAgo(25) }), "correcting the scam alert");
  must(await submitAlert(client, scamId, author, { now: hoursAgo(24.5) }), "submitting the correction");
  must(await publishAlert(client, scamId, reviewer, { ...publish, now: hoursAgo(24) }), "publishing the correction");

  // The accounts have done their part; disabled, they can never be used (and their activation links die).
  await disableUser(client, authorUser.id, { actorId: null }, now);
  await disableUser(client, reviewerUser.id, { actorId: null }, now);
  return `demo agency "${DEMO_AGENCY.slug}" and 3 demo alerts (a vulnerability, a scam campaign corrected once, a piece of advice)`;
}
