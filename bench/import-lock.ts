// `npm run bench -- import-lock [--links N] [--reimport]`
//
// What a large feed import costs the portal's own writes (issue 15, item 11):
// 1. Writes N generated links (default 400 000, `http://new-N.example/p/N`) to a temporary DATA_DIR
//    and migrates a fresh database there; with --reimport, imports them once first (unmeasured).
// 2. Runs `npm run portal -- import list FILE --source feed-x --verdict phishing --replace` as the
//    operator would (the CLI in a process of its own) while another process — the server, as far
//    as the database can tell: the portal's openDatabase, WAL, busy_timeout 5 000 ms — writes one
//    row every 100 ms (apps/api/src/features/operations/write-probe.ts).
// 3. Prints the import's time, and the writes: how many, how many failed, the longest and p99 wait.
// Bounded by the import; the temporary folder is deleted at the end.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { numberOption, say } from "./lib/cli.ts";

const N = numberOption("links", 400_000);
const REIMPORT = process.argv.includes("--reimport");
const CLI = join(import.meta.dirname, "..", "apps", "api", "src", "cli", "index.ts");
const PROBE = join(import.meta.dirname, "..", "apps", "api", "src", "features", "operations", "write-probe.ts");

const dir = mkdtempSync(join(tmpdir(), "bench-import-lock-"));
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, DEMO_DATA: "false", LOG_LEVEL: "warn", MEILI_URL: "" };
delete env.DATABASE_URL;
try {
  say(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; ${N.toLocaleString("en-US")} links`,
  );
  const file = join(dir, "links.txt");
  writeFileSync(file, Array.from({ length: N }, (_, i) => `http://new-${i}.example/p/${i}`).join("\n"));
  const importArgs = [CLI, "import", "list", file, "--source", "feed-x", "--verdict", "phishing", "--replace"];
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, args, { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${args.slice(1, 3).join(" ")} failed: ${r.stderr}`);
  };
  run([CLI, "migrate"]);
  if (REIMPORT) run(importArgs);

  const probe = spawn(process.execPath, [PROBE, dir], { env, stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  probe.stdout?.on("data", (b) => {
    out += b;
  });
  const probeDone = new Promise<void>((r) => probe.once("exit", () => r()));
  await new Promise((r) => setTimeout(r, 1000));
  const started = performance.now();
  const imp = spawn(process.execPath, importArgs, { env, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  imp.stderr?.on("data", (b) => {
    err += b;
  });
  const code = await new Promise<number | null>((r) => imp.once("exit", r));
  const seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  probe.stdin?.end();
  await probeDone;
  const { waits, failures } = JSON.parse(out) as { waits: { ms: number }[]; failures: string[] };
  const ms = waits.map((w) => w.ms).sort((a, b) => a - b);
  say(
    `${REIMPORT ? "re-import" : "import"} of ${N.toLocaleString("en-US")} links: ${seconds.toFixed(1)} s${code === 0 ? "" : ` — FAILED: ${err.trim()}`}`,
  );
  say(
    `other process's writes: ${ms.length}, failed ${failures.length}${failures[0] ? ` (${failures[0]})` : ""}, longest wait ${Math.round(ms.at(-1) ?? 0)} ms, p99 ${Math.round(ms[Math.floor(ms.length * 0.99)] ?? 0)} ms`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
