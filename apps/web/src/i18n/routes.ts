import type { Lang, UIKey } from "./index.ts";

/**
 * Every page that exists in both languages, by key. The language switch and the navigation
 * read this map, so a page is linked to its counterpart, not to the other home page.
 */
export const pages = {
  home: { vi: "/", en: "/en/" },
  about: { vi: "/gioi-thieu/", en: "/en/about/" },
  status: { vi: "/trang-thai/", en: "/en/status/" },
  guidance: { vi: "/huong-dan/", en: "/en/guidance/" },
  legal: { vi: "/van-ban-phap-luat/", en: "/en/legal/" },
  search: { vi: "/tim-kiem/", en: "/en/search/" },
  tools: { vi: "/kiem-tra/", en: "/en/check/" },
  passwordCheck: { vi: "/kiem-tra/mat-khau/", en: "/en/check/password/" },
  accountCheck: { vi: "/kiem-tra/tai-khoan/", en: "/en/check/account/" },
  breaches: { vi: "/lo-lot-du-lieu/", en: "/en/breaches/" },
  linkCheck: { vi: "/kiem-tra/duong-dan/", en: "/en/check/link/" },
  fileCheck: { vi: "/kiem-tra/tep-tin/", en: "/en/check/file/" },
  notFound: { vi: "/", en: "/en/" },
} as const satisfies Record<string, Record<Lang, string>>;

export type PageKey = keyof typeof pages;

export const pathFor = (page: PageKey, lang: Lang): string => pages[page][lang];

/**
 * The main navigation, in order: few enough to fit one line on a laptop. Each tool has its card
 * on the tools page (`tools` below) rather than a place here; service status is in the footer.
 */
export const navigation: { page: PageKey; label: UIKey }[] = [
  { page: "home", label: "nav.home" },
  { page: "tools", label: "nav.tools" },
  { page: "guidance", label: "nav.guidance" },
  { page: "breaches", label: "breach.nav.catalogue" },
  { page: "legal", label: "nav.legal" },
  { page: "about", label: "nav.about" },
];

/**
 * The portal's working tools, listed on the home page and the tools page in this order. A tool
 * is added here by the change that makes it work — never before.
 */
export const tools: { page: PageKey; title: UIKey; description: UIKey }[] = [
  { page: "linkCheck", title: "check.tool.link.title", description: "check.tool.link.description" },
  { page: "fileCheck", title: "check.tool.file.title", description: "check.tool.file.description" },
  { page: "passwordCheck", title: "breach.tool.password.title", description: "breach.tool.password.description" },
  { page: "accountCheck", title: "breach.tool.account.title", description: "breach.tool.account.description" },
];
