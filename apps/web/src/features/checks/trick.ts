// Pure helpers of the link check that run in the browser and on the server alike: the links in a
// pasted message, and the trick a look-alike address plays (which characters differ from the real
// name, or what was added to it), computed from the API's lookalike reason.
import { MAX_BULK_URL_CHARS } from "@portal/contracts";

/**
 * Links and bare host names (a.b.tld) in a pasted message, in order, each once; at most 500 links
 * of MAX_BULK_URL_CHARS characters together (the bulk API's limits), so the check never answers 413.
 */
export function extractLinks(text: string): string[] {
  const found =
    text.match(
      /(?:https?:\/\/|www\.)[^\s<>"'“”‘’]+|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}(?:\/[^\s<>"'“”‘’]*)?/giu,
    ) ?? [];
  const links = found.map((l) => l.replace(/[.,;:!?)\]}»…]+$/u, "")).filter((l) => l.length > 3);
  const out: string[] = [];
  let chars = 0;
  for (const l of new Set(links)) {
    if (out.length === 500 || chars + l.length > MAX_BULK_URL_CHARS) break;
    out.push(l);
    chars += l.length;
  }
  return out;
}

/** One difference between the look-alike name and the real one. */
export type Change = { kind: "swap"; got: string; want: string } | { kind: "extra"; got: string } | { kind: "missing"; want: string };

/** The edits turning `real` into `fake`, character by character (Levenshtein with back-tracking). */
export function charDiff(fake: string, real: string): Change[] {
  const a = [...fake];
  const b = [...real];
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  const out: Change[] = [];
  let i = a.length;
  let j = b.length;
  const at = (x: number, y: number) => (d[x] as number[])[y] as number;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && a[i - 1] === b[j - 1] && at(i, j) === at(i - 1, j - 1)) {
      i--;
      j--;
    } else if (i > 0 && j > 0 && at(i, j) === at(i - 1, j - 1) + 1) {
      out.unshift({ kind: "swap", got: a[i - 1] as string, want: b[j - 1] as string });
      i--;
      j--;
    } else if (i > 0 && at(i, j) === at(i - 1, j) + 1) {
      out.unshift({ kind: "extra", got: a[i - 1] as string });
      i--;
    } else {
      out.unshift({ kind: "missing", want: b[j - 1] as string });
      j--;
    }
  }
  return out;
}

export type Trick = { kind: "diff"; imitation: string; brand: string; changes: Change[] } | { kind: "combo"; brand: string; extra: string };

/**
 * What a look-alike does to the real name: `host` is the checked host, `imitation` the part the API
 * matched, `domain` the real site. Combosquatting when the host's label holds the real name with
 * something added ("vietcombank-xacthuc"); otherwise the characters that differ ("vietc0mbank").
 */
export function findTrick(host: string, imitation: string, domain: string): Trick | null {
  const brand = domain.split(".")[0] ?? domain;
  const label = host.split(".").find((l) => l.includes(imitation)) ?? imitation;
  if (imitation === brand && label !== brand && label.includes(brand)) {
    return { kind: "combo", brand, extra: label.replace(brand, "") };
  }
  if (imitation === brand) return null;
  // A whole host that imitates the whole real domain ("vietc0mbank.com.vn") is held against that
  // domain, not its first label, or the shared ".com.vn" would read as added characters.
  const real = imitation.includes(".") ? domain : brand;
  if (imitation === real) return null;
  return { kind: "diff", imitation, brand: real, changes: charDiff(imitation, real) };
}
