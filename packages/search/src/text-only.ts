// Entry for the site build: the pure text functions, without the database or HTTP clients.
export type { SearchDocument } from "./documents.ts";
export { fold, foldedTokens, hasDiacritics, toTelex } from "./fold.ts";
export { highlightExcerpt, markdownToText } from "./text.ts";
