export * from "./feeds/import.ts";
export { parseCsvLine } from "./feeds/read.ts";
export * from "./hash/hash.ts";
export * from "./seed.ts";
export * from "./url/canonicalize.ts";
export * from "./url/check.ts";
export * from "./url/lookalike.ts";
export { PrefixSet } from "./url/prefix-set.ts";
export * from "./url/store.ts";
