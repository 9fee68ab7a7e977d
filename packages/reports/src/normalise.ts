// One form for each identifier a report names, so that two reports about the same scammer meet:
// phone numbers in E.164 (the breach check's normalisePhone), bank accounts as "<bank>:<digits>",
// links as their registrable domain, and free text folded for the queue's search.
import { normalisePhone } from "@portal/breach";
import { canonicalize, hostProblem } from "@portal/threat-intel";
import { getDomain } from "tldts";

export { normalisePhone };

/** Lower case, no Vietnamese marks, đ → d, runs of anything else than letters and digits → one space. */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Names people use for the same bank or e-wallet (short name, stock ticker, Vietnamese name without
 * "Ngân hàng TMCP", English name) → one key. A name not here is keyed by its folded letters, so a
 * bank missing from the table still matches itself written the same way.
 */
const BANK_ALIASES: Record<string, readonly string[]> = {
  vietcombank: ["vcb", "ngoai thuong", "bank for foreign trade"],
  vietinbank: ["ctg", "cong thuong", "industry and trade"],
  bidv: ["dau tu va phat trien", "dau tu phat trien", "investment and development"],
  agribank: ["nong nghiep va phat trien nong thon", "nong nghiep", "vbard"],
  techcombank: ["tcb", "ky thuong", "technological and commercial"],
  mbbank: ["mb", "quan doi", "military"],
  acb: ["a chau", "asia commercial"],
  vpbank: ["vp", "viet nam thinh vuong", "vietnam prosperity"],
  tpbank: ["tp", "tien phong", "tienphong"],
  sacombank: ["stb", "sai gon thuong tin", "saigon thuong tin"],
  hdbank: ["hd", "phat trien thanh pho ho chi minh", "phat trien tp hcm", "phat trien tp ho chi minh"],
  vib: ["quoc te", "international"],
  shb: ["sai gon ha noi", "saigon hanoi"],
  scb: ["sai gon", "saigon"],
  seabank: ["dong nam a", "southeast asia"],
  ocb: ["phuong dong", "orient"],
  msb: ["maritime", "hang hai"],
  eximbank: ["xuat nhap khau", "eib"],
  lpbank: ["loc phat", "lienvietpostbank", "lien viet", "lien viet post", "lpb"],
  momo: ["vi momo", "m service"],
  zalopay: ["vi zalopay", "zalo pay"],
  viettelmoney: ["viettel money", "viettelpay", "viettel pay"],
};
const BANK_KEYS = new Map<string, string>();
for (const [key, names] of Object.entries(BANK_ALIASES)) {
  BANK_KEYS.set(key, key);
  for (const n of names) BANK_KEYS.set(n.replace(/ /g, ""), key);
}

/** The bank's key: "Ngân hàng TMCP Ngoại thương Việt Nam", "VCB" and "Vietcombank" → "vietcombank". Null when nothing is left. */
export function bankKey(name: string): string | null {
  let s = ` ${fold(name)} `;
  for (const word of ["ngan hang", "nh", "tmcp", "thuong mai co phan", "joint stock commercial", "commercial", "jsc", "bank", "vi dien tu"])
    s = s.replaceAll(` ${word} `, " ");
  s = s.replace(/ (viet nam|vietnam|vn) $/, " ").replace(/ /g, "");
  if (s === "") return null;
  return BANK_KEYS.get(s) ?? BANK_KEYS.get(s.replace(/bank$/, "")) ?? s;
}

/** "vietcombank:0071000123456", or null when the bank or the digits are not usable. */
export function bankAccountKey(bank: string, account: string): string | null {
  const b = bankKey(bank);
  const digits = account.replace(/[\s.-]/g, "");
  if (!b || !/^\d{6,20}$/.test(digits)) return null;
  return `${b}:${digits}`;
}

/**
 * Platforms where one domain holds everyone's pages: there a report's link is keyed by the page
 * (domain + first path segment), else every Facebook report would be "about" every other one.
 * Link shorteners likewise: the code is what identifies the target.
 */
const SHARED_DOMAINS = new Set([
  "facebook.com",
  "fb.com",
  "fb.me",
  "m.me",
  "zalo.me",
  "t.me",
  "telegram.me",
  "youtube.com",
  "youtu.be",
  "tiktok.com",
  "instagram.com",
  "x.com",
  "twitter.com",
  "threads.net",
  "shopee.vn",
  "lazada.vn",
  "bit.ly",
  "tinyurl.com",
  "is.gd",
  "cutt.ly",
  "rebrand.ly",
  "google.com",
]);

/**
 * The key under which a link relates reports: its registrable domain by the Public Suffix List
 * (private suffixes included, so two blogspot.com blogs are two owners), the IP for an IP address,
 * or on a shared platform the page. Null when the text is not a web address.
 */
export function linkKey(url: string): string | null {
  const c = canonicalize(url);
  if (!c.ok || hostProblem(c) !== null) return null;
  if (c.hostKind !== "name") return c.host;
  const domain = getDomain(c.host, { allowPrivateDomains: true }) ?? c.host;
  if (!SHARED_DOMAINS.has(domain)) return domain;
  const segments = c.path.split("/").filter(Boolean);
  // Google's pages are a service and a document: docs.google.com/forms/d/<id>, sites.google.com/view/<name>.
  const take = domain === "google.com" ? 3 : 1;
  if (segments.length < take) return null;
  const host = domain === "google.com" ? c.host : domain;
  return `${host}/${segments.slice(0, take).join("/").toLowerCase()}`;
}
