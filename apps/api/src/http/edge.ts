// What every request passes through before its route: a request id, the request log line, the
// security headers and the API's body ceiling — in one middleware, written for the hot path.
//
// Why one hand-written middleware rather than hono/request-id + hono/body-limit + a header loop:
// under @hono/node-server a request and a response stay cheap plain objects until someone reads
// their `headers` or `body`; then undici's Request/Headers/Response are built, validated and
// sorted, which cost more than the link check itself (bench/url.ts, docs/benchmarks.md). So:
//  - the request id is read from Node's already-parsed request headers;
//  - the security headers are set on Node's response with setHeader (Node merges them with the
//    route's own headers at writeHead, the route's winning), not added to every Hono response;
//  - the body ceiling is checked only for methods that carry a body (reading `body` of a GET would
//    build the undici Request for nothing).
// Under app.request() (tests, no Node objects) the same headers go through c.header instead.
import { randomUUID } from "node:crypto";
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Logger } from "@portal/config";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../deps.ts";
import { ApiError } from "./errors.ts";
import { loggablePath } from "./redact.ts";
import { apiSecurityHeaders, securityHeaders } from "./security.ts";

type EdgeContext = Context<AppEnv & { Bindings: HttpBindings }>;

export interface EdgeOptions {
  log: Logger;
  /** The site's CSP (with the built pages' inline hashes). */
  siteCsp: string;
  /** The API's CSP: JSON and text load nothing. */
  apiCsp: string;
  /** Believe X-Forwarded-Proto (behind the project's reverse proxy). */
  trustProxy: boolean;
  /** Ceiling for request bodies under /api/ (routes that take more set their own). */
  apiBodyLimit: number;
  /** POST paths whose routes read a larger body themselves, with their own limits (report evidence). */
  ownBodyLimit?: ReadonlySet<string>;
}

const REQUEST_ID = /^[\w\-=]{1,64}$/;

/** A path under /api/ answers JSON or text, except the HTML reference under /api/v1/docs. */
export const isApiPath = (path: string) => path.startsWith("/api/") && !path.startsWith("/api/v1/docs");

/**
 * The public lookups any web page may call from the browser (a bank's site, an extension): every
 * answer under /api/v1, 4xx and 429 included, carries `Access-Control-Allow-Origin: *` — never
 * with credentials. Not the staff API (cookies) and not the CSP report sink.
 */
export const isCorsPath = (path: string) =>
  path.startsWith("/api/v1/") && !path.startsWith("/api/v1/staff") && !path.startsWith("/api/v1/csp-reports");

/** Response headers a cross-origin script may read besides the safelisted ones. */
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "Retry-After, RateLimit, RateLimit-Policy, ETag, X-Request-Id",
};

/** The rest of a preflight's answer (the methods come from the route table). */
export const PREFLIGHT = {
  "access-control-allow-headers": "Authorization, Content-Type, Add-Padding, If-None-Match, X-Request-Id",
  "access-control-max-age": "86400",
};

/**
 * A request header (lower-case name), from Node's parsed headers when served by @hono/node-server,
 * so that no undici Headers object is built; through Hono under app.request().
 */
// biome-ignore lint/suspicious/noExplicitAny: any route's context, whatever its variables.
export function requestHeader(c: Context<any>, name: string): string | undefined {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const v = incoming.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function edge(opts: EdgeOptions) {
  // Four possible header sets (API or site × TLS or not), built once as plain objects. API answers
  // are not stored by caches unless the route says otherwise (a verdict is for now, and may name
  // what was checked); routes that may be cached send their own Cache-Control, which wins.
  const sets = {
    api: { http: apiSecurityHeaders(false, opts.apiCsp), https: apiSecurityHeaders(true, opts.apiCsp) },
    cors: { http: { ...apiSecurityHeaders(false, opts.apiCsp), ...CORS }, https: { ...apiSecurityHeaders(true, opts.apiCsp), ...CORS } },
    site: { http: securityHeaders(false, opts.siteCsp), https: securityHeaders(true, opts.siteCsp) },
  };
  const isHttps = (c: EdgeContext) => {
    const incoming = c.env?.incoming;
    if (incoming) {
      if ((incoming.socket as { encrypted?: boolean } | undefined)?.encrypted) return true;
    } else if (c.req.url.startsWith("https:")) return true;
    return opts.trustProxy && requestHeader(c, "x-forwarded-proto") === "https";
  };
  /** The security headers this request's response carries. */
  const headersFor = (c: EdgeContext): Readonly<Record<string, string>> => {
    const path = c.req.path;
    return sets[isApiPath(path) ? (isCorsPath(path) ? "cors" : "api") : "site"][isHttps(c) ? "https" : "http"];
  };

  /** Puts the security headers and the request id on the response that is being prepared. */
  const applyHeaders = (c: EdgeContext) => {
    const headers = headersFor(c);
    const outgoing = c.env?.outgoing;
    const id = c.get("requestId");
    if (outgoing && !outgoing.headersSent) {
      for (const k in headers) outgoing.setHeader(k, headers[k] as string);
      outgoing.setHeader("x-request-id", id);
    } else {
      for (const k in headers) c.header(k, headers[k]);
      c.header("x-request-id", id);
    }
  };

  const limit = bodyLimit({
    maxSize: opts.apiBodyLimit,
    onError: () => {
      throw new ApiError(413, "payload_too_large", `The request body is larger than ${opts.apiBodyLimit / 1024} kB.`);
    },
  });

  const middleware: MiddlewareHandler<AppEnv & { Bindings: HttpBindings }> = async (c, next) => {
    const started = performance.now();
    const given = requestHeader(c, "x-request-id");
    c.set("requestId", given && REQUEST_ID.test(given) ? given : randomUUID());
    applyHeaders(c);
    try {
      const method = c.req.method;
      const path = c.req.path;
      if (method !== "GET" && method !== "HEAD" && path.startsWith("/api/") && !opts.ownBodyLimit?.has(path)) await limit(c, next);
      else await next();
    } finally {
      // An answer given before the request's body arrived in full (a 413, a refused cross-site
      // POST, a 401 before the JSON is read): @hono/node-server drops such a connection once the
      // answer is out rather than read the rest, so the answer says so (Node then closes it after
      // the answer). Without it the client sends its next request down the kept-alive connection
      // and gets a reset instead of an answer. Here in `finally`: a 413 arrives as a throw.
      const incoming = c.env?.incoming;
      if (incoming && !incoming.complete && !c.env.outgoing.headersSent) c.env.outgoing.setHeader("connection", "close");
      if (opts.log.enabled("info")) {
        // Path only: a query string may carry a URL or an e-mail a citizen is checking.
        // Compared by identity: reading c.res.headers would build undici's Headers.
        const status = c.res === RESPONSE_ALREADY_SENT ? (c.env?.outgoing?.statusCode ?? 0) : c.res.status;
        opts.log.info("request", {
          requestId: c.get("requestId"),
          method: c.req.method,
          path: loggablePath(c.req.path),
          status,
          ms: Math.round((performance.now() - started) * 10) / 10,
        });
      }
    }
  };

  return { middleware, applyHeaders };
}
