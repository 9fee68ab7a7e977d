import type { Hook } from "@hono/zod-openapi";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../deps.ts";
import { ApiError } from "../errors.ts";

/**
 * Turns a zod validation failure into the contract's 400: a sentence naming the first problem,
 * and every issue (path + message) in details, so a client can point at the field.
 */
// biome-ignore lint/suspicious/noExplicitAny: Hook's generics are route-specific; this hook serves them all.
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  if (result.success) return;
  throw invalidRequest(result.target, result.error);
};

/** The 400 for a zod failure in one part of the request; `at` prefixes the issue paths (a query parameter's name). */
export function invalidRequest(target: string, error: z.ZodError, at?: string): ApiError {
  const issues = error.issues.map((i) => ({ path: [...(at ? [at] : []), ...i.path].join("."), message: i.message }));
  const first = issues[0];
  const where = first?.path ? `"${first.path}": ` : "";
  return new ApiError(400, "invalid_request", `The request ${target} is not valid: ${where}${first?.message ?? "invalid value"}.`, {
    issues,
  });
}

/** Every API sub-app is made here so that all share the validation hook. */
export function router() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export { z };
