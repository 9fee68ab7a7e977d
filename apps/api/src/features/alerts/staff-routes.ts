// The agencies' side of alerts under /api/v1/staff/alerts: drafts, review, publication by a second
// person, corrections and withdrawal. The rules (who may see and do what, four eyes, the audit row
// of every step) are @portal/alerts'; this maps its answers to the error contract and, after a
// public change, sends the indicators on (publishing.ts). Publishers and administrators only.
import { createRoute } from "@hono/zod-openapi";
import {
  type AlertActor,
  type AlertIssue,
  createAlert,
  getStaffAlert,
  listStaffAlerts,
  publishAlert,
  renderMarkdown,
  submitAlert,
  toStaffAlert,
  toStaffAlertItem,
  updateAlert,
  withdrawAlert,
} from "@portal/alerts";
import { getAgencyBySlug } from "@portal/auth";
import {
  AlertCreatedResponse,
  AlertCreateRequest,
  AlertPatchRequest,
  AlertPreviewRequest,
  AlertPreviewResponse,
  AlertWithdrawRequest,
  StaffAlertListQuery,
  StaffAlertListResponse,
  StaffAlertResponse,
} from "@portal/contracts";
import type { Context } from "hono";
import type { AppEnv, Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { requireRole, staffOf } from "../../http/guards/session.ts";
import { errorResponse, router, z } from "../../http/router.ts";
import { sendJson } from "../../http/send.ts";
import { auditContext, cookieAuth } from "../staff/common.ts";
import { afterPublicChange, identifierSink } from "./publishing.ts";

const TAG = "staff";

const IdParam = z.object({
  id: z
    .string()
    .regex(/^[a-z2-7]{24}$/, "not an alert id")
    .meta({ param: { name: "id", in: "path" }, example: "abcdefghijklmnopqrstuvwx" }),
});
const json = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { "application/json": { schema } } } });
const staffAlert = { content: { "application/json": { schema: StaffAlertResponse } } };
const AUTH = {
  401: errorResponse("unauthenticated"),
  403: errorResponse("forbidden: not a publisher of the alert's agency or an administrator (or cross_site_request)"),
};

const listRoute = createRoute({
  method: "get",
  path: "/staff/alerts",
  tags: [TAG],
  summary: "Alerts I may manage, most recently changed first (publisher, admin)",
  description: "A publisher sees only their agency's alerts; an administrator every agency's, or one with `agency`.",
  security: cookieAuth,
  request: { query: StaffAlertListQuery },
  responses: {
    200: { content: { "application/json": { schema: StaffAlertListResponse } }, description: "A page of alerts (50)" },
    400: errorResponse("A filter is not valid"),
    ...AUTH,
  },
});
const createAlertRoute = createRoute({
  method: "post",
  path: "/staff/alerts",
  tags: [TAG],
  summary: "Start a draft (publisher, admin)",
  description:
    "A publisher drafts for their own agency; an administrator names the agency. The draft is audited (alert.create) and waits to be submitted for review.",
  security: cookieAuth,
  request: json(AlertCreateRequest),
  responses: {
    201: { content: { "application/json": { schema: AlertCreatedResponse } }, description: "Drafted" },
    400: errorResponse("A field is not valid (details.issues), or an administrator named no or an unknown agency"),
    ...AUTH,
  },
});
const previewRoute = createRoute({
  method: "post",
  path: "/staff/alerts/preview",
  tags: [TAG],
  summary: "Markdown as the public will see it (publisher, admin)",
  description: "Rendered with raw HTML shown as text, then sanitised — exactly what an alert's page shows.",
  security: cookieAuth,
  request: json(AlertPreviewRequest),
  responses: {
    200: { content: { "application/json": { schema: AlertPreviewResponse } }, description: "The HTML" },
    400: errorResponse("Not a text, or too long"),
    ...AUTH,
  },
});
const oneRoute = createRoute({
  method: "get",
  path: "/staff/alerts/{id}",
  tags: [TAG],
  summary: "One alert with its working copy and history (publisher of its agency, admin)",
  security: cookieAuth,
  request: { params: IdParam },
  responses: { 200: { ...staffAlert, description: "The alert" }, 404: errorResponse("No such alert"), ...AUTH },
});
const patchRoute = createRoute({
  method: "patch",
  path: "/staff/alerts/{id}",
  tags: [TAG],
  summary: "Change the draft, or start a correction of a published alert (publisher of its agency, admin)",
  description:
    "The change makes the caller one of the draft's writers (who may not publish it) and sends a draft in review back to draft. A correction needs a changeNote before it is submitted.",
  security: cookieAuth,
  request: { params: IdParam, ...json(AlertPatchRequest) },
  responses: {
    200: { ...staffAlert, description: "Changed" },
    400: errorResponse("A field is not valid (details.issues)"),
    404: errorResponse("No such alert"),
    409: errorResponse("conflict: the alert is withdrawn, or the change would alter a published alert's TLP (details.reason)"),
    ...AUTH,
  },
});
const submitRoute = createRoute({
  method: "post",
  path: "/staff/alerts/{id}/submit",
  tags: [TAG],
  summary: "Send the draft for review (publisher of its agency, admin)",
  security: cookieAuth,
  request: { params: IdParam },
  responses: {
    200: { ...staffAlert, description: "In review" },
    404: errorResponse("No such alert"),
    409: errorResponse("conflict: nothing is in draft, or a correction has no change note (details.reason)"),
    ...AUTH,
  },
});
const publishRoute = createRoute({
  method: "post",
  path: "/staff/alerts/{id}/publish",
  tags: [TAG],
  summary: "Publish the draft in review — by someone who wrote none of it (publisher of its agency, admin)",
  description:
    "Four eyes: whoever drafted, edited or corrected the working copy may not publish it (403, details.reason own_draft). The first publication gives the tracking ID; later ones are corrections. The alert's links, domains and hashes go into the checks (source alert:<id>), its phone numbers and bank accounts into the confirmed scam identifiers, and search learns of it — before this answers.",
  security: cookieAuth,
  request: { params: IdParam },
  responses: {
    200: { ...staffAlert, description: "Published" },
    404: errorResponse("No such alert"),
    409: errorResponse("conflict: nothing is in review (details.reason not_in_review)"),
    ...AUTH,
  },
});
const withdrawRoute = createRoute({
  method: "post",
  path: "/staff/alerts/{id}/withdraw",
  tags: [TAG],
  summary: "Withdraw a published alert with a reason (publisher of its agency, admin)",
  description:
    "One person may do it alone, so a wrong alert can be stopped at once. It stays visible, marked as withdrawn; its indicators leave the checks, and a correction waiting in draft is dropped.",
  security: cookieAuth,
  request: { params: IdParam, ...json(AlertWithdrawRequest) },
  responses: {
    200: { ...staffAlert, description: "Withdrawn" },
    400: errorResponse("The reason is missing or too long"),
    404: errorResponse("No such alert"),
    409: errorResponse("conflict: never published, or already withdrawn (details.reason)"),
    ...AUTH,
  },
});

/** The person asking, as the domain takes them, with where they asked from for the audit row. */
function actorOf(c: Context<AppEnv>, deps: Deps): AlertActor {
  const { user } = staffOf(c);
  const ctx = auditContext(c, deps);
  return { id: user.id, role: user.role, agencyId: user.agencyId, ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null };
}

const MESSAGES: Record<string, [status: 403 | 404 | 409, code: "forbidden" | "not_found" | "conflict", message: string]> = {
  not_found: [404, "not_found", "No alert has this id."],
  forbidden: [403, "forbidden", "Only publishers of the alert's agency and administrators may do this."],
  own_draft: [403, "forbidden", "You wrote part of this draft: another publisher of the agency or an administrator must publish it."],
  withdrawn: [409, "conflict", "The alert is withdrawn; it can no longer be changed."],
  tlp_locked: [409, "conflict", "A published alert keeps its TLP; withdraw it instead of restricting it."],
  not_draft: [409, "conflict", "Nothing is in draft: make a change first."],
  change_note_required: [409, "conflict", "Say what the correction changes (changeNote) before submitting it."],
  not_in_review: [409, "conflict", "Nothing is waiting for review: the draft must be submitted first."],
  not_published: [409, "conflict", "The alert has never been published."],
  already_withdrawn: [409, "conflict", "The alert is already withdrawn."],
};

/** The contract's answer for a failure the domain names: 409 for the alert's state, 403 for who is asking, 400 with issues. */
export function alertFailure(r: { reason: string; issues?: AlertIssue[] }): ApiError {
  if (r.reason === "invalid") {
    const first = r.issues?.[0];
    return new ApiError(400, "invalid_request", `The alert is not valid: ${first ? `"${first.path}": ${first.message}` : "see details"}.`, {
      issues: r.issues ?? [],
    });
  }
  const [status, code, message] = MESSAGES[r.reason] ?? [409, "conflict", "The alert is not in a state that allows this."];
  return new ApiError(status, code, message, { reason: r.reason });
}

export function staffAlertRoutes(deps: Deps) {
  const app = router();
  const client = deps.db.client;
  const sink = identifierSink(deps);
  const managers = requireRole("admin", "publisher");
  app.use("/staff/alerts", managers);
  app.use("/staff/alerts/*", managers);

  app.openapi(listRoute, async (c) => {
    const viewer = staffOf(c).user;
    const r = await listStaffAlerts(client, viewer, c.req.valid("query"));
    if (!r.ok) throw alertFailure(r);
    return sendJson(c, { alerts: r.alerts.map((a) => toStaffAlertItem(a, viewer)), total: r.total });
  });

  app.openapi(createAlertRoute, async (c) => {
    const { agency, ...draft } = c.req.valid("json");
    const actor = actorOf(c, deps);
    let agencyId: string | undefined;
    if (agency !== undefined) {
      const found = await getAgencyBySlug(client, agency);
      if (!found) throw new ApiError(400, "invalid_request", `No agency has the slug "${agency}".`, { reason: "unknown_agency" });
      agencyId = found.id;
    }
    const r = await createAlert(client, draft, actor, agencyId ? { agencyId } : {});
    if (!r.ok) {
      if (r.reason === "agency_required")
        throw new ApiError(400, "invalid_request", "An administrator names the agency the alert speaks for (agency).", {
          reason: r.reason,
        });
      if (r.reason === "unknown_agency") throw new ApiError(400, "invalid_request", "No such agency.", { reason: r.reason });
      throw alertFailure(r);
    }
    return c.json({ id: r.alert.id }, 201);
  });

  app.openapi(previewRoute, async (c) => sendJson(c, { html: renderMarkdown(c.req.valid("json").markdown) }));

  app.openapi(oneRoute, async (c) => {
    const viewer = staffOf(c).user;
    const r = await getStaffAlert(client, c.req.valid("param").id, viewer);
    if (!r.ok) throw alertFailure(r);
    return sendJson(c, { alert: toStaffAlert(r.alert, viewer) });
  });

  app.openapi(patchRoute, async (c) => {
    const actor = actorOf(c, deps);
    // The body as sent: the domain merges it into the draft and checks the whole again.
    const r = await updateAlert(client, c.req.valid("param").id, c.req.valid("json"), actor);
    if (!r.ok) throw alertFailure(r);
    return sendJson(c, { alert: toStaffAlert(r.alert, actor) });
  });

  app.openapi(submitRoute, async (c) => {
    const actor = actorOf(c, deps);
    const r = await submitAlert(client, c.req.valid("param").id, actor);
    if (!r.ok) throw alertFailure(r);
    return sendJson(c, { alert: toStaffAlert(r.alert, actor) });
  });

  app.openapi(publishRoute, async (c) => {
    const actor = actorOf(c, deps);
    const r = await publishAlert(client, c.req.valid("param").id, actor, { identifiers: sink, origin: deps.origin });
    if (!r.ok) throw alertFailure(r);
    await afterPublicChange(deps);
    return sendJson(c, { alert: toStaffAlert(r.alert, actor) });
  });

  app.openapi(withdrawRoute, async (c) => {
    const actor = actorOf(c, deps);
    const r = await withdrawAlert(client, c.req.valid("param").id, c.req.valid("json").reason, actor, { identifiers: sink });
    if (!r.ok) throw alertFailure(r);
    await afterPublicChange(deps);
    return sendJson(c, { alert: toStaffAlert(r.alert, actor) });
  });
  return app;
}
