import type { APIRoute } from "astro";
import { contentSearchDocuments, warnMissingTranslations } from "../features/content/index.ts";

// Built once with the site; the API server indexes it (apps/api/src/features/content/index.ts).
export const GET: APIRoute = async () => {
  for (const w of await warnMissingTranslations()) console.warn(`[content] ${w}`);
  return new Response(JSON.stringify(await contentSearchDocuments()), { headers: { "content-type": "application/json" } });
};
