// Breaches: owns the Pwned Passwords range, the private account range, the breach catalogue
// (API, feed, search documents, the catalogue pages' locals), their importers and demo data.
// Reads and writes breach data only through @portal/breach.
import { breachSearchDocuments, getBreach, listBreaches, readCorpusMeta } from "@portal/breach";
import { router } from "../../http/router.ts";
import type { Feature } from "../types.ts";
import { accountRoutes } from "./account-routes.ts";
import { breachRoutes } from "./catalogue-routes.ts";
import { breachImporter, pwnedPasswordsImporter } from "./importers.ts";
import { passwordRoutes } from "./password-routes.ts";
import { breachSeeder, passwordSeeder } from "./seeders.ts";

export const breachesFeature: Feature = {
  name: "breaches",
  routes: {
    at: "/",
    build(deps) {
      const app = router();
      app.route("/", passwordRoutes(deps));
      app.route("/", accountRoutes(deps));
      app.route("/", breachRoutes(deps));
      return app;
    },
  },
  locals: (deps) => ({
    breaches: {
      list: () => listBreaches(deps.db.client),
      get: (name) => getBreach(deps.db.client, name),
      passwordCorpus: () => readCorpusMeta(deps.paths.pwnedDir, "sha1"),
    },
  }),
  seeders: [passwordSeeder, breachSeeder],
  // Imported at run time (CLI): re-read every minute while the server runs.
  searchSources: [{ type: "breach", load: (deps) => breachSearchDocuments(deps.db.client) }],
  importers: { "pwned-passwords": pwnedPasswordsImporter, breach: breachImporter },
};
