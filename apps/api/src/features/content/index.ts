// Guidance, legal texts and the tools' entries in search: owns their search documents. The pages
// themselves are prerendered by the site from content/; this feature has no routes and may not
// write to the content.
import { readFile } from "node:fs/promises";
import type { SearchDocument } from "@portal/search";
import type { Deps } from "../../deps.ts";
import type { Feature } from "../types.ts";
import { toolSearchDocuments } from "./tools.ts";

/**
 * The guidance and legal texts, as the site build wrote them (apps/web/src/pages/search-index.json.ts):
 * the same Markdown the pages are built from, so search and pages never disagree.
 */
async function builtContent(deps: Deps): Promise<SearchDocument[]> {
  const file = deps.paths.searchIndexFile;
  try {
    return JSON.parse(await readFile(file, "utf8")) as SearchDocument[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new Error(`Cannot read ${file}: ${(err as Error).message}. Rebuild the site with \`npm run build\`.`);
  }
}

export const contentFeature: Feature = {
  name: "content",
  searchSources: [
    { type: "guidance", load: async (deps) => (await builtContent(deps)).filter((d) => d.type === "guidance") },
    { type: "legal", load: async (deps) => (await builtContent(deps)).filter((d) => d.type === "legal") },
    // The tools with their best-bet keywords (tools.ts): written here, not in the site build, so
    // they are searchable even before the site is built.
    { type: "tool", load: async () => toolSearchDocuments() },
  ],
};
