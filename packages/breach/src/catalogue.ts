// The breach catalogue: HIBP's breach model (https://haveibeenpwned.com/API/v3#BreachModel) with
// descriptions in Vietnamese and English, and the accounts in each breach as SHA-1 hashes only.
import { type AccountMatch, BREACH_NAME, type Breach, type Lang, paths } from "@portal/contracts";
import type { Client } from "@portal/db";
import type { SearchDocument } from "@portal/search";
import { z } from "zod";

export { type AccountMatch, BREACH_NAME, type Breach };

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD");
const isoInstant = z.iso.datetime({ offset: true });

/** A catalogue.json file for `import breach`, and the shape an editor writes. */
export const BreachInput = z.object({
  name: z.string().regex(BREACH_NAME, "letters, digits, - and _ only (at most 64)"),
  title: z.string().trim().min(1).max(200),
  domain: z.string().trim().max(253).default(""),
  breachDate: isoDate,
  addedDate: isoInstant.optional(),
  /** Accounts affected; when left out, the number of distinct identifiers imported. */
  pwnCount: z.number().int().nonnegative().optional(),
  description: z.object({ vi: z.string().trim().min(1).max(5000), en: z.string().trim().min(1).max(5000) }),
  dataClasses: z.array(z.string().trim().min(1).max(80)).min(1).max(50),
  isVerified: z.boolean().default(false),
  isFabricated: z.boolean().default(false),
  isSensitive: z.boolean().default(false),
  isRetired: z.boolean().default(false),
  isSpamList: z.boolean().default(false),
  logoPath: z.string().max(500).nullable().default(null),
  isDemo: z.boolean().default(false),
});
export type BreachInput = z.input<typeof BreachInput>;

const COLUMNS = `name, title, domain, breach_date, added_date, modified_date, pwn_count, description_vi, description_en,
  data_classes, is_verified, is_fabricated, is_sensitive, is_retired, is_spam_list, logo_path, is_demo`;

function fromRow(r: Record<string, unknown>): Breach {
  return {
    name: String(r.name),
    title: String(r.title),
    domain: String(r.domain),
    breachDate: String(r.breach_date),
    addedDate: String(r.added_date),
    modifiedDate: String(r.modified_date),
    pwnCount: Number(r.pwn_count),
    description: { vi: String(r.description_vi), en: String(r.description_en) },
    dataClasses: JSON.parse(String(r.data_classes)) as string[],
    isVerified: Number(r.is_verified) === 1,
    isFabricated: Number(r.is_fabricated) === 1,
    isSensitive: Number(r.is_sensitive) === 1,
    isRetired: Number(r.is_retired) === 1,
    isSpamList: Number(r.is_spam_list) === 1,
    logoPath: r.logo_path == null ? null : String(r.logo_path),
    isDemo: Number(r.is_demo) === 1,
  };
}

/** Adds a breach or updates it; the added date of an existing breach is kept. Returns the stored breach. */
export async function upsertBreach(client: Client, input: BreachInput, accounts?: number): Promise<Breach> {
  const b = BreachInput.parse(input);
  const now = new Date().toISOString();
  await client.execute({
    sql: `INSERT INTO breaches (${COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
          ON CONFLICT (name) DO UPDATE SET title = excluded.title, domain = excluded.domain,
            breach_date = excluded.breach_date, modified_date = excluded.modified_date, pwn_count = excluded.pwn_count,
            description_vi = excluded.description_vi, description_en = excluded.description_en,
            data_classes = excluded.data_classes, is_verified = excluded.is_verified, is_fabricated = excluded.is_fabricated,
            is_sensitive = excluded.is_sensitive, is_retired = excluded.is_retired, is_spam_list = excluded.is_spam_list,
            logo_path = excluded.logo_path, is_demo = excluded.is_demo`,
    args: [
      b.name,
      b.title,
      b.domain,
      b.breachDate,
      b.addedDate ?? now,
      now,
      b.pwnCount ?? accounts ?? 0,
      b.description.vi,
      b.description.en,
      JSON.stringify(b.dataClasses),
      b.isVerified ? 1 : 0,
      b.isFabricated ? 1 : 0,
      b.isSensitive ? 1 : 0,
      b.isRetired ? 1 : 0,
      b.isSpamList ? 1 : 0,
      b.logoPath,
      b.isDemo ? 1 : 0,
    ],
  });
  return (await getBreach(client, b.name)) as Breach;
}

/** Every breach, newest first by breach date. */
export async function listBreaches(client: Client, opts: { domain?: string } = {}): Promise<Breach[]> {
  const r = opts.domain
    ? await client.execute({
        sql: `SELECT ${COLUMNS} FROM breaches WHERE domain = ? COLLATE NOCASE ORDER BY breach_date DESC, name`,
        args: [opts.domain],
      })
    : await client.execute(`SELECT ${COLUMNS} FROM breaches ORDER BY breach_date DESC, name`);
  return r.rows.map((row) => fromRow(row as Record<string, unknown>));
}

/** Breaches by the date the portal added them, newest first (for the Atom feed). */
export async function latestBreaches(client: Client, limit = 50): Promise<Breach[]> {
  const r = await client.execute({ sql: `SELECT ${COLUMNS} FROM breaches ORDER BY added_date DESC, name LIMIT ?`, args: [limit] });
  return r.rows.map((row) => fromRow(row as Record<string, unknown>));
}

/** One breach by name, case-insensitively as HIBP does. */
export async function getBreach(client: Client, name: string): Promise<Breach | null> {
  const r = await client.execute({ sql: `SELECT ${COLUMNS} FROM breaches WHERE name = ? COLLATE NOCASE`, args: [name] });
  const row = r.rows[0];
  return row ? fromRow(row as Record<string, unknown>) : null;
}

export async function countBreaches(client: Client): Promise<number> {
  const r = await client.execute("SELECT COUNT(*) AS n FROM breaches");
  return Number(r.rows[0]?.n ?? 0);
}

/** Stores SHA-1 hashes (40 hex digits) of normalised identifiers as accounts of `breach`. */
export async function addAccountHashes(client: Client, breach: string, hashes: string[]): Promise<void> {
  const stmts: { sql: string; args: string[] }[] = [];
  for (const h of hashes) {
    const u = h.toUpperCase();
    if (!/^[0-9A-F]{40}$/.test(u)) throw new Error("an account hash must be 40 hex digits");
    stmts.push({
      sql: "INSERT OR IGNORE INTO breach_accounts (prefix, suffix, breach) VALUES (?, ?, ?)",
      args: [u.slice(0, 6), u.slice(6), breach],
    });
  }
  if (stmts.length) await client.batch(stmts, "write");
}

export async function countAccounts(client: Client, breach: string): Promise<number> {
  const r = await client.execute({ sql: "SELECT COUNT(*) AS n FROM breach_accounts WHERE breach = ?", args: [breach] });
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * The k-anonymity account range: every stored account whose SHA-1 starts with `prefix` (6 hex
 * digits), with its breaches. Sensitive and retired breaches are never returned (HIBP does the same
 * for its public API).
 */
export async function accountRange(client: Client, prefix: string): Promise<{ matches: AccountMatch[]; breaches: Breach[] }> {
  const r = await client.execute({
    sql: `SELECT a.suffix, a.breach FROM breach_accounts a JOIN breaches b ON b.name = a.breach
          WHERE a.prefix = ? AND b.is_sensitive = 0 AND b.is_retired = 0 ORDER BY a.suffix, a.breach`,
    args: [prefix.toUpperCase()],
  });
  const matches: AccountMatch[] = [];
  const names = new Set<string>();
  for (const row of r.rows) {
    const suffix = String(row.suffix);
    const breach = String(row.breach);
    names.add(breach);
    const last = matches[matches.length - 1];
    if (last?.suffix === suffix) last.breaches.push(breach);
    else matches.push({ suffix, breaches: [breach] });
  }
  const breaches: Breach[] = [];
  for (const n of names) {
    const b = await getBreach(client, n);
    if (b) breaches.push(b);
  }
  return { matches, breaches };
}

/** Site-relative URL of a breach's page. */
export const breachPath = (name: string, lang: Lang) => paths.breach(lang, name);
export const cataloguePath = (lang: Lang) => paths.page("breaches", lang);

const xml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string);

/** An Atom 1.0 feed (RFC 4287) of the breaches most recently added to the catalogue. */
export function breachAtomFeed(breaches: Breach[], opts: { lang: Lang; origin: string; selfPath: string }): string {
  const { lang, origin } = opts;
  const title =
    lang === "vi" ? "Lộ lọt dữ liệu mới thêm — Cổng An toàn không gian mạng" : "Newly added data breaches — Cyberspace Safety Portal";
  // ISO 8601 UTC timestamps sort as strings.
  const updated =
    breaches
      .map((b) => b.modifiedDate)
      .sort()
      .pop() ?? "1970-01-01T00:00:00.000Z";
  const entries = breaches
    .filter((b) => !b.isRetired)
    .map((b) => {
      const url = `${origin}${breachPath(b.name, lang)}`;
      const demo = b.isDemo ? (lang === "vi" ? "[Dữ liệu minh hoạ] " : "[Demo data] ") : "";
      return `  <entry>
    <id>${xml(url)}</id>
    <title>${xml(demo + b.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(url)}"/>
    <published>${xml(b.addedDate)}</published>
    <updated>${xml(b.modifiedDate)}</updated>
    <summary>${xml(b.description[lang])}</summary>
  </entry>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">
  <id>${xml(`${origin}${cataloguePath(lang)}`)}</id>
  <title>${xml(title)}</title>
  <updated>${xml(updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${xml(origin + opts.selfPath)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${origin}${cataloguePath(lang)}`)}"/>
  <author><name>${lang === "vi" ? "Cục An toàn thông tin" : "Authority of Information Security"}</name></author>
${entries}
</feed>
`;
}

/** Search documents: one per breach and language, leaving out sensitive and retired breaches. */
export async function breachSearchDocuments(client: Client): Promise<SearchDocument[]> {
  const docs: SearchDocument[] = [];
  for (const b of await listBreaches(client)) {
    if (b.isSensitive || b.isRetired) continue;
    for (const lang of ["vi", "en"] as const) {
      const demo = b.isDemo ? (lang === "vi" ? " (dữ liệu minh hoạ)" : " (demo data)") : "";
      const summary = b.description[lang].split(/(?<=[.!?])\s/)[0] ?? b.description[lang];
      docs.push({
        id: `breach:${lang}:${b.name.replace(/[^A-Za-z0-9_-]/g, "_")}`,
        type: "breach",
        lang,
        title: `${b.title}${demo}`,
        url: breachPath(b.name, lang),
        summary,
        body: [b.title, b.domain, b.description[lang], b.dataClasses.join(", ")].filter(Boolean).join("\n"),
        status: b.isVerified ? "verified" : "unverified",
        updated: b.modifiedDate.slice(0, 10),
      });
    }
  }
  return docs;
}
