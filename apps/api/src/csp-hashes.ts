import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export interface InlineHashes {
  scripts: string[];
  styles: string[];
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/**
 * Hashes of every inline <script> and <style> in the built site. Astro inlines a few of its own
 * (the island bootstrap script and `astro-island{display:contents}`); allowing exactly these by
 * hash keeps the CSP free of 'unsafe-inline' (CSP Level 3, "hash-source"). JSON data blocks
 * (type="application/ld+json", "application/json") never execute and need no hash.
 */
export function collectInlineHashes(clientDir: string): InlineHashes {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".html")) {
        const html = readFileSync(p, "utf8");
        for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
          const attrs = m[1] ?? "";
          if (/\bsrc\s*=/i.test(attrs) || /\btype\s*=\s*["']?application\/(ld\+)?json/i.test(attrs)) continue;
          scripts.add(sha256(m[2] ?? ""));
        }
        for (const m of html.matchAll(/<style(\s[^>]*)?>([\s\S]*?)<\/style>/gi)) styles.add(sha256(m[2] ?? ""));
      }
    }
  };
  if (existsSync(clientDir)) walk(clientDir);
  return { scripts: [...scripts].sort(), styles: [...styles].sort() };
}
