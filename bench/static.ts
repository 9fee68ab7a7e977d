// `npm run bench -- static [--seconds S] [--rounds R] [--connections C] [--baseline DIR]`
//
// How fast the portal serves its built site's files: the real portal process (apps/api/src/main.ts,
// as `npm start` runs it) on the built site in apps/web/dist (run `npm run build` first), loaded
// over loopback HTTP/1.1 with keep-alive by a worker thread (bench/lib/http-load.ts):
//  - a ~100-byte static file (/robots.txt), no Accept-Encoding;
//  - a typical stylesheet under /_astro/ with `Accept-Encoding: br, gzip`, as a browser asks;
//  - a prerendered HTML page (/gioi-thieu/, whose live parts are filled as it is sent), `br, gzip` too;
//  - a revalidation of that stylesheet (If-None-Match with the ETag it was sent, answered 304 —
//    or 200 where the server sends no ETag);
//  - for scale, the link-check API (GET /api/v1/url/check), which the issue compared with.
// Each case prints requests/s, p50 and p99; the cases take turns, R rounds (default 4), so that a
// neighbour's load on a shared machine falls on all of them alike.
//
// --baseline DIR starts a second portal from another checkout (say, a worktree of the commit
// before a change, with its dependencies installed) on the same built site, and loads both in the
// same alternating rounds: each case then also prints the median of the rounds' ratios.
// Bounded: each side gets --seconds in all (default 6); processes and the temp folder are removed.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { cpus, freemem, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fmt, freePort, numberOption, say, stopChild, stringOption } from "./lib/cli.ts";
import { cpuTicks, httpLoad, interleavedLoad, type LoadOptions, medianRatio, stolenSince } from "./lib/http-load.ts";

const SECONDS = numberOption("seconds", 6);
const CONNECTIONS = numberOption("connections", 16);
const ROUNDS = numberOption("rounds", 4);
const baselineDir = stringOption("baseline");
const root = join(import.meta.dirname, "..");
const webDist = join(root, "apps/web/dist");
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

if (!existsSync(join(webDist, "client", "robots.txt"))) {
  say(`No built site in ${webDist}: run \`npm run build\` first.`);
  process.exit(1);
}

function start(checkout: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(checkout, "apps/api/src/main.ts")], {
    cwd: checkout,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  return new Promise((res, rej) => {
    const on = (b: Buffer) => {
      out += b.toString();
      if (/Portal ready at/.test(out)) res(child);
    };
    child.stdout?.on("data", on);
    child.stderr?.on("data", on);
    child.once("exit", (code) => rej(new Error(`exited with ${code}:\n${out}`)));
    setTimeout(() => rej(new Error(`not ready in 120 s:\n${out}`)), 120_000).unref();
  });
}

/** One request, to see what a case is answered: status, encoding, body bytes, ETag. */
function probe(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; encoding: string; bytes: number; etag: string | undefined; body: string }>((res, rej) => {
    const req = request({ host: "127.0.0.1", port, path, headers }, (r) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => {
        const body = Buffer.concat(chunks);
        res({
          status: r.statusCode ?? 0,
          encoding: String(r.headers["content-encoding"] ?? "identity"),
          bytes: body.length,
          etag: r.headers.etag,
          body: body.toString("latin1"),
        });
      });
    });
    req.on("error", rej);
    req.end();
  });
}

say(
  `machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${mb(totalmem())} RAM (${mb(freemem())} free), Node ${process.version}, ${process.platform}`,
);
const dir = mkdtempSync(join(tmpdir(), "bench-static-"));
const children: ChildProcess[] = [];
try {
  const servers: { name: string; port: number }[] = [];
  const checkouts = [{ name: "this checkout", dir: root }];
  if (baselineDir) checkouts.unshift({ name: "baseline", dir: resolve(baselineDir) });
  for (const [i, co] of checkouts.entries()) {
    const port = await freePort();
    children.push(
      await start(co.dir, {
        DATA_DIR: join(dir, String(i)),
        PORT: String(port),
        HOST: "127.0.0.1",
        DEMO_DATA: "false",
        LOG_LEVEL: "warn",
        MEILI_URL: "http://127.0.0.1:9",
        MEILI_MASTER_KEY: "x",
        // One load generator on one address would be refused as one abuser.
        RATE_LIMITS: "off",
        WEB_DIST: webDist,
      }),
    );
    servers.push({ name: co.name, port });
  }

  const first = servers[0] as { port: number };
  const page = await probe(first.port, "/gioi-thieu/");
  const css = /href="(\/_astro\/[^"]+\.css)"/.exec(page.body)?.[1];
  if (!css) throw new Error("no stylesheet linked from /gioi-thieu/");
  const AE = "Accept-Encoding: br, gzip\r\n";
  const cases: { name: string; path: string; headers?: string; etagOf?: string }[] = [
    { name: "100-byte file", path: "/robots.txt" },
    { name: "CSS, br/gzip", path: css, headers: AE },
    { name: "HTML page, br/gzip", path: "/gioi-thieu/", headers: AE },
    { name: "CSS, If-None-Match", path: css, headers: AE, etagOf: css },
    { name: "link-check API", path: "/api/v1/url/check?url=https%3A%2F%2Fexample.vn%2F" },
  ];

  const sides: { name: string; data: LoadOptions }[] = [];
  for (const c of cases) {
    for (const s of servers) {
      const headerObject = Object.fromEntries(
        (c.headers ?? "")
          .split("\r\n")
          .filter(Boolean)
          .map((l) => l.split(": ") as [string, string]),
      );
      let headers = c.headers ?? "";
      let status = 200;
      if (c.etagOf) {
        const tag = (await probe(s.port, c.etagOf, headerObject)).etag;
        // A server that sends no ETag is asked with a made-up one, and answers 200.
        headers += `If-None-Match: ${tag ?? '"none"'}\r\n`;
        headerObject["if-none-match"] = tag ?? '"none"';
        if (tag) status = 304;
      }
      const p = await probe(s.port, c.path, headerObject);
      if (p.status !== status) throw new Error(`${c.name} on ${s.name}: status ${p.status}, expected ${status}`);
      const label = servers.length > 1 ? `${c.name} [${s.name}]` : c.name;
      say(`  ${label}: ${c.path.split("?")[0]} → ${p.status}, ${p.encoding}, ${fmt(p.bytes)} bytes${p.etag ? `, ETag ${p.etag}` : ""}`);
      sides.push({
        name: label,
        data: { port: s.port, path: c.path, suffixes: [""], headers, status, connections: CONNECTIONS, seconds: SECONDS },
      });
    }
  }

  say(
    `http: ${CONNECTIONS} keep-alive connections (raw HTTP/1.1, in a worker thread), ${SECONDS} s per side in ${ROUNDS} alternating rounds`,
  );
  for (const s of sides) await httpLoad(`warm-up: ${s.name}`, { ...s.data, seconds: 1 }, () => {});
  const ticks = cpuTicks();
  const results = await interleavedLoad(sides, ROUNDS, say);
  const stolen = stolenSince(ticks);
  if (servers.length > 1)
    for (const [i, c] of cases.entries()) {
      const before = results[i * 2];
      const after = results[i * 2 + 1];
      if (!before || !after) continue;
      say(
        `${c.name.padEnd(24)} this/baseline throughput ${medianRatio(after.perRound, before.perRound).toFixed(2)} (rounds: ${after.perRound.map((x, r) => (x / (before.perRound[r] ?? 1)).toFixed(2)).join(", ")})`,
      );
    }
  if (stolen !== null)
    say(
      `CPU time taken by the hypervisor for other guests during those runs: ${(stolen * 100).toFixed(0)} %${stolen > 0.1 ? " — a noisy machine: treat the figures as rough" : ""}`,
    );
  say(
    `load average: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(", ")}`,
  );
} finally {
  await Promise.all(children.map(stopChild));
  rmSync(dir, { recursive: true, force: true });
}
