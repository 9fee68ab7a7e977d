// The analysts' console: the queue, a case in full, the workflow, evidence downloads, protecting
// others from what a report names, and the CSV export. Analysts and administrators; the
// reporters' contact details only for administrators. Every action is audited (@portal/reports).
import { createRoute } from "@hono/zod-openapi";
import {
  AssignRequest,
  NoteRequest,
  ProtectRequest,
  ReportDetailSchema,
  ReportListResponse,
  ReportQuery,
  StatusChangeRequest,
} from "@portal/contracts";
import {
  addReportNote,
  assignReport,
  changeReportStatus,
  exportReportsCsv,
  getReportDetail,
  listReports,
  openEvidence,
  protectFromReport,
  unprotectReport,
} from "@portal/reports";
import { stream } from "hono/streaming";
import type { Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { requireRole, staffOf } from "../../http/guards/session.ts";
import { errorResponse, router, z } from "../../http/router.ts";
import { sendBody, sendJson } from "../../http/send.ts";
import { auditContext, cookieAuth } from "../staff/common.ts";

const TAG = "staff";
const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not a report id");
const IdParam = z.object({ id: Id.meta({ param: { name: "id", in: "path" } }) });
const Ok = z.object({ ok: z.literal(true) });

/** The failures every route here shares. */
const ERRORS = {
  400: errorResponse("A field is not valid, or the change is not allowed from this state"),
  401: errorResponse("unauthenticated"),
  403: errorResponse("forbidden (analysts and administrators only) or cross_site_request"),
  404: errorResponse("No such report"),
};
const done = { 200: { content: { "application/json": { schema: Ok } }, description: "Done" }, ...ERRORS };
const base = { tags: [TAG], security: cookieAuth };

const listRoute = createRoute({
  ...base,
  method: "get",
  path: "/staff/reports",
  summary: "The queue, with filters, sorting and pages",
  request: { query: ReportQuery },
  responses: { 200: { content: { "application/json": { schema: ReportListResponse } }, description: "A page of reports" }, ...ERRORS },
});
const CsvQuery = ReportQuery.extend({ contact: z.enum(["0", "1"]).optional() });
const csvRoute = createRoute({
  ...base,
  method: "get",
  path: "/staff/reports.csv",
  summary: "The filtered queue as CSV (contact details with contact=1, administrators only)",
  request: { query: CsvQuery },
  responses: { 200: { content: { "text/csv": { schema: z.string() } }, description: "RFC 4180 CSV, UTF-8 with BOM" }, ...ERRORS },
});
const detailRoute = createRoute({
  ...base,
  method: "get",
  path: "/staff/reports/{id}",
  summary: "One report in full: answers, evidence, history, notes, related reports, protections",
  request: { params: IdParam },
  responses: { 200: { content: { "application/json": { schema: ReportDetailSchema } }, description: "The report" }, ...ERRORS },
});
const statusRoute = createRoute({
  ...base,
  method: "post",
  path: "/staff/reports/{id}/status",
  summary: "Change the status with a public note (the reporter sees it)",
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: StatusChangeRequest } } } },
  responses: done,
});
const noteRoute = createRoute({
  ...base,
  method: "post",
  path: "/staff/reports/{id}/notes",
  summary: "Add a note (public, private or both)",
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: NoteRequest } } } },
  responses: done,
});
const assignRoute = createRoute({
  ...base,
  method: "post",
  path: "/staff/reports/{id}/assign",
  summary: "Give the report to an analyst (null takes it back)",
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: AssignRequest } } } },
  responses: done,
});
const protectRoute = createRoute({
  ...base,
  method: "post",
  path: "/staff/reports/{id}/protect",
  summary: "Protect others: block the report's link, or confirm its phone number or bank account",
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: ProtectRequest } } } },
  responses: done,
});
const unprotectRoute = createRoute({
  ...base,
  method: "delete",
  path: "/staff/reports/{id}/protect",
  summary: "Undo a protection (with a body: that one; without: all of the report's)",
  request: { params: IdParam },
  responses: done,
});
const evidenceRoute = createRoute({
  ...base,
  method: "get",
  path: "/staff/reports/{id}/evidence/{fileId}",
  summary: "Download one evidence file (always as an attachment)",
  request: { params: IdParam.extend({ fileId: Id.meta({ param: { name: "fileId", in: "path" } }) }) },
  responses: { 200: { content: { "application/octet-stream": { schema: z.string() } }, description: "The file" }, ...ERRORS },
});

const STATUS_REASONS: Record<string, string> = {
  invalid_transition: "The report cannot go to that status from where it is.",
  invalid_note: "Write a note for the reporter (it is required with a change of status).",
  forwarded_to_required: "Say which body the report is forwarded to.",
  forwarded_to_refused: "Only a forwarded report names the body it went to.",
  invalid_assignee: "That person cannot take reports (an analyst or administrator whose account is active).",
  category_not_protectable: "Only scam, phishing and malware reports can put entries on the block lists.",
  invalid_value: "That is not a link, phone number or account number this report names.",
  trusted_domain: "That link is on a verified site; it cannot be blocked from a report.",
};
const refused = (reason: string): never => {
  if (reason === "not_found") throw new ApiError(404, "not_found", "No report has this id.");
  throw new ApiError(400, "invalid_request", STATUS_REASONS[reason] ?? reason, { reason });
};

export function staffReportRoutes(deps: Deps) {
  const app = router();
  const client = deps.db.client;
  const analysts = requireRole("analyst", "admin");
  app.use("/staff/reports", analysts);
  app.use("/staff/reports.csv", analysts);
  app.use("/staff/reports/*", analysts);

  app.openapi(listRoute, async (c) => sendJson(c, await listReports(client, c.req.valid("query"))));

  app.openapi(csvRoute, async (c) => {
    const { contact, ...filter } = c.req.valid("query");
    const admin = staffOf(c).user.role === "admin";
    if (contact === "1" && !admin) throw new ApiError(403, "forbidden", "Only administrators may export the reporters' contact details.");
    const { csv } = await exportReportsCsv(client, filter, { includeContact: contact === "1", actor: auditContext(c, deps), bom: true });
    return sendBody(c, csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="reports.csv"',
    }) as never;
  });

  app.openapi(detailRoute, async (c) => {
    const detail = await getReportDetail(client, c.req.valid("param").id, { includeContact: staffOf(c).user.role === "admin" });
    if (!detail) return refused("not_found");
    return sendJson(c, detail);
  });

  app.openapi(statusRoute, async (c) => {
    const r = await changeReportStatus(client, c.req.valid("param").id, c.req.valid("json"), auditContext(c, deps));
    if (!r.ok) refused(r.reason);
    return sendJson(c, { ok: true as const });
  });

  app.openapi(noteRoute, async (c) => {
    const r = await addReportNote(client, c.req.valid("param").id, c.req.valid("json"), auditContext(c, deps));
    if (!r.ok) refused(r.reason);
    return sendJson(c, { ok: true as const });
  });

  app.openapi(assignRoute, async (c) => {
    const r = await assignReport(client, c.req.valid("param").id, c.req.valid("json").assigneeId, auditContext(c, deps));
    if (!r.ok) refused(r.reason);
    return sendJson(c, { ok: true as const });
  });

  app.openapi(protectRoute, async (c) => {
    const r = await protectFromReport(client, c.req.valid("param").id, c.req.valid("json"), auditContext(c, deps));
    if (!r.ok) refused(r.reason);
    // The link check answers from the new list at once, not at its next poll.
    await deps.urlIndex.refresh();
    return sendJson(c, { ok: true as const });
  });

  app.openapi(unprotectRoute, async (c) => {
    const text = await c.req.text();
    let input: z.infer<typeof ProtectRequest> | undefined;
    if (text.trim() !== "") {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new ApiError(400, "malformed_json", "The request body is not valid JSON.");
      }
      const parsed = ProtectRequest.safeParse(json);
      if (!parsed.success) throw new ApiError(400, "invalid_request", "The body names what to unprotect: {kind, value, bank?}.");
      input = parsed.data;
    }
    const r = await unprotectReport(client, c.req.valid("param").id, input, auditContext(c, deps));
    if (!r.ok) refused(r.reason);
    await deps.urlIndex.refresh();
    return sendJson(c, { ok: true as const });
  });

  app.openapi(evidenceRoute, async (c) => {
    const { id, fileId } = c.req.valid("param");
    const file = await openEvidence(client, deps.evidence, id, fileId, auditContext(c, deps));
    if (!file) throw new ApiError(404, "not_found", "No such evidence file for this report.");
    // Never rendered by the browser: an attachment, no sniffing, and a sandbox should it be opened.
    c.header("content-type", "application/octet-stream");
    c.header("content-length", String(file.size));
    c.header("content-disposition", `attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    c.header("content-security-policy", "sandbox; default-src 'none'");
    c.header("x-content-type-options", "nosniff");
    c.header("x-evidence-sha256", file.sha256);
    return stream(c, async (out) => {
      for await (const chunk of file.stream) await out.write(chunk as Uint8Array);
    }) as never;
  });

  return app;
}
