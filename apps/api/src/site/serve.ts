import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Logger } from "@portal/config";
import { EVIDENCE_MAX_TOTAL_BYTES, pages } from "@portal/contracts";
import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../deps.ts";
import { type InlineHashes, inlineHashesOf } from "../http/csp-hashes.ts";
import { requestHeader } from "../http/edge.ts";
import { ApiError } from "../http/errors.ts";
import { routeAstroLogs } from "./astro-log.ts";
import { staticFiles } from "./static-files.ts";

/** The largest form an on-demand page accepts (the staff console's forms are a few hundred bytes). */
const PAGE_POST_LIMIT = 64 * 1024;
/** The report form's pages take evidence files: their limit, plus room for the other fields. */
const REPORT_POST_LIMIT = EVIDENCE_MAX_TOTAL_BYTES + 1024 * 1024;
const REPORT_FORM_PATHS = new Set([pages.report.vi, pages.report.en, pages.report.vi.slice(0, -1), pages.report.en.slice(0, -1)]);
const postLimitFor = (path: string) => (REPORT_FORM_PATHS.has(path) ? REPORT_POST_LIMIT : PAGE_POST_LIMIT);
/**
 * Astro's image endpoint, which Astro adds to every server build: the site uses no <Image>, and
 * the endpoint would fetch and transform images on request (and, without sharp, answer 500).
 * It is never handed to Astro, so it is an ordinary missing page.
 */
const ASTRO_IMAGE_ENDPOINT = /^\/_image\/?$/i;

type AstroHandler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void, locals?: object) => Promise<void>;

export interface SiteOptions {
  /** apps/web/dist: client/ holds prerendered pages and assets, server/entry.mjs the on-demand renderer. */
  distDir: string;
  /** Passed to on-demand Astro pages as Astro.locals (live data without an HTTP round trip). */
  locals: object;
  /** Puts the security headers and request id on the response (again, after Astro gave it back). */
  applyHeaders: (c: Context) => void;
  /** The CSP for a page that carries these inline scripts and styles (besides the built site's own). */
  cspFor: (inline: InlineHashes) => string;
  /** Fills the live parts of an HTML page as it is sent (site/live.ts); none when left out. */
  live?: (html: string) => Promise<string>;
  log: Logger;
}

/**
 * Serves the built Astro site: prerendered files first, then on-demand pages through Astro's
 * Node adapter in middleware mode, then the site's 404 page.
 */
export function siteRoutes(opts: SiteOptions) {
  const clientDir = resolve(opts.distDir, "client");
  routeAstroLogs(opts.log);
  const entry = join(opts.distDir, "server", "entry.mjs");
  let astro: Promise<AstroHandler | null> | undefined;
  const loadAstro = () => {
    astro ??= existsSync(entry)
      ? import(pathToFileURL(entry).href).then((m: { handler: AstroHandler }) => m.handler)
      : Promise.resolve(null);
    return astro;
  };

  // The built files, indexed (and the small ones read) once at start: site/static-files.ts.
  const files = staticFiles({ clientDir, live: opts.live });

  async function notFoundPage(c: Context) {
    const candidates =
      c.req.path.startsWith("/en/") || c.req.path === "/en" ? ["/en/404/index.html", "/en/404.html", "/404.html"] : ["/404.html"];
    for (const f of candidates) {
      const file = files.find(f);
      if (file) return files.send(c, file, 404);
    }
    throw new ApiError(404, "not_found", "There is no page at this address.");
  }

  /** Renders an on-demand page through Astro; null when Astro has no route for the path. */
  async function renderOnDemand(c: Context<AppEnv & { Bindings: HttpBindings }>): Promise<Response | null> {
    const handler = await loadAstro();
    // c.env holds the raw Node request only when served by @hono/node-server (not under app.request()).
    if (!handler || !c.env?.incoming || ASTRO_IMAGE_ENDPOINT.test(c.req.path)) return null;
    const { incoming, outgoing } = c.env;
    let matched = true;
    // HEAD: Hono answers it by wrapping the GET answer in a new Response, which loses the adapter's
    // "already sent" mark, so the page must not be written to `outgoing` here: its status and
    // headers come back as an ordinary Response for Hono and the adapter to send.
    let headAnswer: Promise<Response> | undefined;
    let answerHead: ((status: number, headers: Record<string, string>) => void) | undefined;
    if (c.req.method === "HEAD") {
      headAnswer = new Promise((resolve) => {
        answerHead = (status, headers) => resolve(new Response(null, { status, headers }));
      });
    }
    // The security headers and request id are already on `outgoing` (edge.ts).
    const release = holdHtmlForCsp(outgoing, opts.cspFor, opts.live, answerHead);
    await handler(
      incoming,
      outgoing,
      () => {
        matched = false;
      },
      opts.locals,
    );
    if (matched) return headAnswer ? await headAnswer : RESPONSE_ALREADY_SENT;
    // No Astro route: give the response back untouched to Hono.
    release();
    for (const k of outgoing.getHeaderNames()) outgoing.removeHeader(k);
    opts.applyHeaders(c);
    return null;
  }

  return new Hono<AppEnv & { Bindings: HttpBindings }>()
    .get("*", async (c) => {
      const file = files.find(c.req.path);
      if (file) return files.send(c, file, 200);
      return (await renderOnDemand(c)) ?? notFoundPage(c);
    })
    .post("*", async (c) => {
      // Forms of on-demand pages (the staff console) post to their own page. Astro reads the body
      // from the Node stream itself, so the size is checked on the declared length: a form post
      // always declares it, and one that does not is refused rather than read without a bound.
      const length = Number(requestHeader(c, "content-length") ?? Number.NaN);
      if (!Number.isFinite(length)) throw new ApiError(411, "invalid_request", "A form post must declare its Content-Length.");
      const limit = postLimitFor(c.req.path);
      if (length > limit) throw new ApiError(413, "payload_too_large", `A form may send at most ${Math.round(limit / 1024)} kB.`);
      const rendered = await renderOnDemand(c);
      if (rendered) return rendered;
      throw new ApiError(405, "method_not_allowed", "This page takes no form posts.", undefined, { allow: "GET, HEAD" });
    });
}

type WriteArgs = [chunk?: unknown, encoding?: unknown, cb?: unknown];

/**
 * An on-demand page is rendered by Astro straight into the Node response, and its island
 * bootstrap is inline code whose hash is not known in advance. The page is held until Astro ends
 * it (these pages are small), its live parts are filled, then it is sent with a CSP that admits
 * exactly the inline code it holds.
 */
function holdHtmlForCsp(
  res: ServerResponse,
  cspFor: (inline: InlineHashes) => string,
  live?: (html: string) => Promise<string>,
  /** For HEAD: receives the status and headers instead of anything being written to `res`. */
  answerHead?: (status: number, headers: Record<string, string>) => void,
): () => void {
  const { writeHead, write, end } = res;
  const chunks: Buffer[] = [];
  let head: Parameters<ServerResponse["writeHead"]> | null = null;
  const toBuffer = (chunk: unknown, encoding: unknown) =>
    Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk)
        : Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
  res.writeHead = ((...args: Parameters<ServerResponse["writeHead"]>) => {
    head = args;
    return res;
  }) as ServerResponse["writeHead"];
  res.write = ((...[chunk, encoding, cb]: WriteArgs) => {
    chunks.push(toBuffer(chunk, encoding));
    const done = typeof encoding === "function" ? encoding : cb;
    if (typeof done === "function") queueMicrotask(() => done());
    return true;
  }) as ServerResponse["write"];
  res.end = ((...[chunk, encoding, cb]: WriteArgs) => {
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") chunks.push(toBuffer(chunk, encoding));
    res.writeHead = writeHead;
    res.write = write;
    res.end = end;
    const held = Buffer.concat(chunks);
    const headers = head?.find((h): h is Record<string, string> => typeof h === "object" && h !== null && !Array.isArray(h));
    const type = String(headers?.["content-type"] ?? headers?.["Content-Type"] ?? res.getHeader("content-type") ?? "");
    const done = typeof chunk === "function" ? chunk : typeof encoding === "function" ? encoding : cb;
    const send = (body: Buffer) => {
      if (type.includes("text/html")) {
        res.setHeader("content-security-policy", cspFor(inlineHashesOf(body.toString("utf8"))));
        if (headers) for (const k of Object.keys(headers)) if (k.toLowerCase() === "content-security-policy") delete headers[k];
      }
      if (answerHead) {
        const status = typeof head?.[0] === "number" ? head[0] : res.statusCode;
        answerHead(status, { ...(headers ?? {}), "content-length": String(body.length) });
        if (typeof done === "function") queueMicrotask(() => (done as () => void)());
        return;
      }
      if (head) res.writeHead(...head);
      res.end(body, typeof done === "function" ? (done as () => void) : undefined);
    };
    if (!live || !type.includes("text/html")) {
      send(held);
      return res;
    }
    // The live parts are read asynchronously; the length is Node's to set once the body is final.
    if (headers) for (const k of Object.keys(headers)) if (k.toLowerCase() === "content-length") delete headers[k];
    res.removeHeader("content-length");
    live(held.toString("utf8")).then(
      (html) => send(Buffer.from(html)),
      () => send(held),
    );
    return res;
  }) as ServerResponse["end"];
  return () => {
    res.writeHead = writeHead;
    res.write = write;
    res.end = end;
  };
}
