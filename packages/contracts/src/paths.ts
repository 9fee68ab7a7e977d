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
  alerts: { vi: "/canh-bao/", en: "/en/alerts/" },
  privacy: { vi: "/quyen-rieng-tu/", en: "/en/privacy/" },
  terms: { vi: "/dieu-khoan-su-dung/", en: "/en/terms/" },
  accessibility: { vi: "/kha-nang-tiep-can/", en: "/en/accessibility/" },
  notFound: { vi: "/", en: "/en/" },
} as const satisfies Record<string, Record<Lang, string>>;

export type PageKey = keyof typeof pages;

/**
 * The UI kit's test page: every ui/ component example on one page, for the e2e axe test. Not
 * linked, `noindex`, and outside `pages` so the sitemap (which lists every key of `pages`) skips it.
 */
export const kitPage = "/kit/";

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
  alerts: { vi: "/quan-tri/canh-bao/", en: "/en/staff/alerts/" },
  /** A new alert's draft form; each alert then has its own page (paths.staffAlert). */
  alertNew: { vi: "/quan-tri/canh-bao/moi/", en: "/en/staff/alerts/new/" },
  /** Partner API keys (administrators). */
  partners: { vi: "/quan-tri/doi-tac/", en: "/en/staff/partners/" },
} as const satisfies Record<string, Record<Lang, string>>;

export type StaffPageKey = keyof typeof staffPages;

/** Content collections whose entries are pages under a section: `<section><slug>/`. */
export type ContentSection = "guidance" | "legal";

/** The API's base path; every endpoint below starts with it. */
export const API_BASE = "/api/v1";

/** The CSAF 2.0 trusted-provider layout (CSAF 2.0 §7.1, requirements 7–15, 18–19), outside the API. */
const CSAF = "/.well-known/csaf";
/** The TLP:CLEAR folder: <year>/<name>.json (with .sha256, .sha512, .asc), index.txt, changes.csv, the ROLIE feed. */
const CSAF_CLEAR = `${CSAF}/clear/`;

export const paths = {
  page: (key: PageKey, lang: Lang): string => pages[key][lang],
  staff: (key: StaffPageKey, lang: Lang): string => staffPages[key][lang],
  /** The one-time link that activates an account or re-enrols its TOTP. */
  activation: (lang: Lang, token: string): string => `${staffPages.activate[lang]}?token=${encodeURIComponent(token)}`,
  /** A guidance article or legal text by its slug (the file name under content/<section>/<lang>/). */
  article: (section: ContentSection, lang: Lang, slug: string): string => `${pages[section][lang]}${slug}/`,
  breach: (lang: Lang, name: string): string => `${pages.breaches[lang]}${encodeURIComponent(name)}/`,
  /** An alert's page, by its tracking ID lower-cased: "/canh-bao/vn-attt-2026-0001/". */
  alert: (lang: Lang, trackingId: string): string => `${pages.alerts[lang]}${encodeURIComponent(trackingId.toLowerCase())}/`,
  /** One alert in the staff console, by its id (drafts have no tracking ID yet). */
  staffAlert: (lang: Lang, id: string): string => `${staffPages.alerts[lang]}${encodeURIComponent(id)}/`,
  /** RFC 9116: where security researchers find whom to tell. */
  securityTxt: "/.well-known/security.txt",
  /** The about page's part on reporting a vulnerability in the portal (security.txt's Policy). */
  securityPolicy: (lang: Lang): string => `${pages.about[lang]}#${lang === "vi" ? "bao-cao-lo-hong" : "reporting-vulnerabilities"}`,
  csaf: {
    providerMetadata: `${CSAF}/provider-metadata.json`,
    clear: CSAF_CLEAR,
    /** <year>/<file name>: the name is the tracking ID by CSAF 2.0 §5.1 (packages/alerts csafFileName). */
    document: (year: number, fileName: string) => `${CSAF_CLEAR}${year}/${fileName}`,
    indexTxt: `${CSAF_CLEAR}index.txt`,
    changesCsv: `${CSAF_CLEAR}changes.csv`,
    rolieFeed: `${CSAF_CLEAR}csaf-feed-tlp-clear.json`,
    /** The public signing key, named by its fingerprint. */
    openpgpKey: (fingerprint: string) => `${CSAF}/openpgp/${fingerprint.toUpperCase()}.asc`,
  },
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
    alerts: `${API_BASE}/alerts`,
    /** One alert by its id or tracking ID. */
    alert: (id: string) => `${API_BASE}/alerts/${encodeURIComponent(id)}`,
    alertCap: (id: string) => `${API_BASE}/alerts/${encodeURIComponent(id)}.cap.xml`,
    alertFeed: (lang: Lang) => `${API_BASE}/alerts/feed.atom?lang=${lang}`,
    /** The Atom index of every alert's CAP message. */
    alertCapFeed: (lang: Lang) => `${API_BASE}/alerts/cap.atom?lang=${lang}`,
    staff: {
      partnerKeys: `${API_BASE}/staff/partner-keys`,
      partnerKeyRevoke: (id: string) => `${API_BASE}/staff/partner-keys/${encodeURIComponent(id)}/revoke`,
      alerts: `${API_BASE}/staff/alerts`,
      alertPreview: `${API_BASE}/staff/alerts/preview`,
      alert: (id: string) => `${API_BASE}/staff/alerts/${encodeURIComponent(id)}`,
      alertSubmit: (id: string) => `${API_BASE}/staff/alerts/${encodeURIComponent(id)}/submit`,
      alertPublish: (id: string) => `${API_BASE}/staff/alerts/${encodeURIComponent(id)}/publish`,
      alertWithdraw: (id: string) => `${API_BASE}/staff/alerts/${encodeURIComponent(id)}/withdraw`,
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
