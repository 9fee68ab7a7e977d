// Administrators' routes for partner API keys: list with use per day, issue (the key shown once),
// revoke. Every change is audited in the same batch as the change (@portal/partners).
import { createRoute } from "@hono/zod-openapi";
import {
  IssuePartnerKeyRequest,
  IssuePartnerKeyResponse,
  PartnerKeyId,
  PartnerKeySchema,
  PartnerKeysResponse,
  type PartnerKeyView,
} from "@portal/contracts";
import { issueKey, listKeys, type PartnerKeyWithUsage, revokeKey } from "@portal/partners";
import type { Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { requireRole } from "../../http/guards/session.ts";
import { errorResponse, router, z } from "../../http/router.ts";
import { sendJson } from "../../http/send.ts";
import { auditContext, cookieAuth } from "../staff/common.ts";

const TAG = "staff";

const IdParam = z.object({ id: PartnerKeyId.meta({ param: { name: "id", in: "path" }, example: "3f2a9c0d4e5b6a71" }) });

const listRoute = createRoute({
  method: "get",
  path: "/staff/partner-keys",
  tags: [TAG],
  summary: "Partner API keys with their use over the last 7 days (admin)",
  security: cookieAuth,
  responses: {
    200: { content: { "application/json": { schema: PartnerKeysResponse } }, description: "Every key, newest first" },
    401: errorResponse("unauthenticated"),
    403: errorResponse("forbidden"),
  },
});
const issueRoute = createRoute({
  method: "post",
  path: "/staff/partner-keys",
  tags: [TAG],
  summary: "Issue a partner API key (admin)",
  description:
    "The answer carries the key itself, this once: only its SHA-256 is stored. The partner sends it as `Authorization: Bearer ncsp_pk_…` and is then counted against the key's quotas (units a minute, units a UTC day) instead of its address's rate limits. Audited (partner.issue).",
  security: cookieAuth,
  request: { body: { required: true, content: { "application/json": { schema: IssuePartnerKeyRequest } } } },
  responses: {
    201: { content: { "application/json": { schema: IssuePartnerKeyResponse } }, description: "Issued" },
    400: errorResponse("A field is not valid"),
    401: errorResponse("unauthenticated"),
    403: errorResponse("forbidden or cross_site_request"),
  },
});
const revokeRoute = createRoute({
  method: "post",
  path: "/staff/partner-keys/{id}/revoke",
  tags: [TAG],
  summary: "Revoke a partner API key (admin)",
  description:
    "Requests with the key are refused (401 invalid_api_key) at once on this server, within 10 s on others. Audited (partner.revoke).",
  security: cookieAuth,
  request: { params: IdParam },
  responses: {
    200: { content: { "application/json": { schema: z.object({ key: PartnerKeySchema }) } }, description: "Revoked" },
    401: errorResponse("unauthenticated"),
    403: errorResponse("forbidden or cross_site_request"),
    404: errorResponse("No such key"),
    409: errorResponse("conflict: already revoked"),
  },
});

export function keyView(k: PartnerKeyWithUsage): PartnerKeyView {
  return {
    id: k.id,
    name: k.name,
    kind: k.kind,
    hint: k.hint,
    perMinute: k.perMinute,
    perDay: k.perDay,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    today: k.today,
    recent: k.recent,
  };
}

export function partnerStaffRoutes(deps: Deps) {
  const app = router();
  const client = deps.db.client;
  const admin = requireRole("admin");
  app.use("/staff/partner-keys", admin);
  app.use("/staff/partner-keys/*", admin);

  /** The list as written, with what this process has counted but not yet written. */
  const keysNow = async () => {
    await deps.partners.flush().catch((err) => deps.log.warn("partner usage flush failed", { err }));
    return listKeys(client);
  };

  app.openapi(listRoute, async (c) => sendJson(c, { keys: (await keysNow()).map(keyView) }));

  app.openapi(issueRoute, async (c) => {
    const r = await issueKey(client, c.req.valid("json"), auditContext(c, deps));
    if (!r.ok) throw new ApiError(400, "invalid_request", "The name, kind or quotas are not valid.", { reason: r.reason });
    const today = { day: new Date().toISOString().slice(0, 10), requests: 0, items: 0, refused: 0 };
    return c.json({ key: keyView({ ...r.key, today, recent: [] }), secret: r.secret }, 201, { "cache-control": "no-store" });
  });

  app.openapi(revokeRoute, async (c) => {
    const { id } = c.req.valid("param");
    const r = await revokeKey(client, id, auditContext(c, deps));
    if (!r.ok) {
      if (r.reason === "not_found") throw new ApiError(404, "not_found", "No partner key has this id.");
      throw new ApiError(409, "conflict", "This key is already revoked.", { reason: r.reason });
    }
    deps.partners.forget(id);
    const found = (await keysNow()).find((k) => k.id === id);
    if (!found) throw new ApiError(404, "not_found", "No partner key has this id.");
    return sendJson(c, { key: keyView(found) });
  });
  return app;
}
