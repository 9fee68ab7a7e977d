// Tasks behind the root npm scripts. tools/bootstrap.mjs has already provided Node 24, pnpm and
// node_modules; this file runs under that Node (TypeScript by type stripping).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(import.meta.dirname, "..");
const webDir = join(root, "apps", "web");
const stampFile = join(webDir, "dist", ".source-hash");

// No usage data leaves the machine from our tools.
process.env.ASTRO_TELEMETRY_DISABLED = "1";

function say(msg: string) {
  process.stderr.write(`\n▶ ${msg}\n`);
}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): number {
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? root, stdio: "inherit", env: opts.env ?? process.env });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    if (name === "node_modules" || name === "dist" || name === ".astro") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Hash of everything the built site depends on; the build is redone only when it changes. */
function webSourceHash(): string {
  const h = createHash("sha256");
  const files = [
    ...walk(join(webDir, "src")),
    ...walk(join(webDir, "public")),
    ...walk(join(root, "content")),
    join(webDir, "astro.config.mjs"),
    join(webDir, "package.json"),
    join(root, "pnpm-lock.yaml"),
  ];
  for (const f of files) {
    h.update(relative(root, f));
    h.update(readFileSync(f));
  }
  return h.digest("hex");
}

function buildWeb(force = false): number {
  const want = webSourceHash();
  if (!force && existsSync(stampFile) && readFileSync(stampFile, "utf8") === want) {
    say("site is up to date (apps/web/dist)");
    return 0;
  }
  say("building the site (astro build)");
  rmSync(join(webDir, "dist"), { recursive: true, force: true });
  const code = run("pnpm", ["--filter", "@portal/web", "build"]);
  if (code === 0) writeFileSync(stampFile, want);
  return code;
}

/** Debian's Chromium drives the end-to-end tests; install it when missing and we are root. */
function ensureChromium(): boolean {
  if (existsSync("/usr/bin/chromium")) return true;
  if (process.getuid?.() !== 0) {
    process.stderr.write("Chromium is missing: run `sudo apt-get install -y chromium` and try again.\n");
    return false;
  }
  say("installing Debian's chromium for the end-to-end tests (apt-get)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update", "-qq"], { env });
  return run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { env }) === 0;
}

function typecheck(): number {
  say("typecheck (tsc for every package, astro check for the site)");
  const a = run("pnpm", ["-r", "--workspace-concurrency=1", "--reporter-hide-prefix", "typecheck"]);
  const b = run("pnpm", ["exec", "tsc", "--noEmit", "-p", "."]);
  return a || b;
}

function lint(): number {
  say("lint and format check (biome)");
  return run("pnpm", ["exec", "biome", "check", "."]);
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
}

function test(args: string[]): number {
  const results: [string, number][] = [];
  const only = args.filter((a) => !a.startsWith("-"));
  if (only.length === 0) {
    results.push(["typecheck", typecheck()]);
    results.push(["lint", lint()]);
  }
  results.push(["build", buildWeb()]);
  const chromium = ensureChromium();
  results.push(["chromium", chromium ? 0 : 1]);
  say("tests (vitest: unit, integration, end-to-end)");
  const report = join(root, "test-results", "vitest.json");
  rmSync(report, { force: true });
  const vitest = run("pnpm", ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args]);
  results.push(["vitest", vitest]);
  let counts = "0 passed, 0 failed";
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, "utf8")) as VitestJson;
    counts = `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`;
  }
  const failed = results.filter(([, code]) => code !== 0).map(([name]) => name);
  process.stdout.write(`\nsteps: ${results.map(([n, c]) => `${n} ${c === 0 ? "ok" : "FAILED"}`).join(", ")}\n`);
  process.stdout.write(`summary: ${counts}\n`);
  return failed.length ? 1 : 0;
}

function serve(entry: string, args: string[]): Promise<number> {
  // Signals reach the server directly (same process group); we only wait for it.
  const child = spawn(process.execPath, [join(root, "apps", "api", "src", entry), ...args], { stdio: "inherit" });
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => child.kill(sig));
  return new Promise((res) => child.on("exit", (code) => res(code ?? 1)));
}

async function main(): Promise<number> {
  const [task, ...args] = process.argv.slice(2);
  switch (task) {
    case "start": {
      const code = buildWeb();
      if (code !== 0) return code;
      return serve("main.ts", args);
    }
    case "build":
      return buildWeb(args.includes("--force"));
    case "typecheck":
      return typecheck();
    case "lint":
      return lint();
    case "format":
      return run("pnpm", ["exec", "biome", "check", "--write", "."]);
    case "test":
      return test(args);
    case "portal":
      return serve("cli/index.ts", args);
    case "bench": {
      const benches = existsSync(join(root, "bench")) ? readdirSync(join(root, "bench")).filter((f) => f.endsWith(".ts")) : [];
      const [name, ...rest] = args;
      if (!name || !benches.includes(`${name}.ts`)) {
        process.stderr.write(
          `Usage: npm run bench -- <name>\nAvailable: ${benches.map((b) => b.replace(/\.ts$/, "")).join(", ") || "(none yet)"}\n`,
        );
        return name ? 2 : 0;
      }
      return run(process.execPath, [join(root, "bench", `${name}.ts`), ...rest]);
    }
    default:
      process.stderr.write(`Unknown task "${task}". Tasks: start, test, build, typecheck, lint, format, portal, bench.\n`);
      return 2;
  }
}

process.exitCode = await main();
