// Brotli and gzip copies of the built site's text files, made once at build time, so the server
// (apps/api/src/site/static-files.ts) sends them as they are instead of compressing on every
// request. Each `name.css` gets `name.css.br` and `name.css.gz` beside it, at the strongest
// settings (the build pays for them once), but only where they are smaller by at least 5 %: a
// 100-byte file or an already compressed format gains nothing.
//
// Pages with live parts (`<!--live:` markers, filled by the API as each page is sent, see
// apps/api/src/site/live.ts) are left out: their bytes change when they are filled, so a copy
// made here could never be sent; the server compresses the filled page and keeps the result.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { AstroIntegration } from "astro";

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Extensions of files that compress well (text); images, fonts and the like are already compressed. */
export const COMPRESSIBLE = new Set([".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg", ".webmanifest", ".map", ".ico"]);
/** A copy is kept only when it is at most this share of the original. */
const WORTH = 0.95;
const LIVE_MARKER = "<!--live:";

export interface PrecompressResult {
  /** Files that got at least one compressed copy. */
  files: number;
  br: number;
  gz: number;
  /** Bytes of the originals that got a copy, and of their smallest copies. */
  bytesIn: number;
  bytesOut: number;
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) yield* walk(full);
    else if (e.isFile()) yield full;
  }
}

/** Writes `.br` and `.gz` beside every compressible file under `dir` where they help. */
export async function precompressDir(dir: string): Promise<PrecompressResult> {
  const result: PrecompressResult = { files: 0, br: 0, gz: 0, bytesIn: 0, bytesOut: 0 };
  const files: string[] = [];
  for await (const f of walk(dir)) if (COMPRESSIBLE.has(extname(f).toLowerCase())) files.push(f);
  const one = async (file: string) => {
    const bytes = await readFile(file);
    if (extname(file) === ".html" && bytes.includes(LIVE_MARKER)) return;
    const [br, gz] = await Promise.all([
      brotliAsync(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
      gzipAsync(bytes, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    let smallest = bytes.length;
    if (br.length <= bytes.length * WORTH) {
      await writeFile(`${file}.br`, br);
      result.br++;
      smallest = Math.min(smallest, br.length);
    }
    if (gz.length <= bytes.length * WORTH) {
      await writeFile(`${file}.gz`, gz);
      result.gz++;
      smallest = Math.min(smallest, gz.length);
    }
    if (smallest < bytes.length) {
      result.files++;
      result.bytesIn += bytes.length;
      result.bytesOut += smallest;
    }
  };
  // Two at a time: zlib works in libuv's thread pool, and the machine has few cores.
  for (let i = 0; i < files.length; i += 2) await Promise.all(files.slice(i, i + 2).map(one));
  return result;
}

/** The Astro integration: precompresses the client build once it is written. */
export function precompress(): AstroIntegration {
  return {
    name: "portal-precompress",
    hooks: {
      // With on-demand pages, `dir` is the client build (dist/client).
      "astro:build:done": async ({ dir, logger }) => {
        const r = await precompressDir(fileURLToPath(dir));
        logger.info(
          `${r.files} files precompressed (${r.br} .br, ${r.gz} .gz): ${Math.round(r.bytesIn / 1024)} kB → ${Math.round(r.bytesOut / 1024)} kB`,
        );
      },
    },
  };
}
