import { Hono } from "hono";
import type { AppEnv } from "../deps.ts";
import { sendJson } from "./send.ts";

type Json = Record<string, unknown>;

const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string);

const CSS = `
:root{color-scheme:light;font-family:system-ui,"Segoe UI",Roboto,"Noto Sans",sans-serif;line-height:1.5;color:#1b1f24;background:#fff}
body{max-width:60rem;margin:0 auto;padding:1rem 1.25rem 4rem}
a{color:#0b4f9c}a:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
h1{font-size:1.8rem;margin-bottom:.25rem}h2{margin-top:2.5rem;border-bottom:2px solid #d0d7de;padding-bottom:.25rem}
.op{border:1px solid #d0d7de;border-radius:6px;padding:0 1rem 1rem;margin:1.25rem 0}
.op h3{display:flex;gap:.75rem;align-items:baseline;flex-wrap:wrap;font-size:1.05rem}
.m{font:700 .85rem ui-monospace,monospace;padding:.1rem .5rem;border-radius:4px;background:#e7edf3;color:#12324f}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9rem}
pre{background:#f4f6f8;padding:.75rem;overflow:auto;border-radius:4px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;border-bottom:1px solid #d0d7de;padding:.35rem .5rem;vertical-align:top}
`;

function renderSchema(schema: unknown): string {
  // tabindex: a scrollable block must be reachable by keyboard (WCAG 2.1.1; axe scrollable-region-focusable).
  return `<pre tabindex="0">${esc(JSON.stringify(schema, null, 2))}</pre>`;
}

/** A readable API reference rendered on the server from the OpenAPI document: no scripts, no CDN. */
export function renderReference(doc: Json): string {
  const info = (doc.info ?? {}) as Json;
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = ((op.tags as string[] | undefined)?.[0] ?? "Other") as string;
      const params = (op.parameters as Json[] | undefined) ?? [];
      const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
      const responses = (op.responses ?? {}) as Record<string, Json>;
      const html = `<section class="op" id="${esc(`${method}-${path}`)}">
<h3><span class="m">${esc(method.toUpperCase())}</span><code>${esc(path)}</code> <span>${esc(op.summary)}</span></h3>
${op.description ? `<p>${esc(op.description)}</p>` : ""}
${
  params.length
    ? `<h4>Parameters</h4><table><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead><tbody>${params
        .map(
          (p) =>
            `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? "yes" : "no"}</td><td>${esc(p.description)}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : ""
}
${
  body
    ? `<h4>Request body</h4>${Object.entries(body)
        .map(([type, content]) => `<p><code>${esc(type)}</code></p>${renderSchema(content.schema)}`)
        .join("")}`
    : ""
}
<h4>Responses</h4><table><thead><tr><th scope="col">Status</th><th scope="col">Meaning</th></tr></thead><tbody>${Object.entries(responses)
        .map(([status, r]) => `<tr><td><code>${esc(status)}</code></td><td>${esc(r.description)}</td></tr>`)
        .join("")}</tbody></table>
</section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, unknown>;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)} — API reference</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/api/v1/docs.css"></head>
<body><header><p><a href="/">Cổng thông tin An toàn không gian mạng</a> · <a href="/en/">English site</a></p>
<h1>${esc(info.title)} <small>v${esc(info.version)}</small></h1>
<p>${esc(info.description)}</p>
<p>Machine-readable description: <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a> (OpenAPI ${esc(doc.openapi)}).</p></header>
<main>${[...byTag.entries()].map(([tag, ops]) => `<h2 id="${esc(tag)}">${esc(tag)}</h2>${ops.join("\n")}`).join("\n")}
<h2 id="schemas">Schemas</h2>${Object.entries(schemas)
    .map(([name, s]) => `<h3 id="schema-${esc(name)}">${esc(name)}</h3>${renderSchema(s)}`)
    .join("\n")}
</main></body></html>`;
}

export function docsRoutes(getDocument: () => object) {
  let html: string | undefined;
  return new Hono<AppEnv>()
    .get("/openapi.json", (c) => sendJson(c, getDocument()))
    .get("/docs", (c) => {
      html ??= renderReference(getDocument() as Json);
      return c.html(html);
    })
    .get("/docs.css", (c) => c.body(CSS, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=3600" }));
}
