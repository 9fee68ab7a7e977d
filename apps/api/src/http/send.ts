// How API routes answer. Bodies of 1 kB or more are gzipped here for clients that accept it;
// smaller ones go out as they are (below that, gzip costs more time than it saves bytes).
//
// Compression is decided here rather than by a middleware that inspects every finished response:
// the route knows its body and its size, while a middleware would have to read the response's
// headers, which under @hono/node-server builds undici's Headers for every answer, and would gzip
// small answers whose length it cannot see (bench/url.ts measured both). API answers are
// `Cache-Control: no-store` unless the route says otherwise (edge.ts sets the default).
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { requestHeader } from "./edge.ts";

const gzip = promisify(gzipCallback);

/** Smallest body worth compressing, in bytes. */
export const COMPRESS_THRESHOLD = 1024;

/** An Accept-Encoding header's verdict on gzip (RFC 9110 §12.5.3: q=0 means "not acceptable"). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  let wildcard = false;
  for (const part of acceptEncoding.split(",")) {
    const [coding = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (coding === "gzip" || coding === "x-gzip") return q > 0;
    if (coding === "*") wildcard = q > 0;
  }
  return wildcard;
}

/**
 * Sends `body` with `headers` (lower-case names). Large bodies carry `Vary: Accept-Encoding` and
 * are gzipped when the client accepts it; a strong ETag then becomes weak, as the bytes differ.
 */
export async function sendBody(
  c: Context,
  body: string | Uint8Array<ArrayBuffer>,
  status: ContentfulStatusCode = 200,
  headers: Record<string, string> = {},
): Promise<Response> {
  const size = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  if (size < COMPRESS_THRESHOLD) return c.body(body, status, headers);
  const vary = headers.vary ? `${headers.vary}, Accept-Encoding` : "Accept-Encoding";
  if (!acceptsGzip(requestHeader(c, "accept-encoding"))) return c.body(body, status, { ...headers, vary });
  const zipped = await gzip(body);
  const out: Record<string, string> = { ...headers, vary, "content-encoding": "gzip" };
  if (out.etag && !out.etag.startsWith("W/")) out.etag = `W/${out.etag}`;
  return c.body(new Uint8Array(zipped.buffer as ArrayBuffer, zipped.byteOffset, zipped.byteLength), status, out);
}

/**
 * A 200 JSON answer. Typed as c.json's result so OpenAPI routes keep their response types.
 * `headers` use lower-case names (e.g. { "cache-control": "public, max-age=300" }).
 */
export function sendJson<T>(c: Context, data: T, headers: Record<string, string> = {}) {
  return sendBody(c, JSON.stringify(data), 200, { "content-type": "application/json", ...headers }) as unknown as Promise<
    ReturnType<typeof c.json<T, 200>>
  >;
}
