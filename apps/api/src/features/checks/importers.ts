// `npm run portal -- import <format> <file>` for the threat feeds (links and file hashes).
import { userInfo } from "node:os";
import { FEED_FORMATS, type FeedFormat, formatSummary, importFeed, removeSource } from "@portal/threat-intel";
import type { Importer } from "../types.ts";

const COMMON = "[--expires-days N] [--replace] [--added-by WHO] | --remove --source NAME";

function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

const text = (v: string | true | undefined) => (typeof v === "string" ? v : undefined);

function feedImporter(format: FeedFormat): Importer {
  const { description } = FEED_FORMATS[format];
  return {
    description,
    usage:
      format === "list"
        ? `--source NAME [--verdict malicious|phishing|suspicious|trusted|known_good] [--threat LABEL] [--category C] ${COMMON}`
        : COMMON,
    async run({ deps, path, options, progress }) {
      const source = text(options.source) ?? FEED_FORMATS[format].source;
      if (options.remove) {
        if (!source) throw new Error("Name the source whose entries to remove: --remove --source NAME.");
        // Readers stop seeing the source at once; its rows are deleted afterwards in short statements.
        const r = await removeSource(deps.db.client, source);
        const counts = { removed: r.urlEntries + r.domains + r.hashes };
        return {
          source,
          counts,
          summary: `Removed from source "${source}": ${r.urlEntries} link entries, ${r.domains} domains, ${r.hashes} file hashes. A running portal picks the change up within a few seconds.`,
        };
      }
      const days = text(options["expires-days"]);
      if (days !== undefined && !/^\d+$/.test(days)) throw new Error(`--expires-days must be a whole number of days (got "${days}").`);
      const bar = progress(`${format} → ${source || "?"}`);
      // All or nothing, in short transactions (importFeed, generations.ts): a failed or killed
      // import leaves the source as it was, a running server sees the whole import at once, and
      // the server's own writes never wait for more than a statement of it.
      const summary = await importFeed(deps.db.client, format, path, {
        source: text(options.source),
        addedBy: text(options["added-by"]) ?? `cli:${operator()}`,
        verdict: text(options.verdict),
        threat: text(options.threat),
        category: text(options.category),
        expiresDays: days === undefined ? undefined : Number(days),
        replace: options.replace === true,
        onProgress: (n) => bar.set(n),
      });
      bar.done();
      const read = (summary.urls?.received ?? 0) + (summary.hashes?.received ?? 0);
      const stored = (summary.urls?.stored ?? 0) + (summary.hashes?.stored ?? 0);
      const counts = {
        read,
        stored,
        new: (summary.urls?.new ?? 0) + (summary.hashes?.new ?? 0),
        rejected: (summary.urls?.rejectedCount ?? 0) + (summary.hashes?.rejectedCount ?? 0),
        domains: Object.values(summary.domains).reduce((a, b) => a + b, 0),
        removed: summary.retired,
      };
      return { source: summary.source, counts, summary: formatSummary(summary) };
    },
  };
}

/** One importer per feed format, by the names the CLI takes. */
export const threatIntelImporters: Record<FeedFormat, Importer> = Object.fromEntries(
  (Object.keys(FEED_FORMATS) as FeedFormat[]).map((f) => [f, feedImporter(f)]),
) as Record<FeedFormat, Importer>;
