export { createSearchClient, type SearchClient, type SearchHealth } from "./client.ts";
