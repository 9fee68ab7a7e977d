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
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.masterKey) headers.authorization = `Bearer ${opts.masterKey}`;

  async function request<T>(method: string, path: string, body?: unknown, timeoutMs = 5000): Promise<T> {
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(timeoutMs) };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await fetch(`${base}${path}`, init);
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // not JSON
      }
      throw new Error(`Meilisearch ${method} ${path} answered ${res.status}: ${message}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
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
        const e = err as Error & { cause?: { code?: string } };
        const reason = e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message);
        return { status: "down", engine: "meilisearch", error: reason };
      }
    },
  };
}
