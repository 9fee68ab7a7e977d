// Content-Security-Policy violation reports: owns POST /csp-reports and the csp_reports table.
// Keeps only aggregates (directive, blocked origin, page path); never a query string or full URL.
// Anyone can post here, so the table is bounded three ways: only the directive names CSP defines
// are taken, at most CSP_REPORTS_MAX_ROWS distinct rows exist (past that, a new kind is counted in
// one "(over cap)" row of its directive), and rows unseen for CSP_REPORT_RETENTION_DAYS are pruned.
// The rate limit per address is LIMIT_CSP_REPORTS_PER_MINUTE (http/guards/limits.ts), one unit a report.
import { type RouteConfig, z } from "@hono/zod-openapi";
import type { Client } from "@portal/db";
import { bodyLimit } from "hono/body-limit";
import type { Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { chargeItems } from "../../http/guards/limits.ts";
import { errorResponse, router } from "../../http/router.ts";
import type { Feature } from "../types.ts";

/** CSP Level 2 `report-uri` body. */
const LegacyReport = z.object({
  "csp-report": z.object({
    "document-uri": z.string().max(4096).optional(),
    "violated-directive": z.string().max(200).optional(),
    "effective-directive": z.string().max(200).optional(),
    "blocked-uri": z.string().max(4096).optional(),
  }),
});
/** Reporting API (`report-to`) body: an array of reports, of which we keep csp-violation ones. */
const ReportingApiReports = z
  .array(
    z.object({
      type: z.string().max(100),
      body: z
        .object({
          documentURL: z.string().max(4096).optional(),
          effectiveDirective: z.string().max(200).optional(),
          blockedURL: z.string().max(4096).optional(),
        })
        .optional(),
    }),
  )
  .max(100);

// Documented in the OpenAPI registry but not validated by it: @hono/zod-openapi would try every
// JSON-like content type against one schema, and browsers send application/csp-report.
const route: RouteConfig = {
  method: "post",
  path: "/csp-reports",
  tags: ["Service"],
  summary: "Receive Content-Security-Policy violation reports",
  description:
    "Browsers post here when the site's CSP blocks something. Only the directive, the blocked origin and the page path are kept, aggregated with a count; query strings and full URLs are dropped. A report whose directive is not one CSP Level 3 defines is refused (400); the number of distinct rows is capped and old rows are pruned. A Reporting API batch counts one unit of the rate limit per report.",
  request: {
    body: {
      required: true,
      content: {
        "application/csp-report": { schema: LegacyReport },
        "application/reports+json": { schema: ReportingApiReports },
        "application/json": { schema: z.union([LegacyReport, ReportingApiReports]) },
      },
    },
  },
  responses: {
    204: { description: "Recorded" },
    400: errorResponse("The body is not JSON or not a CSP report, or names a directive CSP does not define"),
    413: errorResponse("The body is larger than 16 kB"),
    415: errorResponse("The content type is not one of those listed"),
  },
};

const ACCEPTED = ["application/csp-report", "application/reports+json", "application/json"];

/**
 * The directive names of CSP Level 3 (§ 6, and the fetch directives of § 6.1) and of the specs
 * that extend it (Trusted Types, Fenced Frames), which a browser may report as violated.
 */
export const KNOWN_DIRECTIVES: ReadonlySet<string> = new Set([
  "child-src",
  "connect-src",
  "default-src",
  "fenced-frame-src",
  "font-src",
  "frame-src",
  "img-src",
  "manifest-src",
  "media-src",
  "object-src",
  "prefetch-src",
  "script-src",
  "script-src-elem",
  "script-src-attr",
  "style-src",
  "style-src-elem",
  "style-src-attr",
  "worker-src",
  "webrtc",
  "base-uri",
  "sandbox",
  "form-action",
  "frame-ancestors",
  "navigate-to",
  "require-trusted-types-for",
  "trusted-types",
  "upgrade-insecure-requests",
  "block-all-mixed-content",
]);

/**
 * What a browser reports as blockedURL for what has no URL (CSP3 § 5.3 "violation's resource"), and
 * the bare schemes CSP Level 2 browsers report for data:, blob: … resources.
 */
const BLOCKED_KEYWORDS = new Set([
  "inline",
  "eval",
  "wasm-eval",
  "trusted-types-policy",
  "trusted-types-sink",
  "self",
  "data",
  "blob",
  "filesystem",
  "mediastream",
]);

/** The row past the cap: one per directive, whatever was blocked where. */
export const OVER_CAP = "(over cap)";

interface Violation {
  directive: string;
  blocked: string;
  page: string;
}

/** Keeps only the origin (or CSP keyword such as "inline") of what was blocked. */
function reduceBlocked(raw: string | undefined): string {
  if (!raw) return "unknown";
  try {
    const u = new URL(raw);
    return u.protocol === "http:" || u.protocol === "https:" ? u.origin : u.protocol.replace(/:$/, "").slice(0, 20);
  } catch {
    // Anything else a client makes up would be a new row each time: one word for all of it.
    return BLOCKED_KEYWORDS.has(raw) ? raw : "other";
  }
}

function reducePage(raw: string | undefined): string {
  if (!raw) return "unknown";
  try {
    return new URL(raw).pathname.slice(0, 200);
  } catch {
    return "unknown";
  }
}

function directiveOf(raw: string | undefined): string {
  const d = (raw ?? "").trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  if (!KNOWN_DIRECTIVES.has(d)) {
    throw new ApiError(400, "invalid_request", "The report names a directive that Content Security Policy does not define.", {
      issues: [{ path: "effective-directive", message: "not a CSP directive" }],
    });
  }
  return d;
}

export function parseViolations(body: unknown): Violation[] {
  const legacy = LegacyReport.safeParse(body);
  if (legacy.success) {
    const r = legacy.data["csp-report"];
    return [
      {
        directive: directiveOf(r["effective-directive"] ?? r["violated-directive"]),
        blocked: reduceBlocked(r["blocked-uri"]),
        page: reducePage(r["document-uri"]),
      },
    ];
  }
  const modern = ReportingApiReports.safeParse(body);
  if (modern.success) {
    return modern.data
      .filter((r) => r.type === "csp-violation" && r.body)
      .map((r) => ({
        directive: directiveOf(r.body?.effectiveDirective),
        blocked: reduceBlocked(r.body?.blockedURL),
        page: reducePage(r.body?.documentURL),
      }));
  }
  throw new ApiError(400, "invalid_request", "The body is not a Content-Security-Policy report.", z.treeifyError(legacy.error));
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

/**
 * Counts each violation in its row. A repeat adds to its row's count; a new kind gets a row while
 * there are fewer than `maxRows`, else it is counted in its directive's "(over cap)" row. Each
 * violation is three statements in one transaction (the batch): count a repeat, else insert under
 * the cap, else count past the cap — so two processes cannot both take the last free row.
 */
export async function recordViolations(client: Client, violations: Violation[], maxRows: number): Promise<void> {
  if (violations.length === 0) return;
  await client.batch(
    violations.flatMap((v) => [
      {
        sql: `UPDATE csp_reports SET count = count + 1, last_seen = ${NOW} WHERE directive = ? AND blocked = ? AND page = ?`,
        args: [v.directive, v.blocked, v.page],
      },
      {
        sql: `INSERT INTO csp_reports (directive, blocked, page) SELECT ?, ?, ?
              WHERE changes() = 0 AND (SELECT count(*) FROM csp_reports) < ?`,
        args: [v.directive, v.blocked, v.page, maxRows],
      },
      {
        sql: `INSERT INTO csp_reports (directive, blocked, page) SELECT ?1, ?2, ?2
              WHERE NOT EXISTS (SELECT 1 FROM csp_reports WHERE directive = ?1 AND blocked = ?3 AND page = ?4)
              ON CONFLICT (directive, blocked, page) DO UPDATE SET count = count + 1, last_seen = ${NOW}`,
        args: [v.directive, OVER_CAP, v.blocked, v.page],
      },
    ]),
    "write",
  );
}

/** Deletes the rows last seen more than `days` days before `now`; returns how many. */
export async function pruneViolations(client: Client, days: number, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000).toISOString();
  const res = await client.execute({ sql: "DELETE FROM csp_reports WHERE last_seen < ?", args: [before] });
  return res.rowsAffected;
}

export function cspReportRoutes(deps: Deps) {
  const app = router();
  app.use(
    "/csp-reports",
    bodyLimit({
      maxSize: 16 * 1024,
      onError: () => {
        throw new ApiError(413, "payload_too_large", "A CSP report may be at most 16 kB.");
      },
    }),
  );
  // The body is read by hand: browsers send these as application/csp-report, which the JSON
  // validator would not touch, and every accepted type must fail the same way when malformed.
  app.openAPIRegistry.registerPath(route);
  app.post(route.path, async (c) => {
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!ACCEPTED.includes(type)) {
      throw new ApiError(415, "unsupported_media_type", `Send the report as one of: ${ACCEPTED.join(", ")}.`);
    }
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw new ApiError(400, "malformed_json", "The request body is not valid JSON.");
    }
    const violations = parseViolations(body);
    chargeItems(c, violations.length);
    await recordViolations(deps.db.client, violations, deps.env.CSP_REPORTS_MAX_ROWS);
    return c.body(null, 204);
  });
  return app;
}

/** How often old rows are pruned while the server runs (and once at start). */
const PRUNE_MS = 60 * 60_000;

export const cspReportsFeature: Feature = {
  name: "csp-reports",
  routes: { at: "/", build: cspReportRoutes },
  start(deps) {
    const prune = () =>
      pruneViolations(deps.db.client, deps.env.CSP_REPORT_RETENTION_DAYS)
        .then((n) => n > 0 && deps.log.info("csp reports pruned", { rows: n }))
        .catch((err) => deps.log.warn("csp report pruning failed", { err }));
    void prune();
    const timer = setInterval(prune, PRUNE_MS);
    timer.unref();
    return () => clearInterval(timer);
  },
};
