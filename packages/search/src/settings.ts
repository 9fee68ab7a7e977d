/** The Meilisearch index every document type shares. */
export const INDEX_UID = "portal";

export const FACETS = ["type", "lang", "topic", "audience", "status"] as const;
export type Facet = (typeof FACETS)[number];

// Pairs people mix when they search: Vietnamese terms and the English (or loan) words for them.
// Meilisearch applies synonyms to the folded query, so the unaccented forms are covered too.
const PAIRS: [string, string[]][] = [
  ["lừa đảo", ["scam", "fraud", "phishing"]],
  ["mã độc", ["malware", "virus"]],
  ["mã độc tống tiền", ["ransomware"]],
  ["lộ lọt", ["leak", "breach"]],
  ["rò rỉ", ["leak", "breach"]],
  ["dữ liệu cá nhân", ["personal data"]],
  ["mật khẩu", ["password"]],
  ["xác thực hai lớp", ["two-factor", "2fa"]],
  ["tin giả", ["fake news", "misinformation"]],
  ["giả mạo", ["fake", "spoof", "impersonation"]],
  ["tin nhắn", ["sms", "text message"]],
  ["mạng xã hội", ["social media", "social network"]],
  ["đường dẫn", ["link", "url"]],
  ["an toàn thông tin", ["information security", "cybersecurity"]],
];

/**
 * English words too common to search for. Only English: folded Vietnamese stop words would swallow
 * real words ("mà" and "mã" fold alike). The highlighter leaves them unmarked too (text.ts).
 */
export const STOP_WORDS: readonly string[] = ["the", "a", "an", "of", "to", "and", "or", "in", "on", "for", "is", "are", "how", "what"];

export function synonyms(): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  const add = (a: string, b: string) => {
    out[a] ??= new Set();
    out[a].add(b);
  };
  for (const [vi, ens] of PAIRS) {
    for (const en of ens) {
      add(vi, en);
      add(en, vi);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v]]));
}

/**
 * Chosen on purpose: titles outrank summaries outrank bodies; the *_x fields hold the Telex form
 * of the same text (see fold.ts) and are searched only for queries typed with accents, without
 * typo tolerance (a "typo" there would be a different accent).
 */
export function indexSettings() {
  return {
    searchableAttributes: ["title", "summary", "body", "title_x", "summary_x", "body_x"],
    displayedAttributes: ["ref", "type", "lang", "title", "url", "summary", "body", "topic", "audience", "status", "updated"],
    // ref: so a search can leave out the documents it pins first (best bets, service.ts).
    filterableAttributes: [...FACETS, "ref"],
    sortableAttributes: ["updated"],
    synonyms: synonyms(),
    stopWords: [...STOP_WORDS],
    typoTolerance: { enabled: true, disableOnAttributes: ["title_x", "summary_x", "body_x"] },
    pagination: { maxTotalHits: 10000 },
    faceting: { maxValuesPerFacet: 100 },
    // Word-level proximity over long bodies costs most of the indexing and query time; whether
    // the words share a field (title, summary, body) is what ranking needs here.
    proximityPrecision: "byAttribute",
  };
}
