// The Node HTTP server in front of the Hono app, and every answer Node would otherwise write itself
// before the app runs: a head that is too large (431), bytes that are not HTTP (400), a request
// that arrives too slowly (408), an Expect the server cannot meet (417), a URL the adapter cannot
// build (400), a Host that is not the portal's (421) or given twice (400). Each one is written in
// the contract's JSON error shape with the API's security headers, instead of Node's bare status
// line or @hono/node-server's empty 400.
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { getRequestListener, RequestError } from "@hono/node-server";
import type { Logger } from "@portal/config";
import { type ErrorCode, errorBody, paths } from "@portal/contracts";
import { loggablePath } from "./redact.ts";
import { API_CSP, apiSecurityHeaders } from "./security.ts";

/**
 * How long and how much a client may take. Node's defaults let a client hold a socket for 60 s
 * while sending its headers a byte at a time (slowloris) and check the deadlines only every 30 s;
 * these bound a slow client to 10 s for its head and 30 s for the whole request, checked every
 * second. The reverse proxy in docker/nginx.conf applies the same limits first.
 */
export interface ServerLimits {
  /** The request line and headers must arrive within this (ms). */
  headersTimeout: number;
  /** The whole request, body included, must arrive within this (ms). */
  requestTimeout: number;
  /** An idle keep-alive connection is closed after this (ms); the proxy's upstream keep-alive is shorter. */
  keepAliveTimeout: number;
  /** Requests served on one connection before it is closed (nginx's keepalive_requests default). */
  maxRequestsPerSocket: number;
  /** The request line and headers together, in bytes (Node's default, stated here so the docs can cite it). */
  maxHeaderSize: number;
  /** How often Node checks the two deadlines above (ms). */
  connectionsCheckingInterval: number;
}

export const SERVER_LIMITS: Readonly<ServerLimits> = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  maxRequestsPerSocket: 1000,
  maxHeaderSize: 16_384,
  connectionsCheckingInterval: 1_000,
};

export interface NodeServerOptions {
  /** The app's fetch (Hono's app.fetch). */
  fetch: Parameters<typeof getRequestListener>[0];
  log: Logger;
  /**
   * PUBLIC_ORIGIN: when set, a request for any other host is refused with 421 (RFC 9110 §15.5.20),
   * so that nothing is served under a name the portal does not own (DNS rebinding, a stray
   * virtual host). The health check is answered whatever the Host, for probes on loopback.
   */
  publicOrigin: string | null;
  /** The listening host, the adapter's fallback when an HTTP/1.0 request names none. */
  hostname: string;
  limits?: Partial<ServerLimits>;
}

/** Answered whatever the Host header says: Docker's and the proxy's probes call 127.0.0.1. */
const HOST_EXEMPT: ReadonlySet<string> = new Set([paths.api.health]);

type Refusal = { status: number; code: ErrorCode; message: string };

export function createNodeServer(opts: NodeServerOptions): Server {
  const limits = { ...SERVER_LIMITS, ...opts.limits };
  const { log } = opts;
  const allowedHosts = opts.publicOrigin ? hostsOf(opts.publicOrigin) : null;
  const kB = Math.round(limits.maxHeaderSize / 1024);

  const listener = getRequestListener(opts.fetch, {
    hostname: opts.hostname,
    // Called when the adapter cannot build a Request (a backslash or other character URL parsing
    // refuses in the path, a malformed absolute-form target) or, never expected, when the app throws.
    errorHandler: (err) => {
      if (err instanceof RequestError) {
        return jsonResponse(
          400,
          "invalid_request",
          "The request target is not a valid path: use '/' to separate segments and percent-encode anything else that is not a plain ASCII letter, digit or punctuation.",
        );
      }
      log.error("unhandled error before the app ran", { err });
      return jsonResponse(500, "internal_error", "Something went wrong on our side.");
    },
  });

  const refusalOf = (req: IncomingMessage): Refusal | null => {
    let hosts = 0;
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) if ((raw[i] as string).length === 4 && (raw[i] as string).toLowerCase() === "host") hosts++;
    if (hosts > 1) return { status: 400, code: "invalid_request", message: "The request has more than one Host header." };
    if (hosts === 0 && req.httpVersion !== "1.0")
      return { status: 400, code: "invalid_request", message: "An HTTP/1.1 request must carry a Host header." };
    if (!allowedHosts) return null;
    const url = req.url ?? "/";
    const path = url.startsWith("/") ? pathOf(url) : null;
    if (path !== null && HOST_EXEMPT.has(path)) return null;
    // In absolute form (RFC 9112 §3.2.2) the target's authority, not the Host header, names the host.
    const host = path === null ? authorityOf(url) : req.headers.host?.toLowerCase();
    if (host !== undefined && host !== null && allowedHosts.has(host)) return null;
    return {
      status: 421,
      code: "misdirected_request",
      message: `This server answers only for ${opts.publicOrigin}; the request named another host.`,
    };
  };

  const served = new WeakMap<object, number>();
  const server = createServer(
    {
      headersTimeout: limits.headersTimeout,
      requestTimeout: limits.requestTimeout,
      keepAliveTimeout: limits.keepAliveTimeout,
      connectionsCheckingInterval: limits.connectionsCheckingInterval,
      maxHeaderSize: limits.maxHeaderSize,
      // Node's own check answers a bare 400; refusalOf answers it in the JSON shape instead.
      requireHostHeader: false,
    },
    (req, res) => {
      // Counted here rather than by Node's own maxRequestsPerSocket, which answers the requests
      // past the limit with an empty 503: the last one allowed says Connection: close, and any
      // already pipelined behind it gets the JSON 503.
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      if (n >= limits.maxRequestsPerSocket) res.shouldKeepAlive = false;
      const refusal =
        n > limits.maxRequestsPerSocket
          ? {
              status: 503,
              code: "service_unavailable" as const,
              message: "This connection has carried all the requests it may; open a new one.",
            }
          : refusalOf(req);
      if (!refusal) return void listener(req, res);
      if (log.enabled("info")) {
        log.info("request refused", { method: req.method, path: loggablePath(pathOf(targetPath(req.url ?? "/"))), status: refusal.status });
      }
      writeJson(res, refusal, refusal.status !== 421 || !res.shouldKeepAlive);
    },
  );
  server.keepAliveTimeout = limits.keepAliveTimeout;

  // Node answers 417 with an empty body when a listener is missing; only 100-continue is supported.
  server.on("checkExpectation", (_req: IncomingMessage, res: ServerResponse) => {
    writeJson(res, { status: 417, code: "expectation_failed", message: "The only Expect this server meets is 100-continue." }, true);
  });

  // Errors Node's parser raises before any request exists (RFC 9110 §15.5.1, §15.5.9; RFC 6585 §5).
  // The raw packet is never logged: it may hold a password prefix or a checked link.
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (err.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const refusal: Refusal =
      err.code === "HPE_HEADER_OVERFLOW"
        ? {
            status: 431,
            code: "request_header_too_large",
            message: `The request line and headers together may be at most ${limits.maxHeaderSize} bytes (${kB} kB). To check a long link, send it in the body of POST ${paths.api.urlCheck} instead of the query string.`,
          }
        : err.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW"
          ? { status: 413, code: "payload_too_large", message: "The chunk extensions of the body are too large." }
          : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
            ? {
                status: 408,
                code: "request_timeout",
                message: `The request arrived too slowly: its headers must arrive within ${limits.headersTimeout / 1000} s and the whole request within ${limits.requestTimeout / 1000} s.`,
              }
            : {
                status: 400,
                code: "invalid_request",
                message:
                  "The request is not valid HTTP/1.1. Its path may hold only ASCII characters (percent-encode the rest, as UTF-8) and its headers must be well formed.",
              };
    log.info("request refused by the HTTP parser", { reason: err.code, status: refusal.status });
    socket.end(rawJson(refusal));
  });
  return server;
}

/** The hosts a request may name for `origin`: its host, and the host with its scheme's default port. */
function hostsOf(origin: string): Set<string> {
  const u = new URL(origin);
  const hosts = new Set([u.host.toLowerCase()]);
  if (!u.port) hosts.add(`${u.hostname.toLowerCase()}:${u.protocol === "https:" ? 443 : 80}`);
  return hosts;
}

function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/** The path of a request target, without the scheme and authority of an absolute-form target. */
function targetPath(url: string): string {
  return url.startsWith("/") ? url : url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "") || "/";
}

function authorityOf(url: string): string | null {
  const m = /^https?:\/\/([^/?#]*)/i.exec(url);
  return m ? (m[1] as string).toLowerCase() : null;
}

function bodyOf(r: Refusal): string {
  return JSON.stringify(errorBody(r.code, r.message));
}

function headersOf(body: string, close: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    ...apiSecurityHeaders(false, API_CSP),
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
  };
  if (close) headers.connection = "close";
  return headers;
}

function jsonResponse(status: number, code: ErrorCode, message: string): Response {
  const body = bodyOf({ status, code, message });
  const headers = headersOf(body, false);
  delete headers["content-length"];
  return new Response(body, { status, headers });
}

function writeJson(res: ServerResponse, r: Refusal, close: boolean): void {
  const body = bodyOf(r);
  if (close) res.shouldKeepAlive = false;
  res.writeHead(r.status, headersOf(body, close));
  res.end(body);
}

/** A whole HTTP/1.1 response as bytes, for a socket that has no ServerResponse (clientError). */
function rawJson(r: Refusal): string {
  const body = bodyOf(r);
  const headers = headersOf(body, true);
  let head = `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? ""}\r\n`;
  for (const k in headers) head += `${k}: ${headers[k]}\r\n`;
  return `${head}\r\n${body}`;
}
