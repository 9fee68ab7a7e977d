import { z } from "zod";

/** Thrown when the environment is wrong; its message names each bad variable and what it should be. */
export class EnvError extends Error {
  override name = "EnvError";
}

export const portSchema = z.coerce
  .number({ error: "must be a whole number" })
  .int("must be a whole number")
  .min(0, "must be between 0 and 65535")
  .max(65535, "must be between 0 and 65535");

export const logLevelSchema = z.enum(["debug", "info", "warn", "error", "silent"], {
  error: "must be one of debug, info, warn, error, silent",
});

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/**
 * Variables every process of the portal shares (server, CLI, benchmarks), so that the CLI
 * always talks to the same database and search as the server.
 */
export const commonEnv = {
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^(file:|libsql:|https?:|wss?:)/, "must start with file:, libsql://, http(s):// or ws(s)://")
      .optional(),
  ),
  DATABASE_AUTH_TOKEN: optionalString,
  MEILI_URL: optionalString.pipe(z.url({ error: "must be an http(s) URL such as http://127.0.0.1:7700" }).optional()),
  MEILI_MASTER_KEY: optionalString,
  LOG_LEVEL: logLevelSchema.default("info"),
};

/**
 * Parses `source` (normally process.env) with `shape`. On failure throws one EnvError that lists
 * every wrong variable, its value (unless it looks secret) and what is expected.
 */
export function parseEnv<S extends z.ZodRawShape>(shape: S, source: Record<string, string | undefined>): z.infer<z.ZodObject<S>> {
  // An empty variable counts as unset, so `.env.example` can list every name with no value.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = z.object(shape).safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "?");
    const raw = source[name];
    const shown = raw === undefined ? "not set" : /KEY|TOKEN|SECRET|PASSWORD/.test(name) ? "(hidden)" : JSON.stringify(raw);
    return `  ${name}: ${issue.message} (got ${shown})`;
  });
  throw new EnvError(`Invalid configuration — fix these environment variables (see .env.example):\n${lines.join("\n")}`);
}
