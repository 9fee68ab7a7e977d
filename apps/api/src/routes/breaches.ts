// The breach catalogue: HIBP's breach model (https://haveibeenpwned.com/API/v3#BreachModel), in
// camelCase like the rest of this API, with descriptions in both languages.
import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";
import { BREACH_NAME, breachAtomFeed, getBreach, latestBreaches, listBreaches } from "@portal/breach";
import type { Deps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { router } from "./router.ts";
import { errorResponse } from "./schemas.ts";
import { sendBody, sendJson } from "./send.ts";

export const BreachSchema = z
  .object({
    name: z.string().openapi({ example: "DemoShopVN", description: "Stable identifier (HIBP Name)" }),
    title: z.string(),
    domain: z.string().openapi({ description: "The breached service's domain; empty when there is none" }),
    breachDate: z.string().openapi({ example: "2025-03-14", description: "When the breach happened (YYYY-MM-DD)" }),
    addedDate: z.string().openapi({ description: "When the portal added it (ISO 8601)" }),
    modifiedDate: z.string(),
    pwnCount: z.number().int().openapi({ description: "Accounts in the breach" }),
    description: z.object({ vi: z.string(), en: z.string() }).openapi({ description: "Plain text, no HTML" }),
    dataClasses: z.array(z.string()).openapi({ example: ["Email addresses", "Passwords"], description: "HIBP data class names" }),
    isVerified: z.boolean(),
    isFabricated: z.boolean(),
    isSensitive: z.boolean().openapi({ description: "Never returned by the account range" }),
    isRetired: z.boolean().openapi({ description: "Data removed; never returned by the account range" }),
    isSpamList: z.boolean(),
    logoPath: z.string().nullable(),
    isDemo: z.boolean().openapi({ description: "Fictional demo data, not a real breach" }),
  })
  .openapi("Breach");

const NameParam = z
  .string()
  .regex(BREACH_NAME, "a breach name is letters, digits, - and _")
  .openapi({ param: { name: "name", in: "path" }, example: "DemoShopVN" });
const LangQuery = z
  .enum(["vi", "en"])
  .default("vi")
  .openapi({ param: { name: "lang", in: "query" } });

const listRoute = createRoute({
  method: "get",
  path: "/breaches",
  tags: ["Breaches"],
  summary: "Every breach in the catalogue",
  description: "Newest breach first. Optionally only those of one domain.",
  request: { query: z.object({ domain: z.string().max(253).optional().openapi({ example: "shop.example.com" }) }) },
  responses: {
    200: { content: { "application/json": { schema: z.object({ breaches: z.array(BreachSchema) }) } }, description: "The catalogue" },
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
    const url = new URL(c.req.url);
    const proto = deps.env.TRUST_PROXY && c.req.header("x-forwarded-proto") === "https" ? "https:" : url.protocol;
    const origin = `${proto}//${url.host}`;
    const xml = breachAtomFeed(await latestBreaches(client), {
      lang: lang.data,
      origin,
      selfPath: `/api/v1/breaches/feed.atom?lang=${lang.data}`,
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
