import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lockFile, startMeilisearch, superviseMeilisearch } from "./index.ts";

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

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const until = async (what: () => boolean | Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await what()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

describe("the bundled Meilisearch's lifecycle", () => {
  it("exits when the process that started it is killed with SIGKILL", async () => {
    const dir = mkdtempSync(join(tmpdir(), "portal-meili-orphan-"));
    const script = `import(${JSON.stringify(new URL("./index.ts", import.meta.url).href)}).then(async (m) => { const p = await m.startMeilisearch({ dataDir: ${JSON.stringify(dir)} }); console.log("PID " + p.pid); setInterval(() => {}, 1000); });`;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const pid = await new Promise<number>((res, rej) => {
        parent.stdout?.on("data", (b: Buffer) => {
          const m = /PID (\d+)/.exec(b.toString());
          if (m) res(Number(m[1]));
        });
        parent.once("exit", () => rej(new Error("the parent exited first")));
      });
      expect(alive(pid)).toBe(true);
      parent.kill("SIGKILL");
      expect(await until(() => !alive(pid), 10_000)).toBe(true);
    } finally {
      parent.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stops a stale instance still running on the same data directory before starting", async () => {
    const dir = mkdtempSync(join(tmpdir(), "portal-meili-stale-"));
    const stale = await startMeilisearch({ dataDir: dir });
    try {
      expect(readFileSync(lockFile(dir), "utf8").trim()).toBe(String(stale.pid));
      const fresh = await startMeilisearch({ dataDir: dir });
      try {
        expect(await until(() => !alive(stale.pid), 10_000)).toBe(true);
        expect((await fetch(`${fresh.url}/health`)).ok).toBe(true);
      } finally {
        await fresh.stop();
      }
    } finally {
      await stale.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is started again on the same address after it dies, while supervised", async () => {
    const dir = mkdtempSync(join(tmpdir(), "portal-meili-restart-"));
    const events: string[] = [];
    const meili = await superviseMeilisearch({ dataDir: dir, backoffMs: 100, onEvent: (e) => events.push(e.kind) });
    try {
      const first = meili.pid;
      process.kill(first, "SIGKILL");
      expect(await until(() => meili.restarts === 1, 20_000)).toBe(true);
      expect(meili.pid).not.toBe(first);
      expect((await fetch(`${meili.url}/health`)).ok).toBe(true);
      expect(events).toEqual(["exited", "restarted"]);
    } finally {
      await meili.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
