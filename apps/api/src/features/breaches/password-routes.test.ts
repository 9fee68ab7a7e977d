import { createHash, randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { buildDemoPasswordCorpus, demoPasswords, ntlmHasher } from "@portal/breach";
import { pwnedPassword, pwnedPasswordRange } from "hibp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";

let deps: TestDeps;
let app: ReturnType<typeof createApp>;
let server: ServerType;
let base: string;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  await buildDemoPasswordCorpus(join(resolve(deps.env.DATA_DIR), "pwned"));
  app = createApp(deps);
  // A real port, because the hibp package makes real HTTP requests with fetch.
  await new Promise<void>((res) => {
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
      base = `http://127.0.0.1:${info.port}/api/v1/passwords`;
      res();
    });
  });
});
afterAll(async () => {
  await new Promise<void>((res) => server.close(() => res()));
  deps.cleanup();
});

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex").toUpperCase();

describe("Pwned Passwords range API with a real HIBP client", () => {
  it("finds a demo password through the hibp package pointed at the portal", async () => {
    expect(demoPasswords()).toContain("iloveyou");
    expect(await pwnedPassword("iloveyou", { baseUrl: base })).toBe(1);
    expect(await pwnedPassword("iloveyou", { baseUrl: base, addPadding: true })).toBe(1);
  });

  it("reports a random password as never seen", async () => {
    const random = randomBytes(24).toString("base64url");
    expect(await pwnedPassword(random, { baseUrl: base })).toBe(0);
  });

  it("serves NTLM ranges with ?mode=ntlm", async () => {
    const ntlm = (await ntlmHasher())("iloveyou").toString("hex").toUpperCase();
    const range = await pwnedPasswordRange(ntlm.slice(0, 5), { baseUrl: base, mode: "ntlm" });
    expect(range[ntlm.slice(5)]).toBe(1);
    expect(Object.keys(range).every((k) => k.length === 27)).toBe(true);
  });
});

describe("GET /api/v1/passwords/range/{prefix}", () => {
  const h = sha1("password");

  it("answers text/plain SUFFIX:COUNT lines, CRLF-separated, with cache headers", async () => {
    const res = await app.request(`/api/v1/passwords/range/${h.slice(0, 5).toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
    expect(res.headers.get("etag")).toMatch(/^"[^"]+"$/);
    expect(new Date(res.headers.get("last-modified") ?? "").getTime()).toBeGreaterThan(0);
    const lines = (await res.text()).split("\r\n");
    expect(lines).toContain(`${h.slice(5)}:1`);
    for (const l of lines) expect(l).toMatch(/^[0-9A-F]{35}:\d+$/);
    expect([...lines].sort()).toEqual(lines);
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const first = await app.request(`/api/v1/passwords/range/${h.slice(0, 5)}`);
    const etag = first.headers.get("etag") as string;
    const again = await app.request(`/api/v1/passwords/range/${h.slice(0, 5)}`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
  });

  it("answers an empty range with 200 and an empty body", async () => {
    // Find a prefix with no demo password in it.
    const used = new Set(demoPasswords().map((p) => sha1(p).slice(0, 5)));
    let p = 0;
    while (used.has(p.toString(16).toUpperCase().padStart(5, "0"))) p++;
    const res = await app.request(`/api/v1/passwords/range/${p.toString(16).padStart(5, "0")}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it("pads with Add-Padding: true to 800–1000 lines, the padding with count 0", async () => {
    const res = await app.request(`/api/v1/passwords/range/${h.slice(0, 5)}`, { headers: { "Add-Padding": "true" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toMatch(/^W\//);
    const lines = (await res.text()).split("\r\n");
    expect(lines.length).toBeGreaterThanOrEqual(800);
    expect(lines.length).toBeLessThanOrEqual(1000);
    expect(lines).toContain(`${h.slice(5)}:1`);
    expect(lines.filter((l) => l.endsWith(":0")).length).toBe(lines.length - lines.filter((l) => !l.endsWith(":0")).length);
    expect(lines.filter((l) => !l.endsWith(":0")).length).toBeLessThan(10);
  });

  const invalid = ["", "5BAA", "5BAA61", "5BAAG", "5baa-", "%20BAA6", "5BAA6/extra", "5BAA6%00", "ＡＢＣＤＥ", "0x5BA", "5BAA6.txt"];
  for (const prefix of invalid) {
    it(`refuses the prefix ${JSON.stringify(prefix)} with 400 and the JSON error shape`, async () => {
      const res = await app.request(`/api/v1/passwords/range/${prefix}`);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_prefix");
    });
  }

  it("refuses an unknown mode with 400", async () => {
    const res = await app.request("/api/v1/passwords/range/5BAA6?mode=md5");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });

  it("writes no hash prefix into the request log", async () => {
    await app.request("/api/v1/passwords/range/ABCDE?mode=ntlm");
    const line = deps.logs.filter((l) => l.msg === "request").pop();
    expect(JSON.stringify(line)).not.toContain("ntlm");
    // The path is logged (as for every request); the prefix is part of it, so it is not logged raw.
    expect(JSON.stringify(line)).not.toContain("ABCDE");
  });
});
