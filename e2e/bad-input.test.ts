// The bad-input corpus: more than 10 000 requests made from the API's own OpenAPI document (read
// from the running portal, so a new route is covered without touching this file), sent over real
// HTTP to a portal started as `npm start` starts it. Staff operations go signed out, with each
// role's session, and from another site. Nothing a client sends may give a 500; every 4xx is the
// one JSON error shape; the portal is healthy afterwards and its log holds no stack trace and
// nothing secret that was sent. A failure prints its seed and the exact request; the same seed
// makes the same corpus again (BAD_INPUT_SEED=<seed>), but for the ids of the records it names.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { ROLES } from "@portal/auth";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Canaries, type FuzzRequest, generate, knownKey, type OpenApiDocument, type Operation } from "./openapi-fuzz.ts";
import { type PortalProcess, startPortal } from "./portal.ts";
import { createWithCli, nextCode, runCli } from "./staff-accounts.ts";

const SEED = Number(process.env.BAD_INPUT_SEED ?? 20_261_129);
/** The API-wide body ceiling (apps/api/src/app.ts): bodies just under and over it are sent. */
const BODY_LIMIT = 1024 * 1024;
/** Requests in flight at once: enough to keep both of a small machine's CPUs busy. */
const CONCURRENCY = 12;
const CROSS_SITE = "cross-site (admin session)";
const SIGNED_OUT = "signed out";

const canaries: Canaries = {
  password: `Canary-Pw-${SEED}-mk`,
  email: `canary.${SEED}@hop-thu.example.vn`,
  text: `canary-text-${SEED}`,
};

let portal: PortalProcess;
let dataDir = "";
let doc: OpenApiDocument;
let requests: FuzzRequest[] = [];
/** Real values for path parameters (see harvest). */
let known: Record<string, string[]> = {};
const cookies = new Map<string, string>();
const ownIds = new Set<string>();
let activationToken = "";
const accounts = ROLES.map((role, i) => ({
  role,
  email: `fuzz-${role}@co-quan.example.gov.vn`,
  password: `mật khẩu thử ${role} số ${i + 1} rất dài`,
}));

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request over HTTP/1.1; `fresh` opens its own connection (the checks after the corpus). */
function send(req: Pick<FuzzRequest, "method" | "path" | "headers" | "body">, fresh = false, timeoutMs = 30_000): Promise<Answer> {
  const url = new URL(portal.url);
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        agent: fresh ? false : agent,
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, ...(req.body ? { "content-length": String(req.body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: decode(res.headers, Buffer.concat(chunks)) }),
        );
        res.on("error", reject);
      },
    );
    r.setTimeout(timeoutMs, () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on("error", reject);
    r.end(req.body);
  });
}

function decode(headers: http.IncomingHttpHeaders, body: Buffer): Buffer {
  const enc = headers["content-encoding"];
  if (enc === "gzip") return gunzipSync(body);
  if (enc === "br") return brotliDecompressSync(body);
  if (enc === "deflate") return inflateSync(body);
  return body;
}

/** The headers a context adds: the session of a role, and where the request says it comes from. */
function contextHeaders(req: FuzzRequest): Record<string, string> {
  if (req.context === "public") return {};
  if (req.context === SIGNED_OUT) return { "sec-fetch-site": "same-origin" };
  const admin = cookies.get("admin") as string;
  if (req.context === CROSS_SITE) {
    // Fetch Metadata from a browser on another site, or only an Origin from an older browser.
    return req.n % 2 ? { cookie: admin, "sec-fetch-site": "cross-site" } : { cookie: admin, origin: "https://evil.example" };
  }
  return { cookie: cookies.get(req.context) as string, "sec-fetch-site": "same-origin" };
}

const contexts = (op: Operation) => (op.staff ? [SIGNED_OUT, ...ROLES, CROSS_SITE] : ["public"]);
const corpusOptions = (seed = SEED) => ({
  seed,
  base: doc.servers?.[0]?.url ?? "/api/v1",
  contexts,
  canaries,
  bodyLimit: BODY_LIMIT,
  known,
});

/**
 * Real values for path parameters, read from the portal itself: for every list a GET without
 * parameters answers (with each session until one may read it), the values under the key of a
 * parameter of the paths beneath it (GET /staff/users → "id" for /staff/users/{id}). The fuzz
 * accounts are left out, so that no valid-looking change disables or signs out the corpus itself.
 */
async function harvest(exclude: Set<string>): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const base = doc.servers?.[0]?.url ?? "/api/v1";
  for (const [template, item] of Object.entries(doc.paths)) {
    if (!item.get || template.includes("{")) continue;
    const params = new Set(
      Object.keys(doc.paths).flatMap((t) =>
        t.startsWith(`${template}/{`) ? [/^\/\{([^}]+)\}/.exec(t.slice(template.length))?.[1] as string] : [],
      ),
    );
    if (params.size === 0) continue;
    for (const cookie of template.startsWith("/staff/") ? ROLES.map((r) => cookies.get(r) as string) : [""]) {
      const res = await send({ method: "GET", path: `${base}${template}`, headers: cookie ? { cookie } : {} }, true);
      if (res.status !== 200) continue;
      const found = new Map<string, Set<string>>();
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) for (const x of v) walk(x);
        else if (v && typeof v === "object") {
          for (const [k, x] of Object.entries(v)) {
            if (params.has(k) && typeof x === "string" && !exclude.has(x)) found.set(k, (found.get(k) ?? new Set()).add(x));
            else walk(x);
          }
        }
      };
      walk(JSON.parse(res.body.toString("utf8")));
      for (const [k, values] of found) out[knownKey(`${template}/{${k}}`, k)] = [...values].slice(0, 4);
      break;
    }
  }
  return out;
}

/** The request as it went out, to paste into a bug report (large bodies shown head and tail). */
function describeRequest(req: FuzzRequest): string {
  const body = req.body;
  const text = body ? JSON.stringify(body.toString("latin1")) : "";
  const shown = text.length > 600 ? `${text.slice(0, 300)} … ${text.slice(-200)}` : text;
  const sha = body ? createHash("sha256").update(body).digest("hex").slice(0, 16) : "";
  return [
    `#${req.n} (seed ${SEED}) ${req.op} — ${req.variant} — ${req.context}`,
    `${req.method} ${req.path.length > 400 ? `${req.path.slice(0, 400)}…(${req.path.length} chars)` : req.path}`,
    ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v.length > 200 ? `${v.slice(0, 200)}…(${v.length})` : v}`),
    ...(body ? [`body (${body.length} bytes, sha256 ${sha}, latin-1 as JSON): ${shown}`] : []),
  ].join("\n");
}

/** CPU seconds a process has used (Linux /proc; 0 elsewhere): the run's cost whatever the load. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ ticks
  } catch {
    return 0;
  }
}

const unsafe = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "portal-bad-input-"));
  // Accounts first, through the CLI as an operator makes them; a publisher belongs to an agency.
  runCli('agency create --slug fuzz-agency --name-vi "Cơ quan thử" --name-en "Test agency"', { dataDir });
  const keys = accounts.map((a) =>
    createWithCli(a.email, `Cán bộ ${a.role}`, a.role, a.password, {
      dataDir,
      ...(a.role === "publisher" ? { agency: "fuzz-agency" } : {}),
    }),
  );
  // The rate limits would turn much of the corpus into 429s before it reaches the validation
  // (RATE_LIMITS=off for all of them; REPORTS_PER_HOUR=0 for the report intake's own).
  portal = await startPortal({ DATA_DIR: dataDir, LOG_LEVEL: "info", RATE_LIMITS: "off", REPORTS_PER_HOUR: "0" });
  for (const [i, a] of accounts.entries()) {
    const res = await fetch(`${portal.url}/api/v1/staff/session`, {
      method: "POST",
      headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ email: a.email, password: a.password, totp: nextCode(keys[i] as string) }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const cookie = /^(portal_session=[^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
    expect(cookie).toBeTruthy();
    cookies.set(a.role, cookie as string);
    ownIds.add(((await res.json()) as { user: { id: string } }).user.id);
  }
  doc = (await (await fetch(`${portal.url}/api/v1/openapi.json`)).json()) as OpenApiDocument;
  // Records for the corpus to name besides the demo data: an account that is not one of the
  // corpus's own (it may be changed or disabled), and a report.
  const staffPost = (path: string, body: unknown) =>
    fetch(`${portal.url}/api/v1${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "sec-fetch-site": "same-origin", cookie: cookies.get("admin") as string },
      body: JSON.stringify(body),
    });
  const other = await staffPost("/staff/users", { email: "fuzz-other@co-quan.example.gov.vn", name: "Cán bộ khác", role: "analyst" });
  expect(other.status).toBe(201);
  // Its activation token: a secret the corpus sends in a path, which the log must not keep.
  const activationUrl = ((await other.json()) as { activation: { url: string } }).activation.url;
  activationToken = new URL(activationUrl, portal.url).searchParams.get("token") as string;
  const report = await fetch(`${portal.url}/api/v1/reports`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      category: "phishing",
      url: "https://vi-du.example.vn/dang-nhap",
      description: "Trang giả mạo ngân hàng",
      anonymous: true,
      consent: true,
    }),
  });
  expect(report.status, await report.clone().text()).toBe(201);
  const { trackingCode } = (await report.json()) as { trackingCode: string };
  known = { ...(await harvest(ownIds)), "/staff/activation/{token}": [activationToken], "/reports/{trackingCode}": [trackingCode] };
  requests = generate(doc, corpusOptions());
}, 120_000);

afterAll(async () => {
  agent.destroy();
  await portal?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the bad-input corpus from the OpenAPI document", () => {
  it("makes the same corpus from the same seed", () => {
    const digest = (reqs: FuzzRequest[]) => {
      const h = createHash("sha256");
      for (const r of reqs) h.update(JSON.stringify([r.n, r.op, r.variant, r.context, r.method, r.path, r.headers])).update(r.body ?? "");
      return h.digest("hex");
    };
    expect(digest(generate(doc, corpusOptions()))).toBe(digest(requests));
  });

  it("answers every request of it below 500, each 4xx in the JSON error shape, and stays healthy", async () => {
    const ops = new Set(requests.map((r) => r.op));
    expect(requests.length).toBeGreaterThanOrEqual(10_000);
    // Every operation of the document is in it, each staff one in every context.
    const methods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
    expect(ops.size).toBe(Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).filter((k) => methods.has(k)).length, 0));
    for (const op of ops) {
      const seen = new Set(requests.filter((r) => r.op === op).map((r) => r.context));
      expect(seen.size, op).toBe(op.includes(" /staff/") ? 2 + ROLES.length : 1);
    }

    const ajv = new Ajv({ strict: false, allowUnionTypes: true });
    const errorShape = ajv.compile(doc.components?.schemas?.Error ?? {});
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const check = (req: FuzzRequest, a: Answer) => {
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      const problems: string[] = [];
      if (a.status >= 500) problems.push(`status ${a.status}`);
      if (a.status >= 400) {
        if (!String(a.headers["content-type"]).startsWith("application/json")) problems.push(`content-type ${a.headers["content-type"]}`);
        if (a.headers["x-content-type-options"] !== "nosniff") problems.push("no x-content-type-options: nosniff");
        let parsed: unknown;
        try {
          parsed = JSON.parse(a.body.toString("utf8"));
        } catch {
          problems.push("body is not JSON");
        }
        if (parsed !== undefined && !errorShape(parsed)) problems.push(`not the error shape: ${ajv.errorsText(errorShape.errors)}`);
      }
      const op = req.op.split(" ")[1] as string;
      const secured = (doc.paths[op]?.[req.op.split(" ")[0]?.toLowerCase() as string]?.security ?? []).length > 0;
      if (req.context === SIGNED_OUT && secured && a.status < 400) problems.push(`a signed-out request got ${a.status}`);
      if (req.context === CROSS_SITE && unsafe(req.method) && a.status < 400) problems.push(`a cross-site ${req.method} got ${a.status}`);
      if (problems.length) {
        failures.push(`${problems.join("; ")}\n${describeRequest(req)}\nanswer: ${a.body.toString("utf8").slice(0, 300)}`);
      }
    };

    // DELETEs last: one of them signs out, and the sessions must last until everything else went.
    const main = requests.filter((r) => r.method !== "DELETE");
    const last = requests.filter((r) => r.method === "DELETE");
    const run = async (list: FuzzRequest[]) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < list.length) {
            const req = list[next++] as FuzzRequest;
            const full = { ...req, headers: { ...contextHeaders(req), ...req.headers } };
            try {
              check(req, await send(full));
            } catch (err) {
              failures.push(`no answer: ${(err as Error).message}\n${describeRequest(req)}`);
            }
          }
        }),
      );
    };
    const started = performance.now();
    const serverCpu = cpuSeconds(portal.child.pid);
    const ownCpu = process.cpuUsage();
    await run(main);
    // Every role was still signed in after the main run, so its requests reached the routes.
    const signedIn: string[] = [];
    for (const role of ROLES) {
      const me = await send({ method: "GET", path: "/api/v1/staff/me", headers: { cookie: cookies.get(role) as string } }, true);
      if (me.status === 200) signedIn.push(JSON.parse(me.body.toString()).user.role);
    }
    await run(last);
    const seconds = (performance.now() - started) / 1000;
    // Measured, not asserted: the corpus is sized by its count; docs/benchmarks.md has the figures.
    const cpu = process.cpuUsage(ownCpu);
    console.info(
      `bad-input corpus: ${requests.length} requests over ${ops.size} operations in ${seconds.toFixed(1)} s ` +
        `(seed ${SEED}, ${CONCURRENCY} at once); CPU: portal ${(cpuSeconds(portal.child.pid) - serverCpu).toFixed(1)} s, ` +
        `this test ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; ` +
        `real records named: ${Object.entries(known)
          .map(([k, v]) => `${k} ×${v.length}`)
          .join(", ")}`,
    );
    expect(failures.slice(0, 25).join("\n\n"), `${failures.length} failures`).toBe("");
    expect(signedIn, "the roles still signed in after the corpus").toEqual([...ROLES]);

    const health = await send({ method: "GET", path: "/api/v1/health", headers: {} }, true);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body.toString()).db.status).toBe("ok");
    expect(portal.child.exitCode).toBeNull();
  }, 180_000);

  it("leaves no stack trace and nothing secret that was sent in the portal's log", () => {
    const log = portal.output.join("");
    const lines = log.split("\n");
    const traces = lines.filter((l) => /^\s+at /.test(l) || l.includes("\\n    at ") || (!l.startsWith("{") && /\bError:/.test(l)));
    expect(traces.slice(0, 10)).toEqual([]);
    const sent = [canaries.password, canaries.email, canaries.text, activationToken, ...accounts.flatMap((a) => [a.password, a.email])];
    for (const secret of sent) {
      const found = lines.find((l) => l.includes(secret) || l.includes(JSON.stringify(secret).slice(1, -1)));
      expect(found, secret).toBeUndefined();
    }
    // The log did record the run (the request lines), so the checks above looked at something.
    expect(lines.filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThan(10_000);
  });
});
