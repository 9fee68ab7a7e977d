import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EVIDENCE_MAX_FILE_BYTES, EVIDENCE_NAME_MAX } from "@portal/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EvidenceLimitError, EvidenceUpload, newEvidenceId, sweepOrphans } from "./evidence.ts";
import { submitReport } from "./intake.ts";
import { downloadName, EvidenceTypeError, sanitiseFileName } from "./sniff.ts";
import {
  EML,
  type Env,
  EXE,
  GIF,
  JAR,
  JPEG,
  lazyStream,
  M4A,
  MP3,
  OPUS,
  PDF,
  PNG,
  scamReport,
  stream,
  TEXT,
  testEnv,
  WAV,
  ZIP_EOCD,
} from "./test-support.ts";

let env: Env;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.cleanup());

const filesOnDisk = () => {
  try {
    return readdirSync(env.evidenceDir);
  } catch {
    return [];
  }
};
const MB = 1024 * 1024;

async function refusal(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a refusal");
}

describe("evidence types, decided from the bytes", () => {
  it.each([
    ["a PNG", PNG, "image/png", "png", "image"],
    ["a JPEG", JPEG, "image/jpeg", "jpg", "image"],
    ["a GIF", GIF, "image/gif", "gif", "image"],
    ["a PDF", PDF, "application/pdf", "pdf", "pdf"],
    ["an MP3 with an ID3 tag", MP3, "audio/mpeg", "mp3", "audio"],
    ["an M4A voice memo", M4A, "audio/x-m4a", "m4a", "audio"],
    ["an Opus voice note", OPUS, "audio/ogg; codecs=opus", "opus", "audio"],
    ["a WAV recording", WAV, "audio/wav", "wav", "audio"],
    ["plain UTF-8 text", TEXT, "text/plain; charset=utf-8", "txt", "text"],
    ["a saved e-mail", EML, "message/rfc822", "eml", "email"],
  ])("accepts %s", async (_what, bytes, mime, ext, kind) => {
    const u = new EvidenceUpload(env.store);
    const f = await u.add(stream(bytes), "ten-bat-ky.bin");
    expect(f).toMatchObject({ mime, ext, kind, size: bytes.length, displayName: "ten-bat-ky.bin" });
  });

  it("decides by content, never by the name: a PNG called .pdf is a PNG, text called .eml is text", async () => {
    const u = new EvidenceUpload(env.store);
    expect((await u.add(stream(PNG), "hoa-don.pdf")).mime).toBe("image/png");
    expect((await u.add(stream(TEXT), "thu.eml")).kind).toBe("text");
  });

  it("refuses an executable and names what it is, leaving nothing on disk", async () => {
    const err = await refusal(new EvidenceUpload(env.store).add(stream(EXE), "anh.jpg"));
    expect(err).toBeInstanceOf(EvidenceTypeError);
    expect((err as EvidenceTypeError).detected).toBe("application/x-msdownload");
    expect(filesOnDisk()).toEqual([]);
  });

  it("refuses binary content with no known signature (not UTF-8), and text with NUL bytes", async () => {
    const random = createHash("sha512").update("x").digest();
    expect(await refusal(new EvidenceUpload(env.store).add(stream(random), "ghi-am.mp3"))).toBeInstanceOf(EvidenceTypeError);
    const nul = Buffer.concat([Buffer.from("Nội dung "), Buffer.from([0]), Buffer.from(" tiếp")]);
    expect(await refusal(new EvidenceUpload(env.store).add(stream(nul), "a.txt"))).toBeInstanceOf(EvidenceTypeError);
    expect(filesOnDisk()).toEqual([]);
  });

  it("refuses text that stops being UTF-8 past the first 64 kB, while streaming", async () => {
    const bytes = Buffer.concat([Buffer.from("a".repeat(200_000)), Buffer.from([0xc3, 0x28]), Buffer.from("b".repeat(1000))]);
    const err = await refusal(new EvidenceUpload(env.store).add(stream(bytes, 4096), "log.txt"));
    expect(err).toBeInstanceOf(EvidenceTypeError);
    expect(filesOnDisk()).toEqual([]);
  });

  it("refuses a polyglot: a 'PDF' that file-type sees is really a JAR (it starts as a ZIP)", async () => {
    const fake = Buffer.concat([JAR, Buffer.from("\n%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n")]);
    const err = await refusal(new EvidenceUpload(env.store).add(stream(fake), "hoa-don.pdf"));
    expect((err as EvidenceTypeError).detected).toBe("application/java-archive");
    expect(filesOnDisk()).toEqual([]);
  });

  it("refuses a polyglot: an image or a PDF with a ZIP appended (GIFAR, PDF+JAR), and text hiding a PDF header", async () => {
    const gifar = Buffer.concat([JPEG, JAR, ZIP_EOCD]);
    expect((await refusal(new EvidenceUpload(env.store).add(stream(gifar), "anh.jpg"))).message).toMatch(/zip/i);
    const pdfJar = Buffer.concat([PDF, JAR, ZIP_EOCD]);
    expect((await refusal(new EvidenceUpload(env.store).add(stream(pdfJar), "hoa-don.pdf"))).message).toMatch(/zip/i);
    const textPdf = Buffer.concat([Buffer.from("xin chao\n"), PDF]);
    expect((await refusal(new EvidenceUpload(env.store).add(stream(textPdf), "ghi-chu.txt"))).message).toMatch(/pdf/i);
    expect(filesOnDisk()).toEqual([]);
  });

  it("tells an e-mail from text by its RFC 5322 header, not by a line that merely has a colon", async () => {
    const u = new EvidenceUpload(env.store);
    expect((await u.add(stream(Buffer.from("Ghi chú: gọi lúc 9 giờ\nSố: 0912345678\n")))).kind).toBe("text");
    expect((await u.add(stream(EML))).kind).toBe("email");
  });
});

describe("evidence limits, enforced while streaming", () => {
  it("stops a 10 MB + 1 byte file as soon as it passes the limit, and leaves no file", async () => {
    const counter = { pulled: 0 };
    const source = lazyStream(JPEG, EVIDENCE_MAX_FILE_BYTES + 1 + 20 * MB, counter);
    const err = await refusal(new EvidenceUpload(env.store).add(source, "big.jpg"));
    expect(err).toBeInstanceOf(EvidenceLimitError);
    expect((err as EvidenceLimitError).reason).toBe("file_too_large");
    // Read up to the chunk that crossed the limit, not the 20 MB after it.
    expect(counter.pulled).toBeLessThanOrEqual(EVIDENCE_MAX_FILE_BYTES + 64 * 1024);
    expect(filesOnDisk()).toEqual([]);
  });

  it("takes a file of exactly 10 MB", async () => {
    const f = await new EvidenceUpload(env.store).add(lazyStream(JPEG, EVIDENCE_MAX_FILE_BYTES, { pulled: 0 }), "exact.jpg");
    expect(f.size).toBe(EVIDENCE_MAX_FILE_BYTES);
  });

  it("refuses a sixth file before reading it", async () => {
    const u = new EvidenceUpload(env.store);
    for (let i = 0; i < 5; i++) await u.add(stream(PNG), `${i}.png`);
    const counter = { pulled: 0 };
    const err = await refusal(u.add(lazyStream(PNG, 1000, counter), "6.png"));
    expect((err as EvidenceLimitError).reason).toBe("too_many_files");
    expect(counter.pulled).toBe(0);
    expect(filesOnDisk()).toHaveLength(5);
  });

  it("refuses 31 MB in all: three 10 MB files pass, a 1 MB fourth breaks the 30 MB total", async () => {
    const u = new EvidenceUpload(env.store);
    for (let i = 0; i < 3; i++) await u.add(lazyStream(JPEG, 10 * MB, { pulled: 0 }), `${i}.jpg`);
    const err = await refusal(u.add(lazyStream(JPEG, 1 * MB, { pulled: 0 }), "3.jpg"));
    expect((err as EvidenceLimitError).reason).toBe("total_too_large");
    expect(filesOnDisk()).toHaveLength(3);
    await u.discard();
    expect(filesOnDisk()).toEqual([]);
  });

  it("refuses an empty file", async () => {
    expect(((await refusal(new EvidenceUpload(env.store).add(stream(Buffer.alloc(0)), "empty.txt"))) as EvidenceLimitError).reason).toBe(
      "empty_file",
    );
    expect(filesOnDisk()).toEqual([]);
  });
});

describe("file names", () => {
  it("stores files under server-made names only, whatever the upload was called", async () => {
    const u = new EvidenceUpload(env.store);
    const f = await u.add(stream(PNG), "../../../etc/passwd");
    expect(filesOnDisk()).toEqual([f.id]);
    expect(f.id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    expect(f.displayName).toBe("passwd");
  });

  it("keeps a path-traversal name as harmless display text: no separators, no controls, no bidi overrides", () => {
    expect(sanitiseFileName("..\\..\\windows\\system32\\evil.png")).toBe("evil.png");
    expect(sanitiseFileName("C:\\Users\\An\\Ảnh chụp.png")).toBe("Ảnh chụp.png");
    expect(sanitiseFileName("hoa\u0000don\n.pdf")).toBe("hoadon.pdf");
    expect(sanitiseFileName("anh\u202Egpj.exe")).toBe("anhgpj.exe");
    expect(sanitiseFileName("..")).toBeNull();
    expect(sanitiseFileName("/")).toBeNull();
    expect(sanitiseFileName(undefined)).toBeNull();
  });

  it("cuts a 1000-character name to 200, keeping the extension, and stores the file safely", async () => {
    const long = `${"ả".repeat(1000)}.png`;
    const f = await new EvidenceUpload(env.store).add(stream(PNG), long);
    expect(f.displayName?.length).toBe(EVIDENCE_NAME_MAX);
    expect(f.displayName?.endsWith(".png")).toBe(true);
    expect(filesOnDisk()).toEqual([f.id]);
  });

  it("offers downloads under the real type's extension", () => {
    expect(downloadName("hoa-don.pdf.exe", "x", "png")).toBe("hoa-don.pdf.png");
    expect(downloadName("anh.PNG", "x", "png")).toBe("anh.PNG");
    expect(downloadName(null, "abc", "pdf")).toBe("evidence-abc.pdf");
  });
});

describe("durability and orphans", () => {
  it("keeps every file of a submitted report on disk with the SHA-256 recorded for it", async () => {
    const u = new EvidenceUpload(env.store);
    const originals = [PNG, PDF, MP3];
    for (const [i, b] of originals.entries()) await u.add(stream(b, 100), `f${i}`);
    const made = await submitReport(env.client, env.store, scamReport(), u.files);
    expect(made.ok).toBe(true);
    const rows = await env.client.execute("SELECT id, sha256, size FROM report_evidence ORDER BY size");
    expect(rows.rows).toHaveLength(3);
    for (const r of rows.rows) {
      const bytes = readFileSync(join(env.evidenceDir, String(r.id)));
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(r.sha256);
      expect(originals.some((o) => createHash("sha256").update(o).digest("hex") === r.sha256)).toBe(true);
      expect(bytes.length).toBe(Number(r.size));
    }
    // Readable through the store, too.
    const opened = await env.store.open(String(rows.rows[0]?.id));
    const chunks: Buffer[] = [];
    for await (const c of opened?.stream ?? []) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).length).toBe(Number(rows.rows[0]?.size));
  });

  it("after a real SIGKILL between the files' fsync and the commit, keeps the acknowledged report whole and sweeps the orphans", async () => {
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(new URL("./testing/crash-child.ts", import.meta.url)), env.db.url, env.evidenceDir],
      {
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(child.signal).toBe("SIGKILL");
    const ack = JSON.parse(child.stdout) as { trackingCode: string; files: string[]; orphans: string[] };
    // A half-written upload from the same crash.
    const partial = newEvidenceId();
    writeFileSync(join(env.evidenceDir, `${partial}.part`), "half");

    // Another process opens the database after the crash: the acknowledged report and its file are
    // there, intact; the crashed one is not; the database is sound.
    const after = await env.db.other();
    expect((await after.client.execute("PRAGMA integrity_check")).rows[0]?.integrity_check).toBe("ok");
    const reports = await after.client.execute("SELECT tracking_code FROM reports");
    expect(reports.rows.map((r) => r.tracking_code)).toEqual([ack.trackingCode]);
    const ev = await after.client.execute("SELECT id, sha256 FROM report_evidence");
    expect(ev.rows.map((r) => r.id)).toEqual(ack.files);
    const bytes = readFileSync(join(env.evidenceDir, ack.files[0] as string));
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(ev.rows[0]?.sha256);
    expect(filesOnDisk().sort()).toEqual([...ack.files, ...ack.orphans, `${partial}.part`].sort());

    // Files newer than the cut-off are never touched (an upload may be about to commit)…
    expect(await sweepOrphans(after.client, env.store, new Date(Date.now() - 60 * 60 * 1000))).toEqual([]);
    // …and once they are older, only the orphans go.
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const name of filesOnDisk()) utimesSync(join(env.evidenceDir, name), old, old);
    const removed = await sweepOrphans(after.client, env.store, new Date(Date.now() - 60 * 60 * 1000));
    expect(removed.sort()).toEqual([...ack.orphans, partial].sort());
    expect(filesOnDisk()).toEqual(ack.files);
    expect(statSync(join(env.evidenceDir, ack.files[0] as string)).size).toBe(bytes.length);
  });
});
