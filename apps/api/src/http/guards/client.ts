// Who is asking: the client's address, as the rate limits key it and the audit log records it.
import type { HttpBindings } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/**
 * Set by the site when an on-demand page calls the API in process (site/locals.ts): there is no
 * socket then, and the page passes on the address of the browser that asked for it.
 */
export interface InProcessBindings {
  clientAddress?: string;
}

/**
 * The client's address: the socket's peer, or — only when TRUST_PROXY is set — the last address
 * in X-Forwarded-For, the one our own proxy appended (earlier entries are whatever the client sent).
 * IPv4-mapped IPv6 addresses are given as IPv4. Null when unknown (app.request() in tests).
 */
// biome-ignore lint/suspicious/noExplicitAny: any route's context, whatever its variables.
export function clientIp(c: Context<any>, trustProxy: boolean): string | null {
  let ip = "";
  if (trustProxy) {
    const xff = c.req.header("x-forwarded-for");
    ip = xff?.split(",").pop()?.trim() ?? "";
  }
  if (!ip) ip = (c.env as InProcessBindings | undefined)?.clientAddress ?? "";
  if (!ip && (c.env as Partial<HttpBindings> | undefined)?.incoming) {
    try {
      ip = getConnInfo(c).remote.address ?? "";
    } catch {
      ip = "";
    }
  }
  if (!ip) return null;
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}

/** The User-Agent, cut to a length worth keeping in an audit row. */
// biome-ignore lint/suspicious/noExplicitAny: any route's context.
export function userAgent(c: Context<any>): string | null {
  const ua = c.req.header("user-agent");
  return ua ? ua.slice(0, 300) : null;
}
