// Refuses cross-site requests that change state: the session cookie is SameSite=Lax already, and
// this is the second, independent check the Lucia guide and OWASP's CSRF cheat sheet recommend
// ("Fetch Metadata" first, the Origin header where a browser sends no Fetch Metadata).
import type { MiddlewareHandler } from "hono";
import type { AppEnv, Deps } from "../../deps.ts";
import { requestHeader } from "../edge.ts";
import { ApiError } from "../errors.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request must show it comes from the portal's own pages: Sec-Fetch-Site
 * "same-origin", or — from a browser without Fetch Metadata — an Origin equal to the portal's
 * (PUBLIC_ORIGIN, or the origin the request was sent to). A request with neither header is not
 * from a browser page and is refused too: staff automation goes through the CLI.
 */
export function refuseCrossSite(deps: Pick<Deps, "publicOrigin">): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!SAFE.has(c.req.method)) {
      const site = requestHeader(c, "sec-fetch-site");
      const origin = requestHeader(c, "origin");
      const own = deps.publicOrigin ?? new URL(c.req.url).origin;
      const ok = site !== undefined ? site === "same-origin" : origin !== undefined && origin === own;
      if (!ok) {
        throw new ApiError(403, "cross_site_request", "This request did not come from the portal's own pages, so it was refused.");
      }
    }
    await next();
  };
}
