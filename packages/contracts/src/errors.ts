// The one error shape of the public contract (DESIGN.md) and every machine code it may carry.
// A client tells cases apart by `code`, never by reading `message` (which is English prose).
// No zod here, so that islands can read codes without shipping it (the schema: error-schema.ts).

export const ERROR_CODES = [
  // 400
  "invalid_request",
  "malformed_json",
  "invalid_prefix",
  "url_too_long",
  "not_a_web_address",
  "password_rejected",
  "invalid_link",
  // 401 / 403
  "unauthorized",
  "unauthenticated",
  "invalid_credentials",
  "forbidden",
  "cross_site_request",
  "invalid_api_key",
  // 404, 405, 408, 409
  "not_found",
  "conflict",
  "method_not_allowed",
  "request_timeout",
  // 412
  "precondition_failed",
  // 417, 421, 431: answered before the app runs (apps/api/src/http/node-server.ts)
  "expectation_failed",
  "misdirected_request",
  "request_header_too_large",
  // 413, 415, 429
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "account_locked",
  // 5xx
  "internal_error",
  "service_unavailable",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Reads the code of an error answer; null when the body is not in the contract's shape. */
export function errorCodeOf(body: unknown): ErrorCode | null {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === "string" && (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : null;
}

/**
 * A zod issue that should answer with a more specific code than `invalid_request` carries it in
 * its params (`ctx.addIssue({ …, params: { code: "url_too_long" } })`); the API's validation
 * hook reads it back with this.
 */
export function issueCode(issue: { code: string; params?: Record<string, unknown> }): ErrorCode | null {
  const code = issue.code === "custom" ? issue.params?.code : undefined;
  return typeof code === "string" && (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : null;
}
