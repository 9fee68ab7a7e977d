import type { Lang, UIKey } from "./index.ts";

/**
 * Every page that exists in both languages, by key. The language switch and the navigation
 * read this map, so a page is linked to its counterpart, not to the other home page.
 */
export const pages = {
  home: { vi: "/", en: "/en/" },
  about: { vi: "/gioi-thieu/", en: "/en/about/" },
  status: { vi: "/trang-thai/", en: "/en/status/" },
  linkCheck: { vi: "/kiem-tra/duong-dan/", en: "/en/check/link/" },
  fileCheck: { vi: "/kiem-tra/tep-tin/", en: "/en/check/file/" },
  notFound: { vi: "/", en: "/en/" },
} as const satisfies Record<string, Record<Lang, string>>;

export type PageKey = keyof typeof pages;

export const pathFor = (page: PageKey, lang: Lang): string => pages[page][lang];

/** Pages listed in the main navigation, in order. Tools join this list when they exist. */
export const navigation: { page: PageKey; label: UIKey }[] = [
  { page: "home", label: "nav.home" },
  { page: "linkCheck", label: "check.nav.link" },
  { page: "fileCheck", label: "check.nav.file" },
  { page: "about", label: "nav.about" },
  { page: "status", label: "nav.status" },
];

/**
 * The portal's working tools, listed on the home page in this order. A tool is added here (and to
 * `navigation`) by the change that makes it work — never before.
 */
export const tools: { page: PageKey; title: UIKey; description: UIKey }[] = [
  { page: "linkCheck", title: "check.tool.link.title", description: "check.tool.link.description" },
  { page: "fileCheck", title: "check.tool.file.title", description: "check.tool.file.description" },
];
