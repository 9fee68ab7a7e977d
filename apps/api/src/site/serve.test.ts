import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { Agent, request as httpRequest } from "node:http";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type App, createApp } from "../app.ts";
import { inlineHashesOf } from "../http/csp-hashes.ts";
import { makeTestDeps, type TestDeps } from "../testing/deps.ts";
import { portalLocals } from "./locals.ts";

// The built site is an input here: `npm test` builds it first (or run `npm run build`).
let deps: TestDeps;
let server: Server;
let base: string;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  if (!existsSync(`${deps.env.WEB_DIST}/server/entry.mjs`))
    throw new Error(`No built site in ${deps.env.WEB_DIST}: run \`npm run build\` first.`);
  const app: App = createApp(deps, { webDist: deps.env.WEB_DIST, locals: portalLocals(deps, (req, env) => app.fetch(req, env)) });
  server = await new Promise<Server>((res) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => res(s as Server));
  });
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  deps.cleanup();
});

/** Raw request, so that paths like /../ reach the server unnormalised. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/`, { path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the built site, served by the API process", () => {
  it("serves the Vietnamese home page at / and the English one at /en/", async () => {
    const vi = await fetch(`${base}/`);
    expect(vi.status).toBe(200);
    expect(vi.headers.get("content-type")).toMatch(/text\/html/);
    const viHtml = await vi.text();
    expect(viHtml).toContain('<html lang="vi"');
    expect(viHtml).toContain("Cổng An toàn không gian mạng");
    const en = await fetch(`${base}/en/`);
    expect(await en.text()).toContain('<html lang="en"');
  });

  it("serves a page with or without its trailing slash", async () => {
    expect((await fetch(`${base}/gioi-thieu`)).status).toBe(200);
    expect((await fetch(`${base}/gioi-thieu/`)).status).toBe(200);
  });

  it("gives fingerprinted assets a year of cache and pages none", async () => {
    const html = await (await fetch(`${base}/`)).text();
    const css = /href="(\/_astro\/[^"]+\.css)"/.exec(html)?.[1];
    expect(css).toBeTruthy();
    const asset = await fetch(`${base}${css}`);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect(asset.headers.get("content-type")).toMatch(/text\/css/);
    expect((await fetch(`${base}/`)).headers.get("cache-control")).toContain("must-revalidate");
  });

  it("does not let caches keep a missing asset for a year (it may exist after the next deploy)", async () => {
    const missing = await fetch(`${base}/_astro/not-built-yet.abc123.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).not.toContain("immutable");
  });

  it("answers a form post to a page that takes none with 405 in the one error shape, and a post without a length with 411", async () => {
    const res = await fetch(`${base}/gioi-thieu/`, {
      method: "POST",
      body: "a=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    expect(await res.json()).toMatchObject({ error: { code: "method_not_allowed" } });
    const big = await fetch(`${base}/trang-thai/`, {
      method: "POST",
      body: "a=".padEnd(70 * 1024, "x"),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(big.status).toBe(413);
  });

  it("renders the status page on demand through Astro's Node adapter, with live health", async () => {
    const res = await fetch(`${base}/trang-thai/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).toContain("Mọi thành phần đang hoạt động bình thường.");
    expect(html).toContain("Meilisearch 1.21.0");
    const en = await (await fetch(`${base}/en/status/`)).text();
    expect(en).toContain("All components are working normally.");
  });

  it("answers HEAD for an on-demand page with the GET's status and headers, no body, and keeps the connection", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const head = (path: string) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string; socket: unknown }>((resolve, reject) => {
        const req = httpRequest(`${base}${path}`, { method: "HEAD", agent }, (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, socket: req.socket }));
        });
        req.on("error", reject);
        req.end();
      });
    try {
      const get = await fetch(`${base}/trang-thai/`);
      const first = await head("/trang-thai/");
      expect(first.status).toBe(200);
      expect(first.body).toBe("");
      expect(first.headers["content-type"]).toBe(get.headers.get("content-type"));
      expect(String(first.headers["content-security-policy"])).toContain("script-src");
      // The same socket answers again: the first answer was written once, not twice.
      const second = await head("/en/status/");
      expect(second.status).toBe(200);
      expect(second.socket).toBe(first.socket);
    } finally {
      agent.destroy();
    }
  });

  it("sends an on-demand page with a CSP that admits exactly its own inline island code", async () => {
    const res = await fetch(`${base}/tim-kiem/?q=ma+doc`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const csp = res.headers.get("content-security-policy") ?? "";
    const inline = inlineHashesOf(html);
    expect(inline.scripts.length).toBeGreaterThan(0); // the React island's bootstrap
    for (const h of [...inline.scripts, ...inline.styles]) expect(csp).toContain(h);
    expect(csp).not.toContain("unsafe-inline");
  });

  it("answers unknown pages with the 404 page of the right language and status 404", async () => {
    const vi = await fetch(`${base}/khong-co-trang-nay`);
    expect(vi.status).toBe(404);
    expect(await vi.text()).toContain("Không tìm thấy trang");
    const en = await fetch(`${base}/en/no-such-page`);
    expect(en.status).toBe(404);
    expect(await en.text()).toContain("Page not found");
    expect(en.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("never serves files outside the built site", async () => {
    for (const path of ["/../package.json", "/..%2f..%2fpackage.json", "/%2e%2e/%2e%2e/package.json"]) {
      const res = await rawGet(path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('"packageManager"');
    }
  });

  it("answers 400 in the JSON error shape for a broken path encoding", async () => {
    const res = await rawGet("/%E0%A4%A");
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: "invalid_request" } });
    expect((await rawGet("/a%00b")).status).toBe(400);
  });

  it("has Brotli and gzip copies of the built text files, each the original once decompressed", () => {
    const client = join(deps.env.WEB_DIST, "client");
    const all = readdirSync(client, { recursive: true, encoding: "utf8" });
    const copies = all.filter((f) => f.endsWith(".br") || f.endsWith(".gz"));
    expect(copies.filter((f) => f.startsWith("_astro") && f.endsWith(".css.br")).length).toBeGreaterThan(0);
    expect(copies.filter((f) => f.startsWith("_astro") && f.endsWith(".js.gz")).length).toBeGreaterThan(0);
    for (const f of copies) {
      const original = readFileSync(join(client, f.slice(0, -3)));
      const copy = readFileSync(join(client, f));
      expect(copy.length, f).toBeLessThan(original.length);
      const back = f.endsWith(".br") ? brotliDecompressSync(copy) : gunzipSync(copy);
      expect(back.equals(original), f).toBe(true);
    }
  });

  it("sends a built stylesheet precompressed with its ETag, and 304 when it is revalidated", async () => {
    const html = await (await fetch(`${base}/`)).text();
    const css = /href="(\/_astro\/[^"]+\.css)"/.exec(html)?.[1] ?? "";
    const res = await fetch(`${base}${css}`, { headers: { "accept-encoding": "br" } });
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("vary")).toBe("Accept-Encoding");
    const etag = res.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"/);
    const again = await fetch(`${base}${css}`, { headers: { "accept-encoding": "br", "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toContain("immutable");
  });
});
