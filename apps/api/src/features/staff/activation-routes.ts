// The one-time link an administrator hands a new staff member (or one who lost their phone): open
// it to see the authenticator QR code, then set a password and confirm a code. Anonymous by nature:
// the link itself is the credential, so it is rate-limited per address and wears out after 10
// wrong tries (packages/auth).
import { createRoute } from "@hono/zod-openapi";
import { beginEnrolment, completeEnrolment, getAgency, RateLimiter, totpQrSvg } from "@portal/auth";
import { ActivationInfoResponse, ActivationRequest, ActivationResponse, LinkToken } from "@portal/contracts";
import type { Context } from "hono";
import type { AppEnv, Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { clientKey } from "../../http/guards/rate-limit.ts";
import { errorResponse, router, z } from "../../http/router.ts";
import { sendJson } from "../../http/send.ts";
import { auditContext, isPasswordReason, passwordRejected } from "./common.ts";
import { userView } from "./view.ts";

const TAG = "staff";

const infoRoute = createRoute({
  method: "get",
  path: "/staff/activation/{token}",
  tags: [TAG],
  summary: "Open an activation link: the authenticator secret to enrol",
  request: { params: z.object({ token: LinkToken.meta({ param: { name: "token", in: "path" } }) }) },
  responses: {
    200: { content: { "application/json": { schema: ActivationInfoResponse } }, description: "The secret as a QR code and as text" },
    400: errorResponse("Not a link token"),
    404: errorResponse("invalid_link: used, expired, worn out, or the account is disabled"),
    429: errorResponse("rate_limited"),
  },
});

const completeRoute = createRoute({
  method: "post",
  path: "/staff/activation",
  tags: [TAG],
  summary: "Finish activation: set the password and confirm a code; returns the recovery codes once",
  request: { body: { required: true, content: { "application/json": { schema: ActivationRequest } } } },
  responses: {
    200: { content: { "application/json": { schema: ActivationResponse } }, description: "Activated; sign in next" },
    400: errorResponse("password_rejected (details.reason), or invalid_request when the code is wrong"),
    401: errorResponse("invalid_credentials: the current password is wrong (re-enrolment)"),
    403: errorResponse("cross_site_request"),
    404: errorResponse("invalid_link"),
    429: errorResponse("rate_limited"),
  },
});

const invalidLink = () =>
  new ApiError(
    404,
    "invalid_link",
    "This link does not work: it was used already, has expired, or was tried wrongly too often. Ask an administrator for a new one.",
  );

export function activationRoutes(deps: Deps) {
  const app = router();
  const client = deps.db.client;
  const limiter = new RateLimiter({ limit: 30, windowMs: 15 * 60_000 });
  const limit = (c: Context<AppEnv>) => {
    const r = limiter.hit(clientKey(c, deps.env.TRUST_PROXY));
    if (!r.allowed) {
      throw new ApiError(429, "rate_limited", `Too many tries from your address. Try again in ${r.retryAfterSeconds} s.`, undefined, {
        "retry-after": String(r.retryAfterSeconds),
      });
    }
  };

  app.openapi(infoRoute, async (c) => {
    limit(c);
    const r = await beginEnrolment(client, c.req.valid("param").token, deps.totpKey);
    if (!r.ok) throw invalidLink();
    return sendJson(c, {
      kind: r.kind,
      email: r.user.email,
      name: r.user.name,
      keyUri: r.keyUri,
      manualKey: r.manualKey,
      qrSvg: await totpQrSvg(r.keyUri),
    });
  });

  app.openapi(completeRoute, async (c) => {
    limit(c);
    const body = c.req.valid("json");
    const ctx = auditContext(c, deps);
    const r = await completeEnrolment(
      client,
      body,
      { totpKey: deps.totpKey, isBreached: deps.isPasswordBreached },
      { ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null },
    );
    if (!r.ok) {
      if (r.reason === "invalid_token" || r.reason === "not_started") throw invalidLink();
      if (r.reason === "invalid_credentials") throw new ApiError(401, "invalid_credentials", "Your current password is not right.");
      if (r.reason === "invalid_code") {
        throw new ApiError(400, "invalid_request", "The code does not match: check the time on your phone and type the newest code.", {
          issues: [{ path: "totp", message: "the code does not match" }],
        });
      }
      if (isPasswordReason(r.reason)) throw passwordRejected(r.reason);
    }
    if (!r.ok) throw invalidLink();
    const agency = r.user.agencyId ? await getAgency(client, r.user.agencyId) : null;
    return sendJson(c, { user: userView(r.user, new Map(agency ? [[agency.id, agency]] : [])), recoveryCodes: r.recoveryCodes });
  });
  return app;
}
