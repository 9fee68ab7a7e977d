export type { Client, InStatement, InValue, Row } from "@libsql/client";
export { checkDatabaseFile, type DatabaseSnapshot, type FileCheck, snapshotDatabase } from "./backup.ts";
export { type Database, openDatabase, resolveDatabaseUrl } from "./client.ts";
export { checkDatabase, type DbHealth } from "./health.ts";
export {
  finishImportRun,
  type ImportOutcome,
  type ImportRun,
  markInterruptedRuns,
  processAlive,
  recentImportRuns,
  startImportRun,
} from "./import-runs.ts";
export { listMigrations, type MigrationResult, migrate } from "./migrate.ts";
export { withTransaction } from "./transaction.ts";
