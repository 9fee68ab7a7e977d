import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildPasswordCorpus, ntlmHasher } from "./demo.ts";
import { CorpusWriter, isPwnedPassword, OrderError, PasswordStore, padRange } from "./password-store.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "breach-store-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex").toUpperCase();

describe("password store", () => {
  it("serves the range of a password with its suffix and count, upper-case, CRLF-separated", async () => {
    await buildPasswordCorpus(dir, ["password", "123456", "hunter2"]);
    const store = new PasswordStore(dir);
    const h = sha1("password");
    const r = await store.range(h.slice(0, 5).toLowerCase(), "sha1");
    expect(r.body.toString()).toBe(`${h.slice(5)}:1`);
    expect(r.corpus?.count).toBe(3);
    await store.close();
  });

  it("answers an empty range with an empty body, and a missing corpus the same way", async () => {
    const store = new PasswordStore(dir);
    expect((await store.range("00000", "sha1")).body.length).toBe(0);
    await buildPasswordCorpus(dir, ["password"]);
    const other = new PasswordStore(dir);
    const r = await other.range("00000", "sha1");
    expect(r.body.length).toBe(0);
    expect(r.corpus).not.toBeNull();
    await store.close();
    await other.close();
  });

  it("keeps NTLM hashes in their own corpus (MD4 of UTF-16LE)", async () => {
    await buildPasswordCorpus(dir, ["password"]);
    const ntlm = (await ntlmHasher())("password").toString("hex").toUpperCase();
    expect(ntlm).toBe("8846F7EAEE8FB117AD06BDD830B7586C");
    const store = new PasswordStore(dir);
    expect((await store.range("8846F", "ntlm")).body.toString()).toBe("7EAEE8FB117AD06BDD830B7586C:1");
    expect((await store.range("8846F", "sha1")).body.length).toBe(0);
    await store.close();
  });

  it("merges duplicate hashes by adding their counts and refuses hashes out of order", async () => {
    const w = await CorpusWriter.create(dir, "sha1");
    const a = Buffer.from(sha1("a"), "hex");
    const b = Buffer.from(sha1("b"), "hex");
    const [lo, hi] = Buffer.compare(a, b) < 0 ? [a, b] : [b, a];
    w.add(lo, 0, 2);
    w.add(lo, 0, 3);
    w.add(hi, 0, 1);
    expect(() => w.add(lo, 0, 1)).toThrow(OrderError);
    await w.finish();
    const store = new PasswordStore(dir);
    const r = await store.range(lo.toString("hex").slice(0, 5), "sha1");
    expect(r.body.toString()).toContain(`${lo.toString("hex").toUpperCase().slice(5)}:5`);
    await store.close();
  });

  it("sees a replaced corpus without a restart while the old file stays readable", async () => {
    await buildPasswordCorpus(dir, ["password"]);
    const store = new PasswordStore(dir, { recheckMs: 0 });
    const h = sha1("correct horse battery staple");
    expect((await store.range(h.slice(0, 5), "sha1")).body.length).toBe(0);
    await buildPasswordCorpus(dir, ["password", "correct horse battery staple"]);
    expect((await store.range(h.slice(0, 5), "sha1")).body.toString()).toBe(`${h.slice(5)}:1`);
    await store.close();
  });
});

describe("isPwnedPassword", () => {
  it("finds a listed password, including a non-ASCII one, and not a password the corpus lacks", async () => {
    await buildPasswordCorpus(dir, ["password", "mậtkhẩu123456"]);
    const store = new PasswordStore(dir);
    expect(await isPwnedPassword(store, "password")).toBe(true);
    expect(await isPwnedPassword(store, "mậtkhẩu123456")).toBe(true);
    expect(await isPwnedPassword(store, "correct horse battery staple")).toBe(false);
    await store.close();
  });

  it("finds nothing when there is no corpus at all", async () => {
    const store = new PasswordStore(dir);
    expect(await isPwnedPassword(store, "password")).toBe(false);
    await store.close();
  });
});

describe("padding", () => {
  it("pads to 800–1000 lines with count-0 suffixes not in the range, kept in sorted order", () => {
    const real = ["0018A45C4D1DEF81644B54AB7F969B88D65:1", "00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2"];
    const { body, lines } = padRange(Buffer.from(real.join("\r\n")), "sha1");
    const out = body.toString().split("\r\n");
    expect(out.length).toBe(lines);
    expect(lines).toBeGreaterThanOrEqual(800);
    expect(lines).toBeLessThanOrEqual(1000);
    for (const r of real) expect(out).toContain(r);
    const pads = out.filter((l) => !real.includes(l));
    expect(pads.every((l) => /^[0-9A-F]{35}:0$/.test(l))).toBe(true);
    expect(new Set(out.map((l) => l.slice(0, 35))).size).toBe(out.length);
    expect([...out].sort()).toEqual(out);
  });

  it("pads NTLM ranges with 27-digit suffixes", () => {
    const { body } = padRange(Buffer.alloc(0), "ntlm");
    expect(
      body
        .toString()
        .split("\r\n")
        .every((l) => /^[0-9A-F]{27}:0$/.test(l)),
    ).toBe(true);
  });
});

describe("an import killed while writing the corpus", () => {
  it("leaves the live corpus, and the next import deletes the dead one's temporary file (not a live one's)", async () => {
    const { spawn } = await import("node:child_process");
    const { existsSync, writeFileSync } = await import("node:fs");
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => dead.once("exit", r));
    const live = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      const abandoned = join(dir, `sha1.bin.tmp-${dead.pid}-0a0b0c0d`);
      const running = join(dir, `sha1.bin.tmp-${live.pid}-0a0b0c0d`);
      writeFileSync(abandoned, "half a corpus");
      writeFileSync(running, "another import, still running");
      const w = await CorpusWriter.create(dir, "sha1");
      await w.abort();
      expect(existsSync(abandoned)).toBe(false);
      expect(existsSync(running)).toBe(true);
    } finally {
      live.kill("SIGKILL");
    }
  });
});
