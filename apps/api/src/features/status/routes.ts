import { createRoute } from "@hono/zod-openapi";
import { HealthSchema } from "@portal/contracts";
import type { Deps } from "../../deps.ts";
import { router } from "../../http/router.ts";
import { getHealth } from "./health.ts";

const route = createRoute({
  method: "get",
  path: "/health",
  tags: ["Service"],
  summary: "Health of the portal and its dependencies",
  description: "Makes a real round trip to the database and the search engine. Answers 503 only when the database is down.",
  responses: {
    200: { content: { "application/json": { schema: HealthSchema } }, description: "Up (status ok or degraded)" },
    503: { content: { "application/json": { schema: HealthSchema } }, description: "The database is unreachable" },
  },
});

export function healthRoutes(deps: Deps) {
  return router().openapi(route, async (c) => {
    const health = await getHealth(deps);
    c.header("cache-control", "no-store");
    return health.status === "down" ? c.json(health, 503) : c.json(health, 200);
  });
}
