import { fold } from "./fold.ts";
import { STOP_WORDS } from "./settings.ts";

/**
 * Plain text of a Markdown document for indexing: headings, emphasis, links, code fences and
 * list markers removed, the words kept. Not a renderer: it only has to keep every word once.
 */
export function markdownToText(md: string): string {
  return md
    .replace(/^---\n[\s\S]*?\n---\n/, "") // frontmatter, if present
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, " ")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/[*_`~]+/g, "")
    .replace(/\|/g, " ")
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/**
 * Lower case, one code point for one code point: a character whose lower case is longer (İ) keeps
 * its form, so positions in the result are positions in the NFC text, like fold()'s.
 */
function lowerKeep(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const lower = ch.toLowerCase();
    out += [...lower].length === 1 ? lower : ch;
  }
  return out;
}

/** A query word in the two forms it is matched in. */
export interface QueryWord {
  /** Folded: lower case, no marks, đ → d. */
  folded: string;
  /** Lower case with its accents, as typed. */
  exact: string;
  /** Typed with accents (or đ): then only the same accents match it. */
  accented: boolean;
}

/**
 * The words of a query, each in its folded and its exact (accented, lower-case) form. Splits where
 * foldedTokens() splits, so the two forms always pair up.
 */
export function queryWords(query: string): QueryWord[] {
  const folded = [...fold(query)];
  const exact = [...lowerKeep(query)];
  const out: QueryWord[] = [];
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const isWord = i < folded.length && /[\p{L}\p{N}]/u.test(folded[i] as string);
    if (isWord && start < 0) start = i;
    if (!isWord && start >= 0) {
      const f = folded.slice(start, i).join("");
      const e = exact.slice(start, i).join("");
      out.push({ folded: f, exact: e, accented: f !== e });
      start = -1;
    }
  }
  return out;
}

/**
 * An excerpt of `text` around the first place where a query word occurs, HTML-escaped, with every
 * matching word wrapped in <mark>. Used for both engines' results, so they look alike.
 *
 * A word typed without accents matches whatever the accents ("lua" marks "lừa" and "lửa"); a word
 * typed with accents marks only the same accents ("lừa" marks "lừa", never "lửa", a different word
 * that only folds alike), so the marks never claim a match the reader can see is wrong.
 */
export function highlightExcerpt(text: string, query: string, maxChars = 220): string {
  const original = [...text.normalize("NFC")];
  // fold() and lowerKeep() keep one code point per code point: a match in either maps back.
  const foldedStr = fold(text);
  const exactStr = lowerKeep(text);
  // Stop words are not searched for, so they are not marked either ("report a scam" marks no "a"),
  // unless the query has nothing else.
  const all = queryWords(query);
  const content = all.filter((w) => !STOP_WORDS.includes(w.folded));
  const words = content.length > 0 ? content : all;
  // Code-point index of every match of every query word (prefix match, like the search itself).
  const ranges: [number, number][] = [];
  words.forEach((w, i) => {
    // Like the search itself: whole words, except the last, which may be a prefix still being typed.
    const tail = i === words.length - 1 ? "[\\p{L}\\p{M}\\p{N}]*" : "(?![\\p{L}\\p{M}\\p{N}])";
    const word = w.accented ? w.exact : w.folded;
    const haystack = w.accented ? exactStr : foldedStr;
    const re = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}${tail}`, "gu");
    for (const m of haystack.matchAll(re)) {
      const start = [...haystack.slice(0, m.index)].length;
      ranges.push([start, start + [...m[0]].length]);
    }
  });
  ranges.sort((a, b) => a[0] - b[0]);
  const first = ranges[0]?.[0] ?? 0;
  let from = Math.max(0, first - Math.floor(maxChars / 3));
  // Start at a word boundary.
  while (from > 0 && /\S/.test(original[from - 1] ?? "")) from--;
  const to = Math.min(original.length, from + maxChars);
  let out = from > 0 ? "…" : "";
  let i = from;
  for (const [s, e] of ranges) {
    if (e <= i || s >= to) continue;
    const ss = Math.max(s, i);
    out += escapeHtml(original.slice(i, ss).join(""));
    out += `<mark>${escapeHtml(original.slice(ss, Math.min(e, to)).join(""))}</mark>`;
    i = Math.min(e, to);
  }
  out += escapeHtml(original.slice(i, to).join(""));
  return (to < original.length ? `${out}…` : out).replace(/\s+/g, " ");
}
