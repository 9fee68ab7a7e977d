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
  return async () => {
    await portal.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
