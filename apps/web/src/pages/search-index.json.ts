import type { APIRoute } from "astro";
import { contentSearchDocuments, warnMissingTranslations } from "../lib/content.ts";

// Built once with the site; the API server indexes it (apps/api/src/search-sources.ts).
export const GET: APIRoute = async () => {
  for (const w of await warnMissingTranslations()) console.warn(`[content] ${w}`);
  return new Response(JSON.stringify(await contentSearchDocuments()), { headers: { "content-type": "application/json" } });
};
