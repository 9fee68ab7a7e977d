// Content-Security-Policy violation reports: owns POST /csp-reports and the csp_reports table.
// Keeps only aggregates (directive, blocked origin, page path); never a query string or full URL.
import { type RouteConfig, z } from "@hono/zod-openapi";
import type { Client } from "@portal/db";
import { bodyLimit } from "hono/body-limit";
import type { Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
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
    "Browsers post here when the site's CSP blocks something. Only the directive, the blocked origin and the page path are kept, aggregated with a count; query strings and full URLs are dropped.",
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
    400: errorResponse("The body is not JSON or not a CSP report"),
    413: errorResponse("The body is larger than 16 kB"),
    415: errorResponse("The content type is not one of those listed"),
  },
};

const ACCEPTED = ["application/csp-report", "application/reports+json", "application/json"];

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
    return u.protocol === "http:" || u.protocol === "https:" ? u.origin : u.protocol.replace(/:$/, "");
  } catch {
    return raw.slice(0, 40);
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

export function parseViolations(body: unknown): Violation[] {
  const legacy = LegacyReport.safeParse(body);
  if (legacy.success) {
    const r = legacy.data["csp-report"];
    return [
      {
        directive: (r["effective-directive"] ?? r["violated-directive"] ?? "unknown").split(" ")[0] ?? "unknown",
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
        directive: r.body?.effectiveDirective ?? "unknown",
        blocked: reduceBlocked(r.body?.blockedURL),
        page: reducePage(r.body?.documentURL),
      }));
  }
  throw new ApiError(400, "invalid_request", "The body is not a Content-Security-Policy report.", z.treeifyError(legacy.error));
}

export async function recordViolations(client: Client, violations: Violation[]): Promise<void> {
  if (violations.length === 0) return;
  await client.batch(
    violations.map((v) => ({
      sql: `INSERT INTO csp_reports (directive, blocked, page) VALUES (?, ?, ?)
            ON CONFLICT (directive, blocked, page)
            DO UPDATE SET count = count + 1, last_seen = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
      args: [v.directive, v.blocked, v.page],
    })),
    "write",
  );
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
    await recordViolations(deps.db.client, parseViolations(body));
    return c.body(null, 204);
  });
  return app;
}

export const cspReportsFeature: Feature = {
  name: "csp-reports",
  routes: { at: "/", build: cspReportRoutes },
};
