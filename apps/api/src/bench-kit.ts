// Re-exports for scripts in bench/: the root package has no dependency on the API's packages,
// so benchmarks reach them through this file (resolved from apps/api).
export { serve } from "@hono/node-server";
export { importPwnedPasswords, PasswordStore } from "@portal/breach";
export { createLogger } from "@portal/config";
export { Hono } from "hono";
