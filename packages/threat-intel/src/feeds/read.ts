import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";

/** Lines of a text file (or a .gz of one), streamed, without line endings. */
export async function* readLines(path: string): AsyncGenerator<string> {
  const file = createReadStream(path);
  const input: Readable = path.endsWith(".gz") ? file.pipe(createGunzip()) : file;
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let first = true;
  for await (const line of rl) {
    yield first ? line.replace(/^\ufeff/, "") : line;
    first = false;
  }
}

/** A whole JSON file (PhishTank, ChongLuaDao and MetaMask publish one JSON document). */
export async function readJson(path: string): Promise<unknown> {
  const buf = await readFile(path);
  const text = (path.endsWith(".gz") ? await gunzip(buf) : buf).toString("utf8").replace(/^\ufeff/, "");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

async function gunzip(buf: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of Readable.from([buf]).pipe(createGunzip())) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * One CSV record (RFC 4180 quoting). abuse.ch's exports put a space after each comma
 * (`"a", "b"`), so blanks between fields are skipped. Records spanning lines are not supported:
 * neither URLhaus nor MalwareBazaar writes them.
 */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && line[i] === " ") i++;
    if (line[i] === '"') {
      let v = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          v += line.slice(i);
          i = n;
          break;
        }
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      while (i < n && line[i] !== ",") i++;
    } else {
      const c = line.indexOf(",", i);
      out.push((c < 0 ? line.slice(i) : line.slice(i, c)).trim());
      i = c < 0 ? n : c;
    }
    if (i >= n) return out;
    i++; // the comma
  }
}

/** "2024-03-21 10:31:07" (UTC, as abuse.ch writes it) or any ISO date → ISO 8601 UTC, or null. */
export function isoDate(v: unknown): string | null {
  if (typeof v !== "string" || v.trim() === "") return null;
  const s = v.trim();
  const d = new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(s) ? `${s.replace(" ", "T")}Z` : s);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
