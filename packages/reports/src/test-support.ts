// For tests: a real migrated libSQL file and a real evidence folder in a temporary directory (not
// mocks), staff accounts made through @portal/auth, and the bytes of small real files of each type.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createUser, type Role } from "@portal/auth";
import { type ReportSubmission, type ReportSubmissionInput, ReportSubmissionSchema } from "@portal/contracts";
import type { Client } from "@portal/db";
import { type TempDb, tempDb } from "@portal/db/testing";
import { EvidenceUpload, FolderEvidenceStore, type StoredEvidence } from "./evidence.ts";

export interface Env {
  db: TempDb;
  client: Client;
  store: FolderEvidenceStore;
  evidenceDir: string;
  cleanup(): void;
}

export async function testEnv(): Promise<Env> {
  const db = await tempDb("reports");
  const evidenceDir = mkdtempSync(join(tmpdir(), "portal-evidence-"));
  return {
    db,
    client: db.client,
    store: new FolderEvidenceStore(join(evidenceDir, "evidence")),
    evidenceDir: join(evidenceDir, "evidence"),
    cleanup() {
      db.cleanup();
      rmSync(evidenceDir, { recursive: true, force: true });
    },
  };
}

let staffCounter = 0;
/** A staff account (created, not enrolled: enough to be assigned and to act as an actor). */
export async function staff(client: Client, role: Role = "analyst"): Promise<string> {
  staffCounter++;
  const made = await createUser(
    client,
    { email: `analyst-${staffCounter}-${Date.now()}@example.gov.vn`, name: `Cán bộ ${staffCounter}`, role },
    { actorId: null },
  );
  if (!made.ok) throw new Error(made.reason);
  return made.user.id;
}

/** Parses a submission through the contract, failing the test when it is not valid. */
export function submission(input: Partial<ReportSubmissionInput> & { category: ReportSubmissionInput["category"] }): ReportSubmission {
  const r = ReportSubmissionSchema.safeParse({ consent: true, anonymous: true, ...input });
  if (!r.success) throw new Error(JSON.stringify(r.error.issues));
  return r.data;
}

export const scamReport = (extra: Partial<ReportSubmissionInput> = {}) =>
  submission({
    category: "scam",
    description: "Một người tự xưng là công an gọi điện, bảo tôi chuyển tiền để 'xác minh'.",
    contactMethod: "phone_call",
    phone: "0912 345 678",
    bankName: "Vietcombank",
    bankAccount: "0071 0001 23456",
    accountHolder: "NGUYEN VAN B",
    amountLost: "15.000.000",
    paymentMethod: "bank_transfer",
    occurredOn: "2026-03-01",
    ...extra,
  });

export const phishingReport = (url: string, extra: Partial<ReportSubmissionInput> = {}) =>
  submission({
    category: "phishing",
    description: "Tin nhắn giả ngân hàng gửi đường link đăng nhập.",
    url,
    contactMethod: "sms",
    ...extra,
  });

// ── Real file bytes ─────────────────────────────────────────────────────────────────────────────

const u8 = (...parts: (string | number[] | Uint8Array)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

/** A 1×1 PNG (signature, IHDR, IDAT, IEND with their CRCs). */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
/** The start of a JPEG (SOI, APP0/JFIF). */
export const JPEG = u8(
  [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10],
  "JFIF",
  [0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00],
  new Uint8Array(200),
  [0xff, 0xd9],
);
export const GIF = u8("GIF89a", [1, 0, 1, 0, 0x80, 0, 0], new Uint8Array(20), ";");
export const PDF = u8("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
/** A WAV header (RIFF/WAVE, fmt chunk) and a little silence. */
export const WAV = (() => {
  const data = new Uint8Array(400);
  const b = Buffer.alloc(44);
  b.write("RIFF", 0, "latin1");
  b.writeUInt32LE(36 + data.length, 4);
  b.write("WAVEfmt ", 8, "latin1");
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36, "latin1");
  b.writeUInt32LE(data.length, 40);
  return Buffer.concat([b, data]);
})();
/** An MP3 with an ID3v2 tag, then an MPEG-1 Layer III frame header. */
export const MP3 = u8("ID3", [4, 0, 0, 0, 0, 0, 10], new Uint8Array(10), [0xff, 0xfb, 0x90, 0x64], new Uint8Array(400));
/** An iPhone voice memo's start: an ISO BMFF ftyp box of brand "M4A ". */
export const M4A = u8([0, 0, 0, 0x20], "ftypM4A ", [0, 0, 0, 0], "M4A mp42isom", [0, 0, 0, 0], new Uint8Array(100));
/** An Ogg page carrying an OpusHead (Zalo and Telegram voice notes). */
export const OPUS = u8(
  "OggS",
  [0, 2],
  new Uint8Array(20),
  [1, 0x13],
  "OpusHead",
  [1, 1, 0x38, 1, 0x80, 0xbb, 0, 0, 0, 0, 0],
  new Uint8Array(100),
);
/** A ZIP whose first entry is a Java manifest: what file-type calls a JAR. */
export const JAR = (() => {
  const name = "META-INF/MANIFEST.MF";
  const content = "Manifest-Version: 1.0\r\n";
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(10, 4);
  h.writeUInt32LE(content.length, 18);
  h.writeUInt32LE(content.length, 22);
  h.writeUInt16LE(name.length, 26);
  return Buffer.concat([h, Buffer.from(name), Buffer.from(content)]);
})();
/** A ZIP end-of-central-directory record with no comment (what makes "<image> + zip" open as a ZIP). */
export const ZIP_EOCD = (() => {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  return b;
})();
export const EXE = u8("MZ", [0x90, 0, 3, 0, 0, 0, 4, 0], new Uint8Array(100));
export const EML = Buffer.from(
  'Return-Path: <no-reply@vietc0mbank.com>\r\nFrom: "Vietcombank" <no-reply@vietc0mbank.com>\r\nTo: ban@example.vn\r\nSubject: Tai khoan cua quy khach bi khoa\r\n' +
    "Date: Sat, 28 Nov 2026 09:00:00 +0700\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVui lòng đăng nhập tại http://vietc0mbank.com để mở khoá.\r\n",
);
export const TEXT = Buffer.from("Tin nhắn lừa đảo:\nQuý khách trúng thưởng 100.000.000đ, bấm vào link để nhận.\n");

/** The bytes, in chunks of `size`, as a stream. */
export async function* stream(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/**
 * `total` bytes starting with `head` (zeros after it), produced lazily; `pulled` counts what the
 * consumer actually read, so a test can see that a refused upload stopped early.
 */
export function lazyStream(head: Uint8Array, total: number, counter: { pulled: number }, size = 64 * 1024): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < total; i += size) {
        const n = Math.min(size, total - i);
        const chunk = new Uint8Array(n);
        if (i < head.length) chunk.set(head.subarray(i, i + n));
        counter.pulled += n;
        yield chunk;
      }
    },
  };
}

/** Stores the given files through a real upload, as the HTTP layer will. */
export async function upload(store: FolderEvidenceStore, files: { bytes: Uint8Array; name?: string }[]): Promise<StoredEvidence[]> {
  const u = new EvidenceUpload(store);
  for (const f of files) await u.add(stream(f.bytes), f.name ?? null);
  return [...u.files];
}
