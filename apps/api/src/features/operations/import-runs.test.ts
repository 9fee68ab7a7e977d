// A real import in a child process (the CLI as an operator runs it), killed with SIGKILL in the
// middle of writing: the source keeps exactly its old entries, a server on the same database never
// sees a part of the new ones, and the run is recorded as never finished. Then the same import
// runs to its end and the server sees all of it at once.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";

const CLI = join(import.meta.dirname, "..", "..", "cli", "index.ts");
const OLD = 50;
const NEW = 250_000;

let deps: TestDeps;
let app: ReturnType<typeof createApp>;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  app = createApp(deps);
  env = { ...process.env, DATA_DIR: deps.paths.dataDir, DEMO_DATA: "false", LOG_LEVEL: "warn", MEILI_URL: "" };
  delete env.DATABASE_URL;
  const dir = deps.paths.dataDir;
  writeFileSync(join(dir, "old.txt"), Array.from({ length: OLD }, (_, i) => `http://old-${i}.example/login`).join("\n"));
  writeFileSync(join(dir, "new.txt"), Array.from({ length: NEW }, (_, i) => `http://new-${i}.example/p/${i}`).join("\n"));
});
afterAll(() => deps.cleanup());

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env, encoding: "utf8" });
const IMPORT = (file: string) => [
  "import",
  "list",
  join(deps.paths.dataDir, file),
  "--source",
  "feed-x",
  "--verdict",
  "phishing",
  "--replace",
];

async function sourceEntries(): Promise<string[]> {
  const rs = await deps.db.client.execute("SELECT expression FROM url_entries WHERE source = 'feed-x' ORDER BY expression");
  return rs.rows.map((r) => String(r.expression));
}
const verdict = async (url: string) =>
  ((await (await app.request(`/api/v1/url/check?url=${encodeURIComponent(url)}`)).json()) as { verdict: string }).verdict;

async function until(what: string, ok: () => boolean | Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await ok()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

describe("an import killed mid-run", () => {
  it("leaves the source's old entries exactly, and status says the run never finished", async () => {
    const first = cli(...IMPORT("old.txt"));
    expect(first.status, first.stderr).toBe(0);
    const old = await sourceEntries();
    expect(old).toHaveLength(OLD);
    await deps.urlIndex.refresh();
    expect(await verdict("http://old-7.example/login")).toBe("phishing");

    const wal = `${join(deps.paths.dataDir, "portal.db")}-wal`;
    const walBefore = statSync(wal).size;
    const child: ChildProcess = spawn(process.execPath, [CLI, ...IMPORT("new.txt")], { env, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once("exit", (_code, signal) => r(signal)));
    // Kill in the middle of the writes: once the import has written 40 MB of pages to the WAL
    // (more than its first 100 000-row statement writes, ~30 MB), or after 20 s at the latest.
    // Until then a second connection — the server's — must see the old entries only.
    const spawned = Date.now();
    await until(
      "import writing",
      async () => {
        expect((await sourceEntries()).length).toBe(OLD);
        return statSync(wal).size > walBefore + 40 * 1024 * 1024 || Date.now() - spawned > 20_000;
      },
      60_000,
    );
    // `status` answers while the import holds the write lock, and shows it running.
    const during = cli("status");
    expect(during.status, during.stderr).toBe(0);
    expect((JSON.parse(during.stdout) as { imports: Record<string, unknown>[] }).imports[0]).toMatchObject({
      source: "feed-x",
      outcome: "running",
      finishedAt: "still running",
    });
    // Meanwhile the server answers from the old state.
    await deps.urlIndex.refresh();
    expect(await verdict("http://new-1.example/p/1")).not.toBe("phishing");
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    expect(await sourceEntries()).toEqual(old);
    expect(await deps.urlIndex.refresh()).toBe(false);
    expect(await verdict("http://old-7.example/login")).toBe("phishing");
    expect(await verdict("http://new-1.example/p/1")).not.toBe("phishing");

    const status = cli("status");
    const imports = (JSON.parse(status.stdout) as { imports: Record<string, unknown>[] }).imports;
    expect(imports[0]).toMatchObject({ format: "list", source: "feed-x", outcome: "interrupted", finishedAt: "never finished" });
    expect(imports[1]).toMatchObject({ outcome: "ok", counts: { read: OLD, stored: OLD, new: OLD } });
  }, 180_000);

  it("run again to its end, replaces the source whole, and a running server sees it within its poll", async () => {
    await deps.urlIndex.get(); // the server's index is loaded and polling (every 2 s)
    const done = cli(...IMPORT("new.txt"));
    expect(done.status, done.stderr).toBe(0);
    const entries = await sourceEntries();
    expect(entries).toHaveLength(NEW);
    expect(entries.some((e) => e.startsWith("old-"))).toBe(false);
    const ms = await until("new entries served", async () => (await verdict("http://new-249999.example/p/249999")) === "phishing", 5000);
    expect(ms).toBeLessThan(5000);
    expect(await verdict("http://old-7.example/login")).not.toBe("phishing");
    const imports = (JSON.parse(cli("status").stdout) as { imports: Record<string, unknown>[] }).imports;
    expect(imports[0]).toMatchObject({ source: "feed-x", outcome: "ok", counts: { read: NEW, stored: NEW, new: NEW, removed: OLD } });
    expect(imports[1]).toMatchObject({ outcome: "interrupted" });
  }, 180_000);
});
