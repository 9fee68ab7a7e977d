/**
 * The request path as it may be logged: a k-anonymity range path carries a hash prefix of the
 * password or account being checked, so its last segment is replaced by ":prefix"; a file-hash
 * lookup carries the digest of someone's file, replaced by ":hash"; an activation path carries
 * the one-time token that lets its holder set the account's password, replaced by ":token".
 */
export function loggablePath(path: string): string {
  return path
    .replace(/^(\/api\/v1\/(?:passwords|accounts)\/range)\/.*$/s, "$1/:prefix")
    .replace(/^(\/api\/v1\/hash)\/(?!bulk$).*$/s, "$1/:hash")
    .replace(/^(\/api\/v1\/staff\/activation)\/.+$/s, "$1/:token");
}
