// Imports the Have I Been Pwned downloader's output into a corpus file, streaming:
//  - one file of "HASH:COUNT" lines (the downloader's default single-file output), or
//  - a folder of one file per prefix, "XXXXX.txt" holding "SUFFIX:COUNT" lines (its `-s false`
//    output, the same text the range API serves).
// SHA-1 (40 hex digits) or NTLM (32), told apart by length. Memory stays constant whatever the size.
import { type FileHandle, open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { CorpusWriter, HASH_BYTES, type HashMode } from "./password-store.ts";

export interface PwnedImportOptions {
  /** Where the corpus files live ($DATA_DIR/pwned). */
  dir: string;
  /** Expect this mode; the input is refused if its hashes have the other length. */
  mode?: HashMode;
  /** Called now and then with the number of hashes read so far. */
  onProgress?: (hashes: number) => void;
}

export interface PwnedImportResult {
  mode: HashMode;
  layout: "file" | "folder";
  hashes: number;
  duplicates: number;
  skippedZero: number;
  files: number;
  seconds: number;
}

export class ImportError extends Error {}

/** Hex digit values by character code; -1 for anything else. */
const HEXVAL = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEXVAL[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEXVAL[65 + i] = 10 + i;
  HEXVAL[97 + i] = 10 + i;
}

const CHUNK = 4 * 1024 * 1024;

/**
 * Reads one text file line by line and feeds the writer. `prefix` (5 hex digits) is set for the
 * folder layout, whose lines hold only the suffix. The writer is created on the first line, once
 * the hash length shows the mode.
 */
class LineParser {
  writer: CorpusWriter | null = null;
  mode: HashMode | null;
  hashes = 0;
  skippedZero = 0;
  private readonly scratch = Buffer.alloc(20);
  private readonly dir: string;

  constructor(dir: string, mode: HashMode | undefined) {
    this.dir = dir;
    this.mode = mode ?? null;
  }

  private async ensureWriter(digits: number, prefixDigits: number, where: string): Promise<CorpusWriter> {
    const total = digits + prefixDigits;
    const mode: HashMode | null = total === 40 ? "sha1" : total === 32 ? "ntlm" : null;
    if (!mode) {
      throw new ImportError(`${where}: a hash has ${total} hex digits; SHA-1 has 40 and NTLM 32.`);
    }
    if (this.mode && this.mode !== mode) {
      throw new ImportError(
        `${where}: the hashes are ${mode.toUpperCase()}, but ${this.mode.toUpperCase()} was asked for${this.mode === "ntlm" ? " (--ntlm)" : " (add --ntlm for NTLM files)"}.`,
      );
    }
    this.mode = mode;
    this.writer ??= await CorpusWriter.create(this.dir, mode);
    return this.writer;
  }

  async parseFile(path: string, name: string, prefix: string | null, onProgress?: (n: number) => void): Promise<void> {
    let fh: FileHandle;
    try {
      fh = await open(path, "r");
    } catch (err) {
      throw new ImportError(`Cannot open ${name}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
    }
    const prefixDigits = prefix ? 5 : 0;
    const scratch = this.scratch;
    if (prefix) {
      // The first five nibbles come from the file name.
      const v = Number.parseInt(prefix, 16);
      scratch[0] = v >> 12;
      scratch[1] = (v >> 4) & 0xff;
      scratch[2] = (v & 15) << 4;
    }
    const buf = Buffer.allocUnsafe(CHUNK);
    let keep = 0;
    let lineNo = 0;
    let first = true;
    let expected = -1;
    let writer = this.writer;
    try {
      for (;;) {
        const { bytesRead } = await fh.read(buf, keep, CHUNK - keep, null);
        const end = keep + bytesRead;
        const eof = bytesRead === 0;
        let i = 0;
        if (first && end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3; // UTF-8 BOM
        first = false;
        for (;;) {
          // Find the end of the line.
          let j = i;
          while (j < end && buf[j] !== 10) j++;
          if (j === end && !eof) break; // partial line: keep it for the next read
          if (i >= end) break;
          lineNo++;
          let lineEnd = j;
          if (lineEnd > i && buf[lineEnd - 1] === 13) lineEnd--;
          if (lineEnd > i) {
            let colon = i;
            while (colon < lineEnd && buf[colon] !== 58) colon++;
            const digits = colon - i;
            if (colon === lineEnd || digits === 0) throw new ImportError(`${name}, line ${lineNo}: expected HASH:COUNT.`);
            if (expected < 0) {
              writer = await this.ensureWriter(digits, prefixDigits, `${name}, line ${lineNo}`);
              expected = HASH_BYTES[writer.mode] * 2 - prefixDigits;
            }
            if (digits !== expected) {
              throw new ImportError(`${name}, line ${lineNo}: the hash has ${digits} hex digits; the lines before had ${expected}.`);
            }
            let nib = prefixDigits;
            for (let k = i; k < colon; k++, nib++) {
              const v = HEXVAL[buf[k] as number] as number;
              if (v < 0) throw new ImportError(`${name}, line ${lineNo}: the hash is not hexadecimal.`);
              if ((nib & 1) === 0) scratch[nib >> 1] = v << 4;
              else scratch[nib >> 1] = (scratch[nib >> 1] as number) | v;
            }
            let count = 0;
            if (colon + 1 === lineEnd) throw new ImportError(`${name}, line ${lineNo}: the count is missing.`);
            for (let k = colon + 1; k < lineEnd; k++) {
              const d = (buf[k] as number) - 48;
              if (d < 0 || d > 9) throw new ImportError(`${name}, line ${lineNo}: the count is not a whole number.`);
              count = count * 10 + d;
            }
            if (count === 0) {
              this.skippedZero++; // padding lines, if the files were fetched with Add-Padding
            } else {
              try {
                (writer as CorpusWriter).add(scratch, 0, count);
              } catch (err) {
                throw new ImportError(`${name}, line ${lineNo}: ${(err as Error).message}`);
              }
              this.hashes++;
            }
          }
          i = j + 1;
        }
        if (eof) break;
        keep = end - i;
        if (keep >= CHUNK) throw new ImportError(`${name}, line ${lineNo + 1}: the line is longer than ${CHUNK} bytes.`);
        buf.copy(buf, 0, i, end);
        if (writer) await writer.drain();
        onProgress?.(this.hashes);
      }
    } finally {
      await fh.close();
    }
  }
}

/** Imports a file or a folder; replaces the corpus of its mode only when the whole input is good. */
export async function importPwnedPasswords(input: string, opts: PwnedImportOptions): Promise<PwnedImportResult> {
  const started = performance.now();
  const st = await stat(input).catch(() => null);
  if (!st) throw new ImportError(`${input} does not exist.`);
  const parser = new LineParser(opts.dir, opts.mode);
  let files = 0;
  let layout: "file" | "folder";
  try {
    if (st.isDirectory()) {
      layout = "folder";
      const names = (await readdir(input))
        .flatMap((n) => {
          const m = /^([0-9a-f]{5})(?:\.txt)?$/i.exec(n);
          return m?.[1] ? [{ name: n, prefix: m[1].toUpperCase() }] : [];
        })
        .sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
      if (names.length === 0) throw new ImportError(`${input} holds no range files (named like 5BAA6.txt).`);
      for (let k = 1; k < names.length; k++) {
        if (names[k]?.prefix === names[k - 1]?.prefix) throw new ImportError(`${input} holds two files for prefix ${names[k]?.prefix}.`);
      }
      for (const f of names) {
        await parser.parseFile(join(input, f.name), f.name, f.prefix, opts.onProgress);
        files++;
        if (parser.writer) await parser.writer.drain();
        opts.onProgress?.(parser.hashes);
      }
    } else {
      layout = "file";
      await parser.parseFile(input, input.split(/[\\/]/).pop() ?? input, null, opts.onProgress);
      files = 1;
    }
    if (!parser.writer || parser.hashes === 0) throw new ImportError(`${input} holds no hashes with a count above 0.`);
    const { count } = await parser.writer.finish({ kind: "import", label: input.split(/[\\/]/).filter(Boolean).pop() ?? input });
    return {
      mode: parser.writer.mode,
      layout,
      hashes: count,
      duplicates: parser.writer.duplicates,
      skippedZero: parser.skippedZero,
      files,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (err) {
    await parser.writer?.abort();
    throw err;
  }
}
