// Deciding what an evidence file is from its bytes alone (issue 13: "type decided by magic bytes …
// never by name or claimed type"). Binary formats by file-type's signatures on the first bytes;
// plain text and e-mail, which have no signature, only when the whole content is valid UTF-8 with
// no control characters but tab, LF, FF and CR. Everything else is refused, naming what was seen.
import { EVIDENCE_NAME_MAX, EVIDENCE_TYPES, type EvidenceKind } from "@portal/contracts";
import { fileTypeFromBuffer } from "file-type";

export interface EvidenceType {
  mime: string;
  ext: string;
  kind: EvidenceKind;
}

/** Bytes looked at for the signature. file-type needs 4100 for most formats; more lets it see past a large ID3 tag or EXIF block. */
export const HEAD_BYTES = 64 * 1024;
/** A ZIP's end-of-central-directory record is in the last 22 + 65 535 bytes (APPNOTE.TXT 4.3.16). */
const TAIL_BYTES = 22 + 0xffff;

export class EvidenceTypeError extends Error {
  override name = "EvidenceTypeError";
  /** What the content is, as far as we could tell ("application/zip", "image/svg+xml", "binary data"). */
  readonly detected: string;
  constructor(detected: string, message?: string) {
    super(message ?? `Files of this type are not accepted as evidence (the content is ${detected}).`);
    this.detected = detected;
  }
}

const BY_MIME = new Map(EVIDENCE_TYPES.map((t) => [t.mime, t]));
const TEXT = BY_MIME.get("text/plain; charset=utf-8") as EvidenceType;
const EMAIL = BY_MIME.get("message/rfc822") as EvidenceType;

/** RFC 5322 §2.2: a field name is printable US-ASCII except ":", then ":". */
const HEADER_LINE = /^[!-9;-~]+:/;
/** Fields every delivered or saved message has at least one of. */
const MAIL_FIELDS = /^(from|received|return-path|delivered-to|message-id|date|subject|to|mime-version):/i;

/**
 * An e-mail as saved from a mail program (.eml): the text opens with header lines (RFC 5322 §2.1–2.2,
 * folded lines allowed), among them at least two of the fields a real message carries, up to the
 * blank line that ends the header.
 */
function looksLikeEmail(head: string): boolean {
  const lines = head.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (!HEADER_LINE.test(lines[0] ?? "")) return false;
  let known = 0;
  for (const line of lines) {
    if (line === "") return known >= 2;
    if (/^[ \t]/.test(line)) continue; // folded continuation
    if (!HEADER_LINE.test(line)) return false;
    if (MAIL_FIELDS.test(line)) known++;
  }
  // The header did not end within the head: decide on what was seen.
  return known >= 2;
}

/** True when `s` has a C0 control other than TAB, LF, FF and CR, or DEL: what text never contains. */
function hasBadControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/** C0 and C1 controls and DEL, and the bidirectional marks and overrides that make "gpj.exe" read "exe.jpg". */
const isUnsafeInName = (c: number) =>
  c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);

/**
 * Watches one file's bytes as they stream past: `decide` on the head (the first HEAD_BYTES, or the
 * whole file when shorter) gives the type or throws; `update` sees every chunk (text must stay
 * valid); `finish` makes the checks that need the end.
 */
export class EvidenceSniffer {
  type: EvidenceType | null = null;
  #decoder: TextDecoder | null = null;
  #tail: Buffer = Buffer.alloc(0);

  async decide(head: Uint8Array): Promise<EvidenceType> {
    const found = head.length > 0 ? await fileTypeFromBuffer(head) : undefined;
    if (found) {
      const t = BY_MIME.get(found.mime);
      if (!t) throw new EvidenceTypeError(found.mime);
      this.type = t;
      return t;
    }
    // No signature: text or e-mail, or nothing we accept.
    this.#decoder = new TextDecoder("utf-8", { fatal: true });
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    } catch {
      throw new EvidenceTypeError("binary data");
    }
    if (hasBadControl(text)) throw new EvidenceTypeError("binary data");
    // A PDF reader finds "%PDF-" anywhere in the first 1024 bytes: text that does is a PDF in disguise.
    if (text.slice(0, 1024).includes("%PDF-")) throw new EvidenceTypeError("application/pdf (not at the start: a polyglot)");
    this.type = looksLikeEmail(text) ? EMAIL : TEXT;
    return this.type;
  }

  update(chunk: Uint8Array): void {
    if (this.#decoder) {
      let s: string;
      try {
        s = this.#decoder.decode(chunk, { stream: true });
      } catch {
        throw new EvidenceTypeError("binary data", "The file is not text: it is not valid UTF-8.");
      }
      if (hasBadControl(s)) throw new EvidenceTypeError("binary data", "The file is not text: it contains control characters.");
      return;
    }
    const joined = Buffer.concat([this.#tail, chunk]);
    this.#tail = joined.length > TAIL_BYTES ? joined.subarray(joined.length - TAIL_BYTES) : joined;
  }

  finish(): void {
    if (this.#decoder) {
      try {
        this.#decoder.decode();
      } catch {
        throw new EvidenceTypeError("binary data", "The file is not text: it ends inside a UTF-8 character.");
      }
      return;
    }
    if (hasZipDirectoryAtEnd(this.#tail)) throw new EvidenceTypeError("application/zip (appended to an accepted type: a polyglot)");
  }
}

/**
 * True when the file ends with a ZIP end-of-central-directory record: a ZIP (or JAR) appended to an
 * image or PDF, which archive tools and Java open as a ZIP (the "GIFAR" polyglot). The record's
 * comment length must reach exactly to the end of the file, so stray bytes in compressed data do
 * not count.
 */
function hasZipDirectoryAtEnd(tail: Buffer): boolean {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) {
      const commentLength = tail.readUInt16LE(i + 20);
      if (i + 22 + commentLength === tail.length) return true;
    }
  }
  return false;
}

/**
 * The original file name, kept as display text only (files are stored under server-made names):
 * the last path component (either separator), NFC, control and bidirectional-override characters
 * removed, at most EVIDENCE_NAME_MAX characters keeping the extension. Null when nothing is left.
 */
export function sanitiseFileName(name: string | null | undefined): string | null {
  if (typeof name !== "string") return null;
  let s = name.normalize("NFC");
  s = s.split(/[/\\]/).pop() ?? "";
  s = Array.from(s)
    .filter((ch) => !isUnsafeInName(ch.charCodeAt(0)))
    .join("")
    .trim();
  if (s === "" || s === "." || s === "..") return null;
  if (s.length > EVIDENCE_NAME_MAX) {
    const dot = s.lastIndexOf(".");
    const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : "";
    s = s.slice(0, EVIDENCE_NAME_MAX - ext.length) + ext;
    // The cut may have split a surrogate pair (an emoji): drop the lone half.
    s = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "");
  }
  return s;
}

/**
 * The name a download is offered under: the display name with the extension of the type the
 * content really is ("hoa-don.pdf.exe" that is a PNG downloads as "hoa-don.pdf.png").
 */
export function downloadName(displayName: string | null, id: string, ext: string): string {
  const base = displayName ?? `evidence-${id}`;
  return base.toLowerCase().endsWith(`.${ext}`) ? base : `${base.replace(/\.(exe|bat|cmd|com|scr|js|vbs|msi|ps1|hta|lnk)$/i, "")}.${ext}`;
}
