// Look-alike detection: a host that reads like a trusted domain but is not it.
//
// Two tests, each against the "brand" part of every trusted domain (the label before its public
// suffix: "vietcombank" for vietcombank.com.vn, "dichvucong" for dichvucong.gov.vn):
//  1. UTS #39 confusable skeletons (Unicode Security Mechanisms, section 4 "Confusable
//     Detection"): skeleton(X) = NFD(X), each character replaced by its prototype from
//     confusables.txt, NFD again. Equal skeletons mean the strings can be visually confused
//     ("vietc0mbank", "vietсombank" with a Cyrillic с, "rn" for "m"). We compare lower-cased
//     skeletons of lower-cased strings, because host names are case-insensitive and confusables.txt
//     maps "0" to "O", not to "o".
//  2. A small Levenshtein distance between skeletons ("vletcombank": one letter changed).
// Both run on every label of the host (and on its hyphen-separated parts), so the brand is found
// wherever the attacker puts it: "vletcombank.com.vn-secure.top", "vietcombank-xac-thuc.com".
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { domainToUnicode } from "node:url";
import { distance } from "fastest-levenshtein";
import { parse } from "tldts";

// confusables.txt (Unicode 13.0), as the `unhomoglyph` package ships it: source character → prototype.
const confusables: Record<string, string> = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("unhomoglyph/data.json"), "utf8"),
) as Record<string, string>;

/** UTS #39 skeleton, then lower-cased (see the note at the top of this file). */
export function skeleton(s: string): string {
  // Host names are nearly always ASCII, where the skeleton is a table lookup per character.
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const mapped = ASCII_SKELETON[s.charCodeAt(i)];
    if (mapped === undefined) return fullSkeleton(s);
    out += mapped;
  }
  return out;
}

function fullSkeleton(s: string): string {
  let out = "";
  for (const ch of s.toLowerCase().normalize("NFD")) out += confusables[ch] ?? ch;
  return out.normalize("NFD").toLowerCase();
}

// The skeleton of each ASCII character, where it is ASCII too (all but "%", whose prototype is
// "º/₀"): then lower-casing is per character and both NFD steps change nothing, so a string of
// such characters has the concatenation of their skeletons as its own.
const ASCII_SKELETON: (string | undefined)[] = Array.from({ length: 128 }, (_, code) => {
  const sk = fullSkeleton(String.fromCharCode(code));
  return /[\u0080-\uffff]/.test(sk) ? undefined : sk;
});

export interface LookalikeTarget {
  domain: string;
  /** The label before the public suffix. */
  brand: string;
  brandSkeleton: string;
  /** Skeleton of the whole domain, for hosts that copy it with a look-alike suffix ("vietcombank.corn.vn"). */
  domainSkeleton: string;
  /** charMask(brandSkeleton). */
  brandMask: number;
}

export interface LookalikeMatch {
  /** The trusted (or protected) domain the host imitates. */
  domain: string;
  /** What in the host imitates it. */
  imitation: string;
  method: "confusable" | "edit_distance";
  /** Levenshtein distance between the skeletons (0 for "confusable"). */
  distance: number;
}

/** The registrable domain ("vietcombank.com.vn") and its brand label, by the Public Suffix List. */
export function registrable(host: string): { domain: string; brand: string } | null {
  const p = parse(host, { allowPrivateDomains: true });
  if (!p.domain || !p.domainWithoutSuffix || p.isIp) return null;
  return { domain: p.domain, brand: p.domainWithoutSuffix };
}

export function lookalikeTarget(domain: string): LookalikeTarget | null {
  const r = registrable(domain);
  if (!r) return null;
  const brand = r.brand.split(".").pop() ?? r.brand;
  const brandSkeleton = skeleton(brand);
  return { domain, brand, brandSkeleton, domainSkeleton: skeleton(domain), brandMask: charMask(brandSkeleton) };
}

/**
 * Which of 32 buckets (code point mod 32) the characters of `s` fall in, one bit each. Each bucket
 * that one string uses and the other does not costs at least one edit, so
 * max(bits(a & ~b), bits(b & ~a)) is a lower bound of the Levenshtein distance: a cheap test that
 * rules out nearly every pair before the real distance is computed.
 */
export function charMask(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) m |= 1 << (s.charCodeAt(i) & 31);
  return m;
}

/** The number of set bits of a 32-bit integer. */
function bitCount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** A lower bound of the Levenshtein distance between two strings, from their charMask()s. */
export const maskDistance = (a: number, b: number) => Math.max(bitCount(a & ~b), bitCount(b & ~a));

/**
 * How far two skeletons may be apart and still count as a look-alike: short brands ("acb",
 * "bidv", "momo") only by confusables, since one letter changed there is often another real name.
 */
export function allowedDistance(brandLength: number): number {
  if (brandLength < 5) return 0;
  if (brandLength < 10) return 1;
  return 2;
}

/** True when `host` is `domain` or one of its subdomains. */
export const isWithin = (host: string, domain: string) =>
  host.endsWith(domain) && (host.length === domain.length || host.charCodeAt(host.length - domain.length - 1) === 0x2e);

/**
 * Look-alike targets, indexed so that a check compares a host with few of them: by the length of
 * the brand's skeleton (a candidate more than two characters longer or shorter is never within
 * the allowed distance) and by the whole domain's skeleton.
 */
export class LookalikeTargets {
  readonly list: readonly LookalikeTarget[];
  readonly #byLength = new Map<number, number[]>();
  readonly #byDomainSkeleton = new Map<string, number[]>();

  constructor(targets: readonly LookalikeTarget[]) {
    this.list = targets;
    for (const [i, t] of targets.entries()) {
      const byLength = this.#byLength.get(t.brandSkeleton.length) ?? [];
      byLength.push(i);
      this.#byLength.set(t.brandSkeleton.length, byLength);
      const bySkeleton = this.#byDomainSkeleton.get(t.domainSkeleton) ?? [];
      bySkeleton.push(i);
      this.#byDomainSkeleton.set(t.domainSkeleton, bySkeleton);
    }
  }

  /** Indices of the targets whose brand skeleton has `length` characters. */
  withBrandLength(length: number): readonly number[] {
    return this.#byLength.get(length) ?? NONE;
  }

  /** Indices of the targets whose whole-domain skeleton is `skeleton`. */
  withDomainSkeleton(skeleton: string): readonly number[] {
    return this.#byDomainSkeleton.get(skeleton) ?? NONE;
  }
}

const NONE: readonly number[] = Object.freeze([]);

/**
 * The trusted domain `host` imitates, best match first, or null. `host` is a canonical host
 * (punycode); the caller has already ruled out hosts within a trusted or exempt domain.
 *
 * "Best": the smallest distance; among equals, the earliest target in the list, and for one
 * target a copy of the whole domain before its labels, in their order (labels, then parts).
 *
 * Cost: one skeleton per distinct label and hyphen-separated part, each compared with the targets
 * whose brand is within two characters of its length (`work.lookalikeComparisons` counts them).
 * A check's host is at most 253 octets (hostProblem), so that is at most a few hundred
 * candidates, each compared with a fraction of the targets.
 */
export function findLookalike(
  host: string,
  targets: readonly LookalikeTarget[] | LookalikeTargets,
  work?: { lookalikeComparisons: number },
): LookalikeMatch | null {
  const index = targets instanceof LookalikeTargets ? targets : new LookalikeTargets(targets);
  const list = index.list;
  if (list.length === 0 || /^[\d.]+$|^\[/.test(host)) return null;
  // Only an "xn--" label has another Unicode form.
  const unicode = host.includes("xn--") ? domainToUnicode(host) || host : host;
  const labels = unicode.split(".");
  // Candidates: every label, every label with its hyphens removed, and every hyphen-separated part
  // (the parts only for brands of four letters or more: "acb-online" is too common a pattern).
  const labelSet = new Set<string>();
  const parts = new Set<string>();
  for (const label of labels) {
    if (label === "") continue;
    labelSet.add(label);
    if (label.includes("-")) {
      labelSet.add(label.replaceAll("-", ""));
      for (const part of label.split("-")) if (part) parts.add(part);
    }
  }
  const hostSkeleton = skeleton(unicode);
  let best: LookalikeMatch | null = null;
  let bestTarget = 0;
  let bestCandidate = 0;
  const consider = (ti: number, ci: number, m: LookalikeMatch) => {
    if (
      best &&
      (m.distance > best.distance || (m.distance === best.distance && (ti > bestTarget || (ti === bestTarget && ci > bestCandidate))))
    )
      return;
    if (isWithin(host, (list[ti] as LookalikeTarget).domain)) return;
    best = m;
    bestTarget = ti;
    bestCandidate = ci;
  };
  // A copy of the whole domain under look-alike characters ("vietcombank.corn.vn").
  for (const ti of index.withDomainSkeleton(hostSkeleton))
    consider(ti, -1, { domain: (list[ti] as LookalikeTarget).domain, imitation: unicode, method: "confusable", distance: 0 });
  // The brand in one of the labels or parts; skeletons once per candidate.
  for (const [i, c] of [...labelSet, ...parts].entries()) {
    const sk = skeleton(c);
    const mask = charMask(sk);
    for (let len = sk.length - 2; len <= sk.length + 2; len++) {
      const near = index.withBrandLength(len);
      if (work) work.lookalikeComparisons += near.length;
      for (const ti of near) {
        const t = list[ti] as LookalikeTarget;
        if (t.domainSkeleton === hostSkeleton) continue; // matched as a whole above
        if (i >= labelSet.size && t.brand.length < 4) continue;
        const limit = allowedDistance(t.brand.length);
        // Quick length filters before the O(n·m) distance.
        if (Math.abs(c.length - t.brand.length) > limit + 2 || Math.abs(sk.length - t.brandSkeleton.length) > limit) continue;
        const d =
          sk === t.brandSkeleton ? 0 : limit > 0 && maskDistance(mask, t.brandMask) <= limit ? distance(sk, t.brandSkeleton) : Infinity;
        if (d > limit) continue;
        consider(ti, i, { domain: t.domain, imitation: c, method: d === 0 ? "confusable" : "edit_distance", distance: d });
      }
    }
  }
  return best;
}
