// Astro's internals as the running server exposes them: its image endpoint stays off, and its own
// log messages land in the portal's JSON log, redacted. The real server over real sockets, with
// the built site (`npm test` builds it first).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawExchange, type Started, startServer, stopServer } from "../testing/server.ts";

let s: Started;
beforeAll(async () => {
  s = await startServer({});
});
afterAll(() => stopServer(s));

/** Whatever the process writes to stdout and stderr while `run` runs (Astro's console logger wrote there). */
async function consoleDuring(run: () => Promise<unknown>): Promise<string> {
  const written: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    await run();
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return written.join("");
}

describe("Astro's internals", () => {
  it("keeps the unused /_image endpoint off: it is an ordinary missing page, and nothing is logged as an error", async () => {
    const before = s.deps.logs.length;
    const printed = await consoleDuring(async () => {
      for (const path of ["/_image?href=%2Ffavicon.svg&w=16&f=webp", "/_image/", "/_IMAGE?href=/favicon.svg"]) {
        const a = await rawExchange(s.port, [`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`]);
        expect(a.status, path).toBe(404);
        expect(a.headers["content-type"], path).toMatch(/text\/html/);
      }
    });
    expect(printed).toBe("");
    expect(s.deps.logs.slice(before).filter((l) => l.level === "error" || l.level === "warn")).toEqual([]);
  });

  it("sends Astro's own log messages to the JSON log, not to the console, with no query string in them", async () => {
    const before = s.deps.logs.length;
    // Astro's router logs an error for a path it cannot decode; the page route takes the post.
    const printed = await consoleDuring(() =>
      rawExchange(s.port, [
        "POST /canh-bao/%E0%A4%A?email=someone%40example.com HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
      ]),
    );
    expect(printed).toBe("");
    const astro = s.deps.logs.slice(before).filter((l) => l.msg === "astro");
    expect(astro.length).toBeGreaterThan(0);
    expect(astro[0]).toMatchObject({ level: "error", message: expect.stringContaining("Invalid URL encoding") });
    expect(JSON.stringify(s.deps.logs.slice(before))).not.toContain("someone");
  });
});
