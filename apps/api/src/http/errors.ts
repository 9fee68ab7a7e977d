// The one error contract (DESIGN.md): routes throw ApiError with an ErrorCode from
// @portal/contracts, and app.onError renders every failure through renderError.
import type { Logger } from "@portal/config";
import { type ErrorCode, errorBody } from "@portal/contracts";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { loggablePath } from "./redact.ts";

/** An expected failure with a machine code; routes throw it and `onError` renders it. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly details?: unknown;
  /** Extra response headers, e.g. Retry-After on a 429. */
  readonly headers?: Record<string, string>;
  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, details?: unknown, headers?: Record<string, string>) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    if (headers) this.headers = headers;
  }
}

const codeByStatus: Partial<Record<number, ErrorCode>> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  408: "request_timeout",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
  503: "service_unavailable",
};

export function renderError(c: Context, err: unknown, log: Logger): Response {
  if (err instanceof ApiError) {
    return c.json(errorBody(err.code, err.message, err.details), err.status, err.headers);
  }
  if (err instanceof HTTPException && err.status < 500) {
    const status = err.status as ContentfulStatusCode;
    // Hono's JSON validator says "Malformed JSON in request body"; keep its words, add our code.
    const code = err.message.startsWith("Malformed JSON") ? "malformed_json" : (codeByStatus[status] ?? "invalid_request");
    const res = c.json(errorBody(code, err.message || "The request could not be processed."), status);
    const retryAfter = err.res?.headers.get("retry-after");
    if (retryAfter) res.headers.set("retry-after", retryAfter);
    return res;
  }
  const requestId = c.get("requestId") as string | undefined;
  log.error("unhandled error", { requestId, method: c.req.method, path: loggablePath(c.req.path), err });
  return c.json(
    errorBody("internal_error", `Something went wrong on our side. Quote this reference if you contact us: ${requestId ?? "unknown"}.`),
    500,
  );
}
