// The Pwned-Passwords corpus on disk: one sorted binary file per hash mode, built for the range
// query. A range costs one positioned read of contiguous records found through a prefix index.
//
// File layout (little-endian):
//   0      header, 64 bytes: magic "PORTALPW", u32 version, u32 hash bytes (20 SHA-1 | 16 NTLM),
//          u32 record bytes, u32 reserved, f64 record count, f64 build time (ms since epoch)
//   64     index, (2^20 + 1) × u32: number of the first record whose hash starts with prefix p;
//          entry 2^20 is the record count, so prefix p spans records [index[p], index[p + 1])
//   DATA   records sorted by hash: hash bytes, then u32 count
// u32 record numbers cap a corpus at 4 294 967 295 hashes (HIBP's full SHA-1 set is under 2^31).
import { createHash, randomBytes } from "node:crypto";
import { readSync } from "node:fs";
import { type FileHandle, mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { HashMode, PasswordCorpus } from "@portal/contracts";

export type { HashMode };

export const MAGIC = Buffer.from("PORTALPW", "ascii");
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 64;
export const PREFIXES = 1 << 20;
export const INDEX_BYTES = 4 * (PREFIXES + 1);
export const DATA_OFFSET = HEADER_BYTES + INDEX_BYTES;
export const HASH_BYTES: Record<HashMode, number> = { sha1: 20, ntlm: 16 };
/** Hex digits in a range line's suffix (the hash minus its 5-digit prefix). */
export const SUFFIX_DIGITS: Record<HashMode, number> = { sha1: 35, ntlm: 27 };

export const corpusFile = (dir: string, mode: HashMode) => join(dir, `${mode}.bin`);
const metaFile = (binPath: string) => binPath.replace(/\.bin$/, ".json");

/** Where a corpus came from, shown on the password check page. */
export interface CorpusSource {
  kind: "demo" | "import";
  /** The npm package of the demo list, or the imported file's name. */
  label: string;
}
/** What /passwords/corpus and the password page show: the contract's PasswordCorpus. */
export type CorpusMeta = PasswordCorpus;

/** The description written beside a corpus file, or null when there is no corpus. */
export async function readCorpusMeta(dir: string, mode: HashMode): Promise<CorpusMeta | null> {
  try {
    return JSON.parse(await readFile(metaFile(corpusFile(dir, mode)), "utf8")) as CorpusMeta;
  } catch {
    return null;
  }
}

/** The 20-bit prefix (first five hex digits) of a hash. */
export const prefixOf = (h: Uint8Array, off = 0): number =>
  ((h[off] as number) << 12) | ((h[off + 1] as number) << 4) | ((h[off + 2] as number) >> 4);

const HEX = Buffer.from("0123456789ABCDEF", "ascii");

/**
 * Streams sorted records into a new corpus file and, on finish(), renames it over the old one:
 * readers keep the file they opened, new readers see the new one (rename is atomic on POSIX).
 * Memory is constant: one 4 MB output chunk and the 4 MB index.
 */
/**
 * Deletes the half-written files of imports whose process is gone (killed mid-import: the live
 * corpus was never touched, but its temporary file, gigabytes for the full corpus, stayed).
 */
async function removeAbandoned(dir: string, mode: HashMode): Promise<void> {
  const prefix = `${mode}.bin.tmp-`;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split("-")[0]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) continue;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (err) {
      alive = (err as NodeJS.ErrnoException).code === "EPERM";
    }
    if (!alive) await unlink(join(dir, name)).catch(() => {});
  }
}

export class CorpusWriter {
  readonly mode: HashMode;
  readonly hashBytes: number;
  readonly recordBytes: number;
  private fh: FileHandle | null = null;
  private readonly final: string;
  private readonly tmp: string;
  private readonly perPrefix = new Uint32Array(PREFIXES);
  private chunk: Buffer;
  private pos = 0;
  private lastPos = -1;
  private written = DATA_OFFSET;
  private pending: Buffer[] = [];
  private records = 0;
  /** Count of input lines merged into an earlier equal hash. */
  duplicates = 0;

  private constructor(path: string, mode: HashMode) {
    this.mode = mode;
    this.hashBytes = HASH_BYTES[mode];
    this.recordBytes = this.hashBytes + 4;
    this.final = path;
    this.tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    this.chunk = Buffer.allocUnsafe(this.recordBytes * 174_762); // ≈ 4 MB
  }

  static async create(dir: string, mode: HashMode): Promise<CorpusWriter> {
    await mkdir(dir, { recursive: true });
    await removeAbandoned(dir, mode);
    const w = new CorpusWriter(corpusFile(dir, mode), mode);
    w.fh = await open(w.tmp, "wx");
    return w;
  }

  get count(): number {
    return this.records;
  }

  /**
   * Appends one hash (hashBytes bytes of `src` from `off`) with its count. Hashes must come in
   * ascending order; an equal hash adds its count to the previous record (a count over 2^32-1 saturates).
   */
  add(src: Uint8Array, off: number, count: number): void {
    const hb = this.hashBytes;
    if (this.lastPos >= 0) {
      const prev = this.chunk;
      const lp = this.lastPos;
      let cmp = 0;
      for (let i = 0; i < hb; i++) {
        const d = (src[off + i] as number) - (prev[lp + i] as number);
        if (d !== 0) {
          cmp = d;
          break;
        }
      }
      if (cmp === 0) {
        prev.writeUInt32LE(Math.min(0xffffffff, prev.readUInt32LE(lp + hb) + count), lp + hb);
        this.duplicates++;
        return;
      }
      if (cmp < 0) throw new OrderError(this.records);
    }
    if (this.pos + this.recordBytes > this.chunk.length) this.rotate();
    const c = this.chunk;
    for (let i = 0; i < hb; i++) c[this.pos + i] = src[off + i] as number;
    c.writeUInt32LE(Math.min(0xffffffff, count), this.pos + hb);
    this.lastPos = this.pos;
    this.pos += this.recordBytes;
    const p = prefixOf(src, off);
    this.perPrefix[p] = (this.perPrefix[p] as number) + 1;
    this.records++;
  }

  /**
   * Queues the full chunk for writing but carries its last record over into the next one, so a
   * duplicate that follows can still be merged into it.
   */
  private rotate(final = false) {
    const keep = final || this.lastPos < 0 ? this.pos : this.lastPos;
    if (keep > 0) this.pending.push(this.chunk.subarray(0, keep));
    const next = Buffer.allocUnsafe(this.chunk.length);
    if (!final && this.lastPos >= 0) {
      this.chunk.copy(next, 0, this.lastPos, this.pos);
      this.pos = this.recordBytes;
      this.lastPos = 0;
    } else {
      this.pos = 0;
      this.lastPos = -1;
    }
    this.chunk = next;
  }

  /** Writes out full chunks; call between input chunks so memory stays bounded. */
  async drain(): Promise<void> {
    const fh = this.fh;
    if (!fh) throw new Error("corpus writer is closed");
    while (this.pending.length > 0) {
      const buf = this.pending.shift() as Buffer;
      let done = 0;
      while (done < buf.length) {
        const { bytesWritten } = await fh.write(buf, done, buf.length - done, this.written);
        done += bytesWritten;
        this.written += bytesWritten;
      }
    }
  }

  /** Writes the index and header, syncs, and atomically replaces the live corpus file. */
  async finish(source: CorpusSource = { kind: "import", label: "" }): Promise<{ count: number; path: string }> {
    const fh = this.fh;
    if (!fh) throw new Error("corpus writer is closed");
    this.rotate(true);
    await this.drain();
    const head = Buffer.alloc(DATA_OFFSET);
    MAGIC.copy(head, 0);
    head.writeUInt32LE(FORMAT_VERSION, 8);
    head.writeUInt32LE(this.hashBytes, 12);
    head.writeUInt32LE(this.recordBytes, 16);
    head.writeDoubleLE(this.records, 24);
    head.writeDoubleLE(Date.now(), 32);
    let start = 0;
    for (let p = 0; p < PREFIXES; p++) {
      head.writeUInt32LE(start, HEADER_BYTES + 4 * p);
      start += this.perPrefix[p] as number;
    }
    head.writeUInt32LE(start, HEADER_BYTES + 4 * PREFIXES);
    await fh.write(head, 0, head.length, 0);
    await fh.sync();
    await fh.close();
    this.fh = null;
    // The description first: a reader that sees the new corpus also sees where it came from.
    const meta: CorpusMeta = { ...source, count: this.records, builtAt: new Date(head.readDoubleLE(32)).toISOString() };
    const metaTmp = `${this.tmp}.json`;
    await writeFile(metaTmp, JSON.stringify(meta));
    await rename(metaTmp, metaFile(this.final));
    await rename(this.tmp, this.final);
    // Make the rename itself durable.
    const d = await open(dirname(this.final), "r").catch(() => null);
    await d?.sync().catch(() => {});
    await d?.close();
    return { count: this.records, path: this.final };
  }

  /** Drops the half-written file; the live corpus is untouched. */
  async abort(): Promise<void> {
    await this.fh?.close().catch(() => {});
    this.fh = null;
    await unlink(this.tmp).catch(() => {});
  }
}

export class OrderError extends Error {
  constructor(record: number) {
    super(
      `Hash number ${record + 1} is not in ascending order. The HIBP downloader writes hashes sorted; sort other files first (LC_ALL=C sort -t: -k1,1).`,
    );
  }
}

interface Corpus {
  fh: FileHandle;
  index: Uint32Array;
  hashBytes: number;
  recordBytes: number;
  count: number;
  builtAt: Date;
  /** Identity of the file, to notice a replacement. */
  stamp: string;
}

export interface CorpusInfo {
  mode: HashMode;
  count: number;
  builtAt: Date;
  /** Changes whenever the corpus is replaced; part of every ETag. */
  version: string;
}

export interface RangeResult {
  /** Lines "SUFFIX:COUNT" joined by CRLF, exactly as Pwned Passwords serves them. */
  body: Buffer;
  lines: number;
  corpus: CorpusInfo | null;
}

async function openCorpus(path: string, mode: HashMode): Promise<Corpus | null> {
  let fh: FileHandle;
  try {
    fh = await open(path, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  try {
    const st = await fh.stat();
    const ab = new ArrayBuffer(DATA_OFFSET);
    const head = Buffer.from(ab);
    const { bytesRead } = await fh.read(head, 0, DATA_OFFSET, 0);
    if (bytesRead < DATA_OFFSET || !head.subarray(0, 8).equals(MAGIC)) throw new Error(`${path} is not a password corpus file`);
    if (head.readUInt32LE(8) !== FORMAT_VERSION)
      throw new Error(`${path} has format version ${head.readUInt32LE(8)}; expected ${FORMAT_VERSION}`);
    const hashBytes = head.readUInt32LE(12);
    if (hashBytes !== HASH_BYTES[mode]) throw new Error(`${path} holds ${hashBytes}-byte hashes, not ${mode}`);
    const index = new Uint32Array(ab, HEADER_BYTES, PREFIXES + 1);
    return {
      fh,
      index,
      hashBytes,
      recordBytes: head.readUInt32LE(16),
      count: head.readDoubleLE(24),
      builtAt: new Date(head.readDoubleLE(32)),
      stamp: `${st.ino}-${st.size}-${st.mtimeMs}`,
    };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/**
 * Reads ranges from the corpus files in `dir`, reopening a file within `recheckMs` after an
 * importer (in this or another process) replaced it. Old handles close a little later, so reads
 * already under way finish on the file they started on.
 */
export class PasswordStore {
  readonly dir: string;
  private readonly recheckMs: number;
  private readonly corpora = new Map<HashMode, { corpus: Corpus | null; checkedAt: number; loading?: Promise<Corpus | null> }>();

  constructor(dir: string, opts: { recheckMs?: number } = {}) {
    this.dir = dir;
    this.recheckMs = opts.recheckMs ?? 1000;
  }

  private async current(mode: HashMode): Promise<Corpus | null> {
    const entry = this.corpora.get(mode);
    const now = performance.now();
    if (entry && now - entry.checkedAt < this.recheckMs) return entry.corpus;
    if (entry?.loading) return entry.loading;
    const path = corpusFile(this.dir, mode);
    const loading = (async () => {
      const st = await stat(path).catch(() => null);
      const stamp = st ? `${st.ino}-${st.size}-${st.mtimeMs}` : null;
      const old = entry?.corpus ?? null;
      if (old && stamp === old.stamp) return old;
      const next = stamp ? await openCorpus(path, mode) : null;
      if (old) setTimeout(() => void old.fh.close().catch(() => {}), 30_000).unref();
      return next;
    })();
    this.corpora.set(mode, { corpus: entry?.corpus ?? null, checkedAt: entry?.checkedAt ?? 0, loading });
    try {
      const corpus = await loading;
      this.corpora.set(mode, { corpus, checkedAt: performance.now() });
      return corpus;
    } catch (err) {
      this.corpora.set(mode, { corpus: entry?.corpus ?? null, checkedAt: performance.now() });
      throw err;
    }
  }

  async info(mode: HashMode): Promise<CorpusInfo | null> {
    const c = await this.current(mode);
    return c ? describe(c, mode) : null;
  }

  /** The range for a 5-hex-digit prefix (already validated, any case). */
  async range(prefixHex: string, mode: HashMode): Promise<RangeResult> {
    const corpus = await this.current(mode);
    if (!corpus) return { body: Buffer.alloc(0), lines: 0, corpus: null };
    const p = Number.parseInt(prefixHex, 16);
    const first = corpus.index[p] as number;
    const n = (corpus.index[p + 1] as number) - first;
    if (n === 0) return { body: Buffer.alloc(0), lines: 0, corpus: describe(corpus, mode) };
    const raw = Buffer.allocUnsafe(n * corpus.recordBytes);
    // One synchronous pread: a range is a few kB from the page cache, and a thread-pool round trip
    // costs more than the read itself. Like an mmap page fault, it would block on a cold disk.
    const bytesRead = readSync(corpus.fh.fd, raw, 0, raw.length, DATA_OFFSET + first * corpus.recordBytes);
    if (bytesRead !== raw.length) throw new Error(`password corpus ${mode} is truncated`);
    return { body: formatRecords(raw, n, corpus.hashBytes), lines: n, corpus: describe(corpus, mode) };
  }

  /** Closes every open corpus file. */
  async close(): Promise<void> {
    for (const e of this.corpora.values()) await e.corpus?.fh.close().catch(() => {});
    this.corpora.clear();
  }
}

const describe = (c: Corpus, mode: HashMode): CorpusInfo => ({
  mode,
  count: c.count,
  builtAt: c.builtAt,
  version: `${mode}-${c.builtAt.getTime().toString(36)}-${c.count.toString(36)}`,
});

/** Formats `n` records as "SUFFIX:COUNT" lines (upper-case hex, CRLF between lines, none after the last). */
export function formatRecords(raw: Buffer, n: number, hashBytes: number): Buffer {
  const rec = hashBytes + 4;
  const suffix = hashBytes * 2 - 5;
  // Longest line: suffix + ":" + 10 digits + CRLF.
  const out = Buffer.allocUnsafe(n * (suffix + 13));
  let o = 0;
  for (let r = 0; r < n; r++) {
    const base = r * rec;
    if (r > 0) {
      out[o++] = 13;
      out[o++] = 10;
    }
    // Byte 2's low nibble is the suffix's first digit; the prefix holds the 5 digits before it.
    out[o++] = HEX[(raw[base + 2] as number) & 15] as number;
    for (let i = 3; i < hashBytes; i++) {
      const b = raw[base + i] as number;
      out[o++] = HEX[b >> 4] as number;
      out[o++] = HEX[b & 15] as number;
    }
    out[o++] = 58; // ":"
    o += out.write(String(raw.readUInt32LE(base + hashBytes)), o, "latin1");
  }
  return out.subarray(0, o);
}

/**
 * HIBP's padding (https://haveibeenpwned.com/API/v3#PwnedPasswordsPadding): mixes in lines with
 * count 0 and random suffixes absent from the range until it has 800 + (0…200) lines, so the
 * response size no longer tells an observer which range was asked for.
 */
export function padRange(body: Buffer, mode: HashMode): { body: Buffer; lines: number } {
  const digits = SUFFIX_DIGITS[mode];
  const real = body.length === 0 ? [] : body.toString("latin1").split("\r\n");
  const target = 800 + ((randomBytes(1)[0] as number) % 201);
  if (real.length >= target) return { body, lines: real.length };
  const present = new Set(real.map((l) => l.slice(0, digits)));
  const pads: string[] = [];
  const need = target - real.length;
  while (pads.length < need) {
    const pool = randomBytes(Math.ceil(digits / 2) * (need - pads.length))
      .toString("hex")
      .toUpperCase();
    for (let i = 0; i + digits <= pool.length && pads.length < need; i += digits + (digits % 2)) {
      const s = pool.slice(i, i + digits);
      if (!present.has(s)) {
        present.add(s);
        pads.push(`${s}:0`);
      }
    }
  }
  pads.sort();
  const merged: string[] = new Array(target);
  let i = 0;
  let j = 0;
  for (let k = 0; k < target; k++) {
    merged[k] =
      j >= pads.length || (i < real.length && (real[i] as string) < (pads[j] as string)) ? (real[i++] as string) : (pads[j++] as string);
  }
  return { body: Buffer.from(merged.join("\r\n"), "latin1"), lines: target };
}

/**
 * True when the store's SHA-1 corpus lists this password with a count above zero: the portal's own
 * Pwned Passwords copy, used to refuse known-breached passwords for staff accounts (NIST 800-63B
 * §5.1.1.2, "passwords obtained from previous breach corpuses").
 */
export async function isPwnedPassword(store: PasswordStore, password: string): Promise<boolean> {
  const hex = createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
  const { body } = await store.range(hex.slice(0, 5), "sha1");
  const want = `${hex.slice(5)}:`;
  for (const line of body.toString("latin1").split("\r\n")) {
    if (line.startsWith(want)) return line.slice(want.length) !== "0";
  }
  return false;
}
