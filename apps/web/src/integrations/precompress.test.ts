import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { precompressDir } from "./precompress.ts";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("precompressDir", () => {
  it("writes .br and .gz beside compressible files, each decompressing to the original", async () => {
    dir = mkdtempSync(join(tmpdir(), "precompress-"));
    mkdirSync(join(dir, "_astro"));
    const css = ".a { color: red; }\n".repeat(300);
    const js = "export const x = [1, 2, 3].map((n) => n * 2);\n".repeat(200);
    const page = `<!doctype html><html><body>${"<p>Trang tĩnh, không có phần sống.</p>".repeat(50)}</body></html>`;
    writeFileSync(join(dir, "_astro/a.css"), css);
    writeFileSync(join(dir, "_astro/b.js"), js);
    writeFileSync(join(dir, "page.html"), page);
    const result = await precompressDir(dir);
    expect(result).toMatchObject({ files: 3, br: 3, gz: 3 });
    expect(result.bytesOut).toBeLessThan(result.bytesIn);
    for (const [f, text] of [
      ["_astro/a.css", css],
      ["_astro/b.js", js],
      ["page.html", page],
    ] as const) {
      expect(brotliDecompressSync(readFileSync(join(dir, `${f}.br`))).toString()).toBe(text);
      expect(gunzipSync(readFileSync(join(dir, `${f}.gz`))).toString()).toBe(text);
    }
  });

  it("skips what compression does not help, images, and pages with live parts", async () => {
    dir = mkdtempSync(join(tmpdir(), "precompress-"));
    writeFileSync(join(dir, "tiny.txt"), "ok\n");
    writeFileSync(join(dir, "noise.json"), randomBytes(4000).toString("base64"));
    writeFileSync(join(dir, "logo.png"), Buffer.alloc(5000));
    writeFileSync(
      join(dir, "live.html"),
      `<html><body><!--live:alert-banner:vi--><!--live:alert-banner:fill--><!--/live:alert-banner-->${"x".repeat(3000)}</body></html>`,
    );
    const result = await precompressDir(dir);
    for (const f of ["tiny.txt", "logo.png", "live.html"]) {
      expect(existsSync(join(dir, `${f}.br`)), f).toBe(false);
      expect(existsSync(join(dir, `${f}.gz`)), f).toBe(false);
    }
    // Base64 noise still shrinks by a quarter (6 bits of 8): kept, as it is worth it.
    expect(existsSync(join(dir, "noise.json.gz"))).toBe(true);
    expect(result.files).toBe(1);
  });
});
