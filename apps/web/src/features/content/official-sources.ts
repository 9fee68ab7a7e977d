// Which sites may be linked as the official source of a legal text (content.config.ts, `sourceUrl`).
// Plain TypeScript with no Astro import, so the content tests use the same rule.

/**
 * The national legal database, the official gazette, the Government's and the National
 * Assembly's document systems; any state body's own portal (.gov.vn) is accepted as well.
 * Commercial law sites are not official sources, however convenient their copies.
 */
export const OFFICIAL_HOSTS = ["vbpl.vn", "congbao.chinhphu.vn", "vanban.chinhphu.vn", "chinhphu.vn", "quochoi.vn"] as const;

export function isOfficialSource(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return false;
  }
  return OFFICIAL_HOSTS.some((h) => host === h || host.endsWith(`.${h}`)) || host.endsWith(".gov.vn");
}
