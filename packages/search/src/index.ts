export { bestBets, keywordScore, MAX_BEST_BETS } from "./best-bets.ts";
export { createSearchClient, type SearchClient, type SearchHealth } from "./client.ts";
export type { SearchDocument } from "./documents.ts";
export { fold, foldedTokens, hasDiacritics, toTelex } from "./fold.ts";
export { type SearchHit, type SearchParams, type SearchResult, SearchService, type SyncResult } from "./service.ts";
export { FACETS, type Facet, INDEX_UID, indexSettings } from "./settings.ts";
export { highlightExcerpt, markdownToText, type QueryWord, queryWords } from "./text.ts";
