import { createHash } from "node:crypto";
import type { Client, InArgs } from "@libsql/client";
import type { SearchResult as ContractSearchResult, SearchHit, SearchParams } from "@portal/contracts";
import { bestBets } from "./best-bets.ts";
import type { SearchClient } from "./client.ts";
import type { SearchDocument } from "./documents.ts";
import { fold, foldedTokens, hasDiacritics, toTelex } from "./fold.ts";
import { FACETS, type Facet, INDEX_UID, indexSettings, synonyms } from "./settings.ts";
import { highlightExcerpt } from "./text.ts";

export type { SearchHit, SearchParams };
/** The contract's SearchResult, with the facets this service always fills named. */
export type SearchResult = Omit<ContractSearchResult, "facets"> & { facets: Record<Facet, Record<string, number>> };

export interface SyncResult {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
}

interface Logger {
  warn(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
}

type Row = Record<string, unknown>;

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
/** Meilisearch ids allow only [A-Za-z0-9_-]; ours carry colons, so the key is a hash of the id. */
const meiliKey = (id: string) => sha(id).slice(0, 40);

function contentHash(d: SearchDocument): string {
  return sha(
    JSON.stringify([
      d.type,
      d.lang,
      d.title,
      d.url,
      d.summary,
      d.body,
      d.topic ?? null,
      d.audience ?? null,
      d.status ?? null,
      d.updated ?? null,
    ]),
  );
}

// The same synonym pairs Meilisearch uses, folded, so both engines answer alike.
const FOLDED_SYNONYMS = Object.entries(synonyms()).map(([k, vs]) => [foldedTokens(k), vs.map(foldedTokens)] as const);

/**
 * FTS5 query for the folded words: all must occur, the last may be a prefix (the user may still
 * be typing); a phrase with a synonym also matches the query with the synonym in its place.
 */
function ftsQuery(tokens: string[]): string {
  const all = (ts: string[]) => ts.map((t, i) => `"${t}"${i === ts.length - 1 ? "*" : ""}`).join(" ");
  const variants = [all(tokens)];
  for (const [key, alternatives] of FOLDED_SYNONYMS) {
    const at = tokens.findIndex((_, i) => key.every((k, j) => tokens[i + j] === k));
    if (at < 0) continue;
    for (const alt of alternatives) variants.push(all([...tokens.slice(0, at), ...alt, ...tokens.slice(at + key.length)]));
  }
  return variants.length === 1 ? (variants[0] as string) : variants.map((v) => `(${v})`).join(" OR ");
}

const emptyFacets = (): Record<Facet, Record<string, number>> => ({ type: {}, lang: {}, topic: {}, audience: {}, status: {} });

/** The part of the engine's ranked list one page shows, and the documents the page pins instead. */
interface Window {
  offset: number;
  limit: number;
  /** Ids of the pinned documents: left out of the engine's answer so none shows twice. */
  exclude: string[];
}

/** Whether a document passes the filters of a search (the same ones both engines apply). */
function passesFilters(d: SearchDocument, p: SearchParams): boolean {
  return (
    (!p.type || d.type === p.type) &&
    (!p.lang || d.lang === p.lang) &&
    (!p.topic || d.topic === p.topic) &&
    (!p.status || d.status === p.status) &&
    (!p.audience || (d.audience ?? []).includes(p.audience))
  );
}

/**
 * Search over every document type, with Meilisearch as the engine and libSQL FTS5 as the
 * fallback when Meilisearch is down or not yet in step. libSQL holds the documents; Meilisearch
 * is a replica brought up to date by reconcile().
 */
export class SearchService {
  readonly #db: Client;
  readonly #meili: SearchClient | null;
  readonly #log: Logger;
  readonly #index: string;
  #meiliReady = false;
  /**
   * Documents with best-bet keywords, by type, as the last sync() of that type gave them. Kept in
   * memory (a handful of tool pages): every process that answers searches syncs every source at
   * start-up (main.ts), so it knows them before it takes a request.
   */
  readonly #pinnable = new Map<string, SearchDocument[]>();
  #reconciling: Promise<boolean> | null = null;
  #timer: NodeJS.Timeout | undefined;

  /** `indexUid` defaults to the portal's one index; tests sharing a Meilisearch each take their own. */
  constructor(opts: { db: Client; meili: SearchClient | null; log: Logger; indexUid?: string }) {
    this.#index = opts.indexUid ?? INDEX_UID;
    this.#db = opts.db;
    this.#meili = opts.meili;
    this.#log = opts.log;
  }

  /** Whether searches currently go to Meilisearch. */
  get meiliReady(): boolean {
    return this.#meiliReady;
  }

  /**
   * Makes the stored documents of `type` exactly `docs`: inserts new ones, updates changed ones
   * (by content hash), removes the rest, then pushes the changes to Meilisearch if it is up.
   */
  async sync(type: string, docs: SearchDocument[], opts: { waitForEngine?: boolean } = {}): Promise<SyncResult> {
    for (const d of docs) {
      if (d.type !== type) throw new Error(`Document ${d.id} has type "${d.type}", not "${type}"`);
      if (!/^[\w:.-]+$/.test(d.id)) throw new Error(`Document id "${d.id}" may hold only letters, digits, _ - . and :`);
    }
    const existing = await this.#db.execute({ sql: "SELECT id, content_hash FROM search_documents WHERE type = ?", args: [type] });
    const have = new Map(existing.rows.map((r) => [String(r.id), String(r.content_hash)]));
    const result: SyncResult = { added: 0, updated: 0, removed: 0, unchanged: 0 };
    const stmts: { sql: string; args: InArgs }[] = [];
    const seen = new Set<string>();
    for (const d of docs) {
      seen.add(d.id);
      const hash = contentHash(d);
      const old = have.get(d.id);
      if (old === hash) {
        result.unchanged++;
        continue;
      }
      if (old === undefined) result.added++;
      else {
        result.updated++;
        stmts.push({ sql: "DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_documents WHERE id = ?)", args: [d.id] });
      }
      const exact = `${d.title}\n${d.summary}\n${d.body}`.normalize("NFC").toLocaleLowerCase("vi");
      stmts.push({
        sql: `INSERT INTO search_documents (id, type, lang, title, url, summary, body, topic, audience, status, updated, exact_text, content_hash, meili_hash, indexed_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, strftime('%Y-%m-%dT%H:%M:%fZ','now'))
              ON CONFLICT (id) DO UPDATE SET type = excluded.type, lang = excluded.lang, title = excluded.title, url = excluded.url,
                summary = excluded.summary, body = excluded.body, topic = excluded.topic, audience = excluded.audience,
                status = excluded.status, updated = excluded.updated, exact_text = excluded.exact_text,
                content_hash = excluded.content_hash, meili_hash = NULL, indexed_at = excluded.indexed_at`,
        args: [
          d.id,
          d.type,
          d.lang,
          d.title,
          d.url,
          d.summary,
          d.body,
          d.topic ?? null,
          d.audience ? JSON.stringify(d.audience) : null,
          d.status ?? null,
          d.updated ?? null,
          exact,
          hash,
        ],
      });
      stmts.push({
        sql: "INSERT INTO search_fts (rowid, title, summary, body) SELECT rowid, ?, ?, ? FROM search_documents WHERE id = ?",
        args: [fold(d.title), fold(d.summary), fold(d.body), d.id],
      });
    }
    for (const id of have.keys()) {
      if (seen.has(id)) continue;
      result.removed++;
      stmts.push({ sql: "DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_documents WHERE id = ?)", args: [id] });
      stmts.push({ sql: "DELETE FROM search_documents WHERE id = ?", args: [id] });
    }
    if (stmts.length > 0) await this.#db.batch(stmts, "write");
    this.#pinnable.set(
      type,
      docs.filter((d) => d.keywords?.length),
    );
    if (stmts.length > 0 && this.#meili) {
      // The documents are searchable (through FTS) from here on; Meilisearch follows.
      if (opts.waitForEngine === false) void this.reconcile();
      else await this.reconcile();
    }
    return result;
  }

  /**
   * Brings Meilisearch in step with libSQL: settings, every document whose meili_hash differs,
   * deletion of documents libSQL no longer has. Returns whether Meilisearch is now in step.
   * Never throws: a Meilisearch that is down leaves the portal on the FTS engine.
   */
  reconcile(): Promise<boolean> {
    if (!this.#meili) return Promise.resolve(false);
    this.#reconciling ??= this.#doReconcile().finally(() => {
      this.#reconciling = null;
    });
    return this.#reconciling;
  }

  async #doReconcile(): Promise<boolean> {
    const meili = this.#meili as SearchClient;
    try {
      await this.#waitTask(await meili.request<{ taskUid: number }>("PATCH", `/indexes/${this.#index}/settings`, indexSettings()));
      // A Meilisearch that lost its data (new volume, new bundled instance) gets everything again.
      const stats = await meili.request<{ numberOfDocuments: number }>("GET", `/indexes/${this.#index}/stats`);
      const sent = await this.#db.execute("SELECT COUNT(*) AS n FROM search_documents WHERE meili_hash IS NOT NULL");
      if (stats.numberOfDocuments !== Number(sent.rows[0]?.n ?? 0)) {
        await this.#db.execute("UPDATE search_documents SET meili_hash = NULL");
        await this.#waitTask(await meili.request<{ taskUid: number }>("DELETE", `/indexes/${this.#index}/documents`));
      }
      for (;;) {
        const pending = await this.#db.execute(
          "SELECT id, type, lang, title, url, summary, body, topic, audience, status, updated, content_hash FROM search_documents WHERE meili_hash IS NOT content_hash LIMIT 1000",
        );
        if (pending.rows.length === 0) break;
        const docs = pending.rows.map((r) => ({
          pk: meiliKey(String(r.id)),
          ref: r.id,
          type: r.type,
          lang: r.lang,
          title: r.title,
          url: r.url,
          summary: r.summary,
          body: r.body,
          title_x: toTelex(String(r.title)),
          summary_x: toTelex(String(r.summary)),
          body_x: toTelex(String(r.body)),
          topic: r.topic,
          audience: r.audience ? JSON.parse(String(r.audience)) : null,
          status: r.status,
          updated: r.updated,
        }));
        await this.#waitTask(
          await meili.request<{ taskUid: number }>("POST", `/indexes/${this.#index}/documents?primaryKey=pk`, docs, 30_000),
        );
        await this.#db.batch(
          pending.rows.map((r) => ({
            sql: "UPDATE search_documents SET meili_hash = ? WHERE id = ?",
            args: [r.content_hash, r.id] as InArgs,
          })),
          "write",
        );
      }
      // Documents removed from libSQL while Meilisearch was away.
      const ours = new Set((await this.#db.execute("SELECT id FROM search_documents")).rows.map((r) => meiliKey(String(r.id))));
      const stale: string[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await meili.request<{ results: { pk: string }[] }>("POST", `/indexes/${this.#index}/documents/fetch`, {
          fields: ["pk"],
          offset,
          limit: 1000,
        });
        for (const d of page.results) if (!ours.has(d.pk)) stale.push(d.pk);
        if (page.results.length < 1000) break;
      }
      if (stale.length)
        await this.#waitTask(await meili.request<{ taskUid: number }>("POST", `/indexes/${this.#index}/documents/delete-batch`, stale));
      if (!this.#meiliReady) this.#log.info("search engine in step", { engine: "meilisearch" });
      this.#meiliReady = true;
      return true;
    } catch (err) {
      if (this.#meiliReady) this.#log.warn("search engine unavailable; answering from FTS", { error: (err as Error).message });
      this.#meiliReady = false;
      return false;
    }
  }

  async #waitTask(task: { taskUid: number }, timeoutMs = 60_000): Promise<void> {
    const meili = this.#meili as SearchClient;
    const deadline = Date.now() + timeoutMs;
    for (let delay = 10; Date.now() < deadline; delay = Math.min(delay * 2, 250)) {
      const t = await meili.request<{ status: string; error?: { message: string } }>("GET", `/tasks/${task.taskUid}`);
      if (t.status === "succeeded") return;
      if (t.status === "failed" || t.status === "canceled")
        throw new Error(`Meilisearch task ${task.taskUid} ${t.status}: ${t.error?.message ?? ""}`);
      await new Promise((r) => setTimeout(r, delay));
    }
    throw new Error(`Meilisearch task ${task.taskUid} did not finish within ${timeoutMs} ms`);
  }

  /**
   * Every `intervalMs`: re-checks a Meilisearch that is down, and sends documents another
   * process (the CLI) wrote to libSQL, so they are searchable here within seconds.
   */
  startBackgroundReconcile(intervalMs = 3000): void {
    this.#timer = setInterval(async () => {
      if (!this.#meili || this.#reconciling) return;
      if (!this.#meiliReady) return void this.reconcile();
      const pending = await this.#db
        .execute("SELECT 1 FROM search_documents WHERE meili_hash IS NOT content_hash LIMIT 1")
        .catch(() => null);
      if (pending?.rows.length) void this.reconcile();
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async search(params: SearchParams): Promise<SearchResult> {
    const q = params.q.trim();
    if (q && foldedTokens(q).length === 0) {
      // Only punctuation: nothing can match (and it must not turn into "show everything").
      return {
        engine: this.#meiliReady ? "meilisearch" : "fts",
        query: q,
        hits: [],
        total: 0,
        page: params.page,
        pageSize: params.pageSize,
        facets: emptyFacets(),
      };
    }
    // Best bets first, then the engine's ranking without them: the pinned documents take the top
    // places of the list, and every page below is the engine's list shifted by their number.
    const pins = bestBets(
      q,
      [...this.#pinnable.values()].flat().filter((d) => passesFilters(d, params)),
    );
    const start = (params.page - 1) * params.pageSize;
    const shown = pins.slice(start, start + params.pageSize);
    const window: Window = {
      offset: Math.max(0, start - pins.length),
      limit: params.pageSize - shown.length,
      // Documents with best-bet keywords (the tools) come only as best bets unless the search asks
      // for their type: a tool's short page would otherwise outrank the articles on a topic word
      // ("ma doc" → the English file check, through the mã độc ↔ malware synonym), while a query
      // that names the tool pins it.
      exclude: params.type ? pins.map((d) => d.id) : [...this.#pinnable.values()].flat().map((d) => d.id),
    };
    let result: SearchResult | undefined;
    if (this.#meili && this.#meiliReady) {
      try {
        result = await this.#searchMeili(params, window);
      } catch (err) {
        this.#meiliReady = false;
        this.#log.warn("search engine unavailable; answering from FTS", { error: (err as Error).message });
      }
    }
    result ??= await this.#searchFts(params, window);
    if (pins.length === 0) return result;
    for (const d of pins) {
      for (const f of ["type", "lang", "topic", "status"] as const) {
        const v = d[f];
        if (v) result.facets[f][v] = (result.facets[f][v] ?? 0) + 1;
      }
      for (const a of d.audience ?? []) result.facets.audience[a] = (result.facets.audience[a] ?? 0) + 1;
    }
    return {
      ...result,
      hits: [...shown.map((d) => this.#hit({ ...d }, d.id, q)), ...result.hits],
      total: result.total + pins.length,
    };
  }

  async #searchMeili(p: SearchParams, w: Window): Promise<SearchResult> {
    const meili = this.#meili as SearchClient;
    const filter = (["type", "lang", "topic", "audience", "status"] as const).flatMap((f) =>
      p[f] ? [`${f} = ${JSON.stringify(p[f])}`] : [],
    );
    if (w.exclude.length) filter.push(`ref NOT IN [${w.exclude.map((id) => JSON.stringify(id)).join(", ")}]`);
    const { offset, limit } = w;
    const q = p.q.trim();
    // The body is long: Meilisearch crops it around the match and only the crop travels back.
    const base = {
      filter,
      attributesToSearchOn: ["title", "summary", "body"],
      attributesToRetrieve: ["ref", "type", "lang", "title", "url", "summary", "topic", "updated"],
      attributesToCrop: ["body:40"],
      cropMarker: "…",
    };
    let res: { hits: Row[]; estimatedTotalHits?: number; totalHits?: number; facetDistribution?: Record<string, Record<string, number>> };
    if (q && hasDiacritics(q)) {
      // Accents typed: the same query on the accent-preserving Telex fields, weighted up, merged
      // with the ordinary (accent-folding) query, so exact-accent matches come first.
      res = await meili.request("POST", "/multi-search", {
        federation: { offset, limit, facetsByIndex: { [this.#index]: [...FACETS] }, mergeFacets: {} },
        queries: [
          {
            indexUid: this.#index,
            q: toTelex(q),
            ...base,
            attributesToSearchOn: ["title_x", "summary_x", "body_x"],
            federationOptions: { weight: 2 },
          },
          { indexUid: this.#index, q, ...base, federationOptions: { weight: 1 } },
        ],
      });
    } else {
      res = await meili.request("POST", `/indexes/${this.#index}/search`, {
        q,
        ...base,
        offset,
        limit,
        facets: [...FACETS],
        ...(q ? {} : { sort: ["updated:desc"] }),
      });
    }
    const facets = emptyFacets();
    for (const f of FACETS) Object.assign(facets[f], res.facetDistribution?.[f] ?? {});
    return {
      engine: "meilisearch",
      query: q,
      hits: res.hits.map((h) => this.#hit({ ...h, body: (h._formatted as Row | undefined)?.body ?? "" }, String(h.ref), q)),
      total: res.totalHits ?? res.estimatedTotalHits ?? res.hits.length,
      page: p.page,
      pageSize: p.pageSize,
      facets,
    };
  }

  #hit(r: Row, id: string, q: string): SearchHit {
    const summary = String(r.summary ?? "");
    const body = String(r.body ?? "");
    // The summary reads best; the body only when the match is there and not in the summary.
    let excerpt = highlightExcerpt(summary, q);
    if (q && !excerpt.includes("<mark>")) {
      const inBody = highlightExcerpt(body, q);
      if (inBody.includes("<mark>")) excerpt = inBody;
    }
    const hit: SearchHit = {
      id,
      type: String(r.type),
      lang: r.lang === "en" ? "en" : "vi",
      title: String(r.title),
      url: String(r.url),
      excerpt,
    };
    if (r.topic) hit.topic = String(r.topic);
    if (r.updated) hit.updated = String(r.updated);
    return hit;
  }

  async #searchFts(p: SearchParams, w: Window): Promise<SearchResult> {
    const q = p.q.trim();
    const tokens = foldedTokens(q).slice(0, 12);
    const where: string[] = [];
    const args: (string | number)[] = [];
    let from = "search_documents d";
    let order = "d.updated DESC, d.title";
    let rank = "0";
    const rankArgs: (string | number)[] = [];
    if (tokens.length) {
      from = "search_fts JOIN search_documents d ON d.rowid = search_fts.rowid";
      // Every word must occur; the last one may be a prefix (the user may still be typing).
      where.push("search_fts MATCH ?");
      args.push(ftsQuery(tokens));
      if (hasDiacritics(q)) {
        rank = "instr(d.exact_text, ?) > 0";
        rankArgs.push(q.normalize("NFC").toLocaleLowerCase("vi"));
      }
      order = "exact DESC, bm25(search_fts, 10.0, 4.0, 1.0)";
    }
    for (const f of ["type", "lang", "topic", "status"] as const) {
      if (p[f]) {
        where.push(`d.${f} = ?`);
        args.push(p[f] as string);
      }
    }
    if (p.audience) {
      where.push("EXISTS (SELECT 1 FROM json_each(d.audience) WHERE value = ?)");
      args.push(p.audience);
    }
    if (w.exclude.length) {
      where.push(`d.id NOT IN (${w.exclude.map(() => "?").join(", ")})`);
      args.push(...w.exclude);
    }
    const whereSql = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const rows = await this.#db.execute({
      sql: `SELECT d.id, d.type, d.lang, d.title, d.url, d.summary, d.body, d.topic, d.updated, ${rank} AS exact
            FROM ${from} ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`,
      args: [...rankArgs, ...args, w.limit, w.offset],
    });
    // Total and facet counts in one pass over the matching rows (one query, not one per facet).
    const all = await this.#db.execute({ sql: `SELECT d.type, d.lang, d.topic, d.status, d.audience FROM ${from} ${whereSql}`, args });
    const facets = emptyFacets();
    const bump = (f: Facet, v: unknown) => {
      if (v === null || v === undefined) return;
      facets[f][String(v)] = (facets[f][String(v)] ?? 0) + 1;
    };
    for (const r of all.rows) {
      bump("type", r.type);
      bump("lang", r.lang);
      bump("topic", r.topic);
      bump("status", r.status);
      if (r.audience) for (const a of JSON.parse(String(r.audience)) as string[]) bump("audience", a);
    }
    return {
      engine: "fts",
      query: q,
      hits: rows.rows.map((r) => this.#hit(r, String(r.id), q)),
      total: all.rows.length,
      page: p.page,
      pageSize: p.pageSize,
      facets,
    };
  }
}
