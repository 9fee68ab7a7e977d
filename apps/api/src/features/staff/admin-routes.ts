// Administrators' routes: accounts, agencies and the audit log. Every change writes its audit row
// in the same transaction as the change (packages/auth).
import { createRoute } from "@hono/zod-openapi";
import {
  AUDIT_MAX_PAGE_SIZE,
  type AuditEntry,
  type AuditQuery as AuthAuditQuery,
  auditCsv,
  createAgency,
  createUser,
  endAllSessions,
  getAgencyBySlug,
  getUserByEmail,
  getUserById,
  listAgencies,
  listAudit,
  listUsers,
  resetTotp,
  type UserRuleFailure,
  updateUser,
} from "@portal/auth";
import {
  AgenciesResponse,
  AgencySchema,
  AuditQuery,
  AuditResponse,
  CreateAgencyRequest,
  CreateUserRequest,
  CreateUserResponse,
  paths,
  UpdateUserRequest,
  UpdateUserResponse,
  UsersResponse,
} from "@portal/contracts";
import type { Client } from "@portal/db";
import type { Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { requireRole, staffOf } from "../../http/guards/session.ts";
import { errorResponse, router, z } from "../../http/router.ts";
import { sendBody, sendJson } from "../../http/send.ts";
import { auditContext, cookieAuth } from "./common.ts";
import { accountView, agencyIndex, agencyView, auditView } from "./view.ts";

const TAG = "staff";
const AUDIT_PAGE_SIZE = 50;
/** Rows in one CSV export; a larger period is exported in parts (narrow the dates). */
const AUDIT_CSV_MAX = 10_000;

const IdParam = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9]{1,64}$/, "not an account id")
    .meta({ param: { name: "id", in: "path" } }),
});

const listUsersRoute = createRoute({
  method: "get",
  path: "/staff/users",
  tags: [TAG],
  summary: "Every staff account (admin)",
  security: cookieAuth,
  responses: {
    200: { content: { "application/json": { schema: UsersResponse } }, description: "The accounts" },
    401: errorResponse("unauthenticated"),
    403: errorResponse("forbidden"),
  },
});
const createUserRoute = createRoute({
  method: "post",
  path: "/staff/users",
  tags: [TAG],
  summary: "Create an account and its one-time activation link (admin)",
  description:
    "The person opens the link (valid 72 hours, shown here once), sets a password, enrols an authenticator app and receives recovery codes. A publisher is bound to exactly one agency (its slug); admins and analysts to none.",
  security: cookieAuth,
  request: { body: { required: true, content: { "application/json": { schema: CreateUserRequest } } } },
  responses: {
    201: { content: { "application/json": { schema: CreateUserResponse } }, description: "Created" },
    400: errorResponse("A field is not valid, or the role and agency do not fit together"),
    401: errorResponse("unauthenticated"),
    403: errorResponse("forbidden or cross_site_request"),
    409: errorResponse("conflict: an account has this e-mail address"),
  },
});
const updateUserRoute = createRoute({
  method: "patch",
  path: "/staff/users/{id}",
  tags: [TAG],
  summary: "Change, disable or enable an account, end its sessions, or reset its authenticator (admin)",
  description: "Disabling ends every session of the account at once. resetTotp returns a one-time enrolment link.",
  security: cookieAuth,
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: UpdateUserRequest } } } },
  responses: {
    200: { content: { "application/json": { schema: UpdateUserResponse } }, description: "Changed" },
    400: errorResponse("A field is not valid, or the change would disable your own account"),
    401: errorResponse("unauthenticated"),
    403: errorResponse("forbidden or cross_site_request"),
    404: errorResponse("No such account"),
  },
});
const listAgenciesRoute = createRoute({
  method: "get",
  path: "/staff/agencies",
  tags: [TAG],
  summary: "Agencies (any staff member)",
  security: cookieAuth,
  responses: {
    200: { content: { "application/json": { schema: AgenciesResponse } }, description: "The agencies" },
    401: errorResponse("unauthenticated"),
  },
});
const createAgencyRoute = createRoute({
  method: "post",
  path: "/staff/agencies",
  tags: [TAG],
  summary: "Add an agency (admin)",
  security: cookieAuth,
  request: { body: { required: true, content: { "application/json": { schema: CreateAgencyRequest } } } },
  responses: {
    201: { content: { "application/json": { schema: z.object({ agency: AgencySchema }) } }, description: "Added" },
    400: errorResponse("A field is not valid"),
    401: errorResponse("unauthenticated"),
    403: errorResponse("forbidden or cross_site_request"),
    409: errorResponse("conflict: the slug is taken"),
  },
});
const auditRoute = createRoute({
  method: "get",
  path: "/staff/audit",
  tags: [TAG],
  summary: "The audit log, newest first, 50 a page (admin)",
  security: cookieAuth,
  request: { query: AuditQuery },
  responses: {
    200: { content: { "application/json": { schema: AuditResponse } }, description: "A page of entries" },
    400: errorResponse("A filter is not valid"),
    401: errorResponse("unauthenticated"),
    403: errorResponse("forbidden"),
  },
});
const auditCsvRoute = createRoute({
  method: "get",
  path: "/staff/audit.csv",
  tags: [TAG],
  summary: "The filtered audit log as CSV (RFC 4180, UTF-8 with BOM; at most 10 000 rows) (admin)",
  security: cookieAuth,
  request: { query: AuditQuery },
  responses: {
    200: { content: { "text/csv": { schema: z.string() } }, description: "The entries" },
    400: errorResponse("A filter is not valid"),
    401: errorResponse("unauthenticated"),
    403: errorResponse("forbidden"),
  },
});

const RULES: Record<UserRuleFailure, string> = {
  invalid_email: "That is not an e-mail address.",
  invalid_name: "Give the person's name (at most 200 characters).",
  invalid_role: "The role is admin, analyst or publisher.",
  agency_required: "A publisher speaks for one agency: name it.",
  agency_not_allowed: "Only publishers belong to an agency.",
  unknown_agency: "No agency has that name.",
};
const ruleError = (reason: UserRuleFailure) => new ApiError(400, "invalid_request", RULES[reason], { reason });

/** The agency's id for a slug in a request; undefined stays undefined, null stays null. */
async function agencyIdOf(client: Client, slug: string | null | undefined): Promise<string | null | undefined> {
  if (slug === undefined || slug === null) return slug;
  const a = await getAgencyBySlug(client, slug);
  if (!a) throw ruleError("unknown_agency");
  return a.id;
}

/** The audit query of the contract, as the auth package takes it: days become instants, an e-mail an id. */
async function auditFilter(client: Client, q: z.infer<typeof AuditQuery>): Promise<AuthAuditQuery | null> {
  let actor: string | undefined;
  if (q.actor) {
    const u = q.actor.includes("@") ? await getUserByEmail(client, q.actor) : await getUserById(client, q.actor);
    if (!u) return null; // nobody by that name: no entries
    actor = u.id;
  }
  const to = q.to ? new Date(`${q.to}T00:00:00.000Z`) : undefined;
  if (to) to.setUTCDate(to.getUTCDate() + 1);
  return {
    ...(actor ? { actor } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.from ? { from: new Date(`${q.from}T00:00:00.000Z`) } : {}),
    ...(to ? { to } : {}),
  };
}

export function adminRoutes(deps: Deps) {
  const app = router();
  const client = deps.db.client;
  const admin = requireRole("admin");
  app.use("/staff/users", admin);
  app.use("/staff/users/*", admin);
  app.use("/staff/audit", admin);
  app.use("/staff/audit.csv", admin);
  app.on("GET", "/staff/agencies", requireRole());
  app.on("POST", "/staff/agencies", admin);

  app.openapi(listUsersRoute, async (c) => {
    const agencies = await agencyIndex(client);
    const users = await listUsers(client, { includeDisabled: true });
    return sendJson(c, { users: users.map((u) => accountView(u, agencies)) });
  });

  app.openapi(createUserRoute, async (c) => {
    const body = c.req.valid("json");
    const agencyId = await agencyIdOf(client, body.agency);
    const r = await createUser(
      client,
      { email: body.email, name: body.name, role: body.role, agencyId: agencyId ?? null },
      auditContext(c, deps),
    );
    if (!r.ok) {
      if (r.reason === "email_taken") throw new ApiError(409, "conflict", "An account already has this e-mail address.");
      throw ruleError(r.reason);
    }
    const agencies = await agencyIndex(client);
    return c.json(
      {
        user: accountView(r.user, agencies),
        activation: { url: paths.activation("vi", r.activation.token), expiresAt: r.activation.expiresAt.toISOString() },
      },
      201,
    );
  });

  app.openapi(updateUserRoute, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const me = staffOf(c).user;
    if (id === me.id && (body.disabled === true || (body.role !== undefined && body.role !== "admin"))) {
      // Locking oneself out would leave the portal without the person who noticed the mistake.
      throw new ApiError(400, "invalid_request", "You cannot disable your own account or take away your own admin role.");
    }
    const ctx = auditContext(c, deps);
    const agencyId = await agencyIdOf(client, body.agency);
    const r = await updateUser(
      client,
      id,
      {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(agencyId !== undefined ? { agencyId } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
      },
      ctx,
    );
    if (!r.ok) {
      if (r.reason === "not_found") throw new ApiError(404, "not_found", "No account has this id.");
      throw ruleError(r.reason);
    }
    let sessionsEnded = r.sessionsEnded;
    let enrolment: { url: string; expiresAt: string } | undefined;
    if (body.endSessions) sessionsEnded += await endAllSessions(client, id, ctx);
    if (body.resetTotp) {
      const reset = await resetTotp(client, id, ctx);
      if (reset.ok) {
        sessionsEnded += reset.sessionsEnded;
        enrolment = { url: paths.activation("vi", reset.enrolment.token), expiresAt: reset.enrolment.expiresAt.toISOString() };
      }
    }
    const user = (await getUserById(client, id)) ?? r.user;
    return sendJson(c, { user: accountView(user, await agencyIndex(client)), sessionsEnded, ...(enrolment ? { enrolment } : {}) });
  });

  app.openapi(listAgenciesRoute, async (c) => sendJson(c, { agencies: (await listAgencies(client)).map(agencyView) }));

  app.openapi(createAgencyRoute, async (c) => {
    const r = await createAgency(client, c.req.valid("json"), auditContext(c, deps));
    if (!r.ok) {
      if (r.reason === "slug_taken") throw new ApiError(409, "conflict", "An agency already has this slug.");
      throw new ApiError(
        400,
        "invalid_request",
        r.reason === "invalid_slug"
          ? "The slug is lower-case letters, digits and single hyphens."
          : "Give both names (at most 200 characters).",
        { reason: r.reason },
      );
    }
    return c.json({ agency: agencyView(r.agency) }, 201);
  });

  app.openapi(auditRoute, async (c) => {
    const q = c.req.valid("query");
    const filter = await auditFilter(client, q);
    if (!filter) return sendJson(c, { entries: [], total: 0, page: q.page, pageSize: AUDIT_PAGE_SIZE });
    const page = await listAudit(client, { ...filter, page: q.page, pageSize: AUDIT_PAGE_SIZE });
    return sendJson(c, { entries: page.rows.map(auditView), total: page.total, page: page.page, pageSize: page.pageSize });
  });

  app.openapi(auditCsvRoute, async (c) => {
    const filter = await auditFilter(client, c.req.valid("query"));
    const rows: AuditEntry[] = [];
    for (let page = 1; filter && rows.length < AUDIT_CSV_MAX; page++) {
      const got = await listAudit(client, { ...filter, page, pageSize: AUDIT_MAX_PAGE_SIZE });
      rows.push(...got.rows);
      if (got.rows.length < AUDIT_MAX_PAGE_SIZE) break;
    }
    return sendBody(c, auditCsv(rows, { bom: true }), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="audit-log.csv"',
    }) as never;
  });

  return app;
}
