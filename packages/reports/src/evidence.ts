// Evidence files: where they are kept (behind a small interface, so that an object store can take
// the folder's place without touching the intake), how an upload is received (limits enforced and
// the type decided while the bytes stream in), and the sweep of files no report refers to.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { EVIDENCE_MAX_FILE_BYTES, EVIDENCE_MAX_FILES, EVIDENCE_MAX_TOTAL_BYTES, type EvidenceKind } from "@portal/contracts";
import type { Client } from "@portal/db";
import { EvidenceSniffer, HEAD_BYTES, sanitiseFileName } from "./sniff.ts";

/** What the store knows of a stored file. */
export interface StoredBlob {
  id: string;
  size: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
}

/** A stored file as the intake records it. */
export interface StoredEvidence extends StoredBlob {
  mime: string;
  ext: string;
  kind: EvidenceKind;
  /** Sanitised original name: display text only. */
  displayName: string | null;
}

export interface EvidenceStore {
  /**
   * Stores a stream under a new server-made id and resolves only when the bytes are durable. Throws
   * EvidenceTooLargeError as soon as more than `maxBytes` have arrived, and rethrows whatever the
   * source throws — in both cases nothing is left behind.
   */
  put(source: AsyncIterable<Uint8Array>, opts?: { maxBytes?: number }): Promise<StoredBlob>;
  /** The content, or null when there is no such file. */
  open(id: string): Promise<{ stream: Readable; size: number } | null>;
  /** Removes a file (and any partial upload under its id); false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Every id held, finished or partial, with when it was written: what the sweep walks. */
  list(): AsyncIterable<{ id: string; storedAt: Date }>;
}

export class EvidenceTooLargeError extends Error {
  override name = "EvidenceTooLargeError";
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes.`);
    this.maxBytes = maxBytes;
  }
}

/** 128 random bits, lower-case Crockford base32: the only names files are stored under. */
const ID = /^[0-9a-hjkmnp-tv-z]{26}$/;
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export function newEvidenceId(): string {
  const b = randomBytes(26);
  let s = "";
  for (const x of b) s += ALPHABET[x & 31];
  return s;
}

export const isEvidenceId = (id: string): boolean => typeof id === "string" && ID.test(id);

const PART = ".part";

/**
 * Files in one folder (DATA_DIR/evidence — outside any folder the site serves). A file is written
 * as `<id>.part`, fsynced, renamed to `<id>`, and the folder fsynced, so that after `put` resolves
 * a power cut loses neither the bytes nor the name (the rename is only durable once the directory
 * is synced: see fsync(2), "Calling fsync() does not necessarily ensure that the entry in the
 * directory containing the file has also reached disk"). Several portal processes may share the
 * folder: names are random and nothing is cached.
 */
export class FolderEvidenceStore implements EvidenceStore {
  readonly dir: string;
  #ready: Promise<void> | null = null;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  #ensure(): Promise<void> {
    this.#ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 }).then(() => undefined);
    return this.#ready;
  }

  async put(source: AsyncIterable<Uint8Array>, opts: { maxBytes?: number } = {}): Promise<StoredBlob> {
    await this.#ensure();
    const max = opts.maxBytes ?? Number.POSITIVE_INFINITY;
    const id = newEvidenceId();
    const part = join(this.dir, id + PART);
    const hash = createHash("sha256");
    let size = 0;
    const fh = await open(part, "wx", 0o600);
    try {
      for await (const chunk of source) {
        size += chunk.length;
        // Checked before the chunk is written: the stream stops here, not at its end (413 early).
        if (size > max) throw new EvidenceTooLargeError(max);
        hash.update(chunk);
        // write(2) may take fewer bytes than offered (a signal, a nearly full disk): write the rest.
        for (let off = 0; off < chunk.length; ) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
      }
      await fh.sync();
    } catch (err) {
      await fh.close().catch(() => {});
      await rm(part, { force: true });
      throw err;
    }
    await fh.close();
    await rename(part, join(this.dir, id));
    await this.#syncDir();
    return { id, size, sha256: hash.digest("hex") };
  }

  async #syncDir(): Promise<void> {
    const dh = await open(this.dir, "r");
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }

  async open(id: string): Promise<{ stream: Readable; size: number } | null> {
    if (!isEvidenceId(id)) return null;
    const path = join(this.dir, id);
    try {
      const s = await stat(path);
      if (!s.isFile()) return null;
      return { stream: createReadStream(path), size: s.size };
    } catch {
      return null;
    }
  }

  async delete(id: string): Promise<boolean> {
    if (!isEvidenceId(id)) return false;
    let removed = false;
    for (const p of [join(this.dir, id), join(this.dir, id + PART)]) {
      try {
        await rm(p);
        removed = true;
      } catch {
        // not there
      }
    }
    return removed;
  }

  async *list(): AsyncIterable<{ id: string; storedAt: Date }> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      const id = name.endsWith(PART) ? name.slice(0, -PART.length) : name;
      if (!isEvidenceId(id)) continue;
      try {
        const s = await stat(join(this.dir, name));
        yield { id, storedAt: s.mtime };
      } catch {
        // deleted meanwhile
      }
    }
  }
}

export type EvidenceLimitReason = "too_many_files" | "file_too_large" | "total_too_large" | "empty_file";

/** A limit an upload broke: the HTTP layer answers 413 (400 for an empty file). */
export class EvidenceLimitError extends Error {
  override name = "EvidenceLimitError";
  readonly reason: EvidenceLimitReason;
  constructor(reason: EvidenceLimitReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface EvidenceLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

export const EVIDENCE_LIMITS: EvidenceLimits = {
  maxFiles: EVIDENCE_MAX_FILES,
  maxFileBytes: EVIDENCE_MAX_FILE_BYTES,
  maxTotalBytes: EVIDENCE_MAX_TOTAL_BYTES,
};

/**
 * The files of one submission as they arrive (the HTTP layer pipes each multipart part into
 * `add`): at most 5, each at most 10 MB, 30 MB in all, each of an accepted type — every limit
 * enforced while the bytes stream, so an oversized or wrong file stops the upload at once. A
 * refused file leaves nothing behind; `discard` removes the ones already stored when the
 * submission as a whole fails.
 */
export class EvidenceUpload {
  readonly files: StoredEvidence[] = [];
  readonly store: EvidenceStore;
  readonly limits: EvidenceLimits;
  #total = 0;

  constructor(store: EvidenceStore, limits: EvidenceLimits = EVIDENCE_LIMITS) {
    this.store = store;
    this.limits = limits;
  }

  get totalBytes(): number {
    return this.#total;
  }

  /**
   * Receives one file. Throws EvidenceLimitError (too many, too large, empty) or EvidenceTypeError
   * (not an accepted type, naming what it is); the source is not read further.
   */
  async add(source: AsyncIterable<Uint8Array>, fileName?: string | null): Promise<StoredEvidence> {
    const { maxFiles, maxFileBytes, maxTotalBytes } = this.limits;
    if (this.files.length >= maxFiles)
      throw new EvidenceLimitError("too_many_files", `At most ${maxFiles} files can be sent with a report.`);
    const left = maxTotalBytes - this.#total;
    // Which limit a too-long stream breaks: the total, when less of it is left than a file may have.
    const totalBinds = left < maxFileBytes;
    const sniffer = new EvidenceSniffer();
    let blob: StoredBlob;
    try {
      blob = await this.store.put(inspect(source, sniffer), { maxBytes: Math.min(maxFileBytes, left) });
    } catch (err) {
      if (err instanceof EvidenceTooLargeError)
        throw totalBinds
          ? new EvidenceLimitError("total_too_large", `The files of a report may be at most ${maxTotalBytes} bytes together.`)
          : new EvidenceLimitError("file_too_large", `A file may be at most ${maxFileBytes} bytes.`);
      throw err;
    }
    if (blob.size === 0 || !sniffer.type) {
      await this.store.delete(blob.id);
      throw new EvidenceLimitError("empty_file", "The file is empty.");
    }
    const stored: StoredEvidence = { ...blob, ...sniffer.type, displayName: sanitiseFileName(fileName) };
    this.files.push(stored);
    this.#total += blob.size;
    return stored;
  }

  /** Deletes every file this upload stored (the submission failed or was a duplicate). */
  async discard(): Promise<void> {
    await Promise.all(this.files.map((f) => this.store.delete(f.id)));
    this.files.length = 0;
    this.#total = 0;
  }
}

/**
 * Passes a file's bytes through, holding back the first HEAD_BYTES until the type is decided from
 * them, so that a refused type is never written; then lets the sniffer see every chunk (text must
 * stay UTF-8) and the end (polyglot check). Throwing here aborts the store's write.
 */
async function* inspect(source: AsyncIterable<Uint8Array>, sniffer: EvidenceSniffer): AsyncGenerator<Uint8Array> {
  let head: Uint8Array[] = [];
  let headLength = 0;
  let decided = false;
  const release = async function* () {
    await sniffer.decide(Buffer.concat(head));
    decided = true;
    for (const c of head) {
      sniffer.update(c);
      yield c;
    }
    head = [];
  };
  for await (const raw of source) {
    const chunk = raw instanceof Uint8Array ? raw : Buffer.from(raw as ArrayBuffer);
    if (decided) {
      sniffer.update(chunk);
      yield chunk;
      continue;
    }
    head.push(chunk);
    headLength += chunk.length;
    if (headLength >= HEAD_BYTES) yield* release();
  }
  if (!decided && headLength > 0) yield* release();
  if (decided) sniffer.finish();
}

/**
 * Deletes stored files that no report refers to and that were written before `olderThan` — those
 * left by a crash (or a lost connection) between the file's fsync and the report's commit. The
 * cut-off must lie well before any upload still in flight (an hour is plenty), or a file about to
 * be committed could be taken. Returns the ids removed.
 */
export async function sweepOrphans(client: Client, store: EvidenceStore, olderThan: Date): Promise<string[]> {
  const candidates: string[] = [];
  for await (const f of store.list()) if (f.storedAt < olderThan) candidates.push(f.id);
  const removed: string[] = [];
  for (let i = 0; i < candidates.length; i += 500) {
    const batch = candidates.slice(i, i + 500);
    const rs = await client.execute({
      sql: "SELECT id FROM report_evidence WHERE id IN (SELECT value FROM json_each(?))",
      args: [JSON.stringify(batch)],
    });
    const referenced = new Set(rs.rows.map((r) => String(r.id)));
    for (const id of batch) if (!referenced.has(id) && (await store.delete(id))) removed.push(id);
  }
  return removed;
}
