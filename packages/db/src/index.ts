export type { Client, InStatement, InValue, Row } from "@libsql/client";
export { type Database, openDatabase, resolveDatabaseUrl } from "./client.ts";
export { checkDatabase, type DbHealth } from "./health.ts";
export { listMigrations, type MigrationResult, migrate } from "./migrate.ts";
