// What an API path answers to, from the app's own route table: a path called with a method it
// does not take gets 405 with Allow (RFC 9110 §15.5.6) instead of 404, and OPTIONS lists them.

type Route = { method: string; path: string };

/** "/api/v1/hash/:hash" → a regular expression matching one path segment per parameter. */
function pattern(path: string): RegExp {
  const body = path
    .split("/")
    .map((seg) => (seg.startsWith(":") ? "[^/]+" : seg === "*" ? ".*" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${body}$`);
}

export function allowedMethods(routes: () => readonly Route[]) {
  let table: { method: string; re: RegExp }[] | null = null;
  return (path: string): string[] => {
    // Built on first use: every feature's routes are mounted by then.
    table ??= routes()
      .filter((r) => r.method !== "ALL" && r.path.startsWith("/api/"))
      .map((r) => ({ method: r.method, re: pattern(r.path) }));
    const methods = new Set(table.filter((r) => r.re.test(path)).map((r) => r.method));
    if (methods.size === 0) return [];
    if (methods.has("GET")) methods.add("HEAD");
    methods.add("OPTIONS");
    const order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    return [...methods].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  };
}
