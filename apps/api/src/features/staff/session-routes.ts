// Signing in and out, the signed-in person, their sessions, password and recovery codes.
import { createRoute } from "@hono/zod-openapi";
import {
  changePassword,
  getAgency,
  invalidateSession,
  listUserSessions,
  RateLimiter,
  regenerateRecoveryCodes,
  signIn,
  signOut,
  signOutOtherSessions,
} from "@portal/auth";
import {
  ChangePasswordRequest,
  RecoveryCodesResponse,
  SignInRequest,
  SignInResponse,
  StaffSessionsResponse,
  StaffUserSchema,
} from "@portal/contracts";
import type { Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { clientKey } from "../../http/guards/rate-limit.ts";
import { clearSessionCookie, requireRole, setSessionCookie, staffOf } from "../../http/guards/session.ts";
import { errorResponse, router, z } from "../../http/router.ts";
import { sendJson } from "../../http/send.ts";
import { auditContext, cookieAuth, isPasswordReason, passwordRejected } from "./common.ts";
import { sessionView, userView } from "./view.ts";

const TAG = "staff";

const signInRoute = createRoute({
  method: "post",
  path: "/staff/session",
  tags: [TAG],
  summary: "Sign in (e-mail, password and authenticator code together)",
  description:
    "On success sets the session cookie (HttpOnly, SameSite=Lax, __Host- over TLS). Any wrong part gives the same 401 invalid_credentials, in the same time. 10 failures for one account in 15 minutes lock it for 15 minutes (429 account_locked); each address may try 30 times in 15 minutes (429 rate_limited).",
  request: { body: { required: true, content: { "application/json": { schema: SignInRequest } } } },
  responses: {
    200: { content: { "application/json": { schema: SignInResponse } }, description: "Signed in; the cookie is set" },
    400: errorResponse("A field is missing or too long"),
    401: errorResponse("invalid_credentials: the e-mail, password or code is wrong (never says which)"),
    403: errorResponse("cross_site_request"),
    429: errorResponse("account_locked or rate_limited; see Retry-After"),
  },
});

const meRoute = createRoute({
  method: "get",
  path: "/staff/me",
  tags: [TAG],
  summary: "The signed-in staff member",
  security: cookieAuth,
  responses: {
    200: { content: { "application/json": { schema: z.object({ user: StaffUserSchema }) } }, description: "The person" },
    401: errorResponse("unauthenticated"),
  },
});

const signOutRoute = createRoute({
  method: "delete",
  path: "/staff/session",
  tags: [TAG],
  summary: "Sign out (ends this session and clears the cookie)",
  security: cookieAuth,
  responses: { 204: { description: "Signed out" }, 401: errorResponse("unauthenticated"), 403: errorResponse("cross_site_request") },
});

const sessionsRoute = createRoute({
  method: "get",
  path: "/staff/sessions",
  tags: [TAG],
  summary: "My sessions (where I am signed in)",
  security: cookieAuth,
  responses: {
    200: { content: { "application/json": { schema: StaffSessionsResponse } }, description: "Live sessions" },
    401: errorResponse("unauthenticated"),
  },
});

const endOthersRoute = createRoute({
  method: "delete",
  path: "/staff/sessions",
  tags: [TAG],
  summary: "Sign out everywhere else (all my sessions but this one)",
  security: cookieAuth,
  responses: {
    200: { content: { "application/json": { schema: z.object({ ended: z.number().int() }) } }, description: "How many ended" },
    401: errorResponse("unauthenticated"),
    403: errorResponse("cross_site_request"),
  },
});

const passwordRoute = createRoute({
  method: "post",
  path: "/staff/me/password",
  tags: [TAG],
  summary: "Change my password (my other sessions end)",
  security: cookieAuth,
  request: { body: { required: true, content: { "application/json": { schema: ChangePasswordRequest } } } },
  responses: {
    200: { content: { "application/json": { schema: z.object({ sessionsEnded: z.number().int() }) } }, description: "Changed" },
    400: errorResponse("password_rejected: too short, too long or found in breaches (details.reason)"),
    401: errorResponse("unauthenticated, or invalid_credentials when the current password is wrong"),
    403: errorResponse("cross_site_request"),
  },
});

const recoveryRoute = createRoute({
  method: "post",
  path: "/staff/me/recovery-codes",
  tags: [TAG],
  summary: "Ten new recovery codes (the old ones stop working); shown once",
  security: cookieAuth,
  responses: {
    200: { content: { "application/json": { schema: RecoveryCodesResponse } }, description: "The codes" },
    401: errorResponse("unauthenticated"),
    403: errorResponse("cross_site_request"),
  },
});

/** Sign-in attempts one address may make in 15 minutes, whatever the accounts (OWASP ASVS 5.0 6.3.1). */
const SIGN_IN_PER_ADDRESS = 30;

export function sessionRoutes(deps: Deps) {
  const app = router();
  const client = deps.db.client;
  const perAddress = new RateLimiter({ limit: SIGN_IN_PER_ADDRESS, windowMs: 15 * 60_000 });

  app.openapi(signInRoute, async (c) => {
    const limited = perAddress.hit(clientKey(c, deps.env.TRUST_PROXY));
    if (!limited.allowed) {
      throw new ApiError(
        429,
        "rate_limited",
        `Too many sign-in attempts from your address. Try again in ${limited.retryAfterSeconds} s.`,
        undefined,
        {
          "retry-after": String(limited.retryAfterSeconds),
        },
      );
    }
    const input = c.req.valid("json");
    const ctx = auditContext(c, deps);
    const r = await signIn(client, { ...input, ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null }, { totpKey: deps.totpKey });
    if (!r.ok) {
      if (r.reason === "locked") {
        throw new ApiError(
          429,
          "account_locked",
          `Too many failed sign-ins for this account. Try again in ${r.retryAfterSeconds} s.`,
          undefined,
          {
            "retry-after": String(r.retryAfterSeconds),
          },
        );
      }
      throw new ApiError(401, "invalid_credentials", "The e-mail address, password or code is not right.");
    }
    setSessionCookie(c, deps, r.token);
    const agency = r.user.agencyId ? await getAgency(client, r.user.agencyId) : null;
    return sendJson(c, { user: userView(r.user, new Map(agency ? [[agency.id, agency]] : [])) });
  });

  app.use("/staff/me", requireRole());
  app.use("/staff/me/*", requireRole());
  app.use("/staff/sessions", requireRole());
  app.on("DELETE", "/staff/session", requireRole());

  app.openapi(meRoute, async (c) => {
    const { user } = staffOf(c);
    const agency = user.agencyId ? await getAgency(client, user.agencyId) : null;
    return sendJson(c, { user: userView(user, new Map(agency ? [[agency.id, agency]] : [])) });
  });

  app.openapi(signOutRoute, async (c) => {
    const { user, session } = staffOf(c);
    await signOut(client, { userId: user.id, sessionId: session.id }, auditContext(c, deps));
    clearSessionCookie(c, deps);
    return c.body(null, 204);
  });

  app.openapi(sessionsRoute, async (c) => {
    const { user, session } = staffOf(c);
    const sessions = await listUserSessions(client, user.id);
    return sendJson(c, { sessions: sessions.map((s) => sessionView(s, session.id)) });
  });

  app.openapi(endOthersRoute, async (c) => {
    const { user, session } = staffOf(c);
    const ended = await signOutOtherSessions(client, { userId: user.id, sessionId: session.id }, auditContext(c, deps));
    return sendJson(c, { ended });
  });

  app.openapi(passwordRoute, async (c) => {
    const { user, session } = staffOf(c);
    const body = c.req.valid("json");
    const r = await changePassword(
      client,
      { userId: user.id, currentPassword: body.currentPassword, newPassword: body.newPassword, currentSessionId: session.id },
      auditContext(c, deps),
      { isBreached: deps.isPasswordBreached },
    );
    if (!r.ok) {
      if (r.reason === "invalid_credentials") throw new ApiError(401, "invalid_credentials", "Your current password is not right.");
      if (r.reason === "not_found") {
        await invalidateSession(client, session.id);
        throw new ApiError(401, "unauthenticated", "Your account no longer exists.");
      }
      if (isPasswordReason(r.reason)) throw passwordRejected(r.reason);
    }
    return sendJson(c, { sessionsEnded: r.ok ? r.sessionsEnded : 0 });
  });

  app.openapi(recoveryRoute, async (c) => {
    const { user } = staffOf(c);
    return sendJson(c, { recoveryCodes: await regenerateRecoveryCodes(client, user.id, auditContext(c, deps)) });
  });

  return app;
}
