// Partner API keys: owns /api/v1/staff/partner-keys (admin), the `partner` CLI command and the
// periodic write of keys' use. Keys, quotas and counting are @portal/partners'; the check on each
// public request is in http/guards/limits.ts. It touches no other feature's tables.
import type { Feature } from "../types.ts";
import { partnerCommand } from "./commands.ts";
import { partnerStaffRoutes } from "./staff-routes.ts";

/**
 * How often the use counted in memory is written: a crash loses at most this much of the counts
 * (a clean stop writes once more).
 */
export const FLUSH_MS = 5000;

export const partnersFeature: Feature = {
  name: "partners",
  routes: { at: "/", build: partnerStaffRoutes },
  commands: { partner: partnerCommand },
  start(deps) {
    const flush = () => deps.partners.flush().catch((err) => deps.log.warn("partner usage flush failed", { err }));
    const timer = setInterval(flush, FLUSH_MS);
    timer.unref();
    return () => {
      clearInterval(timer);
      void flush();
    };
  },
};
