import { createHash } from "node:crypto";
import { loadDemoBreaches, normaliseIdentifier } from "@portal/breach";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";

let deps: TestDeps;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  await loadDemoBreaches(deps.db.client);
});
afterAll(() => deps.cleanup());

const hashOf = (input: string) => {
  const id = normaliseIdentifier(input);
  if (id.kind === "invalid") throw new Error("bad test input");
  return createHash("sha1").update(id.value).digest("hex").toUpperCase();
};

interface RangeBody {
  prefix: string;
  matches: { suffix: string; breaches: string[] }[];
  breaches: { name: string; isSensitive: boolean; dataClasses: string[] }[];
}

describe("GET /api/v1/accounts/range/{prefix}", () => {
  it("returns the demo account's suffix with the breaches it is in and their details", async () => {
    const app = createApp(deps);
    const h = hashOf("  An.Nguyen@Example.com ");
    const res = await app.request(`/api/v1/accounts/range/${h.slice(0, 6).toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as RangeBody;
    const match = body.matches.find((m) => m.suffix === h.slice(6));
    expect(match?.breaches).toEqual(["DemoForumVN", "DemoShopVN"]);
    expect(body.breaches.map((b) => b.name).sort()).toEqual(["DemoForumVN", "DemoShopVN"]);
    expect(body.breaches.every((b) => !b.isSensitive)).toBe(true);
  });

  it("finds a Vietnamese phone number written in national form", async () => {
    const app = createApp(deps);
    const h = hashOf("0120 000 001");
    expect(h).toBe(createHash("sha1").update("+84120000001").digest("hex").toUpperCase());
    const body = (await (await app.request(`/api/v1/accounts/range/${h.slice(0, 6)}`)).json()) as RangeBody;
    expect(body.matches.find((m) => m.suffix === h.slice(6))?.breaches).toEqual(["DemoShopVN"]);
  });

  it("never reveals an account that is only in a sensitive breach", async () => {
    const app = createApp(deps);
    const h = hashOf("0120000004");
    const body = (await (await app.request(`/api/v1/accounts/range/${h.slice(0, 6)}`)).json()) as RangeBody;
    expect(body.matches.find((m) => m.suffix === h.slice(6))).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain("DemoClinicVN");
  });

  for (const prefix of ["ABCDE", "ABCDEF1", "ABCDEG", "xyzxyz"]) {
    it(`refuses the prefix ${JSON.stringify(prefix)} with 400`, async () => {
      const res = await createApp(deps).request(`/api/v1/accounts/range/${prefix}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    });
  }

  it("limits a client to 10 requests a minute with 429 and Retry-After", async () => {
    const app = createApp(deps);
    for (let i = 0; i < 10; i++) expect((await app.request("/api/v1/accounts/range/ABCDEF")).status).toBe(200);
    const res = await app.request("/api/v1/accounts/range/ABCDEF");
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  });

  it("keeps the prefix out of the request log", async () => {
    await createApp(deps).request("/api/v1/accounts/range/FEDCBA");
    const logged = JSON.stringify(deps.logs);
    expect(logged).toContain("/api/v1/accounts/range/:prefix");
    expect(logged).not.toContain("FEDCBA");
  });
});
