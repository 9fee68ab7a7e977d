// The editors' guidance and legal texts (src/content.config.ts) as the pages need them: by
// language, by key, with their addresses from @portal/contracts.
import { type CollectionEntry, getCollection } from "astro:content";
import { type ContentSection, type Lang, otherLang, paths } from "@portal/contracts";
import { markdownToText, type SearchDocument } from "@portal/search/text";

export type Guidance = CollectionEntry<"guidance">;
export type Legal = CollectionEntry<"legal">;

/** "vi/nhan-dien-trang-web-gia-mao" → { lang: "vi", slug: "nhan-dien-trang-web-gia-mao" } */
export function split(entry: { id: string }): { lang: Lang; slug: string } {
  const [lang, ...rest] = entry.id.split("/");
  if (lang !== "vi" && lang !== "en") throw new Error(`Content file ${entry.id} must sit in a vi/ or en/ folder`);
  return { lang, slug: rest.join("/") };
}

/**
 * A legal text's heading: its number, then its title — or the title alone when the title already
 * carries the number ("Chỉ thị 04/CT-BTTTT về …"), so the list does not read "04/CT-BTTTT — Chỉ thị
 * 04/CT-BTTTT về …".
 */
export const legalTitle = (d: { number: string; title: string }): string =>
  d.title.includes(d.number) ? d.title : `${d.number} — ${d.title}`;

/** The page of an entry: its section's address and its slug. */
export const urlOf = (collection: ContentSection, entry: { id: string }) => {
  const { lang, slug } = split(entry);
  return paths.article(collection, lang, slug);
};

/**
 * The page of the article whose frontmatter `key` is `key`, in `lang`: how pages link to an
 * article, so that renaming its file (its slug) breaks no link. An unknown key stops the build.
 */
export async function articleHref(collection: ContentSection, key: string, lang: Lang): Promise<string> {
  const entries = await getCollection(collection, (e) => split(e).lang === lang && e.data.key === key);
  const entry = entries[0];
  if (!entry) {
    throw new Error(
      `No ${collection} article in content/${collection}/${lang}/ has the key "${key}": add one with "key: ${key}" in its frontmatter, or link to an existing key`,
    );
  }
  return urlOf(collection, entry);
}

export async function guidanceIn(lang: Lang): Promise<Guidance[]> {
  const all = await getCollection("guidance", (e) => split(e).lang === lang);
  return all.sort((a, b) => a.data.title.localeCompare(b.data.title, lang));
}

/** Legal texts by their force, as a reader looks for them: laws first, then decrees, and so on. */
const LEGAL_ORDER: readonly Legal["data"]["type"][] = ["law", "decree", "decision", "circular", "directive", "official-letter"];

/** The legal texts in `lang`: laws before decrees before directives…, the newest first within each. */
export async function legalIn(lang: Lang): Promise<Legal[]> {
  const all = await getCollection("legal", (e) => split(e).lang === lang);
  return all.sort(
    (a, b) => LEGAL_ORDER.indexOf(a.data.type) - LEGAL_ORDER.indexOf(b.data.type) || b.data.issued.getTime() - a.data.issued.getTime(),
  );
}

/** The same article (same key) in the other language, if it exists. */
export async function counterpart<C extends ContentSection>(collection: C, entry: CollectionEntry<C>, other: Lang) {
  const all = (await getCollection(collection)) as CollectionEntry<C>[];
  return all.find((e) => split(e).lang === other && e.data.key === entry.data.key);
}

/** Minutes to read, at 200 words a minute (Vietnamese syllables count as words). */
export function readingMinutes(body: string | undefined): number {
  return Math.max(
    1,
    Math.round(
      markdownToText(body ?? "")
        .split(/\s+/)
        .filter(Boolean).length / 200,
    ),
  );
}

/**
 * Every article must exist in both languages. A missing one does not stop the build (the page
 * says which language is missing) but is reported as a build warning naming the file.
 */
export async function warnMissingTranslations(): Promise<string[]> {
  const warnings: string[] = [];
  for (const collection of ["guidance", "legal"] as const) {
    const all = await getCollection(collection);
    for (const e of all) {
      const other = otherLang(split(e).lang);
      if (!all.some((o) => split(o).lang === other && o.data.key === e.data.key)) {
        warnings.push(
          `content/${collection}/${e.id}.md has no ${other === "vi" ? "Vietnamese" : "English"} counterpart (key "${e.data.key}")`,
        );
      }
    }
  }
  return warnings;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Search documents for all guidance and legal texts; the API indexes this file at start-up. */
export async function contentSearchDocuments(): Promise<SearchDocument[]> {
  const guidance = (await getCollection("guidance")).map((e): SearchDocument => {
    const { lang, slug } = split(e);
    return {
      id: `guidance:${lang}:${slug}`,
      type: "guidance",
      lang,
      title: e.data.title,
      url: urlOf("guidance", e),
      summary: e.data.summary,
      body: markdownToText(e.body ?? ""),
      topic: e.data.topic,
      audience: e.data.audience,
      updated: iso(e.data.updated),
    };
  });
  const legal = (await getCollection("legal")).map((e): SearchDocument => {
    const { lang, slug } = split(e);
    return {
      id: `legal:${lang}:${slug}`,
      type: "legal",
      lang,
      title: legalTitle(e.data),
      url: urlOf("legal", e),
      summary: e.data.summary,
      body: markdownToText(e.body ?? ""),
      status: e.data.status,
      updated: iso(e.data.issued),
    };
  });
  return [...guidance, ...legal];
}
