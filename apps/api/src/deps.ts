import { join, resolve } from "node:path";
import { loadOrCreateSigningKey, PORTAL_NAME, type SigningKey, securityEmail } from "@portal/alerts";
import { loadOrCreateKey, type Session, type User } from "@portal/auth";
import { isPwnedPassword, PasswordStore } from "@portal/breach";
import type { Logger } from "@portal/config";
import type { Database } from "@portal/db";
import { PartnerGate } from "@portal/partners";
import { CheckCounter, type EvidenceStore, FolderEvidenceStore } from "@portal/reports";
import type { SearchClient, SearchService } from "@portal/search";
import { type UrlIndexWatcher, watchUrlIndex } from "@portal/threat-intel";
import type { ApiEnv } from "./env.ts";

/** Folders derived from DATA_DIR and WEB_DIST, named once. */
export interface PortalPaths {
  dataDir: string;
  /** The Pwned Passwords corpus (sha1.bin, ntlm.bin and their descriptions). */
  pwnedDir: string;
  /** The built site: client/ (prerendered pages, assets) and server/ (the on-demand renderer). */
  webDist: string;
  /** The site's search documents, written by the build (apps/web/src/pages/search-index.json.ts). */
  searchIndexFile: string;
  /** Reports' evidence files. */
  evidenceDir: string;
}

/**
 * Everything a route, a page's locals, a seeder or an importer needs, built once at start-up by
 * buildDeps and passed in (tests build their own the same way). No module keeps state of its own.
 */
export interface Deps {
  env: ApiEnv;
  paths: PortalPaths;
  db: Database;
  /** The Meilisearch client (health, raw requests). */
  search: SearchClient;
  /** Indexing and querying of every document type, with the FTS fallback. */
  searchService: SearchService;
  /**
   * The link check's in-memory index (prefix set, host filter, trusted domains), kept fresh by
   * polling the store's version, so an import by the CLI reaches a running server within ~2 s.
   * Lazy: loaded on the first check, or by the checks feature's start() in the server.
   */
  urlIndex: UrlIndexWatcher;
  /** The Pwned Passwords store (sorted binary files, reopened when an import replaces them). */
  passwords: PasswordStore;
  /**
   * The portal's public origin (PUBLIC_ORIGIN); null when unset, and the cross-site check then
   * compares with the origin the request was sent to. Links use `origin` below.
   */
  publicOrigin: string | null;
  /**
   * The one origin every absolute link is built from (feeds, CAP, CSAF, security.txt, links printed
   * by the CLI): PUBLIC_ORIGIN, else the listening address http://HOST:PORT for local runs. Never
   * a request's Host header, which anyone can set.
   */
  origin: string;
  /**
   * The OpenPGP key that signs the CSAF documents: CSAF_SIGNING_KEY, or DATA_DIR/keys/csaf-signing.asc
   * generated on first use. Loaded once, on first call (the alerts feature's start() asks at once).
   */
  csafKey(): Promise<SigningKey>;
  /** Seals staff TOTP secrets at rest (TOTP_KEY, or DATA_DIR/keys/totp.key made on first start). */
  totpKey: Uint8Array;
  /** True when the portal's own Pwned Passwords corpus lists a password (staff passwords are refused then). */
  isPasswordBreached(password: string): Promise<boolean>;
  /**
   * Where reports' evidence files live: a folder under DATA_DIR, outside every served folder.
   * Behind the EvidenceStore interface so that an object store can take its place.
   */
  evidence: EvidenceStore;
  /** Checks answered, by tool, verdict and day (never what was checked), written in batches. */
  checks: CheckCounter;
  /**
   * Partner API keys as the server sees them: looked up by hash (cached a few seconds), their
   * quotas, and their use counted in memory, written by the partners feature's start() every few seconds.
   */
  partners: PartnerGate;
  log: Logger;
  startedAt: Date;
  version: string;
}

/** The signed-in staff member of a request (http/guards/session.ts), when there is one. */
export interface StaffContext {
  user: User;
  session: Session;
}

/** What a batch route calls once it knows how many items a request asks about (http/guards/limits.ts). */
export interface LimitCharge {
  /** Spends `extra` more units of the same budget, or throws the 429. */
  more(extra: number): void;
}

export type AppEnv = { Variables: { requestId: string; staff?: StaffContext; limit?: LimitCharge } };

/** How often the link index reads the store's version (one indexed row). */
const URL_INDEX_POLL_MS = 2000;

export function portalPaths(env: ApiEnv): PortalPaths {
  const dataDir = resolve(env.DATA_DIR);
  const webDist = resolve(env.WEB_DIST);
  return {
    dataDir,
    pwnedDir: join(dataDir, "pwned"),
    webDist,
    searchIndexFile: join(webDist, "client", "search-index.json"),
    evidenceDir: join(dataDir, "evidence"),
  };
}

/** The address the server listens on, as a browser on this machine reaches it. */
export function listeningOrigin(env: Pick<ApiEnv, "HOST" | "PORT">): string {
  const host = env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
  return `http://${host}:${env.PORT}`;
}

/** Builds the services every process shares from the opened database and search engine. */
export function buildDeps(parts: Pick<Deps, "env" | "db" | "search" | "searchService" | "log" | "version">): Deps {
  const paths = portalPaths(parts.env);
  const { db, log } = parts;
  const urlIndex = watchUrlIndex(db.client, {
    intervalMs: URL_INDEX_POLL_MS,
    onError: (err) => {
      // A closed database (shutdown, a finished test) ends the polling; anything else is worth a line.
      if (db.client.closed) urlIndex.close();
      else log.warn("url index refresh failed", { err });
    },
  });
  const passwords = new PasswordStore(paths.pwnedDir);
  const origin = parts.env.PUBLIC_ORIGIN ?? listeningOrigin(parts.env);
  let csafKey: Promise<SigningKey> | undefined;
  return {
    ...parts,
    paths,
    urlIndex,
    passwords,
    totpKey: loadOrCreateKey(paths.dataDir, parts.env.TOTP_KEY),
    isPasswordBreached: (password) => isPwnedPassword(passwords, password),
    evidence: new FolderEvidenceStore(paths.evidenceDir),
    checks: new CheckCounter(),
    partners: new PartnerGate(db.client),
    publicOrigin: parts.env.PUBLIC_ORIGIN ?? null,
    origin,
    csafKey: () =>
      (csafKey ??= loadOrCreateSigningKey(paths.dataDir, {
        armoredKey: parts.env.CSAF_SIGNING_KEY,
        passphrase: parts.env.CSAF_SIGNING_KEY_PASSPHRASE,
        owner: { name: PORTAL_NAME.en, email: securityEmail(origin) },
      })),
    startedAt: new Date(),
  };
}
