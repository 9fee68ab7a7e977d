import type { Lang } from "./index.ts";

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
export const navigation: { page: PageKey; label: "nav.home" | "nav.about" | "nav.status" }[] = [
  { page: "home", label: "nav.home" },
  { page: "about", label: "nav.about" },
  { page: "status", label: "nav.status" },
];
