export {
  BreachImportError,
  type BreachImportResult,
  importBreach,
  importBreachIdentifiers,
  readCatalogueFile,
  sha1Hex,
} from "./breach-import.ts";
export {
  type AccountMatch,
  accountRange,
  addAccountHashes,
  BREACH_NAME,
  type Breach,
  BreachInput,
  breachAtomFeed,
  breachPath,
  breachSearchDocuments,
  cataloguePath,
  countAccounts,
  countBreaches,
  getBreach,
  latestBreaches,
  listBreaches,
  upsertBreach,
} from "./catalogue.ts";
export {
  buildDemoPasswordCorpus,
  buildPasswordCorpus,
  DEMO_IDENTIFIERS,
  DEMO_PASSWORD_SOURCE,
  demoPasswords,
  loadDemoBreaches,
  ntlmHasher,
} from "./demo.ts";
export { ACCOUNT_PREFIX_DIGITS, type Identifier, normaliseEmail, normaliseIdentifier, normalisePhone } from "./normalise.ts";
export {
  type CorpusInfo,
  type CorpusMeta,
  CorpusWriter,
  corpusFile,
  formatRecords,
  type HashMode,
  isPwnedPassword,
  OrderError,
  PasswordStore,
  padRange,
  readCorpusMeta,
  SUFFIX_DIGITS,
} from "./password-store.ts";
export { ImportError, importPwnedPasswords, type PwnedImportResult } from "./pwned-import.ts";
