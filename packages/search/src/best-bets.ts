// Best bets: a query that names a task ("kiểm tra đường dẫn", "report a scam") should open on the
// tool that does it, not on the articles that mention the words. The rule is plain and the same for
// both engines: the document whose keyword phrase the query contains comes first.
import type { SearchDocument } from "./documents.ts";
import { type QueryWord, queryWords } from "./text.ts";

/** At most this many pinned results: a best bet is one answer, not a second result list. */
export const MAX_BEST_BETS = 3;

// Articles people put in a question and leave out as often ("check a link", "kiểm tra một đường
// dẫn"): ignored on both sides, so one keyword covers both ways of asking.
const FILLER = new Set(["a", "an", "the", "my", "một"]);

const words = (text: string): QueryWord[] => queryWords(text).filter((w) => !FILLER.has(w.exact));

/**
 * Whether query word `q` stands for keyword word `k`. A word typed with accents must have the same
 * accents ("lửa" is not "lừa"); one typed without matches whatever the accents. The query's last
 * word may be the start of the keyword's last word: the person may still be typing.
 */
function same(q: QueryWord, k: QueryWord, prefix: boolean): boolean {
  const [a, b] = q.accented ? [q.exact, k.exact] : [q.folded, k.folded];
  return prefix && a.length >= 2 ? b.startsWith(a) : a === b;
}

/**
 * How strongly `query` asks for a document with these keywords: the number of words of the
 * longest keyword found in the query as a run of words, 0 when none is.
 */
export function keywordScore(query: string, keywords: readonly string[]): number {
  const q = words(query);
  let best = 0;
  for (const keyword of keywords) {
    const k = words(keyword);
    if (k.length === 0 || k.length > q.length || k.length <= best) continue;
    for (let i = 0; i + k.length <= q.length; i++) {
      const atEnd = i + k.length === q.length;
      if (k.every((kw, j) => same(q[i + j] as QueryWord, kw, atEnd && j === k.length - 1))) {
        best = k.length;
        break;
      }
    }
  }
  return best;
}

/** The documents a query pins first, best first (longest keyword; ties keep the given order). */
export function bestBets(query: string, candidates: readonly SearchDocument[], max = MAX_BEST_BETS): SearchDocument[] {
  if (!query.trim()) return [];
  return candidates
    .map((doc, order) => ({ doc, order, score: doc.keywords?.length ? keywordScore(query, doc.keywords) : 0 }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, max)
    .map((c) => c.doc);
}
