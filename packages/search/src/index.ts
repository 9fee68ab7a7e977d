export { createSearchClient, type SearchClient, type SearchHealth } from "./client.ts";
export type { SearchDocument } from "./documents.ts";
