import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startMeilisearch } from "./index.ts";

describe("bundled Meilisearch", () => {
  it("starts the official binary on loopback with a master key, and stops it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "portal-meili-"));
    const meili = await startMeilisearch({ dataDir: dir });
    try {
      expect(meili.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${meili.url}/health`);
      expect(await health.json()).toEqual({ status: "available" });
      // Without the key the instance refuses; with it, it answers its version.
      expect((await fetch(`${meili.url}/version`)).status).toBe(401);
      const version = await fetch(`${meili.url}/version`, { headers: { Authorization: `Bearer ${meili.masterKey}` } });
      expect((await version.json()).pkgVersion).toBe("1.21.0");
    } finally {
      await meili.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(meili.child.exitCode !== null || meili.child.signalCode !== null).toBe(true);
    await expect(fetch(`${meili.url}/health`)).rejects.toThrow();
  });
});
