// A partner key's whole life through the real app: issued by an admin in the staff API, used on a
// public endpoint instead of the address's limit, counted per day, revoked — then refused with 401.
import { listAudit } from "@portal/auth";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";
import { sameOrigin, sessionCookie, testStaff } from "../../testing/staff.ts";
import { partnerCommand } from "./commands.ts";
import { partnersFeature } from "./index.ts";

let deps: TestDeps;
let admin: string;
beforeAll(async () => {
  // Every public limit at 1 a minute: a partner with a key is not held to them.
  deps = await makeTestDeps({
    meiliUrl: inject("meiliUrl"),
    meiliKey: inject("meiliKey"),
    env: { LIMIT_LINK_CHECKS_PER_MINUTE: "1", LIMIT_HASH_CHECKS_PER_MINUTE: "1", LIMIT_READS_PER_MINUTE: "1000" },
  });
  admin = await sessionCookie(deps, (await testStaff(deps, "admin")).user);
});
afterAll(() => deps.cleanup());

type Key = {
  id: string;
  hint: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  today: { requests: number; items: number; refused: number };
};

const issue = async (app: ReturnType<typeof createApp>, body: object) => {
  const res = await app.request("/api/v1/staff/partner-keys", { method: "POST", headers: sameOrigin(admin), body: JSON.stringify(body) });
  return { res, body: (await res.json()) as { key: Key; secret: string; error?: { code: string } } };
};
const list = async (app: ReturnType<typeof createApp>) =>
  ((await (await app.request("/api/v1/staff/partner-keys", { headers: sameOrigin(admin) })).json()) as { keys: Key[] }).keys;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

describe("partner API keys", () => {
  it("issue → use instead of the address's limit → counted per day → revoke → 401", async () => {
    const app = createApp(deps);
    const { res, body } = await issue(app, { name: "Ngân hàng Ví dụ", kind: "bank", perMinute: 4, perDay: 100 });
    expect(res.status).toBe(201);
    expect(body.secret).toMatch(/^ncsp_pk_[A-Za-z0-9_-]{43}$/);
    expect(body.key.hint).toBe(`${body.secret.slice(0, 12)}…`);
    // Shown once: the list never carries it.
    expect(JSON.stringify(await list(app))).not.toContain(body.secret.slice(12));

    // The address (no key) gets 1 link check a minute; the key gets 4 units a minute.
    const check = (headers: Record<string, string> = {}) => app.request("/api/v1/url/check?url=https%3A%2F%2Fexample.com%2F", { headers });
    expect((await check()).status).toBe(200);
    expect((await check()).status).toBe(429);
    const first = await check(bearer(body.secret));
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toBe('"partner";q=4;w=60, "partner-day";q=100;w=86400');
    expect(first.headers.get("ratelimit")).toMatch(/^"partner";r=3;t=15, "partner-day";r=99;t=\d+$/);
    // A batch counts its items against the key.
    const batch = await app.request("/api/v1/url/check", {
      method: "POST",
      headers: { ...bearer(body.secret), "content-type": "application/json" },
      body: JSON.stringify({ urls: ["https://a.example/", "https://b.example/"] }),
    });
    expect(batch.status).toBe(200);
    expect(batch.headers.get("ratelimit")).toMatch(/^"partner";r=1;/);
    expect((await check(bearer(body.secret))).status).toBe(200);
    const over = await check(bearer(body.secret));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe("rate_limited");

    // Counted per day (the list writes what was counted in memory first).
    const [counted] = (await list(app)).filter((k) => k.id === body.key.id);
    expect(counted?.today).toMatchObject({ requests: 3, items: 4, refused: 1 });
    expect(counted?.lastUsedAt).not.toBeNull();

    const revoked = await app.request(`/api/v1/staff/partner-keys/${body.key.id}/revoke`, { method: "POST", headers: sameOrigin(admin) });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { key: Key }).key.revokedAt).not.toBeNull();
    // A fresh app: this address's own budget is full again, so the refusal is the key's (a bad key
    // costs the address a unit of its budget, so guessing keys is rate-limited like anything else).
    const refused = await createApp(deps).request("/api/v1/url/check?url=https%3A%2F%2Fexample.com%2F", { headers: bearer(body.secret) });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const again = await app.request(`/api/v1/staff/partner-keys/${body.key.id}/revoke`, { method: "POST", headers: sameOrigin(admin) });
    expect(again.status).toBe(409);

    const audit = await listAudit(deps.db.client, { action: "partner.*" });
    expect(
      audit.rows
        .filter((r) => r.target === `partner:${body.key.id}`)
        .map((r) => r.action)
        .sort(),
    ).toEqual(["partner.issue", "partner.revoke"]);
    expect(JSON.stringify(audit.rows)).not.toContain(body.secret);
  });

  it("refuses a bearer key that was never issued or is not one, with 401 in the JSON shape, and leaves other schemes alone", async () => {
    const app = createApp(deps);
    // HTTP Basic (a staging site behind a password) is not a partner key: the request is anonymous.
    expect((await app.request("/api/v1/breaches", { headers: { authorization: "Basic dXNlcjpwYXNz" } })).status).toBe(200);
    for (const auth of [`Bearer ncsp_pk_${"x".repeat(43)}`, "Bearer nonsense", "bearer ncsp_pk_short"]) {
      const res = await app.request("/api/v1/breaches", { headers: { authorization: auth } });
      expect(res.status, auth).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");
    }
    // Guessing costs the address's budget: past it, 429.
    const guessing = createApp({ ...deps, env: { ...deps.env, LIMIT_READS_PER_MINUTE: 2 } });
    const guess = () => guessing.request("/api/v1/breaches", { headers: { authorization: `Bearer ncsp_pk_${"y".repeat(43)}` } });
    expect([(await guess()).status, (await guess()).status, (await guess()).status]).toEqual([401, 401, 429]);
  });

  it("refuses a name or quota out of bounds with 400", async () => {
    const app = createApp(deps);
    expect((await issue(app, { name: "x", kind: "bank", perMinute: 1, perDay: 1 })).res.status).toBe(400);
    expect((await issue(app, { name: "Đối tác", kind: "bank", perMinute: 0, perDay: 1 })).res.status).toBe(400);
    expect((await issue(app, { name: "Đối tác", kind: "shop", perMinute: 1, perDay: 1 })).res.status).toBe(400);
  });

  it("with RATE_LIMITS=off still checks and counts a key, but no quota refuses and no RateLimit field is sent", async () => {
    const app = createApp(deps);
    const { body } = await issue(app, { name: "Nhà mạng Không giới hạn", kind: "isp", perMinute: 1, perDay: 1 });
    const off = createApp({ ...deps, env: { ...deps.env, RATE_LIMITS: "off" } });
    for (let i = 0; i < 3; i++) {
      const res = await off.request("/api/v1/hash/d41d8cd98f00b204e9800998ecf8427e", { headers: bearer(body.secret) });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit")).toBeNull();
    }
    expect((await off.request("/api/v1/breaches", { headers: bearer(`ncsp_pk_${"z".repeat(43)}`) })).status).toBe(401);
    expect((await list(app)).find((k) => k.id === body.key.id)?.today).toMatchObject({ requests: 3, items: 3, refused: 0 });
  });

  it("writes the counted use in the background, and once more when the server stops", async () => {
    const app = createApp(deps);
    const { body } = await issue(app, { name: "Tiện ích Ví dụ", kind: "extension", perMinute: 100, perDay: 1000 });
    const stop = partnersFeature.start?.(deps);
    for (let i = 0; i < 3; i++) expect((await app.request("/api/v1/breaches", { headers: bearer(body.secret) })).status).toBe(200);
    const written = async () =>
      Number(
        (await deps.db.client.execute({ sql: "SELECT requests FROM partner_key_usage WHERE key_id = ?", args: [body.key.id] })).rows[0]
          ?.requests ?? 0,
      );
    expect(await written()).toBe(0);
    stop?.();
    for (let i = 0; i < 50 && (await written()) < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await written()).toBe(3);
  });

  it("issues, lists and revokes from the CLI too", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { deps, out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    expect(
      await partnerCommand.run({
        ...io,
        args: ["issue"],
        options: { name: "Nhà mạng Ví dụ", kind: "isp", "per-minute": "100", "per-day": "5000" },
      }),
    ).toBe(0);
    const secret = out.find((l) => l.startsWith("ncsp_pk_")) as string;
    const id = /Issued key ([0-9a-f]{16})/.exec(out[0] ?? "")?.[1] as string;
    expect(secret).toMatch(/^ncsp_pk_/);
    expect((await createApp(deps).request("/api/v1/health", { headers: bearer(secret) })).status).toBe(200);
    expect(await partnerCommand.run({ ...io, args: ["list"], options: {} })).toBe(0);
    expect(out.some((l) => l.startsWith(`${id}\tactive\tisp`))).toBe(true);
    expect(await partnerCommand.run({ ...io, args: ["revoke"], options: { id } })).toBe(0);
    expect(await partnerCommand.run({ ...io, args: ["revoke"], options: { id } })).toBe(1);
    expect(
      await partnerCommand.run({ ...io, args: ["issue"], options: { name: "X y", kind: "isp", "per-minute": "0", "per-day": "1" } }),
    ).toBe(1);
  });
});
