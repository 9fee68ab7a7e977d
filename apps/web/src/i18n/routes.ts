import type { Lang, UIKey } from "./index.ts";

/**
 * Every page that exists in both languages, by key. The language switch and the navigation
 * read this map, so a page is linked to its counterpart, not to the other home page.
 */
export const pages = {
  home: { vi: "/", en: "/en/" },
  about: { vi: "/gioi-thieu/", en: "/en/about/" },
  status: { vi: "/trang-thai/", en: "/en/status/" },
  notFound: { vi: "/", en: "/en/" },
} as const satisfies Record<string, Record<Lang, string>>;

export type PageKey = keyof typeof pages;

export const pathFor = (page: PageKey, lang: Lang): string => pages[page][lang];

/** Pages listed in the main navigation, in order. Tools join this list when they exist. */
export const navigation: { page: PageKey; label: UIKey }[] = [
  { page: "home", label: "nav.home" },
  { page: "about", label: "nav.about" },
  { page: "status", label: "nav.status" },
];

/**
 * The portal's working tools, listed on the home page in this order. A tool is added here (and to
 * `navigation`) by the change that makes it work — never before.
 */
export const tools: { page: PageKey; title: UIKey; description: UIKey }[] = [];
