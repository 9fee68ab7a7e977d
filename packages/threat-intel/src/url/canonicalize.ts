// URL canonicalisation and suffix/prefix expressions exactly as Google Safe Browsing v4 specifies
// them in "URLs and Hashing" (developers.google.com/safe-browsing/v4/urls-hashing). Step numbers
// in the comments refer to that page. Where the page is silent, we follow Google's reference
// client (github.com/google/safebrowsing, urls.go) and say so.
//
// The work is done on bytes, not on JavaScript characters: percent-unescaping yields bytes, and the
// final escaping is defined on byte values (<= 0x20, >= 0x7f). A "byte string" below is a JS string
// whose every code unit is 0–255 (latin1), one per byte.

import { hash as oneShotHash } from "node:crypto";
import { domainToASCII } from "node:url";
import type { UrlCheckFailureCode } from "@portal/contracts";

export interface CanonicalUrl {
  /** The canonical URL: scheme://host/path[?query]. Plain ASCII. */
  url: string;
  scheme: string;
  /** Canonical host: lower-case, punycode, dotted-decimal IPv4 or bracketed IPv6. */
  host: string;
  /** Canonical path, always starting with "/". */
  path: string;
  /** The query without "?", or null when the URL had no "?" at all. */
  query: string | null;
  /** "ipv4" / "ipv6" when the host is an IP literal; such hosts get no host-suffix expressions. */
  hostKind: "name" | "ipv4" | "ipv6";
}

/** Why a string is not a web address; the contract names the same reasons (UrlCheckFailure). */
export type CanonicalizeError = UrlCheckFailureCode;
export type CanonicalizeResult = ({ ok: true } & CanonicalUrl) | { ok: false; error: CanonicalizeError; message: string };

/** Longest input accepted, in bytes after UTF-8 encoding. Browsers cap URLs at 2 MB; real links are far shorter. */
export const MAX_URL_BYTES = 8192;

/** Schemes a citizen can be lured to; anything else (javascript:, data:, mailto:, file:) is refused. */
const SCHEMES = new Set(["http", "https", "ftp"]);

/** Any character outside ASCII. */
const NON_ASCII = /[\u0080-\uffff]/;

const fail = (error: CanonicalizeError, message: string): CanonicalizeResult => ({ ok: false, error, message });

const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const hexVal = (c: number) => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);

/**
 * Step 3: "repeatedly percent-unescape the URL until it has no more percent-escapes". Done in one
 * linear pass: the output is kept free of escapes, so a new escape can only appear at its end,
 * right after a byte is appended or an escape decoded ("%25%32%35" → "%25" → "%"). "%XY" redexes
 * never overlap, so this reaches the same fixed point as re-scanning the whole string each round.
 */
export function unescapeFully(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (const b of bytes) {
    out[n++] = b;
    while (n >= 3 && out[n - 3] === 0x25 && isHex(out[n - 2] as number) && isHex(out[n - 1] as number)) {
      out[n - 3] = (hexVal(out[n - 2] as number) << 4) | hexVal(out[n - 1] as number);
      n -= 2;
    }
  }
  return out.subarray(0, n);
}

/** "Percent-escape all characters that are <= ASCII 32, >= 127, "#", or "%". The escapes should use uppercase hex characters." */
function escapeBytes(s: string): string {
  let i = 0;
  while (i < s.length && !needsEscape(s.charCodeAt(i))) i++;
  if (i === s.length) return s; // the usual case: nothing to escape, no new string
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += needsEscape(c) ? `%${c.toString(16).toUpperCase().padStart(2, "0")}` : s[i];
  }
  return out;
}

const needsEscape = (c: number) => c <= 0x20 || c >= 0x7f || c === 0x23 || c === 0x25;

const toBytes = (s: string) => Buffer.from(s, "utf8");
const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

/**
 * The reference client's scheme reader (urls.go, getScheme): letters, then letters, digits, "+",
 * "-", "."; a ":" ends the scheme unless a port follows it ("www.google.com:80/" has no scheme).
 */
function splitScheme(s: string): [string, string] {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (letter) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ["", s];
      continue;
    }
    if (c === 0x3a) return /^:\d+(\/|$)/.test(s.slice(i)) ? ["", s] : [s.slice(0, i), s.slice(i + 1)];
    return ["", s];
  }
  return ["", s];
}

/**
 * Host step 3: "If the hostname can be parsed as an IPv4 address, normalize it to 4 dot-separated
 * decimal values. The client should handle any legal IP-address encoding, including octal, hex,
 * and fewer than four components." As in the reference client (parseIPAddress), the last
 * component fills the remaining bytes, and a dotted quad followed by a space and junk (the Windows
 * resolver's quirk, at most 15 characters) is still that address.
 */
export function parseIPv4(hostname: string): string | null {
  let h = hostname;
  if (h.length <= 15) {
    const m = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}) /.exec(h);
    if (m?.[1]) h = m[1];
  }
  if (!/^(?:0x[0-9a-f]+|[0-9.])+$/i.test(h)) return null;
  const parts = h.split(".");
  if (parts.length > 4) return null;
  const out: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const v = parseCNumber(parts[i] as string);
    if (v === null) return null;
    const width = i === parts.length - 1 ? 5 - parts.length : 1;
    const bytes: number[] = [];
    let rest = v;
    for (let j = 0; j < width; j++) {
      bytes.unshift(rest % 256);
      rest = Math.floor(rest / 256);
    }
    out.push(...bytes);
  }
  return out.join(".");
}

/** strtoul with base 0, limited to 32 bits: "0x1F" hex, "017" octal, "17" decimal. */
function parseCNumber(s: string): number | null {
  let v: number;
  if (/^0x[0-9a-f]+$/i.test(s)) v = Number.parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) v = s.length === 1 ? 0 : Number.parseInt(s.slice(1), 8);
  else if (/^[1-9][0-9]*$/.test(s)) v = Number(s);
  else return null;
  return v <= 0xffffffff ? v : null;
}

/** A bracketed IPv6 literal in the WHATWG URL serialisation (lower-case, zeros compressed), or null. */
function parseIPv6(host: string): string | null {
  if (!/^\[[0-9a-f:.]+\]$/i.test(host)) return null;
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
}

const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
const collapseDots = (s: string) => s.replace(/\.{2,}/g, ".").replace(/^\.+|\.+$/g, "");

/** Canonicalises the host part (a byte string, already fully unescaped, userinfo and port removed). */
function canonicalHost(raw: string): { host: string; kind: CanonicalUrl["hostKind"] } {
  const v6 = parseIPv6(raw);
  if (v6) return { host: v6, kind: "ipv6" };
  // Host steps 1 and 2: remove leading and trailing dots; replace consecutive dots with one.
  let host = collapseDots(raw);
  // "If the URL uses an internationalized domain name (IDN), the client should convert the URL to
  // the ASCII Punycode representation." Bytes 0x80 and below are not treated as Unicode, for
  // legacy reasons, exactly as in the reference client (isUnicode).
  if (/[\x81-\xff]/.test(host)) {
    let unicode: string | null = null;
    try {
      unicode = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(host, "latin1"));
    } catch {
      unicode = null; // not UTF-8: keep the bytes; they are percent-escaped below
    }
    const ascii = unicode === null ? "" : domainToASCII(unicode);
    // UTS #46 mapping may produce dots (U+3002 → "."); collapse again.
    if (ascii) host = collapseDots(ascii);
  }
  // Host step 3 (IPv4 forms) and step 4: "Lowercase the whole string."
  const v4 = parseIPv4(host);
  if (v4) return { host: v4, kind: "ipv4" };
  return { host: asciiLower(host), kind: "name" };
}

/**
 * Path steps 1 and 2: "Resolve the sequences "/../" and "/./" in the path by replacing "/./" with
 * "/", and removing "/../" along with the preceding path component", and "Replace runs of
 * consecutive slashes with a single slash character." As in the reference client (Go's
 * path.Clean), ".." never climbs above the root, and a trailing slash is kept.
 */
function canonicalPath(raw: string): string {
  const segments: string[] = [];
  for (const seg of raw.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") segments.pop();
    else segments.push(seg);
  }
  if (segments.length === 0) return "/";
  return `/${segments.join("/")}${raw.endsWith("/") ? "/" : ""}`;
}

/**
 * Canonicalises a URL as Safe Browsing v4 does. Never throws: a string that has no host, or a
 * scheme other than http/https/ftp, comes back as `{ ok: false }` with the reason. Accepts raw
 * bytes too, for inputs that are not valid UTF-8 (the spec's "http://\x01\x80.com/").
 */
export function canonicalize(input: string | Uint8Array): CanonicalizeResult {
  // An ASCII string is its own byte string (UTF-8 and Latin-1 agree there): no Buffer needed.
  const ascii = typeof input === "string" && !NON_ASCII.test(input);
  const bytes = ascii ? null : typeof input === "string" ? toBytes(input) : input;
  if ((bytes ? bytes.length : input.length) > MAX_URL_BYTES) return fail("too_long", `The address is longer than ${MAX_URL_BYTES} bytes.`);
  let s = bytes ? latin1(bytes) : (input as string);
  // Step 1: "remove tab (0x09), CR (0x0d), and LF (0x0a) characters from the URL. Do not remove
  // escape sequences for these characters (e.g. %0a)." Leading and trailing spaces go too (the
  // spec's example "  http://www.google.com/  ").
  s = s.replace(/[\t\r\n]/g, "").replace(/^[ \f\v]+|[ \f\v]+$/g, "");
  // Step 2: "if the URL ends in a fragment, remove the fragment": everything from the first "#".
  const hash = s.indexOf("#");
  if (hash >= 0) s = s.slice(0, hash);
  if (s === "") return fail("empty", "The address is empty.");
  // Step 3: repeatedly percent-unescape (this may render the URL invalid; we parse what remains).
  if (s.includes("%")) s = latin1(unescapeFully(Buffer.from(s, "latin1")));

  let [scheme, rest] = splitScheme(s);
  scheme = scheme.toLowerCase();
  // The query is split off before the host (reference client, parseURL), so "http://a.b?c/d" has host "a.b".
  const q = rest.indexOf("?");
  const query = q >= 0 ? rest.slice(q + 1) : null;
  if (q >= 0) rest = rest.slice(0, q);
  if (scheme === "") {
    // "If the URL has no scheme, assume http" (reference client): "www.google.com" → "http://www.google.com/".
    scheme = "http";
  } else {
    if (!SCHEMES.has(scheme)) {
      return fail("unsupported_scheme", `Only web addresses (http, https, ftp) can be checked, not "${escapeBytes(scheme)}:".`);
    }
    if (!rest.startsWith("//")) return fail("missing_host", "The address has no host name after the scheme.");
    rest = rest.slice(2);
  }
  const slash = rest.indexOf("/");
  let hostish = slash >= 0 ? rest.slice(0, slash) : rest;
  const rawPath = slash >= 0 ? rest.slice(slash) : "";
  // Userinfo is not part of the host: "http://bank.vn@evil.example/" goes to evil.example.
  const at = hostish.lastIndexOf("@");
  if (at >= 0) hostish = hostish.slice(at + 1);
  // The port is dropped (spec example "http://www.gotaport.com:1234/"): everything from the first
  // ":" after the host name, so that no ":" survives to be taken for a port the next time round.
  const colon = hostish.indexOf(":", hostish.startsWith("[") ? Math.max(hostish.lastIndexOf("]"), 0) : 0);
  if (colon >= 0) hostish = hostish.slice(0, colon);
  const { host, kind } = canonicalHost(hostish);
  if (host === "") return fail("missing_host", "The address has no host name.");
  const e = { host: escapeBytes(host), path: escapeBytes(canonicalPath(rawPath)), query: query === null ? null : escapeBytes(query) };
  const url = `${scheme}://${e.host}${e.path}${e.query === null ? "" : `?${e.query}`}`;
  return { ok: true, url, scheme, ...e, hostKind: kind };
}

/** RFC 1035 §2.3.4 (and RFC 1123 §2.1): a name is at most 253 octets in text form, a label 1–63. */
const MAX_HOST_OCTETS = 253;
const MAX_LABEL_OCTETS = 63;
/** 253 octets hold at most 127 one-letter labels and their dots. */
const MAX_LABELS = 127;

/**
 * Why a canonical host cannot be a public web site's, or null when it can. Safe Browsing itself
 * hashes whatever it is given; a citizen's check should not call "not a url" (canonicalised to
 * http://not%20a%20url/) "unknown", and a host of a thousand labels must not cost the server
 * more than a real one. So, for checks (never for feed imports, which keep the spec's behaviour):
 * an IP literal, or a name of at least two labels in letters, digits, "-" and "_" after IDNA
 * (non-UTF-8 bytes stay escaped and are refused), within RFC 1035's lengths, whose top-level
 * label is not all digits.
 */
export function hostProblem(c: Pick<CanonicalUrl, "host" | "hostKind">): string | null {
  if (c.hostKind !== "name") return null;
  const host = c.host;
  if (host.length > MAX_HOST_OCTETS) return `The host name is longer than ${MAX_HOST_OCTETS} characters, so no web site can have it.`;
  if (!/^[a-z0-9_.-]+$/.test(host)) return "The host name has characters no web address can have (spaces, symbols or broken text).";
  const labels = host.split(".");
  if (labels.length < 2) return "The host name has no dot: a web address looks like example.vn.";
  if (labels.length > MAX_LABELS) return `The host name has more than ${MAX_LABELS} parts.`;
  if (labels.some((l) => l.length > MAX_LABEL_OCTETS)) return `A part of the host name is longer than ${MAX_LABEL_OCTETS} characters.`;
  if (/^\d+$/.test(labels[labels.length - 1] as string))
    return "The host name ends in a number, which is neither a domain nor an IP address.";
  return null;
}

/**
 * "Suffix/Prefix Expressions": up to 5 host strings × up to 6 path strings.
 *
 * Hosts: "the exact hostname in the URL", and "up to four hostnames formed by starting with the
 * last five components and successively removing the leading component. The top-level domain can
 * be skipped. These additional hostnames should not be checked if the host is an IP address."
 *
 * Paths: "the exact path of the URL, including query parameters", "the exact path of the URL,
 * without query parameters", and "the four paths formed by starting at the root (/) and
 * successively appending path components, including a trailing slash."
 */
export function expressions(c: CanonicalUrl): string[] {
  const hosts = expressionHosts(c);
  const paths: string[] = [];
  if (c.query) paths.push(`${c.path}?${c.query}`);
  paths.push(c.path);
  const components = c.path.split("/").filter(Boolean);
  for (let i = Math.min(components.length, 4) - 1; i >= 1; i--) paths.push(`/${components.slice(0, i).join("/")}/`);
  paths.push("/");
  const out: string[] = [];
  for (const h of hosts) for (const p of new Set(paths)) out.push(h + p);
  return [...new Set(out)];
}

/** The host strings of the expressions: the exact host, then its suffixes (see `expressions`). */
export function expressionHosts(c: Pick<CanonicalUrl, "host" | "hostKind">): string[] {
  const hosts = [c.host];
  if (c.hostKind === "name") {
    const parts = c.host.split(".");
    for (let k = Math.min(5, parts.length - 1); k >= 2; k--) {
      if (k < parts.length) hosts.push(parts.slice(-k).join("."));
    }
  }
  return hosts;
}

/**
 * A 32-bit FNV-1a of a host string, for the in-memory host filter that runs before any SHA-256 is
 * computed (check.ts). Not a security hash: a collision only sends a check on to the full path.
 */
export function hostKey(host: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < host.length; i++) h = Math.imul(h ^ host.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** "Hash Computations": the full-length SHA-256 of an expression (32 bytes). */
export function expressionHash(expression: string): Buffer {
  // The one-shot hash skips the Hash object's set-up, and hashing the string itself skips a
  // Buffer: together about 1.5× faster for these short strings (measured against hash-wasm too,
  // which is no faster here). Canonical expressions are ASCII (the spec percent-escapes the rest),
  // where UTF-8 and Latin-1 agree; anything else is hashed as Latin-1, one byte a character.
  return oneShotHash("sha256", NON_ASCII.test(expression) ? Buffer.from(expression, "latin1") : expression, "buffer");
}

/** "Hash Prefix Computations": the most significant 4 bytes, as an unsigned 32-bit number. */
export const hashPrefix = (hash: Uint8Array): number =>
  (((hash[0] as number) << 24) | ((hash[1] as number) << 16) | ((hash[2] as number) << 8) | (hash[3] as number)) >>> 0;
