// A bare Hono server: the ceiling the link check is compared with (bench/url.ts runs it in a
// child process of its own).
import { serve } from "@hono/node-server";
import { Hono } from "hono";

/**
 * A bare Hono route on `port` that answers a JSON object the size of a typical "unknown" verdict,
 * with no middleware: the ceiling the link check is compared with. With `workMicros`, it first
 * spins for that long — synthetic work that shows how this machine's throughput falls with the
 * CPU a route spends (bench/url.ts uses it to put the portal's ratio in context).
 */
export function serveBare(port: number, workMicros = 0) {
  const app = new Hono();
  app.get("/bare", (c) => {
    if (workMicros > 0) {
      const until = performance.now() + workMicros / 1000;
      while (performance.now() < until);
    }
    return c.json({
      input: c.req.query("url") ?? "",
      canonical: "",
      verdict: "unknown",
      reasons: [],
      matches: [],
      checkedAt: new Date().toISOString(),
    });
  });
  return serve({ fetch: app.fetch, hostname: "127.0.0.1", port });
}

// Run as a script: `node bench/lib/bare.ts PORT [WORK_MICROS]`.
if (import.meta.main) {
  serveBare(Number(process.argv[2]), Number(process.argv[3] ?? 0));
  console.log("bare ready");
}
