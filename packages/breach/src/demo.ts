// Demo data, loaded at first start when DEMO_DATA is on.
//  - Passwords: the real list of common passwords that ships in @zxcvbn-ts/language-common (the
//    "passwords-common" dictionary, ranked by how often each appeared in public leak corpora).
//    The list carries ranks, not counts, so every demo hash has count 1 — we do not make up counts.
//  - Breaches: fictional, flagged is_demo, with identifiers on example.com (RFC 2606) and phone
//    numbers with the 0120 prefix, which no Vietnamese network has used since the 2018 renumbering
//    (so they can never be a real person's; the citizen check refuses them for the same reason, and
//    the importer still takes them).
import { createHash } from "node:crypto";
import type { Client } from "@portal/db";
import { dictionary } from "@zxcvbn-ts/language-common";
import { createMD4 } from "hash-wasm";
import { importBreachIdentifiers } from "./breach-import.ts";
import { type CorpusSource, CorpusWriter, type HashMode } from "./password-store.ts";

export const DEMO_PASSWORD_SOURCE = "@zxcvbn-ts/language-common 4.1.3 (passwords-common)";

/** The demo password list, as shipped in the npm package. */
export function demoPasswords(): string[] {
  return (dictionary as Record<string, string[]>)["passwords-common"] ?? [];
}

/** NTLM as Windows computes it: MD4 of the UTF-16LE password (OpenSSL 3 no longer ships MD4, hence hash-wasm). */
export async function ntlmHasher(): Promise<(password: string) => Buffer> {
  const md4 = await createMD4();
  return (password) => {
    md4.init();
    md4.update(Buffer.from(password, "utf16le"));
    return Buffer.from(md4.digest("binary"));
  };
}

/** Writes a corpus of `passwords` (count 1 each) in both modes into `dir`. */
export async function buildPasswordCorpus(
  dir: string,
  passwords: string[],
  source: CorpusSource = { kind: "import", label: "list" },
): Promise<Record<HashMode, number>> {
  const ntlm = await ntlmHasher();
  const out = {} as Record<HashMode, number>;
  for (const mode of ["sha1", "ntlm"] as const) {
    const hashes = passwords.map((p) => (mode === "sha1" ? createHash("sha1").update(p, "utf8").digest() : ntlm(p)));
    hashes.sort(Buffer.compare);
    const w = await CorpusWriter.create(dir, mode);
    try {
      for (const h of hashes) w.add(h, 0, 1);
      out[mode] = (await w.finish(source)).count;
    } catch (err) {
      await w.abort();
      throw err;
    }
  }
  return out;
}

export async function buildDemoPasswordCorpus(dir: string): Promise<Record<HashMode, number>> {
  return buildPasswordCorpus(dir, demoPasswords(), { kind: "demo", label: DEMO_PASSWORD_SOURCE });
}

/** Demo identifiers anyone may try on the account check page. */
export const DEMO_IDENTIFIERS = {
  shop: ["an.nguyen@example.com", "binh.tran+shop@example.com", "0120 000 001", "+84 120 000 002", "chi.le@example.com"],
  forum: ["an.nguyen@example.com", "dung.pham@example.com", "84120000003"],
  clinic: ["an.nguyen@example.com", "0120000004"],
};

export async function loadDemoBreaches(client: Client): Promise<number> {
  const common = { isDemo: true, isVerified: false, isFabricated: false, isRetired: false, isSpamList: false, logoPath: null };
  await importBreachIdentifiers(
    client,
    {
      ...common,
      name: "DemoShopVN",
      title: "Cửa hàng Minh Hoạ (demo)",
      domain: "shop.example.com",
      breachDate: "2025-03-14",
      dataClasses: ["Email addresses", "Phone numbers", "Names", "Physical addresses", "Passwords"],
      isSensitive: false,
      description: {
        vi: "Đây là vụ lộ lọt hư cấu, chỉ để minh hoạ cách công cụ hoạt động. Một cửa hàng trực tuyến giả định để lộ tên, địa chỉ giao hàng, thư điện tử, số điện thoại và mật khẩu đã băm yếu của khách hàng. Thử công cụ kiểm tra với địa chỉ thư điện tử an.nguyen@example.com.",
        en: "This breach is fictional and exists only to show how the tool works. An imagined online shop exposed its customers' names, delivery addresses, e-mail addresses, phone numbers and weakly hashed passwords. Try the e-mail and phone check with an.nguyen@example.com.",
      },
    },
    DEMO_IDENTIFIERS.shop,
  );
  await importBreachIdentifiers(
    client,
    {
      ...common,
      name: "DemoForumVN",
      title: "Diễn đàn Minh Hoạ (demo)",
      domain: "forum.example.com",
      breachDate: "2024-09-02",
      dataClasses: ["Email addresses", "Usernames", "IP addresses", "Phone numbers"],
      isSensitive: false,
      description: {
        vi: "Vụ lộ lọt hư cấu để minh hoạ: một diễn đàn giả định để lộ tên đăng nhập, thư điện tử, số điện thoại và địa chỉ IP của thành viên.",
        en: "A fictional breach for demonstration: an imagined forum exposed its members' usernames, e-mail addresses, phone numbers and IP addresses.",
      },
    },
    DEMO_IDENTIFIERS.forum,
  );
  await importBreachIdentifiers(
    client,
    {
      ...common,
      name: "DemoClinicVN",
      title: "Phòng khám Minh Hoạ (demo, nhạy cảm)",
      domain: "clinic.example.com",
      breachDate: "2023-11-20",
      dataClasses: ["Email addresses", "Phone numbers", "Health records"],
      isSensitive: true,
      description: {
        vi: "Vụ lộ lọt hư cấu, được đánh dấu nhạy cảm để minh hoạ: công cụ kiểm tra công khai không bao giờ cho biết một tài khoản có nằm trong vụ nhạy cảm hay không.",
        en: "A fictional breach, flagged sensitive for demonstration: the public check never reveals whether an account is in a sensitive breach.",
      },
    },
    DEMO_IDENTIFIERS.clinic,
  );
  return 3;
}
