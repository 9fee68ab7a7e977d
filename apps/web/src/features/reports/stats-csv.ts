// The statistics as a CSV download (/thong-ke/du-lieu.csv): the same GET /api/v1/stats the page
// draws, in one long table (stats-model.ts statsCsv), "< 5" kept as published.
import { paths, type Stats } from "@portal/contracts";
import type { APIContext } from "astro";
import { statsCsv } from "./stats-model.ts";

export async function statsCsvResponse(ctx: APIContext): Promise<Response> {
  const portal = ctx.locals.portal;
  if (!portal)
    return new Response("The statistics are not available.\n", { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
  let address: string | undefined;
  try {
    address = ctx.clientAddress;
  } catch {
    address = undefined;
  }
  const res = await portal.api(ctx.request, address, { method: "GET", path: paths.api.stats });
  if (!res.ok)
    return new Response("The statistics are not available.\n", { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
  const stats = (await res.json()) as Stats;
  // UTF-8 with a byte-order mark, so that a spreadsheet opens it with the right characters.
  return new Response(`\uFEFF${statsCsv(stats)}`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="thong-ke.csv"',
      "cache-control": "public, max-age=300",
    },
  });
}
