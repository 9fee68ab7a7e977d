// @portal/alerts: agency security alerts — drafting, four-eyes publishing, corrections and
// withdrawal with an audit row for each step; the public views; indicators into the checks; and
// the machine formats (Atom, CAP 1.2, CSAF 2.0 with OpenPGP signatures). Domain code only: routes,
// pages and configuration belong to apps/api and apps/web.
export {
  type AlertActor,
  type AlertIssue,
  type AlertRecord,
  type AlertVersionRecord,
  type AlertViewer,
  type CreateAlertOptions,
  type CreateAlertResult,
  canManageAlerts,
  canPublishAlert,
  contentFromDraft,
  createAlert,
  draftFromContent,
  type GetStaffAlertResult,
  getStaffAlert,
  type ListStaffAlertsResult,
  type Localised,
  listStaffAlerts,
  newAlertId,
  type PublishAlertResult,
  type PublishOptions,
  parseNote,
  publishAlert,
  STAFF_ALERT_PAGE_SIZE,
  type SubmitAlertResult,
  submitAlert,
  type UpdateAlertResult,
  updateAlert,
  type WithdrawAlertResult,
  withdrawAlert,
} from "./alerts.ts";
export { ATOM_MEDIA_TYPE, alertAtomFeed } from "./atom.ts";
export {
  CAP_MEDIA_TYPE,
  CAP_NAMESPACE,
  capCertainty,
  capDocument,
  capIdentifier,
  capIndexFeed,
  capSender,
  capSeverity,
  capUrgency,
} from "./cap.ts";
export {
  CSAF_SCHEMA_URL,
  CSAF_VERSION,
  type CsafDocument,
  type CsafPublisher,
  csafBytes,
  csafDocument,
  csafDocumentPath,
  csafFileName,
  csafPublisher,
  csafYear,
} from "./csaf.ts";
export {
  type CsafEntry,
  csafChangesCsv,
  csafEntries,
  csafIndexTxt,
  csafProviderMetadata,
  csafRolieFeed,
  type ProviderMetadataOptions,
} from "./csaf-distribution.ts";
export { DEMO_AGENCY, DEMO_ALERTS, isAlertsEmpty, type SeedAlertsOptions, seedAlertsDemo } from "./demo.ts";
export {
  type AlertIdentifierKind,
  alertIdOfSource,
  alertSource,
  type IdentifierMeta,
  type IdentifierSink,
  type IdentifierValues,
  type IndicatorSummary,
  putAlertIndicators,
  reconcileAlertIndicators,
  retireAlertIndicators,
  urlVerdictFor,
} from "./indicators.ts";
export { DEMO_PREFIX, FEED_TITLES, KIND_LABELS, PORTAL_NAME, WITHDRAWN_PREFIX } from "./labels.ts";
export { markdownToText, renderMarkdown } from "./markdown.ts";
export {
  type AlertSearchDocument,
  alertSearchDocuments,
  BANNER_DAYS,
  getPublicAlert,
  getPublicAlertRecord,
  listBannerAlerts,
  listPublicAlertRecords,
  listPublicAlerts,
  publicAlertFacets,
} from "./public.ts";
export { type SignatureRequest, storedSignature } from "./signatures.ts";
export {
  checksumLine,
  generateSigningKeyArmored,
  type KeyOwner,
  loadOrCreateSigningKey,
  readSigningKey,
  SIGNING_KEY_FILE,
  type SignedFiles,
  type SigningKey,
  SigningKeyError,
  securityEmail,
  signDetached,
  signedFiles,
} from "./signing.ts";
export { vnDateTime, vnYear } from "./time.ts";
export { absolute } from "./urls.ts";
export { isPublic, toAlertSummary, toPublicAlert, toStaffAlert, toStaffAlertItem } from "./views.ts";
