// The citizens' side: sending a report (with evidence), following it by code and key, checking a
// phone number or bank account against the analysts' confirmed list, and the public statistics.
import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import {
  EVIDENCE_MAX_FILE_BYTES,
  EVIDENCE_MAX_FILES,
  EVIDENCE_MAX_TOTAL_BYTES,
  ReportStatusResponse,
  ReportSubmissionSchema,
  ReportSubmitResponse,
  ScamIdentifierCheckSchema,
  ScamIdentifierQuery,
  STATUS_KEY_HEADER,
  StatsResponse,
} from "@portal/contracts";
import { checkBankAccount, checkPhone, getStats, lookupReport, submitReport } from "@portal/reports";
import type { Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { errorResponse, invalidRequest, router, z } from "../../http/router.ts";
import { sendJson } from "../../http/send.ts";
import { readSubmission } from "./intake.ts";

const TAG = "Reports";
/** A person filling the form takes longer than this; a script posting at once does not. */
const MIN_FILL_MS = 3000;

const submitRoute: RouteConfig = {
  method: "post",
  path: "/reports",
  tags: [TAG],
  summary: "Send a report (scam, phishing, malware, data leak, fake news, defamation, privacy, illegal content)",
  description: `multipart/form-data with the answers and up to ${EVIDENCE_MAX_FILES} \`evidence\` files (${EVIDENCE_MAX_FILE_BYTES / 1024 / 1024} MB each, ${EVIDENCE_MAX_TOTAL_BYTES / 1024 / 1024} MB together: images, PDF, plain text, e-mail .eml, audio MP3/M4A/OGG/WAV — the type is decided from the content, never the name), or application/json without files. Acknowledged only after the report and its files are durably stored. The answer's statusKey is shown once: with the tracking code it opens the report's status. The same idempotencyKey with the same answers within 24 hours gives the first report's code and key again (a double click makes one report). A form also sends \`website\` (must stay empty) and \`formStartedAt\` (ms since 1970 when the form was shown).`,
  request: {
    body: {
      required: true,
      content: { "multipart/form-data": { schema: ReportSubmissionSchema }, "application/json": { schema: ReportSubmissionSchema } },
    },
  },
  responses: {
    201: { content: { "application/json": { schema: ReportSubmitResponse } }, description: "Stored; the code and key to follow it" },
    200: {
      content: { "application/json": { schema: ReportSubmitResponse } },
      description: "The same report was sent again (same idempotency key and answers): its code and key, duplicate true",
    },
    400: errorResponse("A field is not valid (details.issues[].path names each), or an empty file"),
    409: errorResponse("conflict: the idempotency key was used in the last 24 hours for another report"),
    413: errorResponse("Too many files, a file over 10 MB, or over 30 MB together (details.reason)"),
    415: errorResponse("A file of a type that is not accepted (details.detected), or a body that is not a form or JSON"),
  },
};

const statusRoute = createRoute({
  method: "get",
  path: "/reports/{trackingCode}",
  tags: [TAG],
  summary: "The status of a report and the public notes, for whoever holds its code and key",
  description:
    "Send the status key in the X-Status-Key header. A wrong or missing key is answered exactly like an unknown code (404), in the same time, so codes cannot be probed.",
  request: {
    params: z.object({
      trackingCode: z
        .string()
        .max(40)
        .meta({ param: { name: "trackingCode", in: "path" }, example: "VN-2026-7K3F-9QX2" }),
    }),
    headers: z.object({ "x-status-key": z.string().max(200).optional() }),
  },
  responses: {
    200: { content: { "application/json": { schema: ReportStatusResponse } }, description: "The status" },
    404: errorResponse("No report matches this code and key"),
  },
});

const identifierRoute = createRoute({
  method: "get",
  path: "/scam-identifiers/check",
  tags: [TAG],
  summary: "Is this phone number or bank account confirmed as used in scams?",
  description:
    "Only identifiers that analysts confirmed (from reports, alerts or imports) are public; raw report counts never are, so false reports cannot be used against someone. Phone numbers are compared in E.164 form (0912 345 678 = +84912345678). Not being listed does not prove a number is safe.",
  request: { query: ScamIdentifierQuery },
  responses: {
    200: { content: { "application/json": { schema: ScamIdentifierCheckSchema } }, description: "The answer" },
    400: errorResponse("Neither a phone number nor a bank and an account number"),
  },
});

const statsRoute = createRoute({
  method: "get",
  path: "/stats",
  tags: [TAG],
  summary: "Public statistics behind the statistics page",
  description:
    'Reports by category and week (26 weeks), by status, median time to the first public note, confirmed scam identifiers, block-list size by source over time, and checks answered per day by verdict (counted as numbers only). Every count under 5 is given as "< 5".',
  responses: { 200: { content: { "application/json": { schema: StatsResponse } }, description: "The aggregates" } },
});

const noReport = () => new ApiError(404, "not_found", "No report matches this tracking code and status key.");

export function publicRoutes(deps: Deps) {
  const app = router();
  const client = deps.db.client;
  // POST /reports is limited to REPORTS_PER_HOUR per address by http/guards/limits.ts.

  app.openAPIRegistry.registerPath(submitRoute);
  app.post("/reports", async (c) => {
    const { fields, upload } = await readSubmission(c, deps);
    const refuse = async (err: ApiError) => {
      await upload.discard();
      return err;
    };
    // Abuse resistance without third-party captchas: a field people never see must stay empty,
    // and a form cannot be filled in less than a few seconds.
    if (typeof fields.website === "string" && fields.website.trim() !== "") {
      throw await refuse(new ApiError(400, "invalid_request", "The report could not be accepted."));
    }
    const started = Number(fields.formStartedAt);
    if (fields.formStartedAt !== undefined && Number.isFinite(started) && Date.now() - started < MIN_FILL_MS) {
      throw await refuse(new ApiError(400, "invalid_request", "The form was sent too quickly. Check your answers and send it again."));
    }
    delete fields.website;
    delete fields.formStartedAt;
    const parsed = ReportSubmissionSchema.safeParse(fields);
    if (!parsed.success) throw await refuse(invalidRequest("body", parsed.error));
    const r = await submitReport(client, deps.evidence, parsed.data, upload.files);
    if (!r.ok) {
      if (r.reason === "idempotency_conflict") {
        throw new ApiError(409, "conflict", "This idempotency key was used for another report in the last 24 hours; use a new one.");
      }
      throw new ApiError(400, "invalid_request", `The request body is not valid: "${r.issues[0]?.path}": ${r.issues[0]?.message}.`, {
        issues: r.issues,
      });
    }
    return c.json({ trackingCode: r.trackingCode, statusKey: r.statusKey, duplicate: r.duplicate }, r.duplicate ? 200 : 201);
  });

  app.openapi(statusRoute, async (c) => {
    const key = c.req.header(STATUS_KEY_HEADER) ?? "";
    const view = await lookupReport(client, c.req.valid("param").trackingCode, key);
    if (!view) throw noReport();
    return sendJson(c, view, { vary: "X-Status-Key" });
  });

  app.openapi(identifierRoute, async (c) => {
    const q = c.req.valid("query");
    const r = q.phone ? await checkPhone(client, q.phone) : await checkBankAccount(client, q.bank ?? "", q.account ?? "");
    if (!r) {
      throw new ApiError(400, "invalid_request", q.phone ? "That is not a phone number." : "That is not a bank account number.", {
        issues: [{ path: q.phone ? "phone" : "account", message: "not valid" }],
      });
    }
    deps.checks.count("scam_identifier", r.confirmed ? "confirmed" : "not_confirmed");
    return sendJson(c, r);
  });

  app.openapi(statsRoute, async (c) => sendJson(c, await getStats(client), { "cache-control": "public, max-age=300" }));
  return app;
}
