import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { operationsFeature } from "./index.ts";
import { pidFile, runningPortal } from "./pid-file.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "portal-pid-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the server's pid file", () => {
  it("is written by the feature's start() and removed by what it returns", () => {
    const stop = operationsFeature.start?.({ paths: { dataDir: dir } } as Parameters<NonNullable<typeof operationsFeature.start>>[0]);
    expect(JSON.parse(readFileSync(pidFile(dir), "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
    stop?.();
    expect(existsSync(pidFile(dir))).toBe(false);
  });

  it("names a running portal only while its process lives on this host", async () => {
    expect(runningPortal(dir)).toBeNull();
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    writeFileSync(pidFile(dir), JSON.stringify({ pid: child.pid, host: hostname(), startedAt: "2026-11-29T00:00:00Z" }));
    expect(runningPortal(dir)).toMatchObject({ pid: child.pid });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(runningPortal(dir)).toBeNull();
    // Another host's server cannot be checked from here: it counts as running.
    writeFileSync(pidFile(dir), JSON.stringify({ pid: 1, host: "another-host", startedAt: "2026-11-29T00:00:00Z" }));
    expect(runningPortal(dir)).toMatchObject({ host: "another-host" });
  });
});
