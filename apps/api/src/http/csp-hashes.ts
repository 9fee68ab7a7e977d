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
  const all: InlineHashes = { scripts: [], styles: [] };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".html")) {
        const h = inlineHashesOf(readFileSync(p, "utf8"));
        all.scripts.push(...h.scripts);
        all.styles.push(...h.styles);
      }
    }
  };
  if (existsSync(clientDir)) walk(clientDir);
  return mergeHashes(all);
}

/** Hashes of the inline <script> and <style> blocks of one HTML document. */
export function inlineHashesOf(html: string): InlineHashes {
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1] ?? "";
    if (/\bsrc\s*=/i.test(attrs) || /\btype\s*=\s*["']?application\/(ld\+)?json/i.test(attrs)) continue;
    scripts.push(sha256(m[2] ?? ""));
  }
  for (const m of html.matchAll(/<style(\s[^>]*)?>([\s\S]*?)<\/style>/gi)) styles.push(sha256(m[2] ?? ""));
  return { scripts, styles };
}

/** Union of several sets of hashes, sorted and without repeats. */
export function mergeHashes(...sets: InlineHashes[]): InlineHashes {
  return {
    scripts: [...new Set(sets.flatMap((s) => s.scripts))].sort(),
    styles: [...new Set(sets.flatMap((s) => s.styles))].sort(),
  };
}
