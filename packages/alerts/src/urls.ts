// Absolute links for the feeds and documents. Every path comes from @portal/contracts `paths` (the
// one owner of public URLs); the origin is the configured public one (PUBLIC_ORIGIN, or the
// listening address for local runs), never a request's Host header.

/** An absolute URL from the configured public origin and a site-relative path. */
export function absolute(origin: string, path: string): string {
  return `${origin.replace(/\/+$/, "")}${path}`;
}
