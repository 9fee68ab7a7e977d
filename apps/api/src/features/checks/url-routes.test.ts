import { spawnSync } from "node:child_process";
import { MAX_BULK_URL_CHARS } from "@portal/contracts";
import { addDomains, addUrlEntries, beginGeneration, canonicalize, expressionHash, expressions, hashPrefix } from "@portal/threat-intel";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";
import { checksFeature } from "./index.ts";

let deps: TestDeps;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  app = createApp(deps);
  const p = { source: "openphish", addedBy: "test", now: "2026-11-20T10:00:00.000Z" };
  await addUrlEntries(
    deps.db.client,
    [
      { url: "https://secure-vietcombank.example/dang-nhap/", verdict: "phishing", threat: "phishing" },
      { url: "malware.example", verdict: "malicious", threat: "malware_download" },
    ],
    p,
  );
  await addDomains(deps.db.client, "trusted", [{ domain: "vietcombank.com.vn", name: "Vietcombank", category: "bank" }], {
    ...p,
    source: "analysts",
  });
  await deps.urlIndex.refresh();
});
afterAll(() => deps.cleanup());

const get = (url: string) => app.request(`/api/v1/url/check?url=${encodeURIComponent(url)}`);
const post = (path: string, body: unknown) =>
  app.request(path, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });

// A client tells the cases apart by code: a link that is too long or not a web address has its own.
const expect400 = async (res: Response, fragment?: RegExp, code: RegExp = /^(invalid_request|malformed_json)$/) => {
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toMatch(code);
  if (fragment) expect(body.error.message).toMatch(fragment);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
};

describe("GET /api/v1/url/check", () => {
  it("answers a listed phishing link with the contract's fields and its matches", async () => {
    const res = await get("HTTPS://Secure-Vietcombank.example:443/dang-nhap/index.php?step=1#top");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(["canonical", "checkedAt", "input", "matches", "reasons", "verdict"]);
    expect(body).toMatchObject({
      input: "HTTPS://Secure-Vietcombank.example:443/dang-nhap/index.php?step=1#top",
      canonical: "https://secure-vietcombank.example/dang-nhap/index.php?step=1",
      verdict: "phishing",
      matches: [{ expression: "secure-vietcombank.example/dang-nhap/", source: "openphish", threat: "phishing" }],
    });
    expect(body.reasons).toMatchObject([
      { code: "listed", verdict: "phishing", sources: ["openphish"] },
      { code: "lookalike", domain: "vietcombank.com.vn" },
    ]);
  });

  it("answers trusted, suspicious (naming the imitated site) and unknown", async () => {
    expect(await (await get("https://vietcombank.com.vn/")).json()).toMatchObject({
      verdict: "trusted",
      reasons: [{ code: "trusted", name: "Vietcombank" }],
    });
    const look = await (await get("vietc0mbank.com")).json();
    expect(look).toMatchObject({
      verdict: "suspicious",
      canonical: "http://vietc0mbank.com/",
      reasons: [{ code: "lookalike", domain: "vietcombank.com.vn" }],
    });
    expect(await (await get("https://example.org/")).json()).toMatchObject({
      verdict: "unknown",
      matches: [],
      reasons: [{ code: "not_listed" }],
    });
    expect((await (await get("http://sub.malware.example/a.exe")).json()).verdict).toBe("malicious");
  });

  it("answers 400 with the JSON error shape for bad input", async () => {
    const missing = await app.request("/api/v1/url/check");
    await expect400(missing.clone(), /"url"/);
    expect((await missing.json()).error.details.issues[0]).toMatchObject({ path: "url" });
    await expect400(await get(""), /empty/);
    await expect400(await get("   "), /empty/);
    await expect400(await get(`https://example.org/${"a".repeat(10 * 1024)}`), /at most 8192/, /^url_too_long$/);
    await expect400(await get("javascript:alert(document.cookie)"), /web addresses/, /^not_a_web_address$/);
    await expect400(await get("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="), /web addresses/, /^not_a_web_address$/);
    await expect400(await get("http://exa\u0000mple.org/"), /control characters/, /^not_a_web_address$/);
    await expect400(await get("http://example.org/\u001b[31m"), /control characters/, /^not_a_web_address$/);
    await expect400(await get("/relative/path"), /host/, /^not_a_web_address$/);
    await expect400(await get("not a url"), /characters/, /^not_a_web_address$/);
    await expect400(await get(`http://${"a.".repeat(1000)}example/`), /253/, /^not_a_web_address$/);
  });

  it("never writes the checked link into the logs", async () => {
    deps.logs.length = 0;
    await get("https://secret-link.example/private?token=abc");
    expect(JSON.stringify(deps.logs)).not.toMatch(/secret-link|token=abc/);
    expect(deps.logs.find((l) => l.msg === "request")).toMatchObject({ path: "/api/v1/url/check", status: 200 });
  });
});

describe("POST /api/v1/url/check", () => {
  it("answers up to 500 links in the order sent", async () => {
    const urls = ["https://example.org/", "malware.example/x", "https://vietcombank.com.vn/"];
    const res = await post("/api/v1/url/check", { urls: [...urls, ...Array(497).fill("https://example.org/")] });
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(results).toHaveLength(500);
    expect(results.slice(0, 3).map((r: { input: string; verdict: string }) => [r.input, r.verdict])).toEqual([
      [urls[0], "unknown"],
      [urls[1], "malicious"],
      [urls[2], "trusted"],
    ]);
  });

  it("answers 400 for no links, more than 500, a bad link (named by its index) or bad JSON", async () => {
    await expect400(await post("/api/v1/url/check", { urls: [] }));
    await expect400(await post("/api/v1/url/check", { urls: Array(501).fill("https://example.org/") }));
    await expect400(
      await post("/api/v1/url/check", { urls: ["https://example.org/", "javascript:alert(1)"] }),
      /urls\.1/,
      /^not_a_web_address$/,
    );
    await expect400(await post("/api/v1/url/check", { urls: "https://example.org/" }));
    await expect400(await post("/api/v1/url/check", '{"urls": ['));
  });
});

describe("POST /api/v1/url/check: bounded work", () => {
  // Links at the bound of what a check accepts: 240-octet hosts of near misses of a trusted brand,
  // so that every label goes through look-alike detection; 500 of them stay under the cap.
  const costly = (i: number) => {
    const label = (j: number) => `vietcombanx${String.fromCharCode(97 + ((i + j) % 26))}-secure-login`;
    let host = "top";
    for (let j = 0; host.length + label(j).length + 1 <= 240; j++) host = `${label(j)}.${host}`;
    return `http://${host}/`;
  };

  it("answers 413 payload_too_large when the links together exceed the cap, and checks a batch just under it", async () => {
    const long = `https://example.org/${"a".repeat(280)}`; // 300 characters
    const over = Array.from({ length: 500 }, () => long);
    expect(over.join("").length).toBeGreaterThan(MAX_BULK_URL_CHARS);
    const res = await post("/api/v1/url/check", { urls: over });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("payload_too_large");
    expect(body.error.message).toMatch(new RegExp(String(MAX_BULK_URL_CHARS)));
    const under = over.slice(0, Math.floor(MAX_BULK_URL_CHARS / long.length));
    expect((await post("/api/v1/url/check", { urls: under })).status).toBe(200);
  });

  it("lets a timer run while it checks a batch of the costliest links (the event loop is never held for the whole batch)", async () => {
    const urls = Array.from({ length: 500 }, (_, i) => costly(i));
    expect(urls.join("").length).toBeLessThanOrEqual(MAX_BULK_URL_CHARS);
    let fired = 0;
    const timer = setInterval(() => fired++, 0);
    try {
      const res = await post("/api/v1/url/check", { urls });
      const firedBeforeAnswer = fired;
      expect(res.status).toBe(200);
      const { results } = await res.json();
      expect(results.every((r: { verdict: string }) => r.verdict === "suspicious")).toBe(true);
      expect(firedBeforeAnswer).toBeGreaterThanOrEqual(1);
    } finally {
      clearInterval(timer);
    }
  });
});

describe("POST /api/v1/url/hashes", () => {
  it("returns the full hashes sharing the client's 4-byte prefixes, so the link itself is never sent", async () => {
    const c = canonicalize("https://secure-vietcombank.example/dang-nhap/buoc-2");
    if (!c.ok) throw new Error(c.message);
    const full = expressions(c).map((e) => expressionHash(e));
    const res = await post("/api/v1/url/hashes", { prefixes: full.map((h) => hashPrefix(h).toString(16).padStart(8, "0")) });
    expect(res.status).toBe(200);
    const { hashes } = await res.json();
    const listed = expressionHash("secure-vietcombank.example/dang-nhap/").toString("hex");
    expect(hashes).toEqual([{ hash: listed, verdict: "phishing", threat: "phishing", source: "openphish" }]);
    expect(full.map((h) => h.toString("hex"))).toContain(listed); // the client confirms locally
    expect(await (await post("/api/v1/url/hashes", { prefixes: ["00000000", "FFFFFFFF"] })).json()).toEqual({ hashes: [] });
  });

  it("answers 400 for prefixes that are not 4 bytes of hex", async () => {
    await expect400(await post("/api/v1/url/hashes", { prefixes: ["abc"] }), /4 bytes/);
    await expect400(await post("/api/v1/url/hashes", { prefixes: [] }));
    await expect400(await post("/api/v1/url/hashes", { prefixes: ["zzzzzzzz"] }));
  });
});

describe("the link check in the OpenAPI description", () => {
  it("documents the three endpoints", async () => {
    const doc = await (await app.request("/api/v1/openapi.json")).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/url/check", "/url/hashes"]));
    expect(doc.paths["/url/check"]).toHaveProperty("get");
    expect(doc.paths["/url/check"]).toHaveProperty("post");
    expect(doc.paths["/url/check"].post.responses).toHaveProperty("413");
  });
});

describe("start-up", () => {
  it("deletes in the background what a killed import left: its staging rows, which no check ever saw", async () => {
    const staged = await beginGeneration(deps.db.client, "openphish");
    await addUrlEntries(deps.db.client, [{ url: "staged.example", verdict: "phishing", threat: "phishing" }], {
      source: "openphish",
      addedBy: "test",
      now: "2026-11-20T10:00:00.000Z",
      generation: staged,
    });
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    await deps.db.client.execute({ sql: "UPDATE threat_generations SET pid = ? WHERE id = ?", args: [dead, staged] });
    expect(((await (await get("http://staged.example/")).json()) as { verdict: string }).verdict).toBe("unknown");
    const rows = async () =>
      Number(
        (await deps.db.client.execute({ sql: "SELECT COUNT(*) AS n FROM url_entries WHERE generation = ?", args: [staged] })).rows[0]?.n,
      );
    expect(await rows()).toBe(1);
    const stop = checksFeature.start?.(deps);
    for (let i = 0; i < 50 && (await rows()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    stop?.();
    expect(await rows()).toBe(0);
    const gen = await deps.db.client.execute({ sql: "SELECT 1 FROM threat_generations WHERE id = ?", args: [staged] });
    expect(gen.rows).toHaveLength(0);
    expect(((await (await get("http://malware.example/x")).json()) as { verdict: string }).verdict).toBe("malicious");
  });
});
