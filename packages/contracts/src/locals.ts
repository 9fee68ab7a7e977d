// What the API process hands to on-demand Astro pages as `Astro.locals.portal`: live data straight
// from the domain code, without an HTTP round trip. apps/api/src/site builds it from the features;
// apps/web/src/env.d.ts declares App.Locals from it.
import type { Breach, PasswordCorpus } from "./breaches.ts";
import type { HashCheck, UrlCheck, UrlCheckFailure } from "./checks.ts";
import type { Health } from "./health.ts";
import type { SearchParams, SearchResult } from "./search.ts";

export interface PortalLocals {
  health: () => Promise<Health>;
  search: (params: SearchParams) => Promise<SearchResult>;
  breaches: {
    list: () => Promise<Breach[]>;
    get: (name: string) => Promise<Breach | null>;
    passwordCorpus: () => Promise<PasswordCorpus | null>;
  };
  threatIntel: {
    /** A failure (not a web address) has `error` and `message` instead of a verdict. */
    checkUrl: (url: string) => Promise<UrlCheck | UrlCheckFailure>;
    /** Null when the input is not an MD5, SHA-1 or SHA-256. */
    checkHash: (hash: string) => Promise<HashCheck | null>;
  };
}
