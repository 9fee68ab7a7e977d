// What the link and file checks share between their islands (browser) and their on-demand result
// pages (server): the outcome types, which message an error gets, and one verdict for a file.
import { type ErrorCode, type HashCheck, type HashMatch, isDemoSource, type UrlCheck, type UrlCheckFailureCode } from "@portal/contracts";
import type { KeysUnder, Strings } from "../../i18n/index.ts";
import { extractLinks } from "./trick.ts";

/**
 * The checks' strings (src/i18n/ui/*\/check.json), as the islands receive them, with the verdict
 * card's "Report this" link (reports.json).
 */
export type CheckStrings = Strings<"check" | "reports.verdict" | "details">;
export type CheckKey = KeysUnder<"check">;

/** The digests of a file hashed in the browser, shown with its verdict. */
export interface HashedFile {
  name: string;
  size: number;
  md5: string;
  sha1: string;
  sha256: string;
}

/** One link's verdict, several links' verdicts (a pasted message), or why nothing was checked. */
export type UrlOutcome = { kind: "result"; result: UrlCheck } | { kind: "many"; results: UrlCheck[] } | { kind: "error"; message: string };

/** The most text the link box takes: a long e-mail with its links, not a whole mailbox. */
export const MAX_MESSAGE_LENGTH = 20_000;
/** The most links checked from one message (the bulk API's limit). */
export const MAX_LINKS = 500;
/**
 * The longest result address (path and query) the portal gives: a request line of 8 kB is the
 * common limit of proxies (nginx's large_client_header_buffers). Longer, the result is shown
 * without an address of its own.
 */
export const MAX_RESULT_ADDRESS = 6000;

/**
 * The links to check in what the box or the address holds: one entry without spaces is a link as
 * it is (so junk gets the invalid-address message); a longer text is searched for links; several
 * entries (`?url=a&url=b`) are links, each once.
 */
export function linksIn(inputs: readonly string[]): string[] {
  const entries = inputs.map((x) => x.trim()).filter((x) => x !== "");
  if (entries.length === 1 && !/\s/.test(entries[0] as string)) return entries;
  if (entries.length === 1) return extractLinks(entries[0] as string);
  return [...new Set(entries.flatMap((x) => (/\s/.test(x) ? extractLinks(x) : [x])))].slice(0, MAX_LINKS);
}

/** The result page of these links: `?url=` once per link, so reload, back and a shared copy show the same result. */
export function linkResultAddress(page: string, links: readonly string[]): string {
  return `${page}?${links.map((l) => `url=${encodeURIComponent(l)}`).join("&")}`;
}
export type HashOutcome = { kind: "result"; result: HashCheck; file?: HashedFile } | { kind: "error"; message: string };

/** The message for a link the canonicaliser refused (the result page asks the portal directly). */
export function failureKey(reason: UrlCheckFailureCode): CheckKey {
  if (reason === "empty") return "check.link.error.empty";
  if (reason === "too_long") return "check.link.error.tooLong";
  return "check.link.error.invalid";
}

/** The message for the API's answer to a link it did not check (the island asks over HTTP). */
export function linkErrorKey(code: ErrorCode | "network"): CheckKey {
  switch (code) {
    case "url_too_long":
      return "check.link.error.tooLong";
    case "not_a_web_address":
    case "invalid_request":
    case "malformed_json":
      return "check.link.error.invalid";
    default:
      return "check.link.error.network";
  }
}

/**
 * One verdict for a file from the results for its three digests: malicious if any list says so,
 * known_good if a known-file list has it, unknown otherwise; every match kept once.
 */
export function combineHashResults(results: HashCheck[], primary: string): HashCheck {
  const matches: HashMatch[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    for (const m of r.matches) {
      const key = `${m.source}|${m.sha256 ?? m.sha1 ?? m.md5}`;
      if (!seen.has(key)) {
        seen.add(key);
        matches.push(m);
      }
    }
  }
  const verdict = results.some((r) => r.verdict === "malicious")
    ? "malicious"
    : results.some((r) => r.verdict === "known_good")
      ? "known_good"
      : "unknown";
  return { hash: primary, algorithm: "sha256", verdict, matches, checkedAt: results[0]?.checkedAt ?? new Date().toISOString() };
}

/** A help contact (content/help-contacts) in the page's language, as the verdict card's help box shows it. */
export interface HelpContact {
  number?: string | undefined;
  url?: string | undefined;
  name: string;
  purpose: string;
}

/** A list's name in words ("demo:vn-trusted" → "the portal's list of verified sites"); its id when no words exist. */
export function sourceLabel(source: string, s: CheckStrings): string {
  // A list's version ("demo:eth-phishing-detect-1.2.0") does not change its name.
  const key = `check.source.${source
    .toLowerCase()
    .replace(/-v?\d+(\.\d+)*$/, "")
    .replace(/[^a-z0-9]+/g, "-")}`;
  return (s as Readonly<Record<string, string>>)[key] ?? source;
}

/** A list by its name in words, marked when it is demo data ("… (dữ liệu minh hoạ)"). */
export function namedSource(source: string, s: CheckStrings): string {
  return `${sourceLabel(source, s)}${isDemoSource(source) ? ` (${s["check.result.demo"]})` : ""}`;
}

/** A list's threat type in words ("crypto_phishing" → "cryptocurrency scam"); as given when no words exist. */
export function threatLabel(threat: string, s: CheckStrings): string {
  return (s as Readonly<Record<string, string>>)[`check.threat.${threat}`] ?? threat;
}
