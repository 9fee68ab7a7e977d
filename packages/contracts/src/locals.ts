// What the API process hands to on-demand Astro pages as `Astro.locals.portal`: live data straight
// from the domain code, without an HTTP round trip. apps/api/src/site builds it from the features;
// apps/web/src/env.d.ts declares App.Locals from it.
import type { Alert, AlertFacets, AlertList, AlertListQuery, AlertSummary } from "./alerts.ts";
import type { Breach, PasswordCorpus } from "./breaches.ts";
import type { HashCheck, UrlCheck, UrlCheckFailure } from "./checks.ts";
import type { Health } from "./health.ts";
import type { Lang } from "./lang.ts";
import type { SearchParams, SearchResult } from "./search.ts";

/** A call an on-demand page makes to the portal's own API. */
export interface InProcessCall {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** A path under /api/v1, from paths.api. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /**
   * Sent as it is instead (a form's multipart body with files, streamed through): the body of
   * the page's own request and its Content-Type.
   */
  raw?: { body: ReadableStream<Uint8Array> | null; contentType: string };
  /**
   * Request headers of the call's own, set after the browser's forwarded ones: a secret the page
   * was posted (the report status page's X-Status-Key), which must never go in a URL.
   */
  headers?: Record<string, string>;
}

export interface PortalLocals {
  /**
   * Calls the portal's own API in process, as the browser that asked for the page: with its
   * cookie, its Origin and Fetch Metadata headers and its address. The staff pages' forms go
   * through the same routes, guards, validation and audit as the JSON API — one implementation.
   */
  api: (from: Request, clientAddress: string | undefined, call: InProcessCall) => Promise<Response>;
  health: () => Promise<Health>;
  search: (params: SearchParams) => Promise<SearchResult>;
  breaches: {
    list: () => Promise<Breach[]>;
    get: (name: string) => Promise<Breach | null>;
    passwordCorpus: () => Promise<PasswordCorpus | null>;
  };
  alerts: {
    /** Published and withdrawn TLP:CLEAR alerts, newest first, straight from the database (live). */
    list: (query: AlertListQuery) => Promise<AlertList>;
    /** One public alert by its id or tracking ID (any case); null when the public may not see it. */
    get: (ref: string, lang: Lang) => Promise<Alert | null>;
    /** The agencies and years the list can be filtered by. */
    facets: () => Promise<AlertFacets>;
    /** The extreme and severe alerts in effect, for the site-wide banner. */
    banner: (lang: Lang) => Promise<AlertSummary[]>;
  };
  threatIntel: {
    /** A failure (not a web address) has `error` and `message` instead of a verdict. */
    checkUrl: (url: string) => Promise<UrlCheck | UrlCheckFailure>;
    /** Null when the input is not an MD5, SHA-1 or SHA-256. */
    checkHash: (hash: string) => Promise<HashCheck | null>;
  };
}
