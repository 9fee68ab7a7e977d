// Service status: owns GET /health and the status page's live data. Reads the database and the
// search engine's health; changes nothing.
import type { Feature } from "../types.ts";
import { getHealth } from "./health.ts";
import { healthRoutes } from "./routes.ts";

export const statusFeature: Feature = {
  name: "status",
  routes: { at: "/", build: healthRoutes },
  locals: (deps) => ({ health: () => getHealth(deps) }),
};
