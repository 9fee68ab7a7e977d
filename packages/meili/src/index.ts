export { freePort } from "./free-port.ts";
export {
  locateMeilisearchBinary,
  lockFile,
  MEILISEARCH_SHA256,
  MEILISEARCH_VERSION,
  type MeiliProcess,
  type StartOptions,
  startMeilisearch,
} from "./meili.ts";
export { type SupervisedMeili, type SuperviseOptions, superviseMeilisearch } from "./supervise.ts";
