// Site search as it crosses HTTP (GET /search) and Astro.locals (the search page).
import { z } from "zod";
import { LangSchema } from "./lang.ts";
import { AUDIENCES } from "./rules.ts";

const facetValue = z.string().regex(/^[a-z0-9-]{1,40}$/, "lower-case letters, digits and hyphens only");

export const SearchQuery = z.object({
  q: z
    .string()
    .max(200, "at most 200 characters")
    .default("")
    .meta({ example: "ma doc", description: "Words to find; accents optional. Empty lists everything (newest first)." }),
  type: facetValue.optional().meta({ example: "guidance", description: "guidance, legal, breach, alert, …" }),
  lang: LangSchema.optional(),
  topic: facetValue.optional(),
  audience: z.enum(AUDIENCES).optional(),
  status: facetValue.optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});
/** What the search service is asked (the query after defaults). */
export type SearchParams = z.output<typeof SearchQuery>;

export const SearchHitSchema = z.object({
  id: z.string(),
  type: z.string(),
  lang: LangSchema,
  title: z.string(),
  url: z.string(),
  excerpt: z.string().meta({ description: "HTML-escaped text; the matching words are wrapped in <mark>." }),
  topic: z.string().optional(),
  updated: z.string().optional(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResultSchema = z
  .object({
    engine: z
      .enum(["meilisearch", "fts"])
      .meta({ description: "fts: Meilisearch is unavailable and the answer comes from the libSQL full-text fallback." }),
    query: z.string(),
    hits: z.array(SearchHitSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    facets: z.record(z.string(), z.record(z.string(), z.number().int())),
  })
  .meta({ id: "SearchResults" });
export type SearchResult = z.infer<typeof SearchResultSchema>;
