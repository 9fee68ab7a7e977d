// The public side of alerts under /api/v1: the list and one alert as JSON, the Atom feed, and CAP
// 1.2 — one message per alert and an Atom index of them. Only published and withdrawn TLP:CLEAR
// alerts, read live from the database; every absolute URL from Deps.origin, never the Host header.
import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import {
  ATOM_MEDIA_TYPE,
  alertAtomFeed,
  CAP_MEDIA_TYPE,
  capDocument,
  capIndexFeed,
  getPublicAlert,
  getPublicAlertRecord,
  listPublicAlertRecords,
  listPublicAlerts,
} from "@portal/alerts";
import { AlertListQuery, AlertListResponse, AlertSchema, FeedLangQuery, LangSchema } from "@portal/contracts";
import type { Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { errorResponse, router, z } from "../../http/router.ts";
import { sendBody, sendJson } from "../../http/send.ts";

const TAG = "Alerts";
/** Feeds and documents may be kept a moment, never longer: a published alert is everywhere within 5 s. */
export const LIVE_CACHE = "public, max-age=2";
/** Entries in each feed: the alerts most recently published or changed. */
const FEED_SIZE = 50;

/** An alert's id (24 base32 characters) or its tracking ID in any case ("vn-attt-2026-0001"). */
const AlertRef = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, "an alert is named by its id or its tracking ID, such as VN-ATTT-2026-0001")
  .meta({ param: { name: "id", in: "path" }, example: "VN-ATTT-2026-0001" });
const LangParam = FeedLangQuery.meta({ param: { name: "lang", in: "query" } });

const listRoute = createRoute({
  method: "get",
  path: "/alerts",
  tags: [TAG],
  summary: "Published and withdrawn alerts, newest first",
  description:
    "Security alerts the agencies published (TLP:CLEAR only), withdrawn ones marked as such, 20 a page. Filters: kind, severity, agency (its slug) and year of first publication; `lang` chooses the language of each item's `url`.",
  request: { query: AlertListQuery },
  responses: {
    200: { content: { "application/json": { schema: AlertListResponse } }, description: "A page of alerts and how many match" },
    400: errorResponse("A filter is not valid"),
  },
});

const oneRoute = createRoute({
  method: "get",
  path: "/alerts/{id}",
  tags: [TAG],
  summary: "One alert, by id or tracking ID",
  description: "The latest version, its Markdown rendered and sanitised, with the version history and links to its CAP and CSAF documents.",
  request: {
    params: z.object({ id: AlertRef }),
    query: z.object({ lang: LangSchema.optional().meta({ description: "The language of `url`" }) }),
  },
  responses: {
    200: { content: { "application/json": { schema: AlertSchema } }, description: "The alert" },
    400: errorResponse("Not an alert id or tracking ID"),
    404: errorResponse("No public alert has this id"),
  },
});

const feedRoute: RouteConfig = {
  method: "get",
  path: "/alerts/feed.atom",
  tags: [TAG],
  summary: "Atom feed of alerts",
  description: `The ${FEED_SIZE} alerts most recently published, corrected or withdrawn (RFC 4287), in Vietnamese or English, each entry linking to the alert's page.`,
  request: { query: z.object({ lang: LangParam }) },
  responses: {
    200: { content: { [ATOM_MEDIA_TYPE]: { schema: z.string() } }, description: "The feed" },
    400: errorResponse("lang is not vi or en"),
  },
};

const capIndexRoute: RouteConfig = {
  method: "get",
  path: "/alerts/cap.atom",
  tags: [TAG],
  summary: "Atom index of the alerts' CAP 1.2 messages",
  description: "One entry per alert linking its CAP message (type application/cap+xml), as CAP aggregators read it.",
  request: { query: z.object({ lang: LangParam }) },
  responses: {
    200: { content: { [ATOM_MEDIA_TYPE]: { schema: z.string() } }, description: "The index" },
    400: errorResponse("lang is not vi or en"),
  },
};

const capRoute: RouteConfig = {
  method: "get",
  path: "/alerts/{id}.cap.xml",
  tags: [TAG],
  summary: "An alert as a CAP 1.2 message",
  description:
    "OASIS Common Alerting Protocol 1.2: the latest version as msgType Alert, Update (a correction) or Cancel (the withdrawal), referencing the earlier messages, with an info block in vi-VN and one in en-US.",
  request: { params: z.object({ id: AlertRef }) },
  responses: {
    200: { content: { [CAP_MEDIA_TYPE]: { schema: z.string() } }, description: "The CAP message" },
    400: errorResponse("Not an alert id or tracking ID"),
    404: errorResponse("No public alert has this id"),
  },
};

function feedLang(value: string | undefined) {
  const lang = LangParam.safeParse(value || undefined);
  if (!lang.success) throw new ApiError(400, "invalid_request", 'The query parameter "lang" must be "vi" or "en".');
  return lang.data;
}

const notFound = (ref: string) => new ApiError(404, "not_found", `No published alert is named "${ref}".`);

export function publicAlertRoutes(deps: Deps) {
  const app = router();
  const client = deps.db.client;
  const xmlHeaders = (type: string) => ({ "content-type": `${type}; charset=utf-8`, "cache-control": LIVE_CACHE });

  // The fixed names and the CAP documents before /alerts/{id}, which would otherwise take them.
  app.openAPIRegistry.registerPath(feedRoute);
  app.get("/alerts/feed.atom", async (c) => {
    const lang = feedLang(c.req.query("lang"));
    const xml = alertAtomFeed(await listPublicAlertRecords(client, { limit: FEED_SIZE }), { lang, origin: deps.origin });
    return sendBody(c, xml, 200, xmlHeaders(ATOM_MEDIA_TYPE));
  });
  app.openAPIRegistry.registerPath(capIndexRoute);
  app.get("/alerts/cap.atom", async (c) => {
    const lang = feedLang(c.req.query("lang"));
    const xml = capIndexFeed(await listPublicAlertRecords(client, { limit: FEED_SIZE }), { lang, origin: deps.origin });
    return sendBody(c, xml, 200, xmlHeaders(ATOM_MEDIA_TYPE));
  });
  app.openAPIRegistry.registerPath(capRoute);
  app.get("/alerts/:file{[^/]+\\.cap\\.xml}", async (c) => {
    const ref = c.req.param("file").slice(0, -".cap.xml".length);
    const checked = AlertRef.safeParse(ref);
    if (!checked.success) throw new ApiError(400, "invalid_request", "An alert is named by its id or its tracking ID.");
    const alert = await getPublicAlertRecord(client, ref);
    const xml = alert ? capDocument(alert, { origin: deps.origin }) : null;
    if (!xml) throw notFound(ref);
    return sendBody(c, xml, 200, xmlHeaders(CAP_MEDIA_TYPE));
  });

  app.openapi(listRoute, async (c) => sendJson(c, await listPublicAlerts(client, c.req.valid("query")), { "cache-control": LIVE_CACHE }));

  app.openapi(oneRoute, async (c) => {
    const { id } = c.req.valid("param");
    const alert = await getPublicAlert(client, id, c.req.valid("query").lang ?? "vi");
    if (!alert) throw notFound(id);
    return sendJson(c, alert, { "cache-control": LIVE_CACHE });
  });
  return app;
}
