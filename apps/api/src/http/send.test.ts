import { gunzipSync } from "node:zlib";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { acceptsGzip, COMPRESS_THRESHOLD, sendBody, sendJson } from "./send.ts";

const big = "Lừa đảo trực tuyến. ".repeat(200);
const app = new Hono()
  .get("/small", (c) => sendJson(c, { ok: true }))
  .get("/big", (c) => sendJson(c, { text: big }, { "cache-control": "public, max-age=60" }))
  .get("/tagged", (c) => sendBody(c, big, 200, { "content-type": "text/plain", etag: '"v1"', vary: "Add-Padding" }));

describe("acceptsGzip", () => {
  it("reads Accept-Encoding with its q-values (RFC 9110 §12.5.3)", () => {
    for (const yes of ["gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "*", "x-gzip", "GZIP"])
      expect(acceptsGzip(yes), yes).toBe(true);
    for (const no of [undefined, "", "identity", "br", "gzip;q=0", "*;q=0", "gzip;q=0, *"]) expect(acceptsGzip(no), String(no)).toBe(false);
  });
});

describe("sendBody / sendJson", () => {
  it("leaves answers under 1 kB alone", async () => {
    const res = await app.request("/small", { headers: { "accept-encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(res.headers.get("vary")).toBeNull();
    expect(await res.json()).toEqual({ ok: true });
  });

  it("gzips larger answers for clients that accept it, and says Vary: Accept-Encoding either way", async () => {
    const zipped = await app.request("/big", { headers: { "accept-encoding": "gzip, br" } });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("vary")).toBe("Accept-Encoding");
    expect(zipped.headers.get("cache-control")).toBe("public, max-age=60");
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(COMPRESS_THRESHOLD);
    expect(JSON.parse(gunzipSync(bytes).toString("utf8"))).toEqual({ text: big });

    const plain = await app.request("/big");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.headers.get("vary")).toBe("Accept-Encoding");
    expect(await plain.json()).toEqual({ text: big });
  });

  it("weakens a strong ETag on gzipped bytes and keeps the route's own Vary", async () => {
    const res = await app.request("/tagged", { headers: { "accept-encoding": "gzip" } });
    expect(res.headers.get("etag")).toBe('W/"v1"');
    expect(res.headers.get("vary")).toBe("Add-Padding, Accept-Encoding");
    const plain = await app.request("/tagged");
    expect(plain.headers.get("etag")).toBe('"v1"');
  });
});
