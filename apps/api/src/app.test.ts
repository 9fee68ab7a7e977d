import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { listMigrations } from "@portal/db";
import { startMeilisearch } from "@portal/meili";
import { createSearchClient } from "@portal/search";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "./app.ts";
import { makeTestDeps, type TestDeps } from "./testing/deps.ts";

let deps: TestDeps;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  app = createApp(deps);
});
afterAll(() => deps.cleanup());

const expectErrorShape = async (res: Response, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  return body;
};

const cspReport = (blocked: string, page = "http://127.0.0.1:8080/en/about/?email=someone@example.com") =>
  JSON.stringify({ "csp-report": { "document-uri": page, "effective-directive": "script-src-elem", "blocked-uri": blocked } });

describe("GET /api/v1/health", () => {
  it("is ok when the database and Meilisearch both answer", async () => {
    const res = await app.request("/api/v1/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body).toMatchObject({
      status: "ok",
      db: { status: "ok", schemaVersion: listMigrations().at(-1)?.version },
      search: { status: "ok", version: "1.21.0" },
    });
  });

  it("says search is down, without dying, when Meilisearch is killed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "portal-kill-"));
    const meili = await startMeilisearch({ dataDir: dir });
    const own = createApp({ ...deps, search: createSearchClient({ url: meili.url, masterKey: meili.masterKey }) });
    try {
      expect((await (await own.request("/api/v1/health")).json()).search.status).toBe("ok");
      meili.child.kill("SIGKILL");
      await new Promise((r) => meili.child.once("exit", r));
      const res = await own.request("/api/v1/health");
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "degraded", db: { status: "ok" }, search: { status: "down" } });
    } finally {
      await meili.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers 503 'down' when the database is unreachable", async () => {
    const broken = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
    broken.db.close();
    const res = await createApp(broken).request("/api/v1/health");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "down", db: { status: "down" } });
    broken.cleanup();
  });
});

describe("the one JSON error shape", () => {
  it("answers 404 for an unknown API route", async () => {
    await expectErrorShape(await app.request("/api/v1/no-such-thing"), 404, "not_found");
    await expectErrorShape(await app.request("/api/v2/health"), 404, "not_found");
  });

  it("answers 404 JSON for a site path when no site is mounted", async () => {
    await expectErrorShape(await app.request("/gioi-thieu/"), 404, "not_found");
  });

  it("answers 415 for a content type the endpoint does not take", async () => {
    const res = await app.request("/api/v1/csp-reports", { method: "POST", body: "hello", headers: { "content-type": "text/plain" } });
    await expectErrorShape(res, 415, "unsupported_media_type");
  });

  it("answers 400 for malformed JSON", async () => {
    const res = await app.request("/api/v1/csp-reports", {
      method: "POST",
      body: '{"csp-report": {',
      headers: { "content-type": "application/csp-report" },
    });
    await expectErrorShape(res, 400, "malformed_json");
  });

  it("answers 400 with details for JSON that is not a report", async () => {
    const res = await app.request("/api/v1/csp-reports", {
      method: "POST",
      body: '{"hello":1}',
      headers: { "content-type": "application/json" },
    });
    const body = await expectErrorShape(res, 400, "invalid_request");
    expect(body).toHaveProperty("error.details");
  });

  it("answers 413 over an endpoint's body limit and over the API-wide limit", async () => {
    const big = JSON.stringify({ "csp-report": { "blocked-uri": "x".repeat(20_000) } });
    await expectErrorShape(
      await app.request("/api/v1/csp-reports", { method: "POST", body: big, headers: { "content-type": "application/csp-report" } }),
      413,
      "payload_too_large",
    );
    const huge = "x".repeat(2 * 1024 * 1024);
    await expectErrorShape(
      await app.request("/api/v1/csp-reports", { method: "POST", body: huge, headers: { "content-type": "application/json" } }),
      413,
      "payload_too_large",
    );
  });

  it("answers a generic 500 with a reference, never internals, when something breaks inside", async () => {
    const broken = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
    broken.db.close();
    const res = await createApp(broken).request("/api/v1/csp-reports", {
      method: "POST",
      body: cspReport("https://evil.example/x.js"),
      headers: { "content-type": "application/csp-report" },
    });
    const body = await expectErrorShape(res, 500, "internal_error");
    const requestId = res.headers.get("x-request-id");
    expect(body.error.message).toContain(requestId);
    expect(JSON.stringify(body)).not.toMatch(/closed|libsql|sqlite/i);
    expect(broken.logs.some((l) => l.msg === "unhandled error" && l.requestId === requestId)).toBe(true);
    broken.cleanup();
  });
});

describe("POST /api/v1/csp-reports", () => {
  it("keeps only directive, blocked origin and page path, counting repeats", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await app.request("/api/v1/csp-reports", {
        method: "POST",
        body: cspReport("https://evil.example/steal.js?token=secret"),
        headers: { "content-type": "application/csp-report" },
      });
      expect(res.status).toBe(204);
    }
    const modern = JSON.stringify([
      {
        type: "csp-violation",
        body: { documentURL: "http://x/trang-thai/?q=1", effectiveDirective: "style-src-elem", blockedURL: "inline" },
      },
      { type: "deprecation", body: {} },
    ]);
    const res = await app.request("/api/v1/csp-reports", {
      method: "POST",
      body: modern,
      headers: { "content-type": "application/reports+json" },
    });
    expect(res.status).toBe(204);
    const rows = await deps.db.client.execute("SELECT directive, blocked, page, count FROM csp_reports ORDER BY directive");
    expect(rows.rows.map((r) => ({ ...r }))).toEqual([
      { directive: "script-src-elem", blocked: "https://evil.example", page: "/en/about/", count: 2 },
      { directive: "style-src-elem", blocked: "inline", page: "/trang-thai/", count: 1 },
    ]);
  });
});

describe("security and privacy", () => {
  it("sends a strict CSP and the other security headers, and HSTS only behind TLS", async () => {
    const res = await app.request("/api/v1/health");
    // JSON loads nothing: the API's policy allows nothing at all.
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect((await app.request("/api/v1/no-such-thing")).headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    // The HTML reference page and the site get the site policy.
    const csp = (await app.request("/api/v1/docs")).headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    // API answers carry the OWASP REST set; the document-only headers go with pages.
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBeNull();
    expect((await app.request("/api/v1/docs")).headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // A route that may be cached says so, and its Cache-Control wins over the API default.
    expect((await app.request("/api/v1/breaches")).headers.get("cache-control")).toBe("public, max-age=300");
    expect(res.headers.get("strict-transport-security")).toBeNull();
    expect((await app.request("https://portal.example/api/v1/health")).headers.get("strict-transport-security")).toMatch(/max-age=\d+/);

    const proxied = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey"), env: { TRUST_PROXY: "true" } });
    const behindProxy = await createApp(proxied).request("/api/v1/health", { headers: { "x-forwarded-proto": "https" } });
    expect(behindProxy.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    const notTrusted = await app.request("/api/v1/health", { headers: { "x-forwarded-proto": "https" } });
    expect(notTrusted.headers.get("strict-transport-security")).toBeNull();
    proxied.cleanup();
  });

  it("sends the same headers over Node's HTTP server as under app.request()", async () => {
    // edge.ts puts them on Node's response when there is one, through Hono otherwise.
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
    await new Promise((r) => server.once("listening", r));
    const { port } = server.address() as AddressInfo;
    const names = [
      "content-security-policy",
      "x-content-type-options",
      "x-frame-options",
      "cache-control",
      "referrer-policy",
      "content-type",
    ];
    try {
      for (const path of ["/api/v1/health", "/api/v1/no-such-thing", "/api/v1/docs", "/api/v1/breaches", "/api/v1/url/check?url=%00"]) {
        const viaNode = await fetch(`http://127.0.0.1:${port}${path}`);
        const inProcess = await app.request(path);
        expect(viaNode.status, path).toBe(inProcess.status);
        for (const n of names) expect(viaNode.headers.get(n), `${path} ${n}`).toBe(inProcess.headers.get(n));
        expect(viaNode.headers.get("x-request-id"), path).toMatch(/^[\w-]{8,}$/);
        await viaNode.arrayBuffer();
      }
      const given = await fetch(`http://127.0.0.1:${port}/api/v1/health`, { headers: { "x-request-id": "client-id-123" } });
      expect(given.headers.get("x-request-id")).toBe("client-id-123");
      await given.arrayBuffer();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("logs each request with an id and the path, never the query string", async () => {
    deps.logs.length = 0;
    const res = await app.request("/api/v1/health?email=citizen%40example.vn&url=https://bank.example");
    const id = res.headers.get("x-request-id");
    expect(id).toBeTruthy();
    const line = deps.logs.find((l) => l.msg === "request");
    expect(line).toMatchObject({ requestId: id, method: "GET", path: "/api/v1/health", status: 200 });
    expect(JSON.stringify(deps.logs)).not.toMatch(/citizen|bank\.example|email/);
  });
});

describe("OpenAPI description and reference", () => {
  it("serves an OpenAPI 3.1 document that lists every endpoint and the error schema", async () => {
    const doc = await (await app.request("/api/v1/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/health", "/csp-reports"]));
    expect(doc.components.schemas).toHaveProperty("Error");
    expect(doc.paths["/csp-reports"].post.responses).toHaveProperty("415");
  });

  it("renders a readable reference page without scripts", async () => {
    const res = await app.request("/api/v1/docs");
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<code[^>]*>\/health<\/code>/);
    expect(html).toContain("Receive Content-Security-Policy violation reports");
    expect(html).not.toContain("<script");
  });
});

describe("kept-alive connections after an answer that left the body unread", () => {
  it("says Connection: close, so the client's next request on the connection is answered, not reset", async () => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
    await new Promise((r) => server.once("listening", r));
    const { port } = server.address() as AddressInfo;
    // One connection, reused: what a browser or an HTTP client library does.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, headers: Record<string, string>, body?: Buffer) =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, method, path, agent, headers }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        });
        req.on("error", reject);
        req.end(body);
      });
    const json = { "content-type": "application/json" };
    try {
      for (const [status, method, path, headers, size] of [
        [413, "POST", "/api/v1/url/check", json, 1_100_000], // over the API's 1 MB ceiling
        [403, "POST", "/api/v1/staff/users", json, 500_000], // cross-site: refused before the body is read
        [401, "POST", "/api/v1/staff/users", { ...json, "sec-fetch-site": "same-origin" }, 500_000],
        [405, "PUT", "/api/v1/url/check", json, 500_000],
      ] as const) {
        const refused = await send(method, path, headers, Buffer.alloc(size, "a"));
        expect(refused, `${method} ${path}`).toEqual({ status, connection: "close" });
        const next = await send("GET", "/api/v1/health", {});
        expect(next.status, `the request after ${method} ${path}`).toBe(200);
      }
      // A body that was read keeps the connection.
      const ok = await send("POST", "/api/v1/url/check", json, Buffer.from(JSON.stringify({ urls: ["https://example.vn/"] })));
      expect(ok).toEqual({ status: 200, connection: "keep-alive" });
    } finally {
      agent.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("methods and cross-origin use of the public API", () => {
  it("answers a known path called with the wrong method with 405 and Allow, and an unknown path with 404", async () => {
    const wrong = await app.request("/api/v1/url/check", { method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect(await wrong.json()).toMatchObject({ error: { code: "method_not_allowed" } });
    const param = await app.request("/api/v1/hash/d41d8cd98f00b204e9800998ecf8427e", { method: "POST" });
    expect(param.status).toBe(405);
    expect(param.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect((await app.request("/api/v1/no-such-thing", { method: "DELETE" })).status).toBe(404);
  });

  it("answers a CORS preflight for a public lookup, and lets any origin read its answers, errors and 429s included", async () => {
    const pre = await app.request("/api/v1/url/check", {
      method: "OPTIONS",
      headers: {
        origin: "https://bank.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-methods")).toContain("POST");
    expect(pre.headers.get("access-control-allow-headers")).toMatch(/Content-Type/);
    expect(pre.headers.get("access-control-allow-credentials")).toBeNull();
    for (const path of [
      "/api/v1/url/check?url=https%3A%2F%2Fexample.org%2F",
      "/api/v1/url/check?url=",
      "/api/v1/breaches",
      "/api/v1/search?q=x",
      "/api/v1/hash/zz",
    ]) {
      const res = await app.request(path, { headers: { origin: "https://bank.example" } });
      expect(res.headers.get("access-control-allow-origin"), path).toBe("*");
      expect(res.headers.get("access-control-expose-headers"), path).toMatch(/Retry-After/);
    }
  });

  it("gives the staff API and the CSP report sink no CORS headers at all", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/staff/me"],
      ["OPTIONS", "/api/v1/staff/session"],
      ["POST", "/api/v1/csp-reports"],
    ] as const) {
      const res = await app.request(path, { method, headers: { origin: "https://evil.example" } });
      expect(res.headers.get("access-control-allow-origin"), `${method} ${path}`).toBeNull();
    }
  });
});
