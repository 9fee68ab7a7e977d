import http from "node:http";
import https from "node:https";

export type SearchHealth =
  | { status: "ok"; engine: "meilisearch"; version: string; latencyMs: number }
  | { status: "down"; engine: "meilisearch"; error: string };

export interface SearchClient {
  url: string;
  /** A real authenticated request: proves the server is up *and* that our key works. */
  health(timeoutMs?: number): Promise<SearchHealth>;
  /** Authenticated JSON request to the Meilisearch API; throws with the server's message on failure. */
  request<T>(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<T>;
}

export function createSearchClient(opts: { url: string; masterKey?: string }): SearchClient {
  const base = opts.url.replace(/\/+$/, "");
  const target = new URL(base);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.masterKey) headers.authorization = `Bearer ${opts.masterKey}`;
  // node:http with a keep-alive agent rather than fetch(): one small write per request on a warm
  // socket answers in about a millisecond on loopback; fetch() took 6–45 ms here (bench/search.ts).
  const mod = target.protocol === "https:" ? https : http;
  const agent = new mod.Agent({ keepAlive: true, maxSockets: 16 });

  function request<T>(method: string, path: string, body?: unknown, timeoutMs = 5000): Promise<T> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const req = mod.request(
        `${base}${path}`,
        { method, agent, headers: payload ? { ...headers, "content-length": payload.length } : headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) {
              let message = text;
              try {
                message = (JSON.parse(text) as { message?: string }).message ?? text;
              } catch {
                // not JSON
              }
              reject(new Error(`Meilisearch ${method} ${path} answered ${status}: ${message}`));
              return;
            }
            try {
              resolve((text ? JSON.parse(text) : undefined) as T);
            } catch (err) {
              reject(err);
            }
          });
          res.on("error", reject);
        },
      );
      req.setNoDelay(true);
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: "TimeoutError" })));
      req.on("error", reject);
      req.end(payload);
    });
  }

  return {
    url: base,
    request,
    async health(timeoutMs = 2000) {
      const started = performance.now();
      try {
        const v = await request<{ pkgVersion: string }>("GET", "/version", undefined, timeoutMs);
        return {
          status: "ok",
          engine: "meilisearch",
          version: v.pkgVersion,
          latencyMs: Math.round((performance.now() - started) * 10) / 10,
        };
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        const reason = e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (e.code ?? e.message);
        return { status: "down", engine: "meilisearch", error: reason };
      }
    },
  };
}
