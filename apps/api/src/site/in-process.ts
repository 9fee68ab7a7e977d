// The API called from an on-demand page, in process: the request a browser sent for the page is
// replayed against an API path, carrying only the headers the API's guards and audit read, and
// the browser's address (there is no socket in between). See PortalLocals.api.
import type { InProcessCall } from "@portal/contracts";
import type { InProcessBindings } from "../http/guards/client.ts";

/** What the API reads of a request besides the body: session, cross-site checks, proxy and audit. */
const FORWARDED = ["cookie", "origin", "sec-fetch-site", "user-agent", "x-forwarded-for", "x-forwarded-proto", "x-request-id"];

export type Fetch = (request: Request, env: InProcessBindings) => Response | Promise<Response>;

export function inProcessApi(fetch: Fetch) {
  return (from: Request, clientAddress: string | undefined, call: InProcessCall): Promise<Response> => {
    if (!call.path.startsWith("/api/v1/")) throw new Error(`In-process calls go to the API only, not ${call.path}`);
    const headers = new Headers({ accept: "application/json" });
    for (const name of FORWARDED) {
      const v = from.headers.get(name);
      if (v !== null) headers.set(name, v);
    }
    for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);
    if (call.raw) headers.set("content-type", call.raw.contentType);
    else if (call.body !== undefined) headers.set("content-type", "application/json");
    const body = call.raw ? call.raw.body : call.body !== undefined ? JSON.stringify(call.body) : undefined;
    const request = new Request(new URL(call.path, from.url), {
      method: call.method,
      headers,
      ...(body !== undefined && body !== null ? { body } : {}),
      // A streamed body needs half-duplex (Fetch standard, "duplex" member of RequestInit).
      ...(call.raw?.body ? { duplex: "half" } : {}),
    } as RequestInit);
    return Promise.resolve(fetch(request, clientAddress ? { clientAddress } : {}));
  };
}
