// What a feature is: everything one capability plugs into the portal, in one object. The app,
// the site's locals, seeding, search sync and the CLI read features/index.ts and nothing else, so
// a new capability is one folder here and one line in that list.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Lang, PortalLocals } from "@portal/contracts";
import type { SearchDocument } from "@portal/search";
import type { Hono } from "hono";
import type { AppEnv, Deps } from "../deps.ts";

export interface Feature {
  /** Kebab-case, the same as the feature's folder. */
  name: string;
  /** Its API routes and where they are mounted under /api/v1 ("/" for paths that name themselves). */
  routes?: { at: string; build(deps: Deps): OpenAPIHono<AppEnv> };
  /**
   * Its routes outside /api/v1, at addresses other standards fix (RFC 8615 `/.well-known/…`: CSAF,
   * security.txt), mounted at the site's root before the site's own pages and files, so a built
   * page can never shadow them. They carry the site's security headers and no API CORS; keep them
   * few and machine-read — people's pages belong in apps/web.
   */
  rootRoutes?: { build(deps: Deps): Hono<AppEnv> };
  /**
   * Parts of every page that show what is true now, by name, for pages built once (prerendered)
   * as much as pages rendered on demand. The site's layout marks a part
   * `<!--live:NAME:LANG-->…<!--live:NAME:fill-->…<!--/live:NAME-->`; as site/serve.ts sends an HTML
   * page it asks `fill(lang)` (built once from Deps): null removes the whole part, markup replaces
   * the fill marker. No JavaScript, and nothing to rebuild when the data changes.
   */
  liveParts?: Record<string, (deps: Deps) => (lang: Lang) => Promise<string | null>>;
  /** Its part of `Astro.locals.portal` for on-demand pages. */
  locals?(deps: Deps): Partial<PortalLocals>;
  /** Demo data for empty tables. */
  seeders?: Seeder[];
  /** Where its search documents come from. */
  searchSources?: SearchSource[];
  /** `npm run portal -- import <format>` formats, by name. */
  importers?: Record<string, Importer>;
  /** `npm run portal -- <name> …` commands of its own, by name. */
  commands?: Record<string, CliCommand>;
  /** Background work while the server runs (not in the CLI); returns what stops it. */
  start?(deps: Deps): () => void;
}

/**
 * Demo data loaded at start-up (and by `npm run portal -- seed`) when a domain's tables are
 * empty — real public lists that ship in npm packages, always labelled as demo data where shown.
 */
export interface Seeder {
  name: string;
  /** True when this domain has no data yet. */
  isEmpty(deps: Deps): Promise<boolean>;
  /** Loads the demo data; returns a one-line summary. */
  run(deps: Deps): Promise<string>;
}

/** Where the documents of one search type come from. */
export interface SearchSource {
  type: string;
  load(deps: Deps): Promise<SearchDocument[]>;
}

/** A one-line progress report for long imports (cli/progress.ts draws it). */
export interface Progress {
  /** Adds `n` processed items. */
  tick(n?: number): void;
  /** Sets the processed count (for sources that report a position). */
  set(done: number): void;
  /** Ends the line; returns elapsed seconds. */
  done(): number;
  readonly count: number;
}

export interface ImportContext {
  deps: Deps;
  /** The file or folder named on the command line, resolved to an absolute path. */
  path: string;
  /** Every path named on the command line, in order, resolved (path is the first). */
  paths: string[];
  options: Record<string, string | true>;
  progress: (label: string, total?: number) => Progress;
}

export interface Importer {
  /** One line for `npm run portal -- help`. */
  description: string;
  /** Extra options, e.g. "--source NAME --threat TYPE". */
  usage?: string;
  /**
   * Imports and returns a one-paragraph summary for the operator (or that summary with the source
   * it wrote and its counts, for the import_runs record `status` shows). All or nothing: a failed
   * or killed import must leave the old state (one transaction, or a file renamed into place).
   * Throw an Error with a clear message on bad input.
   */
  run(ctx: ImportContext): Promise<string | ImportReport>;
}

/** What an importer reports for the import_runs record. */
export interface ImportReport {
  summary: string;
  /** The feed source, breach or corpus the run wrote. */
  source: string;
  counts: Record<string, number>;
}

/** An operator's command of the CLI (`npm run portal -- <name> …`). */
export interface CliCommand {
  /** How it is called, for `help`, e.g. "user create --email E --role R". */
  usage: string;
  /** What it does, for `help`. */
  description: string;
  /** Runs with the same Deps as the server; returns the exit code. Throw an Error with a clear message on bad input. */
  run(ctx: {
    deps: Deps;
    /** Positional words after the command's name. */
    args: string[];
    options: Record<string, string | true>;
    out(text: string): void;
    err(text: string): void;
  }): Promise<number>;
}
