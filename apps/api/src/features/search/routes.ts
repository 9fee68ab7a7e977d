// Site search: GET /search over every feature's documents (Meilisearch, or the FTS5 fallback).
import { createRoute } from "@hono/zod-openapi";
import { SearchQuery, SearchResultSchema } from "@portal/contracts";
import type { Deps } from "../../deps.ts";
import { errorResponse, router } from "../../http/router.ts";
import { sendJson } from "../../http/send.ts";

const route = createRoute({
  method: "get",
  path: "/search",
  tags: ["Search"],
  summary: "Search guidance, legal texts and every other published document",
  description:
    'Vietnamese-aware: queries without accents find text with them ("ma doc" finds "mã độc"), and when accents are typed the exact-accent matches rank first. A query that names a task ("kiểm tra đường dẫn", "report a scam") answers with the tool that does it first (type "tool"), in both engines. Answers from Meilisearch, or from the libSQL FTS5 fallback when it is down (engine: "fts").',
  request: { query: SearchQuery },
  responses: {
    200: { content: { "application/json": { schema: SearchResultSchema } }, description: "Results" },
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
