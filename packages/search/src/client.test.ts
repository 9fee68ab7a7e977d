import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMeilisearch } from "@portal/meili";
import { describe, expect, it } from "vitest";
import { createSearchClient } from "./index.ts";

describe("search client health", () => {
  it("is ok against a real Meilisearch, and down with a wrong key or once it stops", async () => {
    const dir = mkdtempSync(join(tmpdir(), "portal-search-"));
    const meili = await startMeilisearch({ dataDir: dir });
    try {
      const good = createSearchClient({ url: meili.url, masterKey: meili.masterKey });
      expect(await good.health()).toMatchObject({ status: "ok", version: "1.21.0" });
      const wrongKey = createSearchClient({ url: meili.url, masterKey: "not-the-key-at-all" });
      expect(await wrongKey.health()).toMatchObject({ status: "down" });
      await meili.stop();
      expect(await good.health()).toMatchObject({ status: "down", error: "ECONNREFUSED" });
    } finally {
      await meili.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
