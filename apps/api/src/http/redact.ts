/**
 * The request path as it may be logged: a k-anonymity range path carries a hash prefix of the
 * password or account being checked, so its last segment is replaced by ":prefix"; a file-hash
 * lookup carries the digest of someone's file, replaced by ":hash"; an activation path carries
 * the one-time token that lets its holder set the account's password, replaced by ":token".
 *
 * Matched loosely — any case, repeated or percent-encoded slashes — because a malformed request
 * (`/api/v1//passwords/range/ABCDE`, `/API/v1/hash/sha1/…`, `/api/v1/passwords/range%2FABCDE`)
 * carries the same secret as a well-formed one. Any other path under /api/ keeps only the
 * segments that cannot be a digest, a number or an address: plain words (letters, digits, `-`,
 * `_`, and the API's own `.atom`/`.xml`/`.json`/`.txt` endings) without a run of five or more
 * hex digits; any other segment becomes ":redacted".
 */
const PLAIN_SEGMENT = /^[\w-]*(?:\.(?:atom|xml|json|txt))?$/;

export function loggablePath(path: string): string {
  const loose = path.replace(/%2f/gi, "/").replace(/\/{2,}/g, "/");
  const range = /^(\/api\/v1\/(?:passwords|accounts)\/range)(?:\/|$)/i.exec(loose);
  if (range) return `${range[1]}/:prefix`;
  const hash = /^(\/api\/v1\/hash)\/(?!bulk\/?$)/i.exec(loose);
  if (hash) return `${hash[1]}/:hash`;
  const activation = /^(\/api\/v1\/staff\/activation)\/./is.exec(loose);
  if (activation) return `${activation[1]}/:token`;
  if (!/^\/+api\//i.test(path)) return path;
  return path
    .replace(/\/{2,}/g, "/")
    .split("/")
    .map((segment) => (PLAIN_SEGMENT.test(segment) && !/[0-9a-f]{5,}/i.test(segment) ? segment : ":redacted"))
    .join("/");
}

/**
 * Free text that may name request URLs (Astro's own log messages, "Could not render
 * http://host/kiem-tra/duong-dan/ket-qua?url=…"): every query string is cut off and every path is
 * passed through loggablePath, so the text holds no checked link, e-mail, prefix or digest.
 */
export function redactUrls(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#"'`<>]*)?(\/[^\s?#"'`<>()]*)?(\?[^\s"'`<>()]*)?/gi, (whole, origin, path, query) => {
    if (!origin && !path) return whole;
    return `${origin ?? ""}${path ? loggablePath(path) : ""}${query ? "?…" : ""}`;
  });
}
