// What the breach pages read through Astro.locals.portal.breaches (rendered on demand).
import { join, resolve } from "node:path";
import { getBreach, listBreaches, readCorpusMeta } from "@portal/breach";
import type { Deps } from "./deps.ts";

export function breachLocals(deps: Deps) {
  const dir = join(resolve(deps.env.DATA_DIR), "pwned");
  return {
    list: () => listBreaches(deps.db.client),
    get: (name: string) => getBreach(deps.db.client, name),
    passwordCorpus: () => readCorpusMeta(dir, "sha1"),
  };
}
