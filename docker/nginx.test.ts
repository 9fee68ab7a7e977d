// docker/nginx.conf, the reverse proxy of the production stack. The static checks always run: the
// proxy's limits must agree with the portal's own (apps/api/src/http/node-server.ts) and with the
// largest body the portal accepts. `nginx -t` runs where nginx and openssl are installed (Debian:
// `apt-get install nginx-light`); `npm test` does not install nginx, whose package starts a
// daemon on port 80 when installed, so elsewhere that one test is skipped and says why.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_LIMITS } from "../apps/api/src/http/node-server.ts";
import { EVIDENCE_MAX_TOTAL_BYTES } from "../packages/contracts/src/reports.ts";

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

  it.skipIf(!has("nginx") || !has("openssl"))("passes `nginx -t` (needs nginx and openssl installed)", () => {
    const dir = mkdtempSync(join(tmpdir(), "nginx-conf-"));
    try {
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
      expect(cert.status, cert.stderr).toBe(0);
      // Outside compose: the certificate folder is a temporary one, and `portal` resolves nowhere.
      const local = conf.replaceAll("/etc/nginx/tls", join(dir, "tls")).replace("server portal:8080", "server 127.0.0.1:8080");
      writeFileSync(join(dir, "nginx.conf"), local);
      const run = spawnSync(
        "nginx",
        ["-t", "-p", dir, "-c", join(dir, "nginx.conf"), "-g", `pid ${join(dir, "nginx.pid")}; error_log stderr;`],
        {
          encoding: "utf8",
        },
      );
      expect(run.stderr).toMatch(/test is successful/);
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
