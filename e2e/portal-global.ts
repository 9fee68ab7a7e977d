import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startPortal } from "./portal.ts";

/** The real portal, started exactly as `npm start` starts it, on a free port with a fresh DATA_DIR. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), "portal-e2e-"));
  const portal = await startPortal({ DATA_DIR: dataDir });
  project.provide("portalUrl", portal.url);
  // The CLI run against the same database (e2e/staff.test.ts makes the first administrator with it).
  project.provide("portalDataDir", dataDir);
  return async () => {
    await portal.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
