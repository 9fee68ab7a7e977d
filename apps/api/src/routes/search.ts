import { createRoute, z } from "@hono/zod-openapi";
import type { Deps } from "../deps.ts";
import { router } from "./router.ts";
import { errorResponse } from "./schemas.ts";
import { sendJson } from "./send.ts";

const facetValue = z.string().regex(/^[a-z0-9-]{1,40}$/, "lower-case letters, digits and hyphens only");

export const SearchQuery = z.object({
  q: z
    .string()
    .max(200, "at most 200 characters")
    .default("")
    .openapi({ example: "ma doc", description: "Words to find; accents optional. Empty lists everything (newest first)." }),
  type: facetValue.optional().openapi({ example: "guidance", description: "guidance, legal, breach, alert, …" }),
  lang: z.enum(["vi", "en"]).optional(),
  topic: facetValue.optional(),
  audience: z.enum(["citizen", "business", "agency"]).optional(),
  status: facetValue.optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});

const Hit = z.object({
  id: z.string(),
  type: z.string(),
  lang: z.enum(["vi", "en"]),
  title: z.string(),
  url: z.string(),
  excerpt: z.string().openapi({ description: "HTML-escaped text; the matching words are wrapped in <mark>." }),
  topic: z.string().optional(),
  updated: z.string().optional(),
});

const SearchResponse = z
  .object({
    engine: z
      .enum(["meilisearch", "fts"])
      .openapi({ description: "fts: Meilisearch is unavailable and the answer comes from the libSQL full-text fallback." }),
    query: z.string(),
    hits: z.array(Hit),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    facets: z.record(z.string(), z.record(z.string(), z.number().int())),
  })
  .openapi("SearchResults");

const route = createRoute({
  method: "get",
  path: "/search",
  tags: ["Search"],
  summary: "Search guidance, legal texts and every other published document",
  description:
    'Vietnamese-aware: queries without accents find text with them ("ma doc" finds "mã độc"), and when accents are typed the exact-accent matches rank first. Answers from Meilisearch, or from the libSQL FTS5 fallback when it is down (engine: "fts").',
  request: { query: SearchQuery },
  responses: {
    200: { content: { "application/json": { schema: SearchResponse } }, description: "Results" },
    400: errorResponse("A parameter is not valid"),
  },
});

export function searchRoutes(deps: Deps) {
  return router().openapi(route, async (c) => {
    const p = c.req.valid("query");
    const result = await deps.searchService.search({ ...p, q: p.q.normalize("NFC") });
    return sendJson(c, result);
  });
}
