// @portal/reports: citizens' reports — intake with evidence, tracking by code, the analysts'
// workflow and queue, related reports, protection of others, confirmed scam identifiers, retention
// and public statistics. Domain code with no HTTP in it (routes, multipart parsing, rate limits,
// the honeypot and the minimum fill time belong to apps/api features/reports).
export {
  EVIDENCE_LIMITS,
  EvidenceLimitError,
  type EvidenceLimitReason,
  type EvidenceLimits,
  type EvidenceStore,
  EvidenceTooLargeError,
  EvidenceUpload,
  FolderEvidenceStore,
  isEvidenceId,
  newEvidenceId,
  type StoredBlob,
  type StoredEvidence,
  sweepOrphans,
} from "./evidence.ts";
export {
  type Confirmation,
  type ConfirmResult,
  checkBankAccount,
  checkPhone,
  confirmIdentifier,
  confirmStatement,
  type IdentifierInput,
  type ImportResult,
  importIdentifiers,
  isIdentifierSource,
  type NormalisedIdentifier,
  normaliseIdentifier,
  parseIdentifierLine,
  retireIdentifier,
  retireStatement,
} from "./identifiers.ts";
export { type FieldIssue, IDEMPOTENCY_WINDOW_MS, type SubmitOptions, type SubmitResult, submitReport } from "./intake.ts";
export { bankAccountKey, bankKey, fold, linkKey, normalisePhone } from "./normalise.ts";
export {
  type ProtectInput,
  type ProtectResult,
  protectFromReport,
  reportSource,
  type UnprotectResult,
  unprotectReport,
} from "./protect.ts";
export {
  type EvidenceDownload,
  EXPORT_MAX_ROWS,
  type ExportOptions,
  exportReportsCsv,
  getReportDetail,
  listReports,
  openEvidence,
  type ReportFilter,
  type ReportListQuery,
} from "./queue.ts";
export { countReportsNaming, type RelatedKind, relatedReports, reportsNaming } from "./related.ts";
export { purgeExpiredContacts, purgeIdempotencyKeys } from "./retention.ts";
export { downloadName, EvidenceSniffer, type EvidenceType, EvidenceTypeError, HEAD_BYTES, sanitiseFileName } from "./sniff.ts";
export {
  CheckCounter,
  type CheckIncrement,
  countCheck,
  countChecks,
  getStats,
  SMALL_COUNT_RULE,
  STATS_CHECK_DAYS,
  STATS_LIST_DAYS,
  STATS_WEEKS,
  snapshotLists,
  statsDay,
} from "./stats.ts";
export { addDays, isoWeek, vietnamDay, vietnamDayStart, vietnamYear } from "./time.ts";
export {
  CROCKFORD,
  lookupReport,
  newStatusKey,
  newTrackingCode,
  parseStatusKey,
  parseTrackingCode,
  STATUS_KEY_CHARS,
  statusKeyHash,
  TRACKING_RANDOM_CHARS,
} from "./tracking.ts";
export {
  type AssignResult,
  addReportNote,
  assignReport,
  canTransition,
  changeReportStatus,
  type NoteResult,
  type StatusChange,
  type StatusChangeResult,
} from "./workflow.ts";
