import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type App, createApp } from "../app.ts";
import { makeTestDeps, type TestDeps } from "../testing/deps.ts";
import { chooseCoding, evaluate, staticFiles } from "./static-files.ts";

// A small built site in a temporary folder, served by the real app (createApp) over a real socket.
let deps: TestDeps;
let server: Server;
let port: number;
let app: App;
let root: string;
let client: string;

const CSS = `${Array.from({ length: 200 }, (_, i) => `.rule-${i} { color: #${(i * 4099).toString(16).padStart(6, "0").slice(0, 6)}; margin: ${i}px; }`).join("\n")}\n`;
const BIG = Array.from({ length: 6000 }, (_, i) => `export const value${i} = ${i * 7};`).join("\n"); // > 64 kB: streamed
const ROBOTS = "User-agent: *\nAllow: /\nSitemap: https://portal.example.vn/sitemap.xml\n# a file of about a hundred bytes.\n";
const PAGE = (lang: string, text: string) =>
  `<!doctype html><html lang="${lang}"><head><title>${text}</title></head><body><!--live:alert-banner:${lang}--><div class="banner"><!--live:alert-banner:fill--></div><!--/live:alert-banner--><main>${text.repeat(40)}</main></body></html>`;

function write(rel: string, body: string | Buffer, variants = false) {
  const full = join(client, rel);
  mkdirSync(join(full, ".."), { recursive: true });
  writeFileSync(full, body);
  if (variants) {
    writeFileSync(`${full}.br`, brotliCompressSync(body));
    writeFileSync(`${full}.gz`, gzipSync(body));
  }
}

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}
const decode = (r: Raw) =>
  r.headers["content-encoding"] === "br"
    ? brotliDecompressSync(r.body)
    : r.headers["content-encoding"] === "gzip"
      ? gunzipSync(r.body)
      : r.body;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "portal-static-"));
  client = join(root, "client");
  write("robots.txt", ROBOTS);
  write("_astro/app.Ab12Cd.css", CSS, true);
  write("_astro/big.Ef34Gh.js", BIG, true);
  write("_astro/logo.Ij56Kl.png", randomBytes(3000));
  write("gioi-thieu/index.html", PAGE("vi", "Giới thiệu cổng thông tin. "));
  write("plain/index.html", "<!doctype html><html><body>No live parts here, just text. No live parts here, just text.</body></html>", true);
  write("404.html", PAGE("vi", "Không tìm thấy trang"));
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  app = createApp(deps, { webDist: root });
  server = await new Promise<Server>((res) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => res(s as Server));
  });
  const addr = server.address();
  port = typeof addr === "object" && addr ? addr.port : 0;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  deps.cleanup();
  rmSync(root, { recursive: true, force: true });
});

describe("Accept-Encoding: which variant is sent", () => {
  const cases: [string | undefined, string | undefined][] = [
    [undefined, undefined],
    ["", undefined],
    ["gzip", "gzip"],
    ["br, gzip", "br"],
    ["gzip, deflate, br, zstd", "br"],
    ["gzip;q=1, br;q=0.5", "gzip"],
    ["br;q=0, *", "gzip"],
    ["*", "br"],
    ["x-gzip", "gzip"],
    ["identity", undefined],
    ["br;q=0, gzip;q=0", undefined],
    ["identity;q=0, br;q=0.1", "br"],
    ["deflate", undefined],
    ["br;q=abc, gzip", "gzip"],
    ["BR;Q=0.9, GZIP;q=0.8", "br"],
  ];
  for (const [accept, coding] of cases)
    it(`"${accept}" gets ${coding ?? "identity"}, with the right type and length`, async () => {
      const r = await get("/_astro/app.Ab12Cd.css", accept === undefined ? {} : { "accept-encoding": accept });
      expect(r.status).toBe(200);
      expect(r.headers["content-encoding"]).toBe(coding);
      expect(r.headers["content-type"]).toBe("text/css; charset=utf-8");
      expect(r.headers.vary).toBe("Accept-Encoding");
      expect(Number(r.headers["content-length"])).toBe(r.body.length);
      expect(decode(r).toString()).toBe(CSS);
    });

  it("chooses among the variants a file has (a file without copies is sent as it is)", () => {
    expect(chooseCoding("br, gzip", ["identity", "gzip"])).toBe("gzip");
    expect(chooseCoding("br", ["identity", "gzip"])).toBe("identity");
    expect(chooseCoding("identity;q=0", ["identity"])).toBe("identity");
  });

  it("sends a file without copies, such as an image, as it is and without Vary", async () => {
    const r = await get("/_astro/logo.Ij56Kl.png", { "accept-encoding": "br, gzip" });
    expect(r.headers["content-encoding"]).toBeUndefined();
    expect(r.headers.vary).toBeUndefined();
    expect(r.headers["content-type"]).toBe("image/png");
    expect(r.body.equals(readFileSync(join(client, "_astro/logo.Ij56Kl.png")))).toBe(true);
  });

  it("never compresses twice: a precompressed HTML page passes the site's compression untouched", async () => {
    const r = await get("/plain/", { "accept-encoding": "gzip" });
    expect(r.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(r.body).toString()).toContain("No live parts here");
  });

  it("compresses a page with live parts once it is filled, as br or gzip, and fills the banner away when no alert is published", async () => {
    for (const coding of ["br", "gzip"]) {
      const r = await get("/gioi-thieu/", { "accept-encoding": coding });
      expect(r.headers["content-encoding"]).toBe(coding);
      expect(r.headers.vary).toBe("Accept-Encoding");
      expect(r.headers["last-modified"]).toBeUndefined();
      const html = decode(r).toString();
      expect(html).toContain("Giới thiệu cổng thông tin.");
      expect(html).not.toContain("<!--live:");
    }
  });
});

describe("conditional requests (RFC 9110 §13.2.2)", () => {
  it("answers 304 to If-None-Match with the ETag, weak or in a list, or *", async () => {
    const first = await get("/_astro/app.Ab12Cd.css", { "accept-encoding": "br" });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, `W/"x",W/${etag}`, "*"]) {
      const r = await get("/_astro/app.Ab12Cd.css", { "accept-encoding": "br", "if-none-match": inm });
      expect(r.status, inm).toBe(304);
      expect(r.body.length).toBe(0);
      expect(r.headers.etag).toBe(etag);
      expect(r.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(r.headers.vary).toBe("Accept-Encoding");
      expect(r.headers["content-length"]).toBeUndefined();
      // The security headers are on a 304 as on a 200.
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["content-security-policy"]).toContain("default-src 'self'");
    }
    const other = await get("/_astro/app.Ab12Cd.css", { "accept-encoding": "br", "if-none-match": '"not-it"' });
    expect(other.status).toBe(200);
    // Each variant is its own representation: the br ETag does not validate the gzip variant.
    const gz = await get("/_astro/app.Ab12Cd.css", { "accept-encoding": "gzip", "if-none-match": etag });
    expect(gz.status).toBe(200);
    expect(gz.headers.etag).not.toBe(etag);
  });

  it("answers 304 to If-Modified-Since at or after Last-Modified, and only when there is no If-None-Match", async () => {
    const first = await get("/robots.txt");
    const lastModified = String(first.headers["last-modified"]);
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);
    expect((await get("/robots.txt", { "if-modified-since": lastModified })).status).toBe(304);
    expect((await get("/robots.txt", { "if-modified-since": new Date(Date.now() + 60_000).toUTCString() })).status).toBe(304);
    expect((await get("/robots.txt", { "if-modified-since": new Date(Date.parse(lastModified) - 1000).toUTCString() })).status).toBe(200);
    expect((await get("/robots.txt", { "if-modified-since": "not a date" })).status).toBe(200);
    // If-None-Match takes precedence: a tag that does not match means 200 whatever the date says.
    expect((await get("/robots.txt", { "if-modified-since": lastModified, "if-none-match": '"old"' })).status).toBe(200);
    // A page with live parts has no Last-Modified, so dates decide nothing for it.
    expect(evaluate({ ifModifiedSince: lastModified }, '"x"', undefined)).toBe(200);
  });

  it("answers 412 in the error shape when If-Match or If-Unmodified-Since fails, and evaluates them first", async () => {
    const first = await get("/_astro/app.Ab12Cd.css", { "accept-encoding": "gzip" });
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers["last-modified"]);
    const failed = await get("/_astro/app.Ab12Cd.css", { "accept-encoding": "gzip", "if-match": '"other"', "if-none-match": etag });
    expect(failed.status).toBe(412);
    expect(JSON.parse(decode(failed).toString())).toMatchObject({ error: { code: "precondition_failed" } });
    // If-Match compares strongly: a weak tag never matches.
    expect((await get("/_astro/app.Ab12Cd.css", { "accept-encoding": "gzip", "if-match": `W/${etag}` })).status).toBe(412);
    expect((await get("/_astro/app.Ab12Cd.css", { "accept-encoding": "gzip", "if-match": `"a", ${etag}` })).status).toBe(200);
    expect((await get("/_astro/app.Ab12Cd.css", { "accept-encoding": "gzip", "if-match": "*", "if-none-match": etag })).status).toBe(304);
    const before = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await get("/robots.txt", { "if-unmodified-since": before })).status).toBe(412);
    expect((await get("/robots.txt", { "if-unmodified-since": lastModified })).status).toBe(200);
    // If-Unmodified-Since is ignored when If-Match is there.
    expect((await get("/robots.txt", { "if-unmodified-since": before, "if-match": "*" })).status).toBe(200);
  });

  it("gives a page with live parts an ETag of its filled bytes, stable while the fill is the same, and 304s", async () => {
    const a = await get("/gioi-thieu/");
    const b = await get("/gioi-thieu");
    expect(a.headers.etag).toBeTruthy();
    expect(b.headers.etag).toBe(a.headers.etag);
    expect((await get("/gioi-thieu/", { "if-none-match": String(a.headers.etag) })).status).toBe(304);
  });

  it("changes a live page's ETag when its fill changes", async () => {
    let banner = "";
    const files = staticFiles({ clientDir: client, live: async (html) => html.replace("<!--live:alert-banner:fill-->", banner) });
    const page = files.find("/gioi-thieu/");
    if (!page) throw new Error("page not indexed");
    const site = new Hono().get("*", (c) => files.send(c, page, 200));
    const etag = async () => (await site.request("/gioi-thieu/")).headers.get("etag");
    const quiet = await etag();
    expect(await etag()).toBe(quiet);
    banner = "Cảnh báo mới";
    expect(await etag()).not.toBe(quiet);
  });

  it("sends a live page that compression does not shrink as it is", async () => {
    write("tiny/index.html", "<p><!--live:x:vi--><!--live:x:fill--><!--/live:x-->ok</p>");
    const files = staticFiles({ clientDir: client, live: async (html) => html.replace(/<!--[^>]*-->/g, "") });
    const page = files.find("/tiny/");
    if (!page) throw new Error("page not indexed");
    const site = new Hono().get("*", (c) => files.send(c, page, 200));
    const r = await site.request("/tiny/", { headers: { "accept-encoding": "br, gzip" } });
    expect(r.headers.get("content-encoding")).toBeNull();
    expect(await r.text()).toBe("<p>ok</p>");
  });

  it("sends no ETag and no 304 for the 404 page, which must revalidate even under /_astro/", async () => {
    const r = await get("/_astro/missing.Zz99.js", { "if-none-match": "*" });
    expect(r.status).toBe(404);
    expect(r.headers.etag).toBeUndefined();
    expect(r.headers["cache-control"]).toBe("public, max-age=0, must-revalidate");
    expect(r.body.toString()).toContain("Không tìm thấy trang");
  });
});

describe("HEAD, memory and streaming", () => {
  it("answers HEAD with the GET's headers and no body", async () => {
    for (const [path, accept] of [
      ["/robots.txt", ""],
      ["/_astro/app.Ab12Cd.css", "br"],
      ["/_astro/big.Ef34Gh.js", "gzip"],
      ["/gioi-thieu/", "gzip"],
    ] as const) {
      const g = await get(path, { "accept-encoding": accept });
      const h = await get(path, { "accept-encoding": accept }, "HEAD");
      expect(h.status, path).toBe(200);
      expect(h.body.length).toBe(0);
      for (const k of ["content-type", "content-length", "content-encoding", "etag", "last-modified", "vary", "cache-control"])
        expect(h.headers[k], `${path} ${k}`).toBe(g.headers[k]);
    }
  });

  it("serves the small files from memory, byte for byte (they are still served after the file is gone)", async () => {
    const before = await get("/robots.txt");
    expect(before.body.toString()).toBe(ROBOTS);
    const br = await get("/_astro/app.Ab12Cd.css", { "accept-encoding": "br" });
    expect(br.body.equals(readFileSync(join(client, "_astro/app.Ab12Cd.css.br")))).toBe(true);
    unlinkSync(join(client, "robots.txt"));
    try {
      const after = await get("/robots.txt");
      expect(after.status).toBe(200);
      expect(after.body.equals(before.body)).toBe(true);
    } finally {
      writeFileSync(join(client, "robots.txt"), ROBOTS);
    }
  });

  it("streams a large file from disk with its length and ETag, identity and precompressed", async () => {
    const id = await get("/_astro/big.Ef34Gh.js");
    expect(id.body.length).toBeGreaterThan(64 * 1024);
    expect(id.body.toString()).toBe(BIG);
    expect(Number(id.headers["content-length"])).toBe(id.body.length);
    const gz = await get("/_astro/big.Ef34Gh.js", { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toBe(BIG);
    expect((await get("/_astro/big.Ef34Gh.js", { "accept-encoding": "gzip", "if-none-match": String(gz.headers.etag) })).status).toBe(304);
  });

  it("keeps ETags across restarts (they come from the bytes) and holds only files under the size limit", () => {
    const a = staticFiles({ clientDir: client });
    const b = staticFiles({ clientDir: client, maxTotalBytes: 0 });
    const tags = (f: ReturnType<typeof a.find>) => f?.variants.map((v) => v.etag);
    expect(tags(a.find("/_astro/app.Ab12Cd.css"))).toEqual(tags(b.find("/_astro/app.Ab12Cd.css")));
    expect(new Set(tags(a.find("/_astro/app.Ab12Cd.css"))).size).toBe(3);
    expect(a.heldBytes()).toBeGreaterThan(0);
    expect(a.heldBytes()).toBeLessThan(64 * 1024);
    expect(b.heldBytes()).toBe(0);
    // The large file is streamed; its compressed copies are small enough to be held.
    expect(a.find("/_astro/big.Ef34Gh.js")?.variants.map((v) => [v.coding, Boolean(v.body)])).toEqual([
      ["identity", false],
      ["br", true],
      ["gzip", true],
    ]);
  });

  it("does not serve the precompressed copies as pages of their own, nor anything outside the site", async () => {
    expect((await get("/_astro/app.Ab12Cd.css.br")).status).toBe(404);
    expect((await get("/../package.json")).status).toBe(404);
    expect((await get("/%2e%2e/%2e%2e/package.json")).status).toBe(404);
    expect((await get("/a%00b")).status).toBe(400);
  });

  it("behaves the same through app.request(), without Node's response", async () => {
    const r = await app.request("/_astro/app.Ab12Cd.css", { headers: { "accept-encoding": "gzip" } });
    expect(r.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await r.arrayBuffer())).toString()).toBe(CSS);
    const etag = r.headers.get("etag") ?? "";
    const again = await app.request("/_astro/app.Ab12Cd.css", { headers: { "accept-encoding": "gzip", "if-none-match": etag } });
    expect(again.status).toBe(304);
    const head = await app.request("/robots.txt", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(ROBOTS)));
    expect(await head.text()).toBe("");
  });
});
