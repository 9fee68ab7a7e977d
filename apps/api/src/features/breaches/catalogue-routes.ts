// The breach catalogue: HIBP's breach model (https://haveibeenpwned.com/API/v3#BreachModel), in
// camelCase like the rest of this API, with descriptions in both languages.
import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { breachAtomFeed, getBreach, latestBreaches, listBreaches } from "@portal/breach";
import { BreachListQuery, BreachListResponse, BreachName, BreachSchema, FeedLangQuery, paths } from "@portal/contracts";
import type { Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { errorResponse, router, z } from "../../http/router.ts";
import { sendBody, sendJson } from "../../http/send.ts";

const NameParam = BreachName.meta({ param: { name: "name", in: "path" }, example: "DemoShopVN" });
const LangQuery = FeedLangQuery.meta({ param: { name: "lang", in: "query" } });

const listRoute = createRoute({
  method: "get",
  path: "/breaches",
  tags: ["Breaches"],
  summary: "Every breach in the catalogue",
  description: "Newest breach first. Optionally only those of one domain.",
  request: { query: BreachListQuery },
  responses: {
    200: { content: { "application/json": { schema: BreachListResponse } }, description: "The catalogue" },
    400: errorResponse("A query parameter is not valid"),
  },
});

const oneRoute = createRoute({
  method: "get",
  path: "/breaches/{name}",
  tags: ["Breaches"],
  summary: "One breach by name",
  description: "The name is matched without regard to case, as HIBP does.",
  request: { params: z.object({ name: NameParam }) },
  responses: {
    200: { content: { "application/json": { schema: BreachSchema } }, description: "The breach" },
    400: errorResponse("The name is not a breach name"),
    404: errorResponse("No breach has this name"),
  },
});

const feedRoute: RouteConfig = {
  method: "get",
  path: "/breaches/feed.atom",
  tags: ["Breaches"],
  summary: "Atom feed of newly added breaches",
  description: "The 50 breaches most recently added to the catalogue (RFC 4287), linking to their pages in the chosen language.",
  request: { query: z.object({ lang: LangQuery }) },
  responses: {
    200: { content: { "application/atom+xml": { schema: z.string() } }, description: "The feed" },
    400: errorResponse("lang is not vi or en"),
  },
};

export function breachRoutes(deps: Deps) {
  const app = router();
  const client = deps.db.client;
  app.openAPIRegistry.registerPath(feedRoute);
  app.get("/breaches/feed.atom", async (c) => {
    const lang = LangQuery.safeParse(c.req.query("lang") || undefined);
    if (!lang.success) throw new ApiError(400, "invalid_request", 'The query parameter "lang" must be "vi" or "en".');
    // Links from the one configured origin (Deps.origin), never from the request's Host header.
    const xml = breachAtomFeed(await latestBreaches(client), {
      lang: lang.data,
      origin: deps.origin,
      selfPath: paths.api.breachFeed(lang.data),
    });
    return sendBody(c, xml, 200, { "content-type": "application/atom+xml; charset=utf-8", "cache-control": "public, max-age=300" });
  });
  app.openapi(listRoute, async (c) => {
    const { domain } = c.req.valid("query");
    return sendJson(c, { breaches: await listBreaches(client, domain ? { domain } : {}) }, { "cache-control": "public, max-age=300" });
  });
  app.openapi(oneRoute, async (c) => {
    const { name } = c.req.valid("param");
    const b = await getBreach(client, name);
    if (!b) throw new ApiError(404, "not_found", `No breach is named "${name}".`);
    return sendJson(c, b, { "cache-control": "public, max-age=300" });
  });
  return app;
}
