// The API reference at /api/v1/docs: one HTML page rendered on the server from the OpenAPI
// document, with its stylesheet at /api/v1/docs.css. No scripts and no inline styles (the site's
// CSP allows neither), no CDN. Public endpoints come first, the staff console's last; every
// operation shows a request to copy and the shape of its answer.
import { Hono } from "hono";
import type { AppEnv } from "../deps.ts";
import { sendJson } from "./send.ts";

type Json = Record<string, unknown>;

const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string);

/** The tag of the staff console's endpoints: listed last, after everything the public may call. */
export const STAFF_TAG = "staff";

// The site's header colours and brand (apps/web/src/styles/global.css), so the reference reads as
// part of the portal. Phone first: nothing may be wider than the screen; code scrolls inside itself.
const CSS = `
:root{color-scheme:light;--ink:#1b1f24;--muted:#4a5560;--line:#cfd8e0;--tint:#f3f6f9;--brand:#0b3a6e;--brand-dark:#072a50;--link:#0b4f9c;--accent:#c8102e;--focus:#ffbf47}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;line-height:1.55;color:var(--ink);background:#fff}
a{color:var(--link)}
a:focus-visible,pre:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.wrap{max-width:64rem;margin:0 auto;padding:0 1.25rem}
.skip-link{position:absolute;left:1rem;top:-4rem;background:var(--focus);color:var(--ink);padding:.75rem 1rem;font-weight:700;z-index:10}
.skip-link:focus{top:1rem}
.site-header{background:var(--brand);color:#fff;border-bottom:4px solid var(--accent)}
.header-top{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.75rem 1.5rem;padding-top:.75rem;padding-bottom:.75rem}
.brand{display:flex;align-items:center;gap:.75rem;color:#fff;text-decoration:none}
.brand-text{display:flex;flex-direction:column}
.brand-name{font-weight:700;font-size:1.15rem;line-height:1.2}
.brand-sub{font-size:.9rem}
.home-links{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:0;padding:0;list-style:none}
.home-links a{color:#fff;font-weight:600}
.site-header a:focus-visible{outline-color:var(--focus)}
/* main.wrap: after .wrap, whose padding shorthand would otherwise win (as in the site's global.css). */
main.wrap{padding-top:1.5rem;padding-bottom:4rem}
main:focus{outline:none}
h1{font-size:clamp(1.5rem,5vw,2.1rem);line-height:1.2;margin:.25rem 0 .5rem}
h1 small{font-size:.6em;font-weight:600;color:var(--muted)}
h2{font-size:1.4rem;margin:2.5rem 0 .75rem;border-bottom:2px solid var(--line);padding-bottom:.25rem}
h3{font-size:1.05rem;margin:0}
h4{font-size:1rem;margin:1.1rem 0 .35rem}
p,li{max-width:46rem;overflow-wrap:anywhere}
.toc{border-left:4px solid var(--brand);padding:.25rem 0 .25rem 1rem;margin:1.5rem 0}
.toc h2{border:0;margin:0 0 .5rem;font-size:1.1rem;padding:0}
.toc ol{margin:0;padding-left:1.25rem}
.toc ol ol{padding-left:1rem;margin:.2rem 0 .5rem;font-size:.95rem}
.toc code{overflow-wrap:anywhere}
.toc-summary{color:var(--muted);font-size:.9rem}
/* WCAG 2.2 target size (2.5.8): every link in the long list at least 24 px high. */
.toc a{display:inline-block;min-height:1.75rem;padding:.2rem 0}
.op{border:1px solid var(--line);border-radius:6px;padding:.9rem 1rem 1rem;margin:1.25rem 0}
.op-head{display:flex;flex-wrap:wrap;gap:.25rem .6rem;align-items:baseline}
.op-path{overflow-wrap:anywhere}
.op-summary{font-weight:400;color:var(--ink);flex-basis:100%}
.m{font:700 .8rem ui-monospace,SFMono-Regular,Menlo,monospace;padding:.1rem .45rem;border-radius:4px;background:#e7edf3;color:#12324f}
.m-post,.m-patch,.m-put{background:#e6f2ea;color:#14502a}
.m-delete{background:#fbe9ea;color:#8c1218}
.tag-note{color:var(--muted)}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.88rem}
pre{background:var(--tint);border:1px solid var(--line);padding:.75rem;overflow:auto;border-radius:4px;max-width:100%;max-height:28rem;margin:.25rem 0 .5rem}
.table-wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;border-bottom:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;overflow-wrap:anywhere}
@media (max-width:40rem){.wrap{padding-left:1rem;padding-right:1rem}.op{padding:.75rem}th,td{padding:.3rem .35rem}}
`;

/**
 * A block of code that may be wider than the screen: it scrolls inside itself, and can be reached
 * by keyboard to scroll it (WCAG 2.1.1; axe scrollable-region-focusable).
 */
const codeBlock = (text: string) => `<pre tabindex="0"><code>${esc(text)}</code></pre>`;

/** "GET /search" → "op-get-search": a fragment id of letters, digits and hyphens only. */
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

function resolve(doc: Json, schema: unknown): Json {
  let s = (schema ?? {}) as Json;
  for (let i = 0; i < 10 && typeof s.$ref === "string"; i++) {
    const parts = (s.$ref as string).replace(/^#\//, "").split("/");
    s = (parts.reduce<unknown>((o, k) => (o as Json | undefined)?.[k], doc) ?? {}) as Json;
  }
  return s;
}

/**
 * An example value for a schema: its own `example` (or first of `examples`) where it has one,
 * otherwise a short skeleton built from its properties — one item per array, a type's plain
 * placeholder, at most a few levels deep so an answer stays readable.
 */
export function exampleOf(doc: Json, schema: unknown, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (s.default !== undefined) return s.default;
  for (const key of ["oneOf", "anyOf"] as const) {
    const options = s[key] as unknown[] | undefined;
    const first = options?.find((o) => resolve(doc, o).type !== "null");
    if (first) return exampleOf(doc, first, depth);
  }
  if (Array.isArray(s.allOf)) {
    return Object.assign({}, ...(s.allOf as unknown[]).map((part) => exampleOf(doc, part, depth) as object));
  }
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== "null") : (s.type as string | undefined);
  if (type === "object" || s.properties) {
    if (depth >= 4) return {};
    const props = (s.properties ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, exampleOf(doc, v, depth + 1)]));
  }
  if (type === "array") return depth >= 5 ? [] : [exampleOf(doc, s.items, depth + 1)];
  if (type === "integer" || type === "number") return typeof s.minimum === "number" ? s.minimum : 0;
  if (type === "boolean") return false;
  if (type === "string") {
    if (s.format === "date-time") return "2026-01-01T00:00:00.000Z";
    if (s.format === "date") return "2026-01-01";
    if (s.format === "email") return "name@example.com";
    if (s.format === "uri" || s.format === "url") return "https://example.com/";
    if (s.format === "binary") return "<file>";
    return "string";
  }
  return null;
}

/** Quoted for a POSIX shell: single quotes, with any single quote closed, escaped and reopened. */
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface Param {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  example?: unknown;
  schema?: Json;
}

const paramExample = (doc: Json, p: Param): unknown => {
  if (p.example !== undefined) return p.example;
  const s = resolve(doc, p.schema);
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  return undefined;
};

/**
 * A curl line for an operation: the path with its parameters filled from their examples, the query
 * parameters that are required or have an example, and a JSON (or form) body built from the
 * request schema's examples. Staff operations send the session cookie.
 */
export function exampleRequest(doc: Json, origin: string, base: string, method: string, path: string, op: Json): string {
  const params = (op.parameters as Param[] | undefined) ?? [];
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const p = params.find((x) => x.in === "path" && x.name === name);
    const v = p ? paramExample(doc, p) : undefined;
    return encodeURIComponent(String(v ?? name.toUpperCase()));
  });
  const query = new URLSearchParams();
  for (const p of params.filter((x) => x.in === "query")) {
    const v = paramExample(doc, p);
    if (v !== undefined) query.set(p.name, String(v));
    else if (p.required) query.set(p.name, String(exampleOf(doc, p.schema)));
  }
  const url = `${origin}${base}${filled}${query.size ? `?${query}` : ""}`;
  const parts = ["curl"];
  if (method !== "get") parts.push("-X", method.toUpperCase());
  for (const p of params.filter((x) => x.in === "header")) {
    const v = paramExample(doc, p);
    if (v !== undefined || p.required) parts.push("-H", sh(`${p.name}: ${String(v ?? exampleOf(doc, p.schema))}`));
  }
  if ((op.security as unknown[] | undefined)?.length) {
    // The cookie's __Host- prefix is used only over TLS (RFC 6265bis §4.1.3.2).
    const cookie = origin.startsWith("https:") ? "__Host-portal_session" : "portal_session";
    parts.push("-b", sh(`${cookie}=YOUR_SESSION`));
  }
  const content = ((op.requestBody as Json | undefined)?.content ?? {}) as Record<string, Json>;
  if (content["application/json"]) {
    const body = content["application/json"].example ?? exampleOf(doc, content["application/json"].schema);
    parts.push("-H", sh("content-type: application/json"), "--data", sh(JSON.stringify(body)));
  } else if (content["multipart/form-data"]) {
    const body = exampleOf(doc, content["multipart/form-data"].schema) as Json;
    for (const [k, v] of Object.entries(body ?? {}))
      parts.push("-F", sh(`${k}=${v === "<file>" ? "@file.jpg" : typeof v === "object" ? JSON.stringify(v) : String(v)}`));
  } else {
    const [type, c] = Object.entries(content)[0] ?? [];
    if (type) parts.push("-H", sh(`content-type: ${type}`), "--data", sh(String(exampleOf(doc, c?.schema) ?? "")));
  }
  parts.push(sh(url));
  // One option a line: short lines read (and wrap) better on a phone.
  return parts.reduce((out, part, i) => (i === 0 ? part : part.startsWith("-") ? `${out} \\\n  ${part}` : `${out} ${part}`), "");
}

/**
 * The answer to show for an operation: the first success status with a body, its media type, and
 * its example (the media type's own, else one built from the schema).
 */
export function exampleResponse(doc: Json, op: Json): { status: string; type: string; text: string } | null {
  const responses = (op.responses ?? {}) as Record<string, Json>;
  const entry = Object.entries(responses).find(([status, r]) => /^2/.test(status) && r.content);
  if (!entry) {
    const empty = Object.keys(responses).find((status) => /^2/.test(status));
    return empty ? { status: empty, type: "", text: "" } : null;
  }
  const [status, r] = entry;
  const [type, c] = Object.entries(r.content as Record<string, Json>)[0] as [string, Json];
  const examples = c.examples as Record<string, Json> | undefined;
  const value = c.example ?? Object.values(examples ?? {})[0]?.value ?? exampleOf(doc, c.schema);
  const text = typeof value === "string" && !type.includes("json") ? value : JSON.stringify(value, null, 2);
  return { status, type, text };
}

interface Op {
  method: string;
  path: string;
  op: Json;
  id: string;
}

/** Operations grouped by their first tag, in the document's order, the staff tag's group last. */
function groups(doc: Json): { tag: string; id: string; ops: Op[] }[] {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  const byTag = new Map<string, Op[]>();
  const used = new Set<string>();
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!["get", "post", "put", "patch", "delete", "head", "options"].includes(method)) continue;
      const tag = (op.tags as string[] | undefined)?.[0] ?? "Other";
      let id = `op-${slug(`${method} ${path}`)}`;
      for (let n = 2; used.has(id); n++) id = `op-${slug(`${method} ${path}`)}-${n}`;
      used.add(id);
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op, id }]);
    }
  }
  const isStaff = (tag: string) => tag.toLowerCase() === STAFF_TAG;
  return [...byTag.entries()]
    .sort(([a], [b]) => Number(isStaff(a)) - Number(isStaff(b)))
    .map(([tag, ops]) => ({ tag, id: `tag-${slug(tag) || "other"}`, ops }));
}

function renderOp(doc: Json, origin: string, base: string, { method, path, op, id }: Op): string {
  const params = (op.parameters as Param[] | undefined) ?? [];
  const responses = (op.responses ?? {}) as Record<string, Json>;
  const answer = exampleResponse(doc, op);
  return `<section class="op" id="${id}">
<h3 class="op-head"><span class="m m-${esc(method)}">${esc(method.toUpperCase())}</span> <code class="op-path">${esc(path)}</code> <span class="op-summary">${esc(op.summary)}</span></h3>
${op.description ? `<p>${esc(op.description)}</p>` : ""}
${
  params.length
    ? `<h4>Parameters</h4><div class="table-wrap"><table><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead><tbody>${params
        .map((p) => {
          const description = p.description ?? (resolve(doc, p.schema).description as string | undefined);
          return `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? "yes" : "no"}</td><td>${esc(description)}</td></tr>`;
        })
        .join("")}</tbody></table></div>`
    : ""
}
<h4>Example request</h4>
${codeBlock(exampleRequest(doc, origin, base, method, path, op))}
${
  answer
    ? `<h4>Example answer <span class="tag-note">(${esc(answer.status)}${answer.type ? `, <code>${esc(answer.type)}</code>` : ", no body"})</span></h4>${answer.text ? codeBlock(answer.text) : ""}`
    : ""
}
<h4>Responses</h4><div class="table-wrap"><table><thead><tr><th scope="col">Status</th><th scope="col">Meaning</th></tr></thead><tbody>${Object.entries(
    responses,
  )
    .map(([status, r]) => `<tr><td><code>${esc(status)}</code></td><td>${esc(r.description)}</td></tr>`)
    .join("")}</tbody></table></div>
</section>`;
}

/**
 * A readable API reference rendered on the server from the OpenAPI document. `origin` is where
 * the example requests are sent (the portal's address as the reader reached it).
 */
export function renderReference(doc: Json, opts: { origin?: string } = {}): string {
  const info = (doc.info ?? {}) as Json;
  const origin = (opts.origin ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
  const base = String(((doc.servers as Json[] | undefined)?.[0]?.url as string | undefined) ?? "").replace(/\/+$/, "");
  const tagged = groups(doc);
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, unknown>;
  const toc = `<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Contents</h2><ol>${tagged
    .map(
      (g) =>
        `<li><a href="#${g.id}">${esc(g.tag)}</a>${g.tag.toLowerCase() === STAFF_TAG ? ` <span class="tag-note">(staff console, signed-in staff only)</span>` : ""}<ol>${g.ops
          .map(
            (o) =>
              `<li><a href="#${o.id}"><code>${esc(o.method.toUpperCase())} ${esc(o.path)}</code></a> <span class="toc-summary">${esc(o.op.summary)}</span></li>`,
          )
          .join("")}</ol></li>`,
    )
    .join("")}${Object.keys(schemas).length ? `<li><a href="#schemas">Schemas</a></li>` : ""}</ol></nav>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)} — API reference</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/api/v1/docs.css"></head>
<body><a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><div class="wrap header-top">
<a class="brand" href="/en/"><svg viewBox="0 0 32 32" width="40" height="40" aria-hidden="true" focusable="false"><path d="M16 2 4 6.5v8.2c0 7.4 5.1 13.2 12 15.3 6.9-2.1 12-7.9 12-15.3V6.5L16 2Z" fill="#ffffff"/><path d="M16 5.2 7 8.6v6.1c0 5.7 3.8 10.3 9 12.1 5.2-1.8 9-6.4 9-12.1V8.6l-9-3.4Z" fill="#c8102e"/><path d="m16 9.5 1.5 4.6h4.8l-3.9 2.8 1.5 4.6-3.9-2.8-3.9 2.8 1.5-4.6-3.9-2.8h4.8L16 9.5Z" fill="#ffcd00"/></svg>
<span class="brand-text"><span class="brand-name">Cyberspace Safety Portal</span><span class="brand-sub" lang="vi">Cổng An toàn không gian mạng</span></span></a>
<nav aria-label="Portal home"><ul class="home-links"><li><a href="/" hreflang="vi" lang="vi">Trang chủ (Tiếng Việt)</a></li><li><a href="/en/" hreflang="en">Home (English)</a></li></ul></nav>
</div></header>
<main id="main" tabindex="-1" class="wrap">
<h1>${esc(info.title)} <small>v${esc(info.version)}</small></h1>
<p>${esc(info.description)}</p>
<p>Machine-readable description: <a href="${esc(`${base}/openapi.json`)}"><code>${esc(`${base}/openapi.json`)}</code></a> (OpenAPI ${esc(doc.openapi)}). Public endpoints are listed first; the staff console's endpoints, which need a signed-in staff session, come last.</p>
${toc}
${tagged
  .map(
    (g) =>
      `<section><h2 id="${g.id}">${esc(g.tag)}${g.tag.toLowerCase() === STAFF_TAG ? ` <span class="tag-note">(staff only)</span>` : ""}</h2>\n${g.ops
        .map((o) => renderOp(doc, origin, base, o))
        .join("\n")}</section>`,
  )
  .join("\n")}
${
  Object.keys(schemas).length
    ? `<section><h2 id="schemas">Schemas</h2>${Object.entries(schemas)
        .map(([name, s]) => `<h3 id="schema-${esc(slug(name))}">${esc(name)}</h3>${codeBlock(JSON.stringify(s, null, 2))}`)
        .join("\n")}</section>`
    : ""
}
</main></body></html>`;
}

export function docsRoutes(getDocument: () => object) {
  // Rendered once per origin the page is reached at (its examples name it), for a few origins;
  // any other Host is rendered without being kept, so a stream of made-up Hosts costs no memory.
  const pages = new Map<string, string>();
  return new Hono<AppEnv>()
    .get("/openapi.json", (c) => sendJson(c, getDocument()))
    .get("/docs", (c) => {
      const origin = new URL(c.req.url).origin;
      let html = pages.get(origin);
      if (!html) {
        html = renderReference(getDocument() as Json, { origin });
        if (pages.size < 4) pages.set(origin, html);
      }
      return c.html(html);
    })
    .get("/docs.css", (c) => c.body(CSS, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=3600" }));
}
