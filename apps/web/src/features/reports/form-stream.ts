// The report form's body goes to the API as it arrives (evidence up to 30 MB is never held in the
// page's memory), while the page reads the text answers from the same bytes as they pass, to give
// them back should the API refuse the report. Files are counted and skipped, never kept.
import busboy from "busboy";

export interface SeenForm {
  /** A text answer as typed ("" when absent). */
  get(name: string): string;
  /** How many evidence files were chosen (an empty file input sends a part with no name: not counted). */
  files: number;
}

export interface WatchedBody {
  /** The bytes for the API, pulled only as fast as the API reads them. */
  stream: ReadableStream<Uint8Array>;
  /**
   * Reads what the API left unread (it stops at a file over the limits), so that the browser
   * finishes its upload and sees the answer, and the fields after the files are known too.
   */
  finish(): Promise<SeenForm>;
}

/** Field values longer than this are not the form's (the description is at most 5 000 characters). */
const FIELD_MAX = 24_000;

export function watchFormBody(body: ReadableStream<Uint8Array> | null, contentType: string): WatchedBody {
  const fields = new Map<string, string>();
  let files = 0;
  let parser: busboy.Busboy | null = null;
  let parserDone = false;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: { fieldSize: FIELD_MAX, fields: 80, parts: 100 },
    });
  } catch {
    parser = null; // not a form (the API will say so); nothing to give back
  }
  const closed = new Promise<void>((resolve) => {
    if (!parser) return resolve();
    parser.on("close", () => {
      parserDone = true;
      resolve();
    });
    parser.on("error", () => {
      parserDone = true;
      resolve();
    });
  });
  parser?.on("field", (name, value) => {
    if (!fields.has(name)) fields.set(name, value);
  });
  parser?.on("file", (name, stream, info) => {
    if (name === "evidence" && info.filename) files++;
    stream.resume();
  });

  const reader = body?.getReader() ?? null;
  let ended = reader === null;
  let lock: Promise<unknown> = Promise.resolve();
  /** The next chunk, also written to the parser; null at the end. One read at a time. */
  const next = (): Promise<Uint8Array | null> => {
    const p = lock.then(async () => {
      if (ended || !reader) return null;
      const r = await reader.read();
      if (r.done) {
        ended = true;
        if (!parserDone) parser?.end();
        return null;
      }
      if (!parserDone) parser?.write(r.value);
      return r.value;
    });
    lock = p.catch(() => undefined);
    return p;
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = await next();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
      // The API stopped reading (a limit was passed): finish() drains the rest.
      cancel() {},
    },
    // Pull only when the API reads: nothing is read ahead into memory.
    { highWaterMark: 0 },
  );

  return {
    stream,
    async finish() {
      try {
        while ((await next()) !== null) {
          // drained into the parser only
        }
      } catch {
        ended = true; // the browser went away
      }
      if (!parserDone) parser?.end();
      await closed;
      return { get: (name) => fields.get(name) ?? "", files };
    },
  };
}
