/**
 * The 4-byte SHA-256 prefixes of every block-list expression, sorted in a Uint32Array: 4 bytes an
 * entry (4 MB for a million), a binary search per lookup. Almost every expression of a checked URL
 * misses here, so most checks never reach the database — the same split Safe Browsing clients make
 * between their local prefix list and the full-hash lookup.
 */
export class PrefixSet {
  readonly #prefixes: Uint32Array;

  private constructor(sortedUnique: Uint32Array) {
    this.#prefixes = sortedUnique;
  }

  /** Takes any prefixes (duplicates and any order); the array may be reused by the caller afterwards. */
  static from(prefixes: Uint32Array | number[]): PrefixSet {
    const sorted = Uint32Array.from(prefixes).sort();
    let n = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i] as number;
    }
    return new PrefixSet(sorted.slice(0, n));
  }

  has(prefix: number): boolean {
    const a = this.#prefixes;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = a[mid] as number;
      if (v === prefix) return true;
      if (v < prefix) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  get size(): number {
    return this.#prefixes.length;
  }

  /** Memory held by the set's data. */
  get bytes(): number {
    return this.#prefixes.byteLength;
  }
}
