// Every public endpoint of the OpenAPI document, as the real app answers it: within its budget,
// then 429 with Retry-After and the RateLimit fields; RATE_LIMITS=off and a limit of 0 switch off.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";
import { LIMIT_GROUPS } from "./limits.ts";

type Json = Record<string, unknown>;
type Op = { method: string; path: string; op: Json };

/** Every limit set to 1 (the report intake too), unless `over` says otherwise. */
const allOne = (over: Record<string, string> = {}) => ({ ...Object.fromEntries(LIMIT_GROUPS.map((g) => [g.env, "1"])), ...over });

const depsList: TestDeps[] = [];
const testDeps = async (env: Record<string, string>) => {
  const d = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey"), env });
  depsList.push(d);
  return d;
};
afterAll(() => {
  for (const d of depsList) d.cleanup();
});

/** The public operations of the document (not the staff console's). */
function publicOps(doc: Json): Op[] {
  const out: Op[] = [];
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    if (path.startsWith("/staff")) continue;
    for (const [method, op] of Object.entries(ops)) out.push({ method, path, op });
  }
  return out;
}

/** A request for an operation: path parameters from their examples, a JSON body for a POST. */
function requestFor({ method, path, op }: Op, headers: Record<string, string> = {}): [string, RequestInit] {
  const params = (op.parameters as { name: string; in: string; example?: unknown; schema?: { example?: unknown } }[] | undefined) ?? [];
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const p = params.find((x) => x.in === "path" && x.name === name);
    return encodeURIComponent(String(p?.example ?? p?.schema?.example ?? "x"));
  });
  const init: RequestInit = { method: method.toUpperCase(), headers: { ...headers } };
  if (method === "post") {
    init.body = "{}";
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  return [`/api/v1${filled}`, init];
}

describe("rate limits on every public endpoint", () => {
  let deps: TestDeps;
  let doc: Json;
  beforeAll(async () => {
    deps = await testDeps(allOne({ LIMIT_READS_PER_MINUTE: "1000" }));
    doc = (await (await createApp(deps).request("/api/v1/openapi.json")).json()) as Json;
  });

  it("documents the 429 with Retry-After and the RateLimit fields, and the partner key's 401, on every public operation", () => {
    const ops = publicOps(doc);
    expect(ops.length).toBeGreaterThan(15);
    for (const { method, path, op } of ops) {
      const responses = op.responses as Record<string, Json>;
      expect(responses["429"], `${method} ${path}`).toBeDefined();
      expect(Object.keys(responses["429"]?.headers as Json).sort(), `${method} ${path}`).toEqual([
        "RateLimit",
        "RateLimit-Policy",
        "Retry-After",
      ]);
      expect(responses["401"], `${method} ${path}`).toBeDefined();
      const ok = Object.entries(responses).find(([s]) => s.startsWith("2"));
      expect(Object.keys((ok?.[1].headers as Json) ?? {}), `${method} ${path}`).toEqual(
        expect.arrayContaining(["RateLimit", "RateLimit-Policy"]),
      );
    }
    const headers = (doc.components as Json).headers as Json;
    expect(Object.keys(headers)).toEqual(expect.arrayContaining(["RateLimit", "RateLimit-Policy", "Retry-After"]));
    expect(((doc.components as Json).securitySchemes as Json).partnerKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("answers every public operation with 429, Retry-After and the RateLimit fields once its budget is spent", async () => {
    const ops = publicOps(doc).filter(({ path }) => !["/openapi.json", "/docs", "/docs.css"].includes(path));
    for (const o of ops) {
      // A fresh app: every group's buckets start full.
      const app = createApp({ ...deps, env: { ...deps.env, LIMIT_READS_PER_MINUTE: 1 } });
      const [url, init] = requestFor(o);
      const first = await app.request(url, init);
      const name = `${o.method.toUpperCase()} ${o.path} (first: ${first.status})`;
      expect(first.status, name).not.toBe(429);
      const second = await app.request(...requestFor(o));
      expect(second.status, name).toBe(429);
      expect(Number(second.headers.get("retry-after")), name).toBeGreaterThanOrEqual(1);
      expect(second.headers.get("ratelimit-policy"), name).toMatch(/^"[a-z-]+";q=1;w=(60|3600)$/);
      expect(second.headers.get("ratelimit"), name).toMatch(/^"[a-z-]+";r=0;t=\d+$/);
      expect(((await second.json()) as { error: { code: string } }).error.code, name).toBe("rate_limited");
    }
  });

  it("limits the CSAF and security.txt addresses under /.well-known as reads", async () => {
    const app = createApp({ ...deps, env: { ...deps.env, LIMIT_READS_PER_MINUTE: 1 } });
    expect((await app.request("/.well-known/security.txt")).status).toBe(200);
    const res = await app.request("/.well-known/csaf/provider-metadata.json");
    expect(res.status).toBe(429);
    expect(res.headers.get("ratelimit-policy")).toBe('"reads";q=1;w=60');
  });

  it("lets a web page read the fields and send a partner key, and does not count CORS preflights", async () => {
    const app = createApp({ ...deps, env: { ...deps.env, LIMIT_HASH_CHECKS_PER_MINUTE: 1 } });
    const path = "/api/v1/hash/d41d8cd98f00b204e9800998ecf8427e";
    for (let i = 0; i < 3; i++) {
      const pre = await app.request(path, {
        method: "OPTIONS",
        headers: { origin: "https://bank.example", "access-control-request-headers": "authorization" },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get("access-control-allow-headers")).toMatch(/\bAuthorization\b/);
    }
    const res = await app.request(path, { headers: { origin: "https://bank.example" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-expose-headers")).toMatch(/\bRateLimit, RateLimit-Policy\b/);
    expect((await app.request(path)).status).toBe(429);
  });

  it("puts the RateLimit fields on answers within the budget", async () => {
    const app = createApp({ ...deps, env: { ...deps.env, LIMIT_LINK_CHECKS_PER_MINUTE: 5 } });
    const res = await app.request("/api/v1/url/check?url=https%3A%2F%2Fexample.com%2F");
    expect(res.status).toBe(200);
    expect(res.headers.get("ratelimit-policy")).toBe('"links";q=5;w=60');
    expect(res.headers.get("ratelimit")).toBe('"links";r=4;t=12');
  });

  it("charges a batch one unit per item", async () => {
    const app = createApp({ ...deps, env: { ...deps.env, LIMIT_LINK_CHECKS_PER_MINUTE: 5, LIMIT_HASH_CHECKS_PER_MINUTE: 5 } });
    const post = (path: string, body: unknown) =>
      app.request(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const urls = ["https://a.example/", "https://b.example/", "https://c.example/"];
    const first = await post("/api/v1/url/check", { urls });
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit")).toMatch(/^"links";r=2;/);
    const second = await post("/api/v1/url/check", { urls });
    expect(second.status).toBe(429);
    expect(((await second.json()) as { error: { message: string } }).error.message).toMatch(/counts as 3/);
    // The refused batch spent one unit, as any request does, and not its items: one more passes.
    expect((await post("/api/v1/url/hashes", { prefixes: ["0a0b0c0d"] })).status).toBe(200);
    expect((await post("/api/v1/url/hashes", { prefixes: ["0a0b0c0d"] })).status).toBe(429);
    const hashes = Array.from({ length: 6 }, (_, i) => String(i).repeat(32));
    expect((await post("/api/v1/hash/bulk", { hashes })).status).toBe(200);
    expect((await post("/api/v1/hash/bulk", { hashes: hashes.slice(0, 1) })).status).toBe(429);
  });
});

describe("who a limit counts", () => {
  let deps: TestDeps;
  beforeAll(async () => {
    deps = await testDeps(allOne({ TRUST_PROXY: "true" }));
  });
  const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });

  it("counts each IPv4 address on its own and every address of an IPv6 /64 together", async () => {
    const app = createApp(deps);
    const path = "/api/v1/hash/d41d8cd98f00b204e9800998ecf8427e";
    expect((await app.request(path, from("198.51.100.1"))).status).not.toBe(429);
    expect((await app.request(path, from("198.51.100.1"))).status).toBe(429);
    expect((await app.request(path, from("198.51.100.2"))).status).not.toBe(429);
    expect((await app.request(path, from("2001:db8:1:2::1"))).status).not.toBe(429);
    expect((await app.request(path, from("2001:db8:1:2:ffff::9"))).status).toBe(429);
    expect((await app.request(path, from("2001:db8:1:3::1"))).status).not.toBe(429);
  });
});

describe("switching limits off", () => {
  it("RATE_LIMITS=off: no 429, no RateLimit fields, nothing about them in the document", async () => {
    const deps = await testDeps(allOne({ RATE_LIMITS: "off" }));
    const app = createApp(deps);
    for (let i = 0; i < 5; i++) {
      const res = await app.request("/api/v1/hash/d41d8cd98f00b204e9800998ecf8427e");
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit")).toBeNull();
      expect(res.headers.get("ratelimit-policy")).toBeNull();
    }
    for (let i = 0; i < 3; i++) expect((await app.request("/api/v1/accounts/range/ABCDEF")).status).toBe(200);
    const doc = (await (await app.request("/api/v1/openapi.json")).json()) as Json;
    for (const { method, path, op } of publicOps(doc)) expect((op.responses as Json)["429"], `${method} ${path}`).toBeUndefined();
  });

  it("a limit of 0 turns off that group only", async () => {
    const deps = await testDeps(allOne({ LIMIT_HASH_CHECKS_PER_MINUTE: "0" }));
    const app = createApp(deps);
    for (let i = 0; i < 5; i++) expect((await app.request("/api/v1/hash/d41d8cd98f00b204e9800998ecf8427e")).status).toBe(200);
    expect((await app.request("/api/v1/accounts/range/ABCDEF")).status).toBe(200);
    expect((await app.request("/api/v1/accounts/range/ABCDEF")).status).toBe(429);
    const doc = (await (await app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Json }>>;
    };
    expect(doc.paths["/hash/{hash}"]?.get?.responses["429"]).toBeUndefined();
    expect(doc.paths["/accounts/range/{prefix}"]?.get?.responses["429"]).toBeDefined();
  });

  it("REPORTS_PER_HOUR still limits the report intake, per hour", async () => {
    const deps = await testDeps({ REPORTS_PER_HOUR: "1" });
    const app = createApp(deps);
    const post = () => app.request("/api/v1/reports", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect((await post()).status).toBe(400);
    const res = await post();
    expect(res.status).toBe(429);
    expect(res.headers.get("ratelimit-policy")).toBe('"reports";q=1;w=3600');
    expect(Number(res.headers.get("retry-after"))).toBe(3600);
  });
});
