import type { APIRoute } from "astro";
import { sitemap } from "../features/content/index.ts";

// Absolute URLs need the public address: SITE_URL at build time (see astro.config.mjs).
export const GET: APIRoute = async ({ site }) =>
  new Response(await sitemap(site?.href ?? "http://127.0.0.1:8080/"), { headers: { "content-type": "application/xml" } });
