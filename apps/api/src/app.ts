import { join } from "node:path";
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { compress } from "hono/compress";
import { requestId } from "hono/request-id";
import { collectInlineHashes, mergeHashes } from "./csp-hashes.ts";
import type { AppEnv, Deps } from "./deps.ts";
import { ApiError, errorBody, renderError } from "./errors.ts";
import { loggablePath } from "./redact.ts";
import { accountRoutes } from "./routes/accounts.ts";
import { breachRoutes } from "./routes/breaches.ts";
import { cspReportRoutes } from "./routes/csp-reports.ts";
import { docsRoutes } from "./routes/docs.ts";
import { hashRoutes } from "./routes/hash.ts";
import { healthRoutes } from "./routes/health.ts";
import { passwordRoutes } from "./routes/passwords.ts";
import { router } from "./routes/router.ts";
import { searchRoutes } from "./routes/search.ts";
import { urlRoutes } from "./routes/url.ts";
import { contentSecurityPolicy, securityHeaders } from "./security.ts";
import { siteRoutes } from "./site.ts";

export interface AppOptions {
  /** Serve the built Astro site from this dist folder (omit for an API-only app, as in unit tests). */
  webDist?: string;
  /** Astro.locals for on-demand pages. */
  locals?: object;
}

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Default ceiling for API bodies; routes that take uploads set their own. */
const API_BODY_LIMIT = 1024 * 1024;

export function createApp(deps: Deps, opts: AppOptions = {}) {
  const { log } = deps;
  const isHttps = (c: Context) =>
    new URL(c.req.url).protocol === "https:" || (deps.env.TRUST_PROXY && c.req.header("x-forwarded-proto") === "https");
  const siteHashes = opts.webDist ? collectInlineHashes(join(opts.webDist, "client")) : { scripts: [], styles: [] };
  const csp = contentSecurityPolicy(siteHashes);
  // JSON and text answers load nothing, so the API gets the strictest policy (and shorter
  // headers); the HTML reference page under /api/v1/docs needs its stylesheet.
  const headersFor = (c: Context) =>
    securityHeaders(isHttps(c), c.req.path.startsWith("/api/") && !c.req.path.startsWith("/api/v1/docs") ? API_CSP : csp);

  const app = new Hono<AppEnv & { Bindings: HttpBindings }>();
  app.use(requestId({ limitLength: 64 }));
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Path only: a query string may carry a URL or an e-mail a citizen is checking.
    // Compared by identity: reading c.res.headers would take @hono/node-server off its fast path.
    const status = c.res === RESPONSE_ALREADY_SENT ? (c.env?.outgoing?.statusCode ?? 0) : c.res.status;
    log.info("request", {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: loggablePath(c.req.path),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  // Set before the handler runs, so the response is created with them: changing headers
  // afterwards makes @hono/node-server materialise the response (bench/url.ts measured half a
  // bare route's throughput lost that way). Handlers build responses through the context
  // (c.json, c.body, …), which carries these headers; Astro's responses get them in site.ts.
  app.use(async (c, next) => {
    for (const [k, v] of Object.entries(headersFor(c))) c.header(k, v);
    await next();
  });
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: API_BODY_LIMIT,
      onError: () => {
        throw new ApiError(413, "payload_too_large", `The request body is larger than ${API_BODY_LIMIT / 1024} kB.`);
      },
    }),
  );
  app.use(compress());

  const api = router();
  api.route("/", healthRoutes(deps));
  api.route("/", cspReportRoutes(deps));
  api.route("/", passwordRoutes(deps));
  api.route("/", accountRoutes(deps));
  api.route("/", breachRoutes(deps));
  api.route("/", searchRoutes(deps));
  api.route("/", urlRoutes(deps));
  api.route("/", hashRoutes(deps));
  const document = () =>
    api.getOpenAPI31Document({
      openapi: "3.1.0",
      info: {
        title: "National Cyberspace Safety Portal API",
        version: deps.version,
        description:
          'Public API of the portal. Every error has the shape {"error":{"code","message","details?"}} with the matching HTTP status; nothing a client sends produces a 500.',
      },
      servers: [{ url: "/api/v1" }],
    });
  api.route("/", docsRoutes(document));
  app.route("/api/v1", api);
  app.all("/api/*", (c) => c.json(errorBody("not_found", `No API endpoint ${c.req.method} ${c.req.path}.`), 404));

  if (opts.webDist) {
    app.route(
      "/",
      siteRoutes({
        distDir: opts.webDist,
        locals: opts.locals ?? {},
        headersFor,
        cspFor: (inline) => contentSecurityPolicy(mergeHashes(siteHashes, inline)),
        log,
      }),
    );
  }
  app.notFound((c) => c.json(errorBody("not_found", `Nothing at ${c.req.path}.`), 404));
  app.onError((err, c) => renderError(c, err, log));
  return app;
}

export type App = ReturnType<typeof createApp>;
