// Reading a report as it arrives: multipart/form-data streamed part by part (busboy), each
// evidence file piped into the evidence store while its bytes are counted and its type decided
// from its content (@portal/reports EvidenceUpload) — a file over a limit stops the request there,
// before the rest of the body is read — or a small JSON body.
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { EVIDENCE_MAX_FILES, EVIDENCE_MAX_TOTAL_BYTES } from "@portal/contracts";
import { EvidenceLimitError, EvidenceTypeError, EvidenceUpload } from "@portal/reports";
import busboy from "busboy";
import type { Context } from "hono";
import type { AppEnv, Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";

/** The answers of a report without files: a few kB even with the longest description. */
const JSON_BODY_MAX = 64 * 1024;
/** What a multipart body may hold besides the files: field headers, boundaries, the answers. */
const MULTIPART_OVERHEAD = 256 * 1024;

export interface Submission {
  /** The form's fields; a repeated one (several links) as an array. */
  fields: Record<string, unknown>;
  /** The evidence already stored (fsynced); discard() it if the report is refused. */
  upload: EvidenceUpload;
}

/** An evidence problem as the contract answers it: 413 for the limits, 415 for a type, 400 for an empty file. */
export function evidenceError(err: unknown): ApiError | null {
  if (err instanceof EvidenceLimitError) {
    if (err.reason === "empty_file") return new ApiError(400, "invalid_request", err.message, { reason: err.reason });
    return new ApiError(413, "payload_too_large", err.message, { reason: err.reason }, { connection: "close" });
  }
  if (err instanceof EvidenceTypeError) {
    return new ApiError(415, "unsupported_media_type", err.message, { detected: err.detected }, { connection: "close" });
  }
  return null;
}

async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<string> {
  if (!body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) throw new ApiError(413, "payload_too_large", `A report without files may be at most ${max / 1024} kB.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function readSubmission(c: Context<AppEnv>, deps: Pick<Deps, "evidence">): Promise<Submission> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  const upload = new EvidenceUpload(deps.evidence);
  if (type.startsWith("application/json")) {
    const length = Number(c.req.header("content-length") ?? 0);
    if (length > JSON_BODY_MAX)
      throw new ApiError(413, "payload_too_large", `A report without files may be at most ${JSON_BODY_MAX / 1024} kB.`);
    let fields: unknown;
    try {
      fields = JSON.parse(await readCapped(c.req.raw.body, JSON_BODY_MAX));
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw new ApiError(400, "malformed_json", "The request body is not valid JSON.");
    }
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
      throw new ApiError(400, "invalid_request", "The report is a JSON object of answers.");
    }
    return { fields: fields as Record<string, unknown>, upload };
  }
  if (!type.startsWith("multipart/form-data") && !type.startsWith("application/x-www-form-urlencoded")) {
    throw new ApiError(415, "unsupported_media_type", "Send the report as multipart/form-data (with files) or application/json.");
  }
  const declared = Number(c.req.header("content-length") ?? Number.NaN);
  if (declared > EVIDENCE_MAX_TOTAL_BYTES + MULTIPART_OVERHEAD) {
    // Refused before a byte of the body is read (RFC 9110 §15.5.14).
    throw new ApiError(
      413,
      "payload_too_large",
      `The files of a report may be at most ${EVIDENCE_MAX_TOTAL_BYTES} bytes together.`,
      {
        reason: "total_too_large",
      },
      { connection: "close" },
    );
  }
  const body = c.req.raw.body;
  if (!body) return { fields: {}, upload };
  const source = Readable.fromWeb(body as unknown as NodeWebStream<Uint8Array>);
  const fields: Record<string, unknown> = {};
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      let chain: Promise<void> = Promise.resolve();
      let bb: ReturnType<typeof busboy> | undefined;
      const fail = (err: unknown) => {
        if (failed) return;
        failed = true;
        // Stop reading: what is still on its way is not wanted.
        if (bb) source.unpipe(bb);
        source.destroy();
        reject(err);
      };
      try {
        bb = busboy({
          headers: { "content-type": c.req.header("content-type") as string },
          defParamCharset: "utf8",
          limits: { fieldNameSize: 100, fieldSize: 20_000, fields: 60, files: EVIDENCE_MAX_FILES + 1, parts: 80 },
        });
      } catch (err) {
        // busboy refuses at once a multipart type without its boundary: the client's mistake.
        return fail(new ApiError(400, "invalid_request", `The form could not be read: ${(err as Error).message}.`));
      }
      bb.on("field", (name, value, info) => {
        if (info.valueTruncated) return fail(new ApiError(400, "invalid_request", `The answer "${name.slice(0, 40)}" is too long.`));
        const prev = fields[name];
        fields[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
      });
      bb.on("file", (name, stream, info) => {
        // A browser sends an empty part with no name for a file input left empty (busboy then
        // gives no filename at all, not "").
        if (failed || name !== "evidence" || !info.filename) {
          stream.resume();
          return;
        }
        chain = chain.then(async () => {
          if (failed) return void stream.resume();
          try {
            await upload.add(stream, info.filename);
          } catch (err) {
            stream.resume();
            fail(err);
          }
        });
      });
      bb.on("filesLimit", () =>
        fail(new EvidenceLimitError("too_many_files", `At most ${EVIDENCE_MAX_FILES} files can be sent with a report.`)),
      );
      bb.on("partsLimit", () => fail(new ApiError(400, "invalid_request", "The form has too many parts.")));
      bb.on("fieldsLimit", () => fail(new ApiError(400, "invalid_request", "The form has too many fields.")));
      bb.on("error", (err) => fail(new ApiError(400, "invalid_request", `The form could not be read: ${(err as Error).message}`)));
      bb.on("close", () => {
        chain.then(() => (failed ? undefined : resolve()), fail);
      });
      source.on("error", (err) => fail(new ApiError(400, "invalid_request", `The upload was interrupted: ${err.message}`)));
      source.pipe(bb);
    });
  } catch (err) {
    await upload.discard();
    throw evidenceError(err) ?? err;
  }
  return { fields, upload };
}
