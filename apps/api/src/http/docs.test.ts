import { describe, expect, it } from "vitest";
import { docsRoutes, exampleOf, exampleRequest, exampleResponse, renderReference } from "./docs.ts";

// A small OpenAPI document shaped like the portal's: a staff operation comes first in the
// document, the public ones after it, and the schemas use $ref, examples and nesting.
const doc = {
  openapi: "3.1.0",
  info: { title: "Cyberspace Safety Portal API", version: "1.2.3", description: "Public API." },
  servers: [{ url: "/api/v1" }],
  paths: {
    "/staff/reports/{id}": {
      get: {
        tags: ["staff"],
        summary: "One report",
        security: [{ staffSession: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          200: { description: "The report", content: { "application/json": { schema: { $ref: "#/components/schemas/Report" } } } },
        },
      },
    },
    "/search": {
      get: {
        tags: ["Search"],
        summary: "Search everything",
        parameters: [
          { name: "q", in: "query", required: false, schema: { type: "string", example: "ma doc" } },
          { name: "page", in: "query", required: false, schema: { type: "integer", default: 1 } },
        ],
        responses: {
          200: {
            description: "Results",
            content: { "application/json": { schema: { type: "object", properties: { total: { type: "integer", example: 2 } } } } },
          },
          400: { description: "Bad parameter" },
        },
      },
    },
    "/url/check": {
      post: {
        tags: ["Link and file checks"],
        summary: "Check links",
        requestBody: {
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: { urls: { type: "array", items: { type: "string", example: "http://example.test/it's" } } },
              },
            },
          },
        },
        responses: {
          200: {
            description: "One result per link",
            content: { "application/json": { example: { results: [{ verdict: "phishing" }] }, schema: { type: "object" } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Report: {
        type: "object",
        properties: {
          id: { type: "string", example: "r_1" },
          status: { type: "string", enum: ["new", "triaging"] },
          createdAt: { type: "string", format: "date-time" },
          notes: { type: "array", items: { $ref: "#/components/schemas/Note" } },
        },
      },
      Note: { type: "object", properties: { text: { type: "string" } } },
    },
  },
};

const html = renderReference(doc, { origin: "https://portal.example" });
const ids = [...html.matchAll(/<section class="op" id="([^"]+)"/g)].map((m) => m[1]);

describe("renderReference", () => {
  it("lists public endpoints first and the staff endpoints last, whatever the document's order", () => {
    expect(ids).toEqual(["op-get-search", "op-post-url-check", "op-get-staff-reports-id"]);
    const headings = [...html.matchAll(/<h2 id="(tag-[^"]+)"/g)].map((m) => m[1]);
    expect(headings).toEqual(["tag-search", "tag-link-and-file-checks", "tag-staff"]);
  });

  it("has a table of contents whose every link leads to a section of the page, in the same order", () => {
    const toc = html.slice(html.indexOf('<nav class="toc"'), html.indexOf("</nav>", html.indexOf('<nav class="toc"')));
    const targets = [...toc.matchAll(/href="#([^"]+)"/g)].map((m) => m[1] as string);
    expect(targets.filter((t) => t.startsWith("op-"))).toEqual(ids);
    for (const t of targets) expect(html, t).toContain(`id="${t}"`);
  });

  it("shows an example request and an example answer for every operation", () => {
    expect(html.match(/<h4>Example request<\/h4>/g)).toHaveLength(3);
    expect(html.match(/<h4>Example answer/g)).toHaveLength(3);
    // From the parameter's example, with the portal's address and the server's base path.
    expect(html).toContain("curl &#39;https://portal.example/api/v1/search?q=ma+doc&#39;");
    // The staff call sends the session cookie (the __Host- name over TLS).
    expect(html).toContain("-b &#39;__Host-portal_session=YOUR_SESSION&#39;");
    // The media type's own example is shown as it is.
    expect(html).toContain("&quot;verdict&quot;: &quot;phishing&quot;");
  });

  it("carries the portal's header with links home in both languages, and no inline style or script", () => {
    expect(html).toContain('<a href="/" hreflang="vi" lang="vi">');
    expect(html).toContain('<a href="/en/" hreflang="en">');
    expect(html).toContain('<link rel="stylesheet" href="/api/v1/docs.css">');
    expect(html).not.toMatch(/<script|<style|\sstyle=/);
    // Every code block can be scrolled by keyboard.
    expect(html.match(/<pre(?![^>]*tabindex="0")/g)).toBeNull();
  });
});

describe("examples", () => {
  it("builds a request body from the schema's examples, quoted safely for the shell", () => {
    const curl = exampleRequest(doc, "http://127.0.0.1:8080", "/api/v1", "post", "/url/check", doc.paths["/url/check"].post);
    expect(curl).toBe(
      "curl \\\n  -X POST \\\n  -H 'content-type: application/json' \\\n  --data '{\"urls\":[\"http://example.test/it'\\''s\"]}' 'http://127.0.0.1:8080/api/v1/url/check'",
    );
  });

  it("fills path parameters and sends the plain session cookie over HTTP", () => {
    const curl = exampleRequest(
      doc,
      "http://127.0.0.1:8080",
      "/api/v1",
      "get",
      "/staff/reports/{id}",
      doc.paths["/staff/reports/{id}"].get,
    );
    expect(curl).toContain("-b 'portal_session=YOUR_SESSION'");
    expect(curl).toContain("'http://127.0.0.1:8080/api/v1/staff/reports/ID'");
  });

  it("generates a short skeleton from a referenced schema when the response has no example", () => {
    expect(exampleOf(doc, { $ref: "#/components/schemas/Report" })).toEqual({
      id: "r_1",
      status: "new",
      createdAt: "2026-01-01T00:00:00.000Z",
      notes: [{ text: "string" }],
    });
    expect(exampleResponse(doc, doc.paths["/search"].get)).toEqual({ status: "200", type: "application/json", text: '{\n  "total": 2\n}' });
  });
});

describe("GET /docs", () => {
  it("serves the page with examples addressed to the origin it was reached at, and its stylesheet", async () => {
    const app = docsRoutes(() => doc);
    const page = await (await app.request("http://portal.test/docs")).text();
    expect(page).toContain("http://portal.test/api/v1/search?q=ma+doc");
    const css = await app.request("http://portal.test/docs.css");
    expect(css.headers.get("content-type")).toContain("text/css");
    // Nothing may widen a phone's page: code scrolls inside itself.
    expect(await css.text()).toMatch(/pre\{[^}]*overflow:auto/);
  });
});
