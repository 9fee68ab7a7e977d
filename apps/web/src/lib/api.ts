// The islands' one way to call the portal's API. An answer is its data, or a machine code the
// island turns into words in the reader's language (the contract's `error.code`, never its English
// `message`). @portal/contracts is side-effect free and its error codes live apart from any zod
// schema, so only the few lines used here ship.
import { type ErrorCode, errorCodeOf } from "@portal/contracts";

export type ApiFailure = {
  ok: false;
  /** The contract's code; "network" when no answer in the contract's shape arrived. */
  code: ErrorCode | "network";
  /** Seconds to wait before asking again, from Retry-After (RFC 9110 §10.2.3), when the answer had it. */
  retryAfter?: number;
};
export type ApiResult<T> = { ok: true; data: T } | ApiFailure;

/** The type a contract schema describes: `Answer<typeof HashBulkResponse>`, without importing zod. */
export type Answer<Schema extends { _zod: { output: unknown } }> = Schema["_zod"]["output"];

/** What a call may add: headers (e.g. Add-Padding) and a signal to abort it. */
export interface CallOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** GET a JSON answer. */
export const getJson = <T>(url: string, options: CallOptions = {}): Promise<ApiResult<T>> =>
  request(url, { ...options, headers: { accept: "application/json", ...options.headers } }, (res) => res.json() as Promise<T>);

/** POST `body` as JSON, for a JSON answer. */
export const postJson = <T>(url: string, body: unknown, options: CallOptions = {}): Promise<ApiResult<T>> =>
  request(
    url,
    {
      ...options,
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", accept: "application/json", ...options.headers },
    },
    (res) => res.json() as Promise<T>,
  );

/** GET a plain-text answer (the k-anonymity ranges). */
export const getText = (url: string, options: CallOptions = {}): Promise<ApiResult<string>> => request(url, options, (res) => res.text());

async function request<T>(url: string, init: RequestInit, read: (res: Response) => Promise<T>): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, init);
    if (res.ok) return { ok: true, data: await read(res) };
  } catch {
    return { ok: false, code: "network" };
  }
  const body: unknown = await res.json().catch(() => null);
  // An answer outside the contract (a proxy's error page, say) counts as no answer — except 429,
  // whose meaning HTTP itself fixes (RFC 6585 §4).
  const code = errorCodeOf(body) ?? (res.status === 429 ? "rate_limited" : "network");
  const retryAfter = secondsUntil(res.headers.get("retry-after"));
  return retryAfter === undefined ? { ok: false, code } : { ok: false, code, retryAfter };
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function secondsUntil(header: string | null): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
