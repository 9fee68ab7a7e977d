import { join } from "node:path";
import type { HttpBindings } from "@hono/node-server";
import { errorBody, paths } from "@portal/contracts";
import { Hono } from "hono";
import { compress } from "hono/compress";
import type { AppEnv, Deps } from "./deps.ts";
import { features } from "./features/index.ts";
import { collectInlineHashes, mergeHashes } from "./http/csp-hashes.ts";
import { docsRoutes } from "./http/docs.ts";
import { edge, isApiPath, isCorsPath, PREFLIGHT, requestHeader } from "./http/edge.ts";
import { renderError } from "./http/errors.ts";
import { refuseCrossSite } from "./http/guards/cross-site.ts";
import { describeLimits, publicLimits } from "./http/guards/limits.ts";
import { loadSession } from "./http/guards/session.ts";
import { allowedMethods } from "./http/methods.ts";
import { router } from "./http/router.ts";
import { API_CSP, contentSecurityPolicy } from "./http/security.ts";
import { liveTransform } from "./site/live.ts";
import { siteRoutes } from "./site/serve.ts";

export interface AppOptions {
  /** Serve the built Astro site from this dist folder (omit for an API-only app, as in unit tests). */
  webDist?: string;
  /** Astro.locals for on-demand pages. */
  locals?: object;
}

/** Default ceiling for API bodies; routes that take uploads set their own. */
const API_BODY_LIMIT = 1024 * 1024;

export function createApp(deps: Deps, opts: AppOptions = {}) {
  const { log } = deps;
  const siteHashes = opts.webDist ? collectInlineHashes(join(opts.webDist, "client")) : { scripts: [], styles: [] };
  // JSON and text answers load nothing, so the API gets the strictest policy (and shorter
  // headers); the HTML reference page under /api/v1/docs needs its stylesheet.
  const front = edge({
    log,
    siteCsp: contentSecurityPolicy(siteHashes),
    apiCsp: API_CSP,
    trustProxy: deps.env.TRUST_PROXY,
    apiBodyLimit: API_BODY_LIMIT,
    // The report intake streams its evidence and counts every byte itself (features/reports).
    ownBodyLimit: new Set([paths.api.reports]),
  });

  const app = new Hono<AppEnv & { Bindings: HttpBindings }>();
  app.use(front.middleware);
  // The site's pages and files are compressed on the way out; API routes compress their own large
  // answers (http/send.ts), so small JSON answers skip the work of inspecting the response.
  const siteCompress = compress();
  app.use((c, next) => (isApiPath(c.req.path) || !requestHeader(c, "accept-encoding") ? next() : siteCompress(c, next)));

  const api = router();
  // Every public route: its group's rate limit per address, or the partner key's quota
  // (http/guards/limits.ts); with RATE_LIMITS=off only partner keys are checked (and counted).
  const limits = publicLimits(deps);
  api.use("*", limits);
  // Every staff route, whichever feature defines it: state changes only from the portal's own
  // pages, and the signed-in person read from the session cookie (roles are checked per route).
  api.use("/staff/*", refuseCrossSite(deps), loadSession(deps));
  for (const f of features) if (f.routes) api.route(f.routes.at, f.routes.build(deps));
  const document = () =>
    describeLimits(
      api.getOpenAPI31Document({
        openapi: "3.1.0",
        info: {
          title: "Cyberspace Safety Portal API",
          version: deps.version,
          description:
            'Public API of the portal. Every error has the shape {"error":{"code","message","details?"}} with the matching HTTP status; nothing a client sends produces a 500. Public endpoints are rate-limited per address (an IPv6 /64 counts as one) with token buckets; a batch costs one unit per item. Answers carry the RateLimit and RateLimit-Policy fields of draft-ietf-httpapi-ratelimit-headers, and a 429 also carries Retry-After. Partners with an API key send it as "Authorization: Bearer ncsp_pk_…" and are counted against the key\'s own quotas instead.',
        },
        servers: [{ url: "/api/v1" }],
      }) as unknown as Record<string, unknown>,
      deps.env,
    ) as unknown as ReturnType<typeof api.getOpenAPI31Document>;
  api.openAPIRegistry.registerComponent("securitySchemes", "staffSession", {
    type: "apiKey",
    in: "cookie",
    name: "__Host-portal_session",
    description: "The staff session cookie set by POST /staff/session (portal_session when served over plain HTTP).",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "partnerKey", {
    type: "http",
    scheme: "bearer",
    description:
      "Optional on every public endpoint: a partner's API key (ncsp_pk_…), issued by the portal's administrators. A request with a key is counted against the key's own quotas instead of its address's rate limits; a key that is not valid or was revoked is refused with 401 invalid_api_key.",
  });
  api.route("/", docsRoutes(document));
  app.route("/api/v1", api);
  const methodsOf = allowedMethods(() => app.routes);
  app.all("/api/*", (c) => {
    const allow = methodsOf(c.req.path);
    if (allow.length === 0) return c.json(errorBody("not_found", `No API endpoint ${c.req.method} ${c.req.path}.`), 404);
    if (c.req.method === "OPTIONS") {
      // A CORS preflight (Fetch standard §3.2.2) or a plain question: which methods, which headers.
      // Staff routes get no Access-Control-* at all, so a browser refuses every cross-origin call.
      const headers: Record<string, string> = { allow: allow.join(", ") };
      if (isCorsPath(c.req.path)) Object.assign(headers, PREFLIGHT, { "access-control-allow-methods": allow.join(", ") });
      return c.body(null, 204, headers);
    }
    return c.json(errorBody("method_not_allowed", `${c.req.path} does not take ${c.req.method}; it takes ${allow.join(", ")}.`), 405, {
      allow: allow.join(", "),
    });
  });

  // Addresses other standards fix (/.well-known/…), before the site so no built page shadows them.
  app.use("/.well-known/*", limits);
  for (const f of features) if (f.rootRoutes) app.route("/", f.rootRoutes.build(deps));

  if (opts.webDist) {
    app.route(
      "/",
      siteRoutes({
        distDir: opts.webDist,
        locals: opts.locals ?? {},
        applyHeaders: front.applyHeaders,
        cspFor: (inline) => contentSecurityPolicy(mergeHashes(siteHashes, inline)),
        live: liveTransform(features, deps),
        log,
      }),
    );
  }
  app.notFound((c) => c.json(errorBody("not_found", `Nothing at ${c.req.path}.`), 404));
  app.onError((err, c) => renderError(c, err, log));
  return app;
}

export type App = ReturnType<typeof createApp>;
