// The islands' API client against a real HTTP server on a free port (node:http), answering as the
// portal does: data, the contract's error shape, or something outside it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, getText, postJson } from "./api.ts";

let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body);
    };
    if (req.url === "/ok") return send(200, JSON.stringify({ verdict: "trusted", accept: req.headers.accept }));
    if (req.url === "/echo" && req.method === "POST") {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => send(200, JSON.stringify({ got: JSON.parse(body), type: req.headers["content-type"] })));
      return;
    }
    if (req.url === "/range") return send(200, "ABC:3\nDEF:0", { "content-type": "text/plain" });
    if (req.url === "/too-long")
      return send(400, JSON.stringify({ error: { code: "url_too_long", message: "a link may be at most 8192 characters" } }));
    if (req.url === "/limited")
      return send(429, JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }), { "retry-after": "17" });
    if (req.url === "/limited-bare") return send(429, "Too Many Requests", { "content-type": "text/plain" });
    return send(502, "<html>Bad gateway</html>", { "content-type": "text/html" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the API client", () => {
  it("gives the data of a successful answer, asking for JSON", async () => {
    expect(await getJson(`${base}/ok`)).toEqual({ ok: true, data: { verdict: "trusted", accept: "application/json" } });
  });

  it("posts JSON", async () => {
    expect(await postJson(`${base}/echo`, { hashes: ["a"] })).toEqual({
      ok: true,
      data: { got: { hashes: ["a"] }, type: "application/json" },
    });
  });

  it("reads a plain-text answer", async () => {
    expect(await getText(`${base}/range`)).toEqual({ ok: true, data: "ABC:3\nDEF:0" });
  });

  it("gives the contract's error code, never its English message", async () => {
    expect(await getJson(`${base}/too-long`)).toEqual({ ok: false, code: "url_too_long" });
  });

  it("says how long to wait after a rate limit, from Retry-After", async () => {
    expect(await getText(`${base}/limited`)).toEqual({ ok: false, code: "rate_limited", retryAfter: 17 });
    expect(await getText(`${base}/limited-bare`)).toEqual({ ok: false, code: "rate_limited" });
  });

  it('calls an answer outside the contract, or none at all, "network"', async () => {
    expect(await getJson(`${base}/proxy-error`)).toEqual({ ok: false, code: "network" });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await getJson(`http://127.0.0.1:${port}/`)).toEqual({ ok: false, code: "network" });
  });
});
