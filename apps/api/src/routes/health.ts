import { createRoute, z } from "@hono/zod-openapi";
import type { Deps } from "../deps.ts";
import { getHealth } from "../health.ts";
import { router } from "./router.ts";

const DbHealthSchema = z.union([
  z.object({ status: z.literal("ok"), latencyMs: z.number(), schemaVersion: z.number().int() }),
  z.object({ status: z.literal("down"), error: z.string() }),
]);
const SearchHealthSchema = z.union([
  z.object({ status: z.literal("ok"), engine: z.literal("meilisearch"), version: z.string(), latencyMs: z.number() }),
  z.object({ status: z.literal("down"), engine: z.literal("meilisearch"), error: z.string() }),
]);
const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded", "down"]).openapi({
      description:
        "ok: all dependencies up. degraded: the portal serves with reduced features (search engine down). down: the database is unreachable.",
    }),
    db: DbHealthSchema,
    search: SearchHealthSchema,
    version: z.string(),
    uptimeSeconds: z.number().int(),
    checkedAt: z.iso.datetime(),
  })
  .openapi("Health");

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
