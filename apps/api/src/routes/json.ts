import type { Context } from "hono";

/**
 * A JSON 200 answer that is never cached (a verdict is for now, and may name what was checked),
 * with its Content-Length set: the compress middleware then leaves small answers alone (below
 * 1 kB gzip costs more time than it saves bytes) and still compresses large ones (bulk checks).
 */
export function jsonNoStore<T>(c: Context, data: T) {
  const body = JSON.stringify(data);
  return c.body(body, 200, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    "cache-control": "no-store",
  }) as unknown as ReturnType<typeof c.json<T, 200>>;
}
