// Staff accounts: owns /api/v1/staff/* (sessions, the signed-in person, users, agencies, the audit
// log, activation links) and the `user` and `agency` CLI commands. Account rules and storage are
// @portal/auth's; this feature adds cookies, cross-site refusal, roles per route and the answers.
// Later staff features (reports, alerts) mount their own routes under /staff; app.ts guards them all.
import { deleteExpiredSessions } from "@portal/auth";
import { router } from "../../http/router.ts";
import type { Feature } from "../types.ts";
import { activationRoutes } from "./activation-routes.ts";
import { adminRoutes } from "./admin-routes.ts";
import { agencyCommand, userCommand } from "./commands.ts";
import { sessionRoutes } from "./session-routes.ts";

/** How often ended sessions are swept from the table (they are refused on sight anyway). */
const SWEEP_MS = 60 * 60_000;

export const staffFeature: Feature = {
  name: "staff",
  routes: {
    at: "/",
    build(deps) {
      // app.ts puts the cross-site refusal and the session in front of every /staff route.
      const app = router();
      app.route("/", sessionRoutes(deps));
      app.route("/", adminRoutes(deps));
      app.route("/", activationRoutes(deps));
      return app;
    },
  },
  commands: { user: userCommand, agency: agencyCommand },
  start(deps) {
    const timer = setInterval(() => {
      deleteExpiredSessions(deps.db.client).catch((err) => deps.log.warn("session sweep failed", { err }));
    }, SWEEP_MS);
    timer.unref();
    return () => clearInterval(timer);
  },
};
