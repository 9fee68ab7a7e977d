import type { APIRoute } from "astro";
import { statsCsvResponse } from "../../features/reports/index.ts";

// The statistics as CSV, from the live numbers (both languages' pages link here).
export const prerender = false;
export const GET: APIRoute = (ctx) => statsCsvResponse(ctx);
