// The server exactly as `npm start` runs it (runtime.ts listen(): the Node server of
// http/node-server.ts around the real app and the built site), spoken to over raw sockets, because
// what is tested here is answered by Node and the adapter before Hono ever sees a request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RawAnswer, rawExchange, type Started, startServer, stopServer } from "../testing/server.ts";
import { SERVER_LIMITS } from "./node-server.ts";

const ORIGIN = "https://portal.example.vn";
const HOST = "portal.example.vn";

const get = (path: string, host = HOST) => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;

function expectJsonError(a: RawAnswer, status: number, code: string) {
  expect(a.status).toBe(status);
  expect(a.headers["content-type"]).toBe("application/json");
  expect(a.headers["x-content-type-options"]).toBe("nosniff");
  expect(JSON.parse(a.body)).toMatchObject({ error: { code, message: expect.any(String) } });
}

describe("what Node itself answers, in the contract's JSON error shape", () => {
  let s: Started;
  beforeAll(async () => {
    s = await startServer({ PUBLIC_ORIGIN: ORIGIN });
  });
  afterAll(() => stopServer(s));

  it("answers a request head over 16 kB with 431 request_header_too_large, pointing long links to the POST form", async () => {
    const long = `http://example.com/${"a".repeat(SERVER_LIMITS.maxHeaderSize)}`;
    const a = await rawExchange(s.port, [get(`/api/v1/url/check?url=${encodeURIComponent(long)}`)]);
    expectJsonError(a, 431, "request_header_too_large");
    const message = JSON.parse(a.body).error.message as string;
    expect(message).toContain("16384 bytes");
    expect(message).toContain("POST /api/v1/url/check");
    // The refused head is not in the log: it carried the link being checked.
    expect(JSON.stringify(s.deps.logs)).not.toContain("aaaaaaaaaa");
  });

  it("answers raw non-ASCII bytes in the path with 400 invalid_request", async () => {
    const head = Buffer.concat([
      Buffer.from("GET /kiem-tra/"),
      Buffer.from("đường-dẫn", "utf8"),
      Buffer.from(` HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`),
    ]);
    expectJsonError(await rawExchange(s.port, [head]), 400, "invalid_request");
  });

  it("answers a backslash in the path with 400 invalid_request (the adapter cannot build its URL)", async () => {
    expectJsonError(await rawExchange(s.port, [get("/api\\v1/health")]), 400, "invalid_request");
    expectJsonError(await rawExchange(s.port, [get("/a\\b")]), 400, "invalid_request");
  });

  it("answers bytes that are not HTTP with 400 invalid_request", async () => {
    expectJsonError(await rawExchange(s.port, ["HELLO THERE\r\n\r\n"]), 400, "invalid_request");
  });

  it("answers an Expect other than 100-continue with 417 expectation_failed", async () => {
    const a = await rawExchange(s.port, [
      `POST /api/v1/url/check HTTP/1.1\r\nHost: ${HOST}\r\nExpect: 200-ok\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    ]);
    expectJsonError(a, 417, "expectation_failed");
  });

  it("refuses a request with two Host headers, and an HTTP/1.1 request with none, with 400", async () => {
    const two = await rawExchange(s.port, [
      `GET /api/v1/health HTTP/1.1\r\nHost: ${HOST}\r\nHost: other.example\r\nConnection: close\r\n\r\n`,
    ]);
    expectJsonError(two, 400, "invalid_request");
    expect(JSON.parse(two.body).error.message).toMatch(/more than one Host/);
    expectJsonError(await rawExchange(s.port, ["GET /api/v1/health HTTP/1.1\r\nConnection: close\r\n\r\n"]), 400, "invalid_request");
  });

  it("answers only for PUBLIC_ORIGIN's host: any other is refused with 421 misdirected_request", async () => {
    expectJsonError(await rawExchange(s.port, [get("/api/v1/stats", "evil.example")]), 421, "misdirected_request");
    expectJsonError(await rawExchange(s.port, [get("/", "127.0.0.1")]), 421, "misdirected_request");
    // In absolute form the target's authority names the host (RFC 9112 §3.2.2), whatever Host says.
    expectJsonError(
      await rawExchange(s.port, [`GET http://evil.example/api/v1/stats HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`]),
      421,
      "misdirected_request",
    );
    expect((await rawExchange(s.port, [get("/api/v1/stats")])).status).toBe(200);
    expect((await rawExchange(s.port, [get("/api/v1/stats", `${HOST.toUpperCase()}:443`)])).status).toBe(200);
    expect((await rawExchange(s.port, [get("/")])).status).toBe(200);
  });

  it("logs malformed API paths without the hash prefix, digest or address they carry", async () => {
    const before = s.deps.logs.length;
    for (const path of [
      "/api/v1//passwords/range/C0FFE",
      "/api/v1/passwords/range/C0FFE/extra",
      "/API/v1/Passwords/Range/C0FFE",
      "/api/v1/passwords/range%2FC0FFE",
      "/api/v1/hash//5d41402abc4b2a76b9719d911017c592",
      "/api/v1/accountz/someone@example.com",
    ]) {
      const a = await rawExchange(s.port, [get(path)]);
      expect(a.status, path).toBeGreaterThanOrEqual(400);
    }
    const logged = JSON.stringify(s.deps.logs.slice(before));
    expect(logged).toContain('"msg":"request"');
    expect(logged).not.toMatch(/C0FFE/i);
    expect(logged).not.toContain("5d41402a");
    expect(logged).not.toContain("someone");
  });

  it("answers the health check whatever the Host, for container and proxy probes on loopback", async () => {
    const a = await rawExchange(s.port, [get("/api/v1/health", "127.0.0.1:8080")]);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toMatchObject({ status: expect.any(String) });
  });

  it("cuts off a client that sends its headers slowly (slowloris) after 10 s with 408 request_timeout", async () => {
    // One header line every 500 ms, for ever: Node's default would wait up to 60 s and check only every 30 s.
    const drip = [`GET /api/v1/health HTTP/1.1\r\nHost: ${HOST}\r\n`, ...Array.from({ length: 60 }, (_, i) => `X-Slow-${i}: 1\r\n`)];
    const a = await rawExchange(s.port, drip, 500, 20_000);
    expectJsonError(a, 408, "request_timeout");
    expect(a.ms).toBeGreaterThanOrEqual(SERVER_LIMITS.headersTimeout - 500);
    expect(a.ms).toBeLessThan(SERVER_LIMITS.headersTimeout + 2 * SERVER_LIMITS.connectionsCheckingInterval + 1000);
  }, 30_000);

  it("states its limits on the server: 10 s for headers, 30 s per request, 5 s keep-alive, 1000 requests a connection", () => {
    const server = s.server.server;
    expect(server.headersTimeout).toBe(10_000);
    expect(server.requestTimeout).toBe(30_000);
    expect(server.keepAliveTimeout).toBe(5_000);
    expect(SERVER_LIMITS.maxRequestsPerSocket).toBe(1000);
  });
});

describe("slow bodies and long-lived connections (limits shortened to keep the test quick)", () => {
  let s: Started;
  beforeAll(async () => {
    s = await startServer(
      {},
      { limits: { headersTimeout: 1000, requestTimeout: 2000, maxRequestsPerSocket: 2, connectionsCheckingInterval: 200 } },
    );
  });
  afterAll(() => stopServer(s));

  it("cuts off a body that trickles in past the request timeout with 408 request_timeout", async () => {
    const head = "POST /api/v1/url/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    const a = await rawExchange(s.port, [head, ...Array.from({ length: 40 }, () => " ")], 250, 10_000);
    expectJsonError(a, 408, "request_timeout");
    expect(a.ms).toBeLessThan(4000);
  });

  it("closes a keep-alive connection after maxRequestsPerSocket requests", async () => {
    const one = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    const a = await rawExchange(s.port, [one + one + one], 0, 10_000);
    const statuses = a.raw.match(/HTTP\/1\.1 \d{3}/g) ?? [];
    // The first two are served, the second saying Connection: close; the pipelined third is never
    // answered with Node's empty 503 (if it is answered at all, it is the JSON one).
    expect(statuses.slice(0, 2)).toEqual(["HTTP/1.1 200", "HTTP/1.1 200"]);
    const second = a.raw.slice(a.raw.indexOf("HTTP/1.1", 1));
    expect(second).toMatch(/^connection: close$/im);
    if (statuses[2]) expect(a.raw.slice(a.raw.lastIndexOf("HTTP/1.1 "))).toMatch(/service_unavailable/);
    expect(a.ms).toBeLessThan(3000);
  });
});
