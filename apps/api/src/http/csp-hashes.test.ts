import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectInlineHashes } from "./csp-hashes.ts";
import { contentSecurityPolicy } from "./security.ts";

describe("CSP hashes of the built site's inline code", () => {
  it("hashes inline scripts and styles, and skips external scripts and JSON data blocks", () => {
    const dir = mkdtempSync(join(tmpdir(), "portal-csp-"));
    try {
      mkdirSync(join(dir, "en"));
      writeFileSync(
        join(dir, "en", "index.html"),
        `<html><head><style>astro-island{display:contents}</style><script type="module" src="/_astro/a.js"></script>
         <script type="application/ld+json">{"@context":"https://schema.org"}</script></head><body><script>alert(1)</script></body></html>`,
      );
      writeFileSync(join(dir, "index.html"), "<script>alert(1)</script>");
      const hashes = collectInlineHashes(dir);
      // Values checked against `printf %s 'alert(1)' | openssl dgst -sha256 -binary | base64`.
      expect(hashes.scripts).toEqual(["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"]);
      expect(hashes.styles).toEqual(["'sha256-NHlh9F/aC2wjFUNnvlwAAscEyJ8tZpqm7bCeb+ZUZog='"]);
      const csp = contentSecurityPolicy(hashes);
      // 'wasm-unsafe-eval' admits WebAssembly compilation only (the file check's hashing), not eval or inline code.
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toMatch(/'unsafe-eval'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finds nothing in a site without inline code", () => {
    expect(collectInlineHashes("/nonexistent-dir")).toEqual({ scripts: [], styles: [] });
  });
});
