// Vietnamese-aware text normalisation shared by indexing and querying, so both engines
// (Meilisearch and the libSQL FTS5 fallback) see text the same way.

const COMBINING = /\p{M}/gu;

/** Folds one code point: lower-case, combining marks removed, đ → d. Always returns one code point. */
function foldChar(ch: string): string {
  if (ch === "đ" || ch === "Đ") return "d";
  const base = ch.normalize("NFD").replace(COMBINING, "").toLowerCase();
  if ([...base].length === 1) return base;
  // A combining mark that NFC could not attach to its neighbour: a space, so that folding again
  // cannot attach it to a folded neighbour (fold stays idempotent and length-preserving).
  if (base === "") return " ";
  // Rare code points whose lower case is longer keep their original form.
  return ch;
}

/**
 * Lower-case, strip combining marks (NFD), đ/Đ → d. "Mã độc" → "ma doc". The result has the same
 * number of code points as the (NFC) input, so a match found in the folded text can be mapped back
 * to the original for highlighting.
 */
export function fold(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) out += foldChar(ch);
  return out;
}

/** True when the text carries Vietnamese (or other Latin) diacritics, or đ. */
export function hasDiacritics(text: string): boolean {
  return fold(text) !== text.normalize("NFC").toLowerCase();
}

// Telex, the way most Vietnamese type: the shape marks become letters (â → aa, ă → aw, ơ → ow,
// đ → dd) and the tone becomes a letter at the end of the syllable (s f r x j). "mã độc" →
// "max ddoojc". Meilisearch folds accents away by itself; indexing this ASCII form too lets a query
// typed with accents match only the words with exactly those accents, so those can rank first.
const SHAPE: Record<string, (base: string) => string> = {
  "\u0302": (b) => b + b, // circumflex: â ê ô
  "\u0306": (b) => `${b}w`, // breve: ă
  "\u031B": (b) => `${b}w`, // horn: ơ ư
};
const TONE: Record<string, string> = { "\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j" };

export function toTelex(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\p{L}\p{M}]+/gu, (word) => {
      let out = "";
      let tone = "";
      for (const ch of word) {
        if (ch === "đ") {
          out += "dd";
          continue;
        }
        const [base = "", ...marks] = [...ch.normalize("NFD")];
        let piece = base;
        for (const m of marks) {
          const shape = SHAPE[m];
          if (shape) piece = shape(piece);
          else if (TONE[m]) tone = TONE[m];
        }
        out += piece;
      }
      return out + tone;
    });
}

/** Words of a folded text: letters and digits. */
export function foldedTokens(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}
