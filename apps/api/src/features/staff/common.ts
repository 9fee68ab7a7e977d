// What every staff route shares: the audit context of a request and the answers for the auth
// package's expected failures.
import type { AuditContext } from "@portal/auth";
import type { Context } from "hono";
import type { AppEnv, Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { clientIp, userAgent } from "../../http/guards/client.ts";

/** Who did it, from where: the audit row's context (never a password, code or token). */
export function auditContext(c: Context<AppEnv>, deps: Pick<Deps, "env">): AuditContext {
  return { actorId: c.get("staff")?.user.id ?? null, ip: clientIp(c, deps.env.TRUST_PROXY), userAgent: userAgent(c) };
}

const PASSWORD_REASONS = {
  too_short: "A password needs at least 12 characters.",
  too_long: "A password may have at most 128 characters.",
  breached: "This password appears in known data breaches; choose another.",
} as const;

/** 400 password_rejected with the reason in details, so a form can say what to change. */
export function passwordRejected(reason: keyof typeof PASSWORD_REASONS): ApiError {
  return new ApiError(400, "password_rejected", PASSWORD_REASONS[reason], { reason });
}

export const isPasswordReason = (r: string): r is keyof typeof PASSWORD_REASONS => r in PASSWORD_REASONS;

/** The OpenAPI security requirement of every signed-in staff route. */
export const cookieAuth = [{ staffSession: [] }];
