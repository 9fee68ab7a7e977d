// Every API sub-app is made here, so that all share the validation hook that turns a zod failure
// into the contract's 400 (or the more specific code the schema's issue carries).
import type { Hook } from "@hono/zod-openapi";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ErrorSchema, issueCode } from "@portal/contracts";
import type { AppEnv } from "../deps.ts";
import { ApiError } from "./errors.ts";

// biome-ignore lint/suspicious/noExplicitAny: Hook's generics are route-specific; this hook serves them all.
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  if (result.success) return;
  throw invalidRequest(result.target, result.error);
};

/**
 * The 400 for a zod failure in one part of the request: a sentence naming the first problem, and
 * every issue (path + message) in details, so a client can point at the field. `at` prefixes the
 * issue paths (a query parameter's name). The code is the first issue's own (url_too_long, …)
 * when its schema gives one, else invalid_request.
 */
export function invalidRequest(target: string, error: z.ZodError, at?: string): ApiError {
  const issues = error.issues.map((i) => ({ path: [...(at ? [at] : []), ...i.path].join("."), message: i.message }));
  const first = issues[0];
  const where = first?.path ? `"${first.path}": ` : "";
  const code = (error.issues[0] && issueCode(error.issues[0] as { code: string; params?: Record<string, unknown> })) ?? "invalid_request";
  return new ApiError(400, code, `The request ${target} is not valid: ${where}${first?.message ?? "invalid value"}.`, { issues });
}

export function router() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

/** A documented error answer of a route, in the contract's shape. */
export const errorResponse = (description: string) => ({
  content: { "application/json": { schema: ErrorSchema } },
  description,
});

export { z };
