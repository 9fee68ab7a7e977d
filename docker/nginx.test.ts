// docker/nginx.conf, the reverse proxy of the production stack. The static checks always run: the
// proxy's limits must agree with the portal's own (apps/api/src/http/node-server.ts) and with the
// largest body the portal accepts. `nginx -t` runs where nginx and openssl are installed (Debian:
// `apt-get install nginx-light`); `npm test` does not install nginx, whose package starts a
// daemon on port 80 when installed, so elsewhere that one test is skipped and says why.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get as httpGet } from "node:http";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_LIMITS } from "../apps/api/src/http/node-server.ts";
import { type Started, startServer, stopServer } from "../apps/api/src/testing/server.ts";
import { EVIDENCE_MAX_TOTAL_BYTES } from "../packages/contracts/src/reports.ts";
import { freePort } from "../packages/meili/src/index.ts";

const conf = readFileSync(join(import.meta.dirname, "nginx.conf"), "utf8");
/** The value of every `name …;` directive, comments left out. */
const directives = (name: string) =>
  [...conf.replace(/#.*$/gm, "").matchAll(new RegExp(`^\\s*${name}\\s+([^;]*);`, "gm"))].map((m) => (m[1] as string).trim());
const seconds = (v: string) => Number(/^(\d+)s$/.exec(v)?.[1] ?? Number.NaN);
const bytes = (v: string) => {
  const m = /^(\d+)([km]?)$/i.exec(v);
  if (!m) return Number.NaN;
  return Number(m[1]) * ({ "": 1, k: 1024, m: 1024 * 1024 }[(m[2] as string).toLowerCase()] as number);
};
const has = (cmd: string) => spawnSync(cmd, ["-v"], { stdio: "ignore" }).error === undefined;
const withNginx = has("nginx") && has("openssl");

/** A throw-away self-signed certificate in dir/tls, and nginx.conf rewritten to use it and reach `upstream`. */
function localConf(dir: string, upstream: string, ports?: { http: number; https: number }): string {
  mkdirSync(join(dir, "tls"));
  const cert = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=portal.example.vn",
      "-keyout",
      join(dir, "tls/privkey.pem"),
      "-out",
      join(dir, "tls/fullchain.pem"),
    ],
    { encoding: "utf8" },
  );
  if (cert.status !== 0) throw new Error(`openssl failed: ${cert.stderr}`);
  let local = conf.replaceAll("/etc/nginx/tls", join(dir, "tls")).replace("server portal:8080", `server ${upstream}`);
  if (ports) {
    local = local
      .replace(/listen (\[::\]:)?80 /g, (_, v6) => `listen ${v6 ?? ""}${ports.http} `)
      .replace(/listen (\[::\]:)?443 /g, (_, v6) => `listen ${v6 ?? ""}${ports.https} `);
  }
  const file = join(dir, "nginx.conf");
  writeFileSync(file, local);
  return file;
}

describe("the reverse proxy's configuration (docker/nginx.conf)", () => {
  it("gives slow clients no more time than the portal does", () => {
    expect(seconds(directives("client_header_timeout")[0] ?? "")).toBe(SERVER_LIMITS.headersTimeout / 1000);
    expect(seconds(directives("client_body_timeout")[0] ?? "")).toBeLessThanOrEqual(SERVER_LIMITS.requestTimeout / 1000);
    expect(seconds(directives("keepalive_timeout")[0] ?? "")).toBeLessThanOrEqual(SERVER_LIMITS.keepAliveTimeout / 1000);
    expect(Number(directives("keepalive_requests")[0])).toBe(SERVER_LIMITS.maxRequestsPerSocket);
    // The upstream keep-alive ends before the portal's, so nginx never reuses a socket being closed.
    expect(seconds(directives("keepalive_timeout")[1] ?? "")).toBeLessThan(SERVER_LIMITS.keepAliveTimeout / 1000);
  });

  it("takes request heads and bodies up to the portal's own limits and no further", () => {
    const [, size] = (directives("large_client_header_buffers")[0] ?? "").split(/\s+/);
    expect(bytes(size ?? "")).toBe(SERVER_LIMITS.maxHeaderSize);
    const body = bytes(directives("client_max_body_size")[0] ?? "");
    expect(body).toBeGreaterThanOrEqual(EVIDENCE_MAX_TOTAL_BYTES);
    expect(body).toBeLessThanOrEqual(EVIDENCE_MAX_TOTAL_BYTES + 1024 * 1024);
  });

  it("limits connections and requests per client address, answering 429", () => {
    expect(directives("limit_conn_zone")[0]).toMatch(/^\$binary_remote_addr /);
    expect(directives("limit_conn")).toHaveLength(1);
    expect(directives("limit_req")).toHaveLength(1);
    expect(directives("limit_conn_status")).toEqual(["429"]);
    expect(directives("limit_req_status")).toEqual(["429"]);
  });

  it("serves TLS 1.2 and 1.3 only, passes Host and the client address on, and logs no request lines", () => {
    expect(directives("ssl_protocols")).toEqual(["TLSv1.2 TLSv1.3"]);
    expect(directives("proxy_set_header")).toEqual(
      expect.arrayContaining(["Host $host", "X-Forwarded-For $remote_addr", "X-Forwarded-Proto https"]),
    );
    expect(directives("access_log")).toEqual(["off"]);
  });

  it("answers its own refusals in the portal's JSON error shape", () => {
    for (const code of ["invalid_request", "request_header_too_large", "payload_too_large", "rate_limited", "service_unavailable"]) {
      expect(conf).toContain(`{"error":{"code":"${code}","message":`);
    }
    for (const body of conf.matchAll(/return \d{3} '([^']*)'/g)) expect(() => JSON.parse(body[1] as string)).not.toThrow();
  });

  it.skipIf(!withNginx)("passes `nginx -t` (needs nginx and openssl installed)", () => {
    const dir = mkdtempSync(join(tmpdir(), "nginx-conf-"));
    try {
      // Outside compose: the certificate folder is a temporary one, and `portal` resolves nowhere.
      const file = localConf(dir, "127.0.0.1:8080");
      const run = spawnSync("nginx", ["-t", "-p", dir, "-c", file, "-g", `pid ${join(dir, "nginx.pid")}; error_log stderr;`], {
        encoding: "utf8",
      });
      expect(run.stderr).toMatch(/test is successful/);
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!withNginx)("the reverse proxy in front of the real portal (needs nginx and openssl installed)", () => {
  let portal: Started;
  let nginx: ChildProcess | undefined;
  let dir: string;
  let httpsPort: number;
  let httpPort: number;
  const nginxOutput: string[] = [];

  beforeAll(async () => {
    portal = await startServer({ PUBLIC_ORIGIN: "https://portal.example.vn", TRUST_PROXY: "true" });
    dir = mkdtempSync(join(tmpdir(), "nginx-live-"));
    httpPort = await freePort();
    httpsPort = await freePort();
    const file = localConf(dir, `127.0.0.1:${portal.port}`, { http: httpPort, https: httpsPort });
    // In the foreground, one process, logging to stderr: stopped by its pid after the tests.
    nginx = spawn(
      "nginx",
      ["-p", dir, "-c", file, "-g", `pid ${join(dir, "nginx.pid")}; error_log stderr; daemon off; master_process off;`],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    nginx.stderr?.on("data", (d) => nginxOutput.push(String(d)));
    // Ready once it answers on its HTTP port.
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`http://127.0.0.1:${httpPort}/nginx-health`).then(
        (r) => r.status === 204,
        () => false,
      );
      if (up) return;
      if (nginx.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`nginx did not start:\n${nginxOutput.join("")}`);
  }, 60_000);

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx?.once("exit", r));
      nginx.kill("SIGTERM");
      await exited;
    }
    await stopServer(portal);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** An HTTPS request to the proxy for `host`, certificate unchecked (it is self-signed). */
  const viaProxy = (path: string, host: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: httpsPort,
          path,
          method: init.method ?? "GET",
          servername: "portal.example.vn",
          rejectUnauthorized: false,
          headers: { host, ...init.headers },
        },
        (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on("error", reject);
      req.end();
    });

  it("passes requests for the public host on to the portal over TLS, which then sends HSTS", async () => {
    const r = await viaProxy("/api/v1/stats", "portal.example.vn");
    expect(r.status).toBe(200);
    // X-Forwarded-Proto https reached the portal, which trusts it (TRUST_PROXY) and adds HSTS.
    expect(r.headers["strict-transport-security"]).toMatch(/max-age=/);
  });

  it("passes Host on as sent, so the portal refuses another host with its JSON 421", async () => {
    const r = await viaProxy("/api/v1/stats", "evil.example");
    expect(r.status).toBe(421);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: "misdirected_request" } });
  });

  it("refuses a body over 31 MB itself, in the JSON error shape", async () => {
    const r = await viaProxy("/api/v1/reports", "portal.example.vn", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(40 * 1024 * 1024) },
    });
    expect(r.status).toBe(413);
    expect(r.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("redirects plain HTTP to HTTPS", async () => {
    const location = await new Promise<[number, string | undefined]>((resolve, reject) => {
      httpGet({ host: "127.0.0.1", port: httpPort, path: "/kiem-tra/", headers: { host: "portal.example.vn" } }, (res) => {
        res.resume();
        resolve([res.statusCode ?? 0, res.headers.location]);
      }).on("error", reject);
    });
    expect(location).toEqual([308, "https://portal.example.vn/kiem-tra/"]);
  });
});
