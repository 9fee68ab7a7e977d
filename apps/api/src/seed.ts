import type { Deps } from "./deps.ts";
import { breachSeeder, passwordSeeder } from "./seed-breach.ts";
import { threatIntelSeeder } from "./threat-intel.ts";

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

/** Every domain's seeder, in the order they run. */
export const seeders: Seeder[] = [passwordSeeder, breachSeeder, threatIntelSeeder];

export async function seedIfEmpty(deps: Deps, list: Seeder[] = seeders): Promise<string[]> {
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
