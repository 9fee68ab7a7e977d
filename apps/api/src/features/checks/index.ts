// Link and file checks: owns /url/check, /url/hashes, /hash/…, the result pages' locals, the
// block-list feed importers and their demo data. Reads and writes the lookup store only through
// @portal/threat-intel; the in-memory link index lives on Deps (deps.urlIndex).
import { dropAbandonedGenerations, isThreatIntelEmpty, seedThreatIntel } from "@portal/threat-intel";
import { router } from "../../http/router.ts";
import type { Feature } from "../types.ts";
import { hashRoutes } from "./hash-routes.ts";
import { threatIntelImporters } from "./importers.ts";
import { checkHashNow, checkUrlNow } from "./lookups.ts";
import { urlRoutes } from "./url-routes.ts";

export const checksFeature: Feature = {
  name: "checks",
  routes: {
    at: "/",
    build(deps) {
      const app = router();
      app.route("/", urlRoutes(deps));
      app.route("/", hashRoutes(deps));
      return app;
    },
  },
  locals: (deps) => ({
    threatIntel: {
      checkUrl: (url) => checkUrlNow(deps, url),
      checkHash: (hash) => checkHashNow(deps, hash),
    },
  }),
  // Demo data for the link and file checks: real lists from npm packages, sources named "demo:…".
  seeders: [
    { name: "threat-intel", isEmpty: (deps) => isThreatIntelEmpty(deps.db.client), run: (deps) => seedThreatIntel(deps.db.client) },
  ],
  importers: threatIntelImporters,
  start(deps) {
    // Load the prefix set now, not on the first citizen's request.
    deps.urlIndex.get().catch((err) => deps.log.warn("url index load failed", { err }));
    // Delete, in short statements and in the background, what killed imports left (their staging
    // rows, which no reader sees) and replaced generations a finished import had no time to delete.
    dropAbandonedGenerations(deps.db.client)
      .then((n) => {
        if (n > 0) deps.log.info("abandoned import generations deleted", { generations: n });
      })
      .catch((err) => deps.log.warn("deleting abandoned import generations failed", { err }));
    return () => deps.urlIndex.close();
  },
};
