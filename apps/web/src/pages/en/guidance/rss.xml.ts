import type { APIRoute } from "astro";
import { guidanceRss } from "../../../features/content/index.ts";

export const GET: APIRoute = async ({ site }) =>
  new Response(await guidanceRss("en", site?.href ?? "http://127.0.0.1:8080/"), { headers: { "content-type": "application/rss+xml" } });
