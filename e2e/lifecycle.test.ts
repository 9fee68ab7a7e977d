import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startHranaTestServer } from "../packages/db/src/hrana-test-server.ts";
import { startPortal } from "./portal.ts";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the portal process", () => {
  it("starts its own Meilisearch, reports health, and stops both cleanly on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "portal-life-"));
    const portal = await startPortal({ DATA_DIR: dataDir, LOG_LEVEL: "info" });
    try {
      const health = await (await fetch(`${portal.url}/api/v1/health`)).json();
      expect(health).toMatchObject({ status: "ok", db: { status: "ok" }, search: { status: "ok" } });
      const started = portal.output.join("").match(/"msg":"bundled Meilisearch started".*?"pid":(\d+)/);
      const meiliPid = Number(started?.[1]);
      expect(alive(meiliPid)).toBe(true);
      expect(await portal.stop()).toBe(0);
      expect(alive(meiliPid)).toBe(false);
      await expect(fetch(`${portal.url}/api/v1/health`)).rejects.toThrow();
    } finally {
      await portal.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("runs unchanged against a libSQL server given by DATABASE_URL (a protocol stand-in: sqld cannot be installed here)", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "portal-remote-"));
    const remote = await startHranaTestServer(join(dataDir, "server.db"));
    const portal = await startPortal({ DATA_DIR: dataDir, DATABASE_URL: remote.url, DEMO_DATA: "false" });
    try {
      const health = await (await fetch(`${portal.url}/api/v1/health`)).json();
      expect(health).toMatchObject({ status: "ok", db: { status: "ok" } });
      const search = await (await fetch(`${portal.url}/api/v1/search?q=ma+doc`)).json();
      expect(search.hits[0].title).toBe("Dấu hiệu nhiễm mã độc và cách xử lý");
      expect(remote.seen.execute).toBeGreaterThan(0);
      expect(existsSync(join(dataDir, "portal.db"))).toBe(false); // no local database file was made
      expect(await portal.stop()).toBe(0);
    } finally {
      await portal.stop();
      await remote.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("refuses to start with a clear message when the configuration is wrong", async () => {
    const err = await startPortal({ PORT: "not-a-port", LOG_LEVEL: "loud" }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain("portal exited with 2");
    expect((err as Error).message).toContain('PORT: must be a whole number (got "not-a-port")');
    expect((err as Error).message).toContain('LOG_LEVEL: must be one of debug, info, warn, error, silent (got "loud")');
  });
});
