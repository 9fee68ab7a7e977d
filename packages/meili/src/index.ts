export { freePort } from "./free-port.ts";
export {
  locateMeilisearchBinary,
  MEILISEARCH_SHA256,
  MEILISEARCH_VERSION,
  type MeiliProcess,
  type StartOptions,
  startMeilisearch,
} from "./meili.ts";
