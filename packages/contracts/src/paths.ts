// The one owner of every public URL: the site's pages in both languages, the feeds and the API.
// The site, the API's feeds and the domain packages' search documents all build links from here,
// so a page can move by changing one line. Safe in the browser (no Node, no zod).
import type { Lang } from "./lang.ts";

/** Every page that exists in both languages, by key; the language switch links counterparts through it. */
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
  linkResult: { vi: "/kiem-tra/duong-dan/ket-qua/", en: "/en/check/link/result/" },
  fileCheck: { vi: "/kiem-tra/tep-tin/", en: "/en/check/file/" },
  fileResult: { vi: "/kiem-tra/tep-tin/ket-qua/", en: "/en/check/file/result/" },
  numberCheck: { vi: "/kiem-tra/so-dien-thoai-tai-khoan/", en: "/en/check/number/" },
  report: { vi: "/bao-cao/", en: "/en/report/" },
  reportStatus: { vi: "/bao-cao/tra-cuu/", en: "/en/report/status/" },
  statistics: { vi: "/thong-ke/", en: "/en/statistics/" },
  notFound: { vi: "/", en: "/en/" },
} as const satisfies Record<string, Record<Lang, string>>;

export type PageKey = keyof typeof pages;

/**
 * The staff console's pages: rendered on demand, `noindex`, and kept out of the navigation, the
 * sitemap and search — so they are a map of their own, not entries of `pages`.
 */
export const staffPages = {
  home: { vi: "/quan-tri/", en: "/en/staff/" },
  activate: { vi: "/quan-tri/kich-hoat/", en: "/en/staff/activate/" },
  account: { vi: "/quan-tri/tai-khoan/", en: "/en/staff/account/" },
  users: { vi: "/quan-tri/nguoi-dung/", en: "/en/staff/users/" },
  agencies: { vi: "/quan-tri/co-quan/", en: "/en/staff/agencies/" },
  audit: { vi: "/quan-tri/nhat-ky/", en: "/en/staff/audit/" },
  reports: { vi: "/quan-tri/bao-cao/", en: "/en/staff/reports/" },
} as const satisfies Record<string, Record<Lang, string>>;

export type StaffPageKey = keyof typeof staffPages;

/** Content collections whose entries are pages under a section: `<section><slug>/`. */
export type ContentSection = "guidance" | "legal";

/** The API's base path; every endpoint below starts with it. */
export const API_BASE = "/api/v1";

export const paths = {
  page: (key: PageKey, lang: Lang): string => pages[key][lang],
  staff: (key: StaffPageKey, lang: Lang): string => staffPages[key][lang],
  /** The one-time link that activates an account or re-enrols its TOTP. */
  activation: (lang: Lang, token: string): string => `${staffPages.activate[lang]}?token=${encodeURIComponent(token)}`,
  /** A guidance article or legal text by its slug (the file name under content/<section>/<lang>/). */
  article: (section: ContentSection, lang: Lang, slug: string): string => `${pages[section][lang]}${slug}/`,
  breach: (lang: Lang, name: string): string => `${pages.breaches[lang]}${encodeURIComponent(name)}/`,
  guidanceRss: (lang: Lang): string => `${pages.guidance[lang]}rss.xml`,
  sitemap: "/sitemap.xml",
  /** Written by the site build; the API indexes it for search. */
  searchIndex: "/search-index.json",
  api: {
    health: `${API_BASE}/health`,
    docs: `${API_BASE}/docs`,
    openapi: `${API_BASE}/openapi.json`,
    urlCheck: `${API_BASE}/url/check`,
    urlHashes: `${API_BASE}/url/hashes`,
    hash: (digest: string) => `${API_BASE}/hash/${encodeURIComponent(digest)}`,
    hashBulk: `${API_BASE}/hash/bulk`,
    passwordsBase: `${API_BASE}/passwords`,
    passwordRange: (prefix: string) => `${API_BASE}/passwords/range/${encodeURIComponent(prefix)}`,
    passwordCorpus: `${API_BASE}/passwords/corpus`,
    accountRange: (prefix: string) => `${API_BASE}/accounts/range/${encodeURIComponent(prefix)}`,
    breaches: `${API_BASE}/breaches`,
    breach: (name: string) => `${API_BASE}/breaches/${encodeURIComponent(name)}`,
    breachFeed: (lang: Lang) => `${API_BASE}/breaches/feed.atom?lang=${lang}`,
    search: `${API_BASE}/search`,
    cspReports: `${API_BASE}/csp-reports`,
    reports: `${API_BASE}/reports`,
    report: (trackingCode: string) => `${API_BASE}/reports/${encodeURIComponent(trackingCode)}`,
    scamIdentifiers: `${API_BASE}/scam-identifiers/check`,
    stats: `${API_BASE}/stats`,
    staff: {
      reports: `${API_BASE}/staff/reports`,
      reportsCsv: `${API_BASE}/staff/reports.csv`,
      report: (id: string) => `${API_BASE}/staff/reports/${encodeURIComponent(id)}`,
      reportStatus: (id: string) => `${API_BASE}/staff/reports/${encodeURIComponent(id)}/status`,
      reportNotes: (id: string) => `${API_BASE}/staff/reports/${encodeURIComponent(id)}/notes`,
      reportAssign: (id: string) => `${API_BASE}/staff/reports/${encodeURIComponent(id)}/assign`,
      reportProtect: (id: string) => `${API_BASE}/staff/reports/${encodeURIComponent(id)}/protect`,
      reportEvidence: (id: string, fileId: string) =>
        `${API_BASE}/staff/reports/${encodeURIComponent(id)}/evidence/${encodeURIComponent(fileId)}`,
      session: `${API_BASE}/staff/session`,
      sessions: `${API_BASE}/staff/sessions`,
      me: `${API_BASE}/staff/me`,
      password: `${API_BASE}/staff/me/password`,
      recoveryCodes: `${API_BASE}/staff/me/recovery-codes`,
      users: `${API_BASE}/staff/users`,
      user: (id: string) => `${API_BASE}/staff/users/${encodeURIComponent(id)}`,
      agencies: `${API_BASE}/staff/agencies`,
      audit: `${API_BASE}/staff/audit`,
      auditCsv: `${API_BASE}/staff/audit.csv`,
      activation: (token: string) => `${API_BASE}/staff/activation/${encodeURIComponent(token)}`,
      /** POST: finish an activation (the token travels in the body, not the path). */
      activate: `${API_BASE}/staff/activation`,
    },
  },
} as const;
