import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ntlmHasher } from "./demo.ts";
import { PasswordStore } from "./password-store.ts";
import { ImportError, importPwnedPasswords } from "./pwned-import.ts";

// fixtures/: six passwords with made-up counts, in both HIBP downloader layouts, SHA-1 and NTLM.
const fixtures = join(import.meta.dirname, "..", "fixtures");
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "breach-import-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex").toUpperCase();

async function lookup(mode: "sha1" | "ntlm", hash: string): Promise<number> {
  const store = new PasswordStore(dir);
  const r = await store.range(hash.slice(0, 5), mode);
  await store.close();
  const line = r.body
    .toString()
    .split("\r\n")
    .find((l) => l.startsWith(hash.slice(5)));
  return line ? Number(line.split(":")[1]) : 0;
}

describe("pwned-passwords importer", () => {
  it("imports the single-file layout (HASH:COUNT) of SHA-1 hashes", async () => {
    const r = await importPwnedPasswords(join(fixtures, "sha1-single.txt"), { dir });
    expect(r).toMatchObject({ mode: "sha1", layout: "file", hashes: 6 });
    expect(await lookup("sha1", sha1("password"))).toBe(9);
    expect(await lookup("sha1", sha1("matkhau"))).toBe(3);
    expect(await lookup("sha1", sha1("not in the fixture"))).toBe(0);
  });

  it("imports the one-file-per-prefix layout of SHA-1 hashes", async () => {
    const r = await importPwnedPasswords(join(fixtures, "sha1-ranges"), { dir });
    expect(r).toMatchObject({ mode: "sha1", layout: "folder", hashes: 6, files: 6 });
    expect(await lookup("sha1", sha1("123456"))).toBe(7);
  });

  it("imports NTLM in both layouts when --ntlm is given", async () => {
    const ntlm = await ntlmHasher();
    const h = ntlm("iloveyou").toString("hex").toUpperCase();
    expect(await importPwnedPasswords(join(fixtures, "ntlm-single.txt"), { dir, mode: "ntlm" })).toMatchObject({ mode: "ntlm", hashes: 6 });
    expect(await lookup("ntlm", h)).toBe(5);
    expect(await importPwnedPasswords(join(fixtures, "ntlm-ranges"), { dir, mode: "ntlm" })).toMatchObject({ layout: "folder", hashes: 6 });
    expect(await lookup("ntlm", h)).toBe(5);
  });

  it("refuses SHA-1 files when NTLM was asked for, and leaves the corpus as it was", async () => {
    await importPwnedPasswords(join(fixtures, "ntlm-single.txt"), { dir, mode: "ntlm" });
    await expect(importPwnedPasswords(join(fixtures, "sha1-single.txt"), { dir, mode: "ntlm" })).rejects.toThrow(/SHA1.*NTLM/);
    const ntlm = await ntlmHasher();
    expect(await lookup("ntlm", ntlm("qwerty").toString("hex").toUpperCase())).toBe(4);
  });

  it("names the line of a malformed or unsorted input and skips padding lines", async () => {
    const bad = join(dir, "bad.txt");
    writeFileSync(bad, `${sha1("b")}:1\nnot-a-hash:1\n`);
    await expect(importPwnedPasswords(bad, { dir })).rejects.toThrow(/line 2/);
    const [x, y] = [sha1("a"), sha1("b")].sort();
    writeFileSync(bad, `${y}:1\n${x}:1\n`);
    await expect(importPwnedPasswords(bad, { dir })).rejects.toThrow(ImportError);
    await expect(importPwnedPasswords(bad, { dir })).rejects.toThrow(/ascending/);
    writeFileSync(bad, `${x}:0\n${y}:2`);
    expect(await importPwnedPasswords(bad, { dir })).toMatchObject({ hashes: 1, skippedZero: 1 });
  });
});
