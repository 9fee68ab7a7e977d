import { fold, foldedTokens } from "./fold.ts";

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
 * An excerpt of `text` around the first place where a query word occurs (accent-insensitively),
 * HTML-escaped, with every matching word wrapped in <mark>. Used by the FTS fallback so its
 * results look like Meilisearch's.
 */
export function highlightExcerpt(text: string, query: string, maxChars = 220): string {
  const original = [...text.normalize("NFC")];
  const folded = [...fold(text)];
  const words = foldedTokens(query);
  const foldedStr = folded.join("");
  // Code-point index of every match of every query word (prefix match, like the search itself).
  const ranges: [number, number][] = [];
  words.forEach((w, i) => {
    // Like the search itself: whole words, except the last, which may be a prefix still being typed.
    const tail = i === words.length - 1 ? "[\\p{L}\\p{N}]*" : "(?![\\p{L}\\p{N}])";
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}${tail}`, "gu");
    for (const m of foldedStr.matchAll(re)) {
      const start = [...foldedStr.slice(0, m.index)].length;
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
