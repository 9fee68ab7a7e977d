// The one list of the portal's features. app.ts mounts their routes, site/locals.ts builds
// Astro.locals from them, main.ts seeds, syncs search and starts their background work, and the
// CLI takes their importers — all from here. A new capability is one line below.
import type { Deps } from "../deps.ts";
import { alertsFeature } from "./alerts/index.ts";
import { breachesFeature } from "./breaches/index.ts";
import { checksFeature } from "./checks/index.ts";
import { contentFeature } from "./content/index.ts";
import { cspReportsFeature } from "./csp-reports/index.ts";
import { operationsFeature } from "./operations/index.ts";
import { partnersFeature } from "./partners/index.ts";
import { reportsFeature } from "./reports/index.ts";
import { searchFeature } from "./search/index.ts";
import { staffFeature } from "./staff/index.ts";
import { statusFeature } from "./status/index.ts";
import type { CliCommand, Importer, SearchSource, Seeder } from "./types.ts";

/** In mount order (which is also the order of the OpenAPI document). */
export const features = [
  statusFeature,
  cspReportsFeature,
  breachesFeature,
  searchFeature,
  checksFeature,
  contentFeature,
  staffFeature,
  reportsFeature,
  alertsFeature,
  operationsFeature,
  partnersFeature,
] as const;

export const seeders: readonly Seeder[] = features.flatMap((f) => f.seeders ?? []);
export const searchSources: readonly SearchSource[] = features.flatMap((f) => f.searchSources ?? []);

/** Merges the features' named entries; two features claiming one name is a start-up error. */
function byName<T>(what: string, pick: (f: (typeof features)[number]) => Record<string, T> | undefined): Readonly<Record<string, T>> {
  const out: Record<string, T> = {};
  for (const f of features) {
    for (const [name, entry] of Object.entries(pick(f) ?? {})) {
      if (name in out) throw new Error(`Two features register the ${what} "${name}" (the second is "${f.name}").`);
      out[name] = entry;
    }
  }
  return out;
}

/** Every import format, by the name the CLI takes. */
export const importers = byName<Importer>("import format", (f) => f.importers);
/** The features' own CLI commands, by name. */
export const commands = byName<CliCommand>("command", (f) => f.commands);

/** Runs the demo-data seeders whose tables are empty; returns a line per seeder that ran. */
export async function seedIfEmpty(deps: Deps, list: readonly Seeder[] = seeders): Promise<string[]> {
  const done: string[] = [];
  for (const s of list) {
    if (!(await s.isEmpty(deps))) continue;
    const started = performance.now();
    const summary = await s.run(deps);
    deps.log.info("demo data loaded", { seeder: s.name, summary, ms: Math.round(performance.now() - started) });
    done.push(`${s.name}: ${summary}`);
  }
  return done;
}
