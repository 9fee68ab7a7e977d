// Where alerts live on the site and in the API. These belong in @portal/contracts paths.ts (the one
// owner of public URLs); they are kept here until the API feature adds them there, and every module
// of this package builds links through them so that move is one import change.
import type { Lang } from "@portal/contracts";
import { API_BASE } from "@portal/contracts";

export const alertPages = {
  list: { vi: "/canh-bao/", en: "/en/alerts/" },
} as const satisfies Record<string, Record<Lang, string>>;

/** The page of one alert, by its tracking ID lower-cased: "/canh-bao/vn-attt-2026-0001/". */
export function alertPagePath(lang: Lang, trackingId: string): string {
  return `${alertPages.list[lang]}${encodeURIComponent(trackingId.toLowerCase())}/`;
}

export const alertApi = {
  list: `${API_BASE}/alerts`,
  alert: (id: string) => `${API_BASE}/alerts/${encodeURIComponent(id)}`,
  cap: (id: string) => `${API_BASE}/alerts/${encodeURIComponent(id)}.cap.xml`,
  atom: (lang: Lang) => `${API_BASE}/alerts/feed.atom?lang=${lang}`,
  capIndex: (lang: Lang) => `${API_BASE}/alerts/cap.atom?lang=${lang}`,
  staff: {
    list: `${API_BASE}/staff/alerts`,
    alert: (id: string) => `${API_BASE}/staff/alerts/${encodeURIComponent(id)}`,
    submit: (id: string) => `${API_BASE}/staff/alerts/${encodeURIComponent(id)}/submit`,
    publish: (id: string) => `${API_BASE}/staff/alerts/${encodeURIComponent(id)}/publish`,
    withdraw: (id: string) => `${API_BASE}/staff/alerts/${encodeURIComponent(id)}/withdraw`,
  },
} as const;

/** The CSAF 2.0 trusted-provider layout (CSAF 2.0 §7.1: requirements 9–15, 18–19). */
export const csafPaths = {
  providerMetadata: "/.well-known/csaf/provider-metadata.json",
  /** The TLP:CLEAR folder: <year>/<name>.json, index.txt, changes.csv and the ROLIE feed. */
  clear: "/.well-known/csaf/clear/",
  document: (year: number, fileName: string) => `/.well-known/csaf/clear/${year}/${fileName}`,
  indexTxt: "/.well-known/csaf/clear/index.txt",
  changesCsv: "/.well-known/csaf/clear/changes.csv",
  rolieFeed: "/.well-known/csaf/clear/csaf-feed-tlp-clear.json",
  /** The public signing key, named by its fingerprint. */
  openpgpKey: (fingerprint: string) => `/.well-known/csaf/openpgp/${fingerprint.toUpperCase()}.asc`,
} as const;

/** An absolute URL from the configured public origin (PUBLIC_ORIGIN), never from a request's Host header. */
export function absolute(origin: string, path: string): string {
  return `${origin.replace(/\/+$/, "")}${path}`;
}
