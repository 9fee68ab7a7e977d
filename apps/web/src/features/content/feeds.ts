// The guidance RSS feeds and the sitemap, written at build time.
import { LANGS, type Lang, type PageKey, pages, paths } from "@portal/contracts";
import { t } from "../../i18n/index.ts";
import { guidanceIn, legalIn, urlOf } from "./content.ts";

const xml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string);

/** RSS 2.0 of the guidance in one language, newest first. `origin` makes the links absolute, as RSS requires. */
export async function guidanceRss(lang: Lang, origin: string): Promise<string> {
  const entries = (await guidanceIn(lang)).sort((a, b) => b.data.updated.getTime() - a.data.updated.getTime());
  const items = entries
    .map((e) => {
      const link = new URL(urlOf("guidance", e), origin).href;
      return `<item><title>${xml(e.data.title)}</title><link>${xml(link)}</link><guid isPermaLink="true">${xml(link)}</guid><description>${xml(e.data.summary)}</description><pubDate>${e.data.updated.toUTCString()}</pubDate></item>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>${xml(t(lang, "guidance.rssTitle"))}</title>
<link>${xml(new URL(paths.page("guidance", lang), origin).href)}</link>
<description>${xml(t(lang, "guidance.lead"))}</description>
<language>${lang}</language>
${items}
</channel></rss>
`;
}

/** Pages that are not documents to index: the 404 page, and pages that answer a query or live data. */
const NOT_IN_SITEMAP: ReadonlySet<PageKey> = new Set<PageKey>(["notFound", "search", "status", "linkResult", "fileResult"]);

/** Every prerendered page in both languages (sitemaps.org protocol 0.9). */
export async function sitemap(origin: string): Promise<string> {
  const urls: string[] = [];
  for (const key of Object.keys(pages) as PageKey[]) {
    if (!NOT_IN_SITEMAP.has(key)) urls.push(...LANGS.map((lang) => paths.page(key, lang)));
  }
  for (const lang of LANGS) {
    for (const e of await guidanceIn(lang)) urls.push(urlOf("guidance", e));
    for (const e of await legalIn(lang)) urls.push(urlOf("legal", e));
  }
  const body = [...new Set(urls)].map((u) => `<url><loc>${xml(new URL(u, origin).href)}</loc></url>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`;
}
