// Staff sessions at the HTTP edge, in the Lucia reference design: the token travels only in an
// HttpOnly cookie; each request validates it (packages/auth/src/session.ts) and carries the
// signed-in person on c.var.staff. Routes say who may use them with requireRole().
import { type Role, validateSessionToken } from "@portal/auth";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv, Deps } from "../../deps.ts";
import { requestHeader } from "../edge.ts";
import { ApiError } from "../errors.ts";

/**
 * Over TLS the cookie takes the __Host- prefix, which browsers accept only with Secure, Path=/ and
 * no Domain: it cannot be set by a sibling subdomain or sent over plain HTTP (RFC 6265bis §4.1.3.2).
 * A local run over http:// uses a plain name, since a __Host- cookie would never be stored there.
 */
export const SECURE_COOKIE = "__Host-portal_session";
export const LOCAL_COOKIE = "portal_session";

// biome-ignore lint/suspicious/noExplicitAny: any route's context, whatever its variables.
export function isHttps(c: Context<any>, trustProxy: boolean): boolean {
  const incoming = c.env?.incoming as { socket?: { encrypted?: boolean } } | undefined;
  if (incoming?.socket?.encrypted) return true;
  if (!incoming && c.req.url.startsWith("https:")) return true;
  return trustProxy && requestHeader(c, "x-forwarded-proto") === "https";
}

/**
 * Whether the session cookie is Secure (and so named __Host-): when PUBLIC_ORIGIN is https, always
 * — the portal is only reached through TLS then, even if the proxy's X-Forwarded-Proto is not
 * trusted — otherwise when this request came over TLS.
 */
function secureCookie(c: Context<AppEnv>, deps: Pick<Deps, "env" | "publicOrigin">): boolean {
  return deps.publicOrigin?.startsWith("https:") === true || isHttps(c, deps.env.TRUST_PROXY);
}

const cookieName = (c: Context<AppEnv>, deps: Pick<Deps, "env" | "publicOrigin">) => (secureCookie(c, deps) ? SECURE_COOKIE : LOCAL_COOKIE);

/**
 * Sets the session cookie: HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site
 * sub-requests or form posts), Path=/, Secure over TLS. No Expires: it ends with the browser, and
 * the server ends the session itself after 30 minutes idle or 12 hours (NIST 800-63B AAL2).
 */
export function setSessionCookie(c: Context<AppEnv>, deps: Pick<Deps, "env" | "publicOrigin">, token: string): void {
  const secure = secureCookie(c, deps);
  setCookie(c, secure ? SECURE_COOKIE : LOCAL_COOKIE, token, { httpOnly: true, sameSite: "Lax", path: "/", secure });
}

export function clearSessionCookie(c: Context<AppEnv>, deps: Pick<Deps, "env" | "publicOrigin">): void {
  const secure = secureCookie(c, deps);
  deleteCookie(c, secure ? SECURE_COOKIE : LOCAL_COOKIE, { path: "/", secure, httpOnly: true, sameSite: "Lax" });
}

/** Reads the session cookie, if any, and puts the signed-in person on c.var.staff. Never refuses. */
export function loadSession(deps: Pick<Deps, "db" | "env" | "publicOrigin">): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, cookieName(c, deps));
    if (token) {
      const found = await validateSessionToken(deps.db.client, token);
      if (found) c.set("staff", found);
    }
    await next();
  };
}

/**
 * Lets only a signed-in person with one of `roles` through: 401 unauthenticated without a valid
 * session, 403 forbidden with the wrong role. With no roles, any signed-in staff member.
 */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const staff = c.get("staff");
    if (!staff) throw new ApiError(401, "unauthenticated", "Sign in to the staff console first (your session may have ended).");
    if (roles.length > 0 && !roles.includes(staff.user.role)) {
      throw new ApiError(403, "forbidden", "Your role does not allow this.");
    }
    await next();
  };
}

/** The signed-in person of a route behind requireRole(). */
export function staffOf(c: Context<AppEnv>) {
  const staff = c.get("staff");
  if (!staff) throw new ApiError(401, "unauthenticated", "Sign in to the staff console first (your session may have ended).");
  return staff;
}
