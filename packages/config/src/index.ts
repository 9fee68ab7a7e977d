export { commonEnv, EnvError, logLevelSchema, parseEnv, portSchema } from "./env.ts";
export { createLogger, type Logger, type LogLevel } from "./log.ts";
