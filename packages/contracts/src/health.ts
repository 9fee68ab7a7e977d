// GET /health and the status page.
import { z } from "zod";

export const DbHealthSchema = z.union([
  z.object({ status: z.literal("ok"), latencyMs: z.number(), schemaVersion: z.number().int() }),
  z.object({ status: z.literal("down"), error: z.string() }),
]);
export const SearchHealthSchema = z.union([
  z.object({ status: z.literal("ok"), engine: z.literal("meilisearch"), version: z.string(), latencyMs: z.number() }),
  z.object({ status: z.literal("down"), engine: z.literal("meilisearch"), error: z.string() }),
]);
export const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded", "down"]).meta({
      description:
        "ok: all dependencies up. degraded: the portal serves with reduced features (search engine down). down: the database is unreachable.",
    }),
    db: DbHealthSchema,
    search: SearchHealthSchema,
    version: z.string(),
    uptimeSeconds: z.number().int(),
    checkedAt: z.iso.datetime(),
  })
  .meta({ id: "Health" });
export type Health = z.infer<typeof HealthSchema>;
