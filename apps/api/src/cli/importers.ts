import type { Deps } from "../deps.ts";
import { breachImporter, pwnedPasswordsImporter } from "./breach.ts";
import type { Progress } from "./progress.ts";
import { threatIntelImporters } from "./threat-intel.ts";

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
  /** Imports and returns a one-paragraph summary for the operator. Throw an Error with a clear message on bad input. */
  run(ctx: ImportContext): Promise<string>;
}

/**
 * `npm run portal -- import <format> <path>`: every format the portal can import, by name.
 * Each domain registers its formats here (one line per format, code in its own module).
 */
export const importers: Record<string, Importer> = {
  "pwned-passwords": pwnedPasswordsImporter,
  breach: breachImporter,
  urlhaus: threatIntelImporters.urlhaus,
  phishtank: threatIntelImporters.phishtank,
  openphish: threatIntelImporters.openphish,
  chongluadao: threatIntelImporters.chongluadao,
  metamask: threatIntelImporters.metamask,
  malwarebazaar: threatIntelImporters.malwarebazaar,
  hashlookup: threatIntelImporters.hashlookup,
  list: threatIntelImporters.list,
};
