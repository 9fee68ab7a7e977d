// What on-demand Astro pages receive as `Astro.locals.portal` (PortalLocals in @portal/contracts,
// declared for the site in apps/web/src/env.d.ts): each feature's part, merged.
import type { PortalLocals } from "@portal/contracts";
import type { Deps } from "../deps.ts";
import { features } from "../features/index.ts";
import { type Fetch, inProcessApi } from "./in-process.ts";

/** Every part must come from some feature; a part added to PortalLocals fails to compile here until listed. */
const REQUIRED = Object.keys({ api: 1, health: 1, search: 1, breaches: 1, threatIntel: 1, alerts: 1 } satisfies Record<
  keyof PortalLocals,
  1
>) as (keyof PortalLocals)[];

/**
 * `fetch` is the app's own, for PortalLocals.api (runtime.ts binds it); without it — a test that
 * renders pages without the API — a page that calls the API fails loudly.
 */
export function portalLocals(deps: Deps, fetch?: Fetch): { portal: PortalLocals } {
  const merged: Partial<PortalLocals> = {
    api: inProcessApi(
      fetch ??
        (() => {
          throw new Error("These locals were built without the app's fetch: portalLocals(deps, (req, env) => app.fetch(req, env)).");
        }),
    ),
  };
  for (const f of features) {
    const part = f.locals?.(deps) ?? {};
    for (const key of Object.keys(part) as (keyof PortalLocals)[]) {
      if (key in merged) throw new Error(`Two features provide Astro.locals.portal.${key} (the second is "${f.name}").`);
    }
    Object.assign(merged, part);
  }
  const missing = REQUIRED.filter((k) => !(k in merged));
  if (missing.length) throw new Error(`No feature provides Astro.locals.portal.${missing.join(", ")}.`);
  return { portal: merged as PortalLocals };
}
