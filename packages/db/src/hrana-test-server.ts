// A libSQL server stand-in for tests: the Hrana-over-HTTP protocol (version 2, JSON), as sqld
// serves it, backed by Node's built-in SQLite on a local file. Why it exists: sqld itself is
// neither on npm nor in Debian, so it cannot run here, and DATABASE_URL=http://… must still be
// exercised through @libsql/client's real remote code path. Only what that client sends is
// implemented: execute, batch (with conditions), sequence, describe-less streams, close.
// Reference: the Hrana specification, "Hrana over HTTP" and "Hrana 2" (libsql repository, docs/HRANA_2_SPEC.md).
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";

type HValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | { type: "float"; value: number }
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };

interface Stmt {
  sql?: string;
  sql_id?: number;
  args?: HValue[];
  named_args?: { name: string; value: HValue }[];
  want_rows?: boolean;
}

type Cond =
  | { type: "ok"; step: number }
  | { type: "error"; step: number }
  | { type: "not"; cond: Cond }
  | { type: "and"; conds: Cond[] }
  | { type: "or"; conds: Cond[] }
  | { type: "is_autocommit" };

const decode = (v: HValue): SQLInputValue => {
  switch (v.type) {
    case "null":
      return null;
    case "integer":
      return BigInt(v.value);
    case "float":
      return v.value;
    case "text":
      return v.value;
    case "blob":
      return Buffer.from(v.base64, "base64");
  }
};

const encode = (v: unknown): HValue => {
  if (v === null || v === undefined) return { type: "null" };
  if (typeof v === "bigint") return { type: "integer", value: v.toString() };
  if (typeof v === "number") return Number.isInteger(v) ? { type: "integer", value: String(v) } : { type: "float", value: v };
  if (typeof v === "string") return { type: "text", value: v };
  return { type: "blob", base64: Buffer.from(v as Uint8Array).toString("base64") };
};

interface Stream {
  db: DatabaseSync;
  /** SQL texts the client stored with store_sql, by id. */
  sqls: Map<number, string>;
}

function execute({ db, sqls }: Stream, s: Stmt) {
  const sql = s.sql ?? (s.sql_id !== undefined ? sqls.get(s.sql_id) : undefined);
  if (sql === undefined) throw new Error(`unknown sql_id ${s.sql_id}`);
  const st = db.prepare(sql);
  st.setReadBigInts(true);
  const args = (s.args ?? []).map(decode);
  const named = Object.fromEntries((s.named_args ?? []).map((a) => [a.name.replace(/^[:@$]/, ""), decode(a.value)]));
  const params = (s.named_args?.length ? [named, ...args] : args) as SQLInputValue[];
  const cols = st.columns();
  if (cols.length > 0) {
    st.setReturnArrays(true);
    const rows = (st.all(...(params as [])) as unknown as unknown[][]).map((r) => r.map(encode));
    return { cols: cols.map((c) => ({ name: c.name, decltype: c.type })), rows, affected_row_count: 0, last_insert_rowid: null };
  }
  const r = st.run(...(params as []));
  return { cols: [], rows: [], affected_row_count: Number(r.changes), last_insert_rowid: String(r.lastInsertRowid) };
}

const errorOf = (e: unknown) => ({ message: (e as Error).message, code: "SQLITE_ERROR" });

export interface HranaTestServer {
  url: string;
  /** Requests served, by type: lets a test prove the remote path was taken. */
  seen: Record<string, number>;
  close(): Promise<void>;
}

export async function startHranaTestServer(file: string): Promise<HranaTestServer> {
  const streams = new Map<string, Stream>();
  const seen: Record<string, number> = {};
  const open = (): Stream => {
    const db = new DatabaseSync(file);
    db.exec("PRAGMA busy_timeout = 5000");
    return { db, sqls: new Map() };
  };
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && req.url === "/health") return send(200, {});
    if (req.method !== "POST" || req.url !== "/v2/pipeline") return send(404, { error: "not found" });
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw) as { baton: string | null; requests: ({ type: string } & Record<string, unknown>)[] };
      let baton = body.baton;
      let stream = baton ? streams.get(baton) : undefined;
      if (baton && !stream) return send(400, { message: "unknown baton" });
      if (!stream) {
        stream = open();
        baton = randomBytes(16).toString("hex");
        streams.set(baton, stream);
      }
      const st = stream;
      const db = st.db;
      const results = body.requests.map((r) => {
        seen[r.type] = (seen[r.type] ?? 0) + 1;
        try {
          switch (r.type) {
            case "execute":
              return { type: "ok", response: { type: "execute", result: execute(st, r.stmt as Stmt) } };
            case "store_sql":
              st.sqls.set(Number(r.sql_id), String(r.sql));
              return { type: "ok", response: { type: "store_sql" } };
            case "close_sql":
              st.sqls.delete(Number(r.sql_id));
              return { type: "ok", response: { type: "close_sql" } };
            case "sequence":
              db.exec(String(r.sql));
              return { type: "ok", response: { type: "sequence" } };
            case "get_autocommit":
              return { type: "ok", response: { type: "get_autocommit", is_autocommit: !db.isTransaction } };
            case "batch": {
              const steps = (r.batch as { steps: { condition?: Cond; stmt: Stmt }[] }).steps;
              const step_results: unknown[] = [];
              const step_errors: unknown[] = [];
              const holds = (c: Cond): boolean =>
                c.type === "ok"
                  ? step_results[c.step] != null
                  : c.type === "error"
                    ? step_errors[c.step] != null
                    : c.type === "not"
                      ? !holds(c.cond)
                      : c.type === "and"
                        ? c.conds.every(holds)
                        : c.type === "or"
                          ? c.conds.some(holds)
                          : !db.isTransaction;
              for (const s of steps) {
                if (s.condition && !holds(s.condition)) {
                  step_results.push(null);
                  step_errors.push(null);
                  continue;
                }
                try {
                  step_results.push(execute(st, s.stmt));
                  step_errors.push(null);
                } catch (e) {
                  step_results.push(null);
                  step_errors.push(errorOf(e));
                }
              }
              return { type: "ok", response: { type: "batch", result: { step_results, step_errors } } };
            }
            case "close":
              db.close();
              streams.delete(baton as string);
              baton = null;
              return { type: "ok", response: { type: "close" } };
            default:
              return { type: "error", error: { message: `request type ${r.type} not supported by the test server` } };
          }
        } catch (e) {
          return { type: "error", error: errorOf(e) };
        }
      });
      send(200, { baton, base_url: null, results });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of streams.values()) s.db.close();
        streams.clear();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
