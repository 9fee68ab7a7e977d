// The built site's files (apps/web/dist/client), served from an index made once at start.
//
// The built site does not change while the portal runs (`npm start` and the tests build it before
// the process starts), so at start every file is listed with its type, modification time, strong
// ETag (a hash of its bytes) and its precompressed variants — the `.br` and `.gz` files the site's
// build writes beside each compressible file (apps/web/integrations/precompress.ts). Small files
// and their variants (each at most 64 kB, all together bounded) are read into memory then; larger
// ones are streamed from disk. A request then costs a map lookup, a choice of variant and one
// write on Node's response — no file system call, no compression, no undici objects.
//
// What HTTP asks of it (RFC 9110):
//  - the variant is chosen by Accept-Encoding (§12.5.3: q-values, `*`, `identity`, q=0 refuses;
//    ties go to the smaller coding, br before gzip before identity), with `Vary: Accept-Encoding`
//    on every file that has variants; each variant is its own representation with its own strong
//    ETag (a hash of its own bytes) and its own Content-Length;
//  - conditional GET/HEAD in §13.2.2's order: If-Match (strong comparison) or else
//    If-Unmodified-Since, failing with 412 in the one error shape; then If-None-Match (weak
//    comparison, lists and `*`), or If-Modified-Since only when there is no If-None-Match; a
//    match is a 304 carrying the Cache-Control, ETag and Vary the 200 would have had, no body;
//  - HEAD answers the GET's headers without the body. Range requests are not supported: a Range
//    header is ignored and the whole file sent with 200, which §14.2 allows.
// Pages with live parts (site/live.ts) are filled as they are sent, so their bytes are not the
// file's: they carry an ETag of the filled page and no Last-Modified, and are compressed here once
// per distinct filled page (the result is kept until the fill changes).
import { createHash } from "node:crypto";
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { extname, join, relative, sep } from "node:path";
import { promisify } from "node:util";
import { brotliCompress as brotliCallback, gzip as gzipCallback, constants as zlib } from "node:zlib";
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Context } from "hono";
import { requestHeader } from "../http/edge.ts";
import { ApiError } from "../http/errors.ts";

const brotli = promisify(brotliCallback);
const gzip = promisify(gzipCallback);

export const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".webmanifest": "application/manifest+json",
};

/** The content codings the site's build writes beside a file, and their file suffixes. */
export const CODINGS = [
  { coding: "br", suffix: ".br" },
  { coding: "gzip", suffix: ".gz" },
] as const;
export type Coding = (typeof CODINGS)[number]["coding"] | "identity";

/** The live-part marker (site/live.ts): a file holding it is filled as it is sent. */
const LIVE_MARKER = "<!--live:";

export interface StaticFilesOptions {
  /** The built site's client/ folder. */
  clientDir: string;
  /** Fills the live parts of an HTML page as it is sent (site/live.ts). */
  live?: (html: string) => Promise<string>;
  /** Files (and variants) up to this size are held in memory; default 64 kB. */
  maxFileBytes?: number;
  /** All bytes held in memory at most; default 32 MB. Past it, files are streamed from disk. */
  maxTotalBytes?: number;
}

interface Variant {
  coding: Coding;
  /** On disk, for streaming. */
  file: string;
  size: number;
  mtimeMs: number;
  /** A strong ETag: a hash of exactly these bytes. */
  etag: string;
  /** The bytes, when held in memory. */
  body?: Buffer;
}

interface LiveState {
  filled: string;
  identity: Variant;
  encoded: Map<Coding, Promise<Variant>>;
}

export interface StaticFile {
  type: string;
  /** Last-Modified (the file's mtime), absent for pages with live parts. */
  lastModified?: string;
  /** The mtime in whole seconds, as Last-Modified says it. */
  mtimeSecs: number;
  /** Identity first, then the precompressed variants, smallest coding first. */
  variants: Variant[];
  /** A page with live parts: its source text, and the last filled page with its variants. */
  live?: { source: string; state?: LiveState };
}

const etagOf = (bytes: Buffer | string) => `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 27)}"`;

/**
 * The coding to send, of `available` (identity is always available), by Accept-Encoding
 * (RFC 9110 §12.5.3). No header: identity. Ties go to the first of br, gzip, identity; identity
 * not named (nor `*`) comes after every coding the client named. When nothing
 * is acceptable (`identity;q=0` and no other coding), identity all the same: a response without
 * content coding, as §12.5.3 advises, rather than an error.
 */
export function chooseCoding(acceptEncoding: string | undefined, available: readonly Coding[]): Coding {
  if (!acceptEncoding) return "identity";
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.split(";");
    const coding = name.trim().toLowerCase();
    if (!coding) continue;
    let weight = 1;
    for (const p of params) {
      const [k = "", v = ""] = p.split("=").map((s) => s.trim());
      if (k.toLowerCase() === "q") weight = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(v) ? Number(v) : Number.NaN;
    }
    if (Number.isNaN(weight)) continue; // a malformed weight: that entry is ignored
    q.set(coding === "x-gzip" ? "gzip" : coding, weight);
  }
  const star = q.get("*");
  // identity, unless refused, is always acceptable (§12.5.3) — as the last resort, after any
  // coding the client named, so that "br;q=0.9" still means br.
  const weightOf = (c: Coding) => q.get(c) ?? star ?? (c === "identity" ? 0.0001 : 0);
  let best: Coding = "identity";
  let bestQ = 0;
  for (const c of ["br", "gzip", "identity"] as const) {
    if (c !== "identity" && !available.includes(c)) continue;
    const w = weightOf(c);
    if (w > bestQ) {
      best = c;
      bestQ = w;
    }
  }
  return best;
}

/** If-None-Match against `etag` (weak comparison, RFC 9110 §13.1.2: a list, or `*`). */
export function noneMatch(ifNoneMatch: string, etag: string): boolean {
  const opaque = etag.startsWith("W/") ? etag.slice(2) : etag;
  for (const m of ifNoneMatch.matchAll(/\*|(?:W\/)?("[^"]*")/g)) if (m[0] === "*" || m[1] === opaque) return true;
  return false;
}

/** If-Match against `etag` (strong comparison, RFC 9110 §13.1.1: a list, or `*`). */
export function anyMatch(ifMatch: string, etag: string): boolean {
  for (const m of ifMatch.matchAll(/\*|(W\/)?("[^"]*")/g)) if (m[0] === "*" || (!m[1] && m[2] === etag)) return true;
  return false;
}

/** The request's conditional header fields (RFC 9110 §13.1), as received. */
export interface Conditions {
  ifMatch?: string | undefined;
  ifUnmodifiedSince?: string | undefined;
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
}

/**
 * How a GET or HEAD of this representation is answered, by RFC 9110 §13.2.2's order: If-Match
 * (412 when it fails), else If-Unmodified-Since (412 when modified since; ignored without a
 * Last-Modified), then If-None-Match (304 when it matches), else If-Modified-Since (304 when not
 * modified since). A field that is not a valid date is ignored.
 */
export function evaluate(h: Conditions, etag: string, mtimeSecs?: number): 200 | 304 | 412 {
  const date = (v: string | undefined) => (v === undefined ? Number.NaN : Date.parse(v));
  if (h.ifMatch !== undefined) {
    if (!anyMatch(h.ifMatch, etag)) return 412;
  } else if (mtimeSecs !== undefined) {
    const since = date(h.ifUnmodifiedSince);
    if (Number.isFinite(since) && mtimeSecs * 1000 > since) return 412;
  }
  if (h.ifNoneMatch !== undefined) return noneMatch(h.ifNoneMatch, etag) ? 304 : 200;
  if (mtimeSecs === undefined) return 200;
  const since = date(h.ifModifiedSince);
  return Number.isFinite(since) && mtimeSecs * 1000 <= since ? 304 : 200;
}

/**
 * Astro fingerprints everything under /_astro/, so those can be cached for ever; pages must
 * revalidate — and so must a 404, even under /_astro/ (the file may exist after a deploy).
 */
export const cacheControlFor = (urlPath: string, status: number) =>
  status === 200 && urlPath.startsWith("/_astro/") ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate";

export function staticFiles(opts: StaticFilesOptions) {
  const maxFile = opts.maxFileBytes ?? 64 * 1024;
  let budget = opts.maxTotalBytes ?? 32 * 1024 * 1024;
  const byPath = new Map<string, StaticFile>();
  let heldBytes = 0;

  const variantOf = (coding: Coding, file: string, bytes: Buffer, mtimeMs: number): Variant => {
    const v: Variant = { coding, file, size: bytes.length, mtimeMs, etag: etagOf(bytes) };
    if (bytes.length <= maxFile && bytes.length <= budget) {
      v.body = bytes;
      budget -= bytes.length;
      heldBytes += bytes.length;
    }
    return v;
  };

  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
    );
  let all: string[] = [];
  try {
    all = walk(opts.clientDir);
  } catch {
    // No built site: every lookup misses (the app then answers from Astro or its 404).
  }
  const present = new Set(all);
  // Smallest first, so that the memory budget holds as many files as it can.
  const sized = all.map((f) => ({ f, st: statSync(f) })).sort((a, b) => a.st.size - b.st.size);
  for (const { f, st } of sized) {
    // A .br or .gz beside its original is a variant of it, not a page of the site.
    if (CODINGS.some(({ suffix }) => f.endsWith(suffix) && present.has(f.slice(0, -suffix.length)))) continue;
    const type = MIME[extname(f)] ?? "application/octet-stream";
    const bytes = readFileSync(f);
    const mtimeSecs = Math.floor(st.mtimeMs / 1000);
    const entry: StaticFile = { type, mtimeSecs, variants: [] };
    if (opts.live && type.startsWith("text/html") && bytes.includes(LIVE_MARKER)) {
      entry.live = { source: bytes.toString("utf8") };
      heldBytes += bytes.length;
    } else {
      entry.lastModified = new Date(mtimeSecs * 1000).toUTCString();
      entry.variants.push(variantOf("identity", f, bytes, st.mtimeMs));
      for (const { coding, suffix } of CODINGS) {
        if (!present.has(f + suffix)) continue;
        const encoded = readFileSync(f + suffix);
        // A variant no smaller than the original is of no use (the build skips those too).
        if (encoded.length < bytes.length) entry.variants.push(variantOf(coding, f + suffix, encoded, statSync(f + suffix).mtimeMs));
      }
    }
    const rel = `/${relative(opts.clientDir, f).split(sep).join("/")}`;
    byPath.set(rel, entry);
    if (rel.endsWith("/index.html")) {
      const dirPath = rel.slice(0, -"index.html".length);
      byPath.set(dirPath, entry);
      if (dirPath !== "/") byPath.set(dirPath.slice(0, -1), entry);
    }
  }

  /** The live page filled now, with its identity variant; compressed variants made on demand. */
  async function liveState(live: NonNullable<StaticFile["live"]>): Promise<LiveState> {
    const filled = await (opts.live as (html: string) => Promise<string>)(live.source);
    if (live.state?.filled === filled) return live.state;
    const bytes = Buffer.from(filled);
    const state: LiveState = {
      filled,
      identity: { coding: "identity", file: "", size: bytes.length, mtimeMs: 0, etag: etagOf(bytes), body: bytes },
      encoded: new Map(),
    };
    live.state = state;
    return state;
  }

  function encodeLive(state: LiveState, coding: "br" | "gzip"): Promise<Variant> {
    let p = state.encoded.get(coding);
    if (!p) {
      const src = state.identity.body as Buffer;
      p = (
        coding === "br"
          ? brotli(src, {
              params: {
                [zlib.BROTLI_PARAM_QUALITY]: 5,
                [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
                [zlib.BROTLI_PARAM_SIZE_HINT]: src.length,
              },
            })
          : gzip(src, { level: 6 })
      ).then((body) => ({ coding, file: "", size: body.length, mtimeMs: 0, etag: etagOf(body), body }));
      state.encoded.set(coding, p);
    }
    return p;
  }

  return {
    /** Bytes read into memory at start (for the start-up log and tests). */
    heldBytes: () => heldBytes,

    /**
     * The file at a URL path (a directory's index.html at "/dir/" and "/dir"), or null.
     * Throws a 400 ApiError for a path that is not valid percent-encoding or holds a NUL.
     */
    find(urlPath: string): StaticFile | null {
      let decoded = urlPath;
      if (urlPath.includes("%")) {
        try {
          decoded = decodeURIComponent(urlPath);
        } catch {
          throw new ApiError(400, "invalid_request", "The path is not valid percent-encoding.");
        }
      }
      if (decoded.includes("\0")) throw new ApiError(400, "invalid_request", "The path contains a NUL byte.");
      // Only the files listed at start are ever served: no path leads outside the built site.
      return byPath.get(decoded) ?? null;
    },

    /**
     * Sends `file` with `status` (200, or 404 for the site's 404 page): the variant the client
     * accepts, or a 304 when its validators match. Straight onto Node's response when served by
     * @hono/node-server; as a Hono response otherwise (app.request() in tests).
     */
    // biome-ignore lint/suspicious/noExplicitAny: any site route's context, whatever its variables.
    async send(c: Context<any>, file: StaticFile, status: 200 | 404): Promise<Response> {
      let variants = file.variants;
      let state: LiveState | undefined;
      if (file.live) {
        state = await liveState(file.live);
        variants = [state.identity];
      }
      const available: Coding[] = file.live ? ["identity", "br", "gzip"] : variants.map((v) => v.coding);
      let coding = available.length > 1 ? chooseCoding(requestHeader(c, "accept-encoding"), available) : "identity";
      let variant = variants.find((v) => v.coding === coding) as Variant;
      if (!variant && state && coding !== "identity") {
        variant = await encodeLive(state, coding);
        // A page so small that compression does not shrink it goes as it is.
        if (variant.size >= state.identity.size) {
          variant = state.identity;
          coding = "identity";
        }
      }
      // A streamed file changed on disk since start (a rebuild under a running server): re-read it.
      if (!variant.body && variant.file) {
        const st = await stat(variant.file);
        if (st.size !== variant.size || st.mtimeMs !== variant.mtimeMs)
          Object.assign(variant, { size: st.size, mtimeMs: st.mtimeMs, etag: etagOf(readFileSync(variant.file)) });
      }

      const headers: Record<string, string> = {
        "content-type": file.type,
        "cache-control": cacheControlFor(c.req.path, status),
      };
      if (available.length > 1) headers.vary = "Accept-Encoding";
      if (coding !== "identity") headers["content-encoding"] = coding;
      let send = status as 200 | 304 | 404;
      if (status === 200) {
        headers.etag = variant.etag;
        if (file.lastModified) headers["last-modified"] = file.lastModified;
        const verdict = evaluate(
          {
            ifMatch: requestHeader(c, "if-match"),
            ifUnmodifiedSince: requestHeader(c, "if-unmodified-since"),
            ifNoneMatch: requestHeader(c, "if-none-match"),
            ifModifiedSince: requestHeader(c, "if-modified-since"),
          },
          variant.etag,
          file.lastModified ? file.mtimeSecs : undefined,
        );
        if (verdict === 412) throw new ApiError(412, "precondition_failed", "The file is not the one the request's precondition names.");
        send = verdict;
      }
      if (send === 304) {
        delete headers["content-type"];
        delete headers["content-encoding"];
      } else headers["content-length"] = String(variant.size);
      const head = c.req.method === "HEAD" || send === 304;

      // HEAD goes back through Hono, which answers it with the GET route's response minus the body
      // (and would write the head a second time after one written here).
      const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing as ServerResponse | undefined;
      if (!outgoing || outgoing.headersSent || c.req.method === "HEAD") {
        if (head) return c.body(null, send, headers);
        return c.body(new Uint8Array(variant.body ?? readFileSync(variant.file)), send as 200 | 404, headers);
      }
      outgoing.writeHead(send, headers);
      if (send === 304) outgoing.end();
      else if (variant.body) outgoing.end(variant.body);
      else {
        const stream = createReadStream(variant.file);
        stream.on("error", () => outgoing.destroy());
        stream.pipe(outgoing);
      }
      return RESPONSE_ALREADY_SENT;
    },
  };
}

export type StaticFiles = ReturnType<typeof staticFiles>;
