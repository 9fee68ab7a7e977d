// One button vocabulary and one form vocabulary across the site (issue 11): this test reads every
// source file of the site and fails when a retired class name comes back, when a <button> is drawn
// without the kit's class, or when a stylesheet outside the kit gives a button colours of its own.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../", import.meta.url));
const THIS = fileURLToPath(import.meta.url);

function sources(dir: string, exts: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path, exts));
    else if (exts.some((e) => entry.name.endsWith(e)) && path !== THIS) out.push(path);
  }
  return out;
}
const rel = (path: string) => relative(SRC, path);

/** Class names the kit replaced: the link check's form and button names, the breach checks' and
    the console's own, and the pagers and fact lists before ui/pagination and ui/summary-list. */
const RETIRED: readonly RegExp[] = [
  /\bcheck-(?:button|input|label|hint|field-error|row|errors)(?:-[a-z]+)*\b/,
  /(?:class(?:Name)?="[^"]*|\.)\berror-message\b/,
  /\bbreach-form\s+(?:button|input|label|\.hint|\.field)\b/,
  /\bstaff-(?:link-button|filters|filter-grid)(?![-\w])/,
  /\balert-(?:filters|pager)(?![-\w])/,
  /class(?:Name)?="[^"]*\bpager\b|^\s*\.pager\b/,
  /\bdl\.facts\b|class="facts"/,
  /\bstats-(?:figure|legend|table|plot)\b/,
];

describe("the UI kit's one vocabulary", () => {
  it("has no retired form, button, pager or fact-list class name anywhere in the site's source", () => {
    const found: string[] = [];
    for (const file of sources(SRC, [".astro", ".tsx", ".ts", ".css"])) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        for (const re of RETIRED) if (re.test(line)) found.push(`${rel(file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it("draws every <button> with the kit's button class", () => {
    const found: string[] = [];
    for (const file of sources(SRC, [".astro", ".tsx"])) {
      if (rel(file) === join("ui", "button", "Button.astro")) continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/<button\b/g)) {
        // The opening tag's attributes: up to the first ">" that is not part of "=>".
        const rest = text.slice(m.index, m.index + 800);
        const end = rest.search(/[^=]>/);
        const tag = rest.slice(0, end + 2);
        if (!/(?:class|className)=(?:\{?["`]|\{\[\s*")button(?:\s|"|`)|class:list=\{\[\s*"button"/.test(tag)) {
          found.push(`${rel(file)}:${text.slice(0, m.index).split("\n").length}: ${tag.replace(/\s+/g, " ")}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it("gives buttons their colours in ui/button/button.css only", () => {
    // The file input's own button (::file-selector-button) is drawn by the file upload component.
    const allowed = new Set([join("ui", "button", "button.css"), join("ui", "file-upload", "file-upload.css")]);
    const found: string[] = [];
    for (const file of sources(SRC, [".css"])) {
      if (allowed.has(rel(file))) continue;
      const css = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
      for (const [, selector = "", body = ""] of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
        const aButton = /(?:^|[\s,>+~(])button\b|\.button\b|-button\b|type="?submit/.test(selector);
        const colours = /(?:^|;)\s*(?:background|color|border)(?:-[a-z-]+)?\s*:/.test(body);
        if (aButton && colours) found.push(`${rel(file)}: ${selector.trim()}`);
      }
    }
    expect(found).toEqual([]);
  });
});
