// Alerts: owns /api/v1/alerts (JSON, Atom, CAP 1.2), /api/v1/staff/alerts (drafting, four-eyes
// publishing, corrections, withdrawal), /.well-known/csaf and /.well-known/security.txt, the pages'
// locals and the site-wide banner, the alerts' search documents and demo data. Rules and formats
// are @portal/alerts'; phone numbers and bank accounts go to @portal/reports' confirmed identifiers
// (publishing.ts) — this feature reads no other feature's tables.
import {
  alertSearchDocuments,
  getPublicAlert,
  isAlertsEmpty,
  listPublicAlertRecords,
  listPublicAlerts,
  publicAlertFacets,
  reconcileAlertIndicators,
  seedAlertsDemo,
} from "@portal/alerts";
import { router } from "../../http/router.ts";
import type { Feature } from "../types.ts";
import { BANNER_PART, bannerAlerts, bannerFill } from "./banner.ts";
import { publicAlertRoutes } from "./public-routes.ts";
import { ALERT_SEARCH_TYPE, identifierSink } from "./publishing.ts";
import { staffAlertRoutes } from "./staff-routes.ts";
import { wellKnownRoutes } from "./well-known.ts";

export const alertsFeature: Feature = {
  name: "alerts",
  routes: {
    at: "/",
    build(deps) {
      const app = router();
      app.route("/", publicAlertRoutes(deps));
      // app.ts puts the cross-site refusal and the session in front of every /staff route.
      app.route("/", staffAlertRoutes(deps));
      return app;
    },
  },
  rootRoutes: { build: wellKnownRoutes },
  liveParts: { [BANNER_PART]: bannerFill },
  locals: (deps) => ({
    alerts: {
      list: (query) => listPublicAlerts(deps.db.client, query),
      get: (ref, lang) => getPublicAlert(deps.db.client, ref, lang),
      facets: () => publicAlertFacets(deps.db.client),
      banner: (lang) => bannerAlerts(deps, lang),
    },
  }),
  seeders: [
    {
      name: "alerts",
      isEmpty: (deps) => isAlertsEmpty(deps.db.client),
      run: (deps) => seedAlertsDemo(deps.db.client, { identifiers: identifierSink(deps), origin: deps.origin }),
    },
  ],
  // Kept in step after every publication and withdrawal (publishing.ts), and by the periodic sync.
  searchSources: [{ type: ALERT_SEARCH_TYPE, load: (deps) => alertSearchDocuments(deps.db.client) }],
  start(deps) {
    let stopped = false;
    void (async () => {
      // Publishing commits the alert first and then updates the checks: repair a crash in between.
      const r = await reconcileAlertIndicators(deps.db.client, await listPublicAlertRecords(deps.db.client), {
        identifiers: identifierSink(deps),
        origin: deps.origin,
      });
      if (!stopped) await deps.urlIndex.refresh();
      deps.log.info("alert indicators reconciled", r);
    })().catch((err) => {
      if (!deps.db.client.closed) deps.log.warn("alert indicators could not be reconciled", { err });
    });
    // Load (or make) the CSAF signing key now: a key the operator gave that cannot sign is said at start-up.
    deps
      .csafKey()
      .catch((err) => deps.log.error("the CSAF signing key cannot be used (CSAF_SIGNING_KEY)", { error: (err as Error).message }));
    return () => {
      stopped = true;
    };
  },
};
