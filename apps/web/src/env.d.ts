/// <reference types="astro/client" />

interface PortalHealth {
  status: "ok" | "degraded" | "down";
  db: { status: "ok"; latencyMs: number; schemaVersion: number } | { status: "down"; error: string };
  search: { status: "ok"; engine: string; version: string; latencyMs: number } | { status: "down"; engine: string; error: string };
  version: string;
  uptimeSeconds: number;
  checkedAt: string;
}

/** Mirrors SearchParams / SearchResult of @portal/search (the site does not import server code). */
interface PortalSearchParams {
  q: string;
  type?: string;
  lang?: "vi" | "en";
  topic?: string;
  audience?: string;
  status?: string;
  page: number;
  pageSize: number;
}
interface PortalSearchResult {
  engine: "meilisearch" | "fts";
  query: string;
  hits: { id: string; type: string; lang: "vi" | "en"; title: string; url: string; excerpt: string; topic?: string; updated?: string }[];
  total: number;
  page: number;
  pageSize: number;
  facets: Record<string, Record<string, number>>;
}

/** Mirrors Breach and CorpusMeta of @portal/breach (apps/api/src/breach-locals.ts). */
interface PortalBreach {
  name: string;
  title: string;
  domain: string;
  breachDate: string;
  addedDate: string;
  modifiedDate: string;
  pwnCount: number;
  description: { vi: string; en: string };
  dataClasses: string[];
  isVerified: boolean;
  isFabricated: boolean;
  isSensitive: boolean;
  isRetired: boolean;
  isSpamList: boolean;
  logoPath: string | null;
  isDemo: boolean;
}
interface PortalBreaches {
  list: () => Promise<PortalBreach[]>;
  get: (name: string) => Promise<PortalBreach | null>;
  passwordCorpus: () => Promise<{ kind: "demo" | "import"; label: string; count: number; builtAt: string } | null>;
}

/** Mirrors UrlCheckResult / HashCheckResult of @portal/threat-intel (apps/api/src/threat-intel.ts). */
interface PortalUrlMatch {
  expression: string;
  hash: string;
  verdict: "malicious" | "phishing" | "suspicious";
  threat: string;
  source: string;
  target: string | null;
  reference: string | null;
  tags: string[];
  firstSeen: string;
  lastSeen: string;
}
interface PortalUrlReason {
  code: "listed" | "trusted" | "lookalike" | "not_listed";
  message: string;
  verdict?: string;
  sources?: string[];
  source?: string;
  domain?: string;
  name?: string | null;
  category?: string | null;
  imitation?: string;
  method?: "confusable" | "edit_distance";
}
interface PortalUrlCheck {
  input: string;
  canonical: string;
  verdict: "malicious" | "phishing" | "suspicious" | "trusted" | "unknown";
  reasons: PortalUrlReason[];
  matches: PortalUrlMatch[];
  checkedAt: string;
}
interface PortalHashMatch {
  source: string;
  verdict: "malicious" | "known_good";
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  family: string | null;
  fileName: string | null;
  fileType: string | null;
  fileSize: number | null;
  tags: string[];
  reference: string | null;
  firstSeen: string;
  lastSeen: string;
}
interface PortalHashCheck {
  hash: string;
  algorithm: "md5" | "sha1" | "sha256";
  verdict: "malicious" | "known_good" | "unknown";
  matches: PortalHashMatch[];
  checkedAt: string;
}
interface PortalThreatIntel {
  /** A failure (not a web address) has `error` and `message` instead of a verdict. */
  checkUrl: (url: string) => Promise<PortalUrlCheck | { input: string; error: string; message: string }>;
  /** Null when the input is not an MD5, SHA-1 or SHA-256. */
  checkHash: (hash: string) => Promise<PortalHashCheck | null>;
  isDemoSource: (source: string) => boolean;
}

declare namespace App {
  /** Provided by the API server (apps/api/src/runtime.ts) to on-demand pages. */
  interface Locals {
    portal?: {
      health: () => Promise<PortalHealth>;
      search: (params: PortalSearchParams) => Promise<PortalSearchResult>;
      breaches: PortalBreaches;
      threatIntel: PortalThreatIntel;
    };
  }
}
