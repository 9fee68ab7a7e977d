#!/usr/bin/env node
// Entry point of `npm start`, `npm test`, `npm run portal`, `npm run bench` …
//
// It must run on any Node ≥ 18 with nothing but npm, so it is plain JavaScript with no
// dependencies. It makes the toolchain the project needs, inside the git-ignored `.tools/`:
//   1. Node 24 from the npm registry (package node-<platform>-<arch>) when the system Node is
//      older than 22.12 — Astro 7 and Vitest 5 need it;
//   2. the pnpm pinned in package.json#packageManager, through npm (corepack fails here on the
//      registry's signatures);
//   3. `pnpm install` with the lockfile, only when the lockfile or a manifest changed.
// Then it hands the task to tools/tasks.ts under that Node. Every step is skipped when already
// done, so a warm start costs well under a second before the task itself.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tools = join(root, ".tools");
const NODE_VERSION = "24.21.0"; // LTS line the project targets; bump deliberately.
const MIN_NODE = [22, 12, 0];
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const PNPM_VERSION = pkg.packageManager.replace(/^pnpm@/, "");

function log(msg) {
  process.stderr.write(`[setup] ${msg}\n`);
}

function fail(msg) {
  process.stderr.write(`[setup] error: ${msg}\n`);
  process.exit(1);
}

function versionAtLeast(version, min) {
  const parts = version.replace(/^v/, "").split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if (parts[i] !== min[i]) return parts[i] > min[i];
  }
  return true;
}

function npmInstallInto(prefix, spec) {
  mkdirSync(prefix, { recursive: true });
  // A private package.json keeps npm from walking up into the workspace root.
  writeFileSync(join(prefix, "package.json"), '{"private":true}\n');
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(
    npm,
    ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", prefix, spec],
    { stdio: "inherit" },
  );
  if (r.status !== 0) fail(`npm could not install ${spec} into ${prefix} (exit ${r.status}).`);
}

function ensureNode() {
  if (versionAtLeast(process.version, MIN_NODE)) return process.execPath;
  const platform = process.platform === "win32" ? "win" : process.platform;
  const pkgName = `node-${platform}-${process.arch}`;
  const dir = join(tools, "node");
  const bin = join(dir, "node_modules", pkgName, "bin", process.platform === "win32" ? "node.exe" : "node");
  const probe = existsSync(bin) ? spawnSync(bin, ["--version"], { encoding: "utf8" }) : null;
  if (probe?.stdout?.trim() === `v${NODE_VERSION}`) return bin;
  log(
    `system Node ${process.version} is older than ${MIN_NODE.join(".")}; installing Node ${NODE_VERSION} from the npm registry (${pkgName}) into .tools/node`,
  );
  npmInstallInto(dir, `${pkgName}@${NODE_VERSION}`);
  if (!existsSync(bin)) fail(`${pkgName}@${NODE_VERSION} installed but ${bin} is missing.`);
  return bin;
}

function ensurePnpm() {
  const dir = join(tools, "pnpm");
  const entry = join(dir, "node_modules", "pnpm", "bin", "pnpm.cjs");
  const manifest = join(dir, "node_modules", "pnpm", "package.json");
  if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).version === PNPM_VERSION) return entry;
  log(`installing pnpm ${PNPM_VERSION} through npm into .tools/pnpm`);
  npmInstallInto(dir, `pnpm@${PNPM_VERSION}`);
  return entry;
}

/** Writes .tools/bin/{node,pnpm} so that every child process sees the project's toolchain. */
function writeShims(nodeBin, pnpmEntry) {
  const binDir = join(tools, "bin");
  mkdirSync(binDir, { recursive: true });
  const shim = (target) => `#!/bin/sh\nexec ${target} "$@"\n`;
  writeFileSync(join(binDir, "node"), shim(`"${nodeBin}"`), { mode: 0o755 });
  writeFileSync(join(binDir, "pnpm"), shim(`"${nodeBin}" "${pnpmEntry}"`), { mode: 0o755 });
  return binDir;
}

function manifestsHash() {
  const h = createHash("sha256");
  const files = ["package.json", "pnpm-workspace.yaml", "pnpm-lock.yaml"];
  for (const group of ["apps", "packages"]) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) files.push(join(group, name, "package.json"));
  }
  for (const f of files) {
    const p = join(root, f);
    h.update(f);
    h.update(existsSync(p) ? readFileSync(p) : "-");
  }
  return h.digest("hex");
}

function ensureInstall(env) {
  const stamp = join(root, "node_modules", ".portal-install-stamp");
  const want = manifestsHash();
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) return;
  const frozen = existsSync(join(root, "pnpm-lock.yaml")) ? ["--frozen-lockfile"] : [];
  log(`installing dependencies with pnpm ${PNPM_VERSION}${frozen.length ? " (lockfile)" : ""}`);
  const r = spawnSync("pnpm", ["install", ...frozen], { cwd: root, stdio: "inherit", env });
  if (r.status !== 0)
    fail(
      `pnpm install failed (exit ${r.status}). If you changed a package.json, run \`pnpm install\` through .tools/bin to update the lockfile.`,
    );
  writeFileSync(stamp, manifestsHash());
}

const [task = "start", ...args] = process.argv.slice(2);
const nodeBin = ensureNode();
const pnpmEntry = ensurePnpm();
const binDir = writeShims(nodeBin, pnpmEntry);
const env = {
  ...process.env,
  PATH: `${binDir}${process.platform === "win32" ? ";" : ":"}${process.env.PATH ?? ""}`,
  // Type stripping runs our TypeScript directly; its notice is noise for users.
  NODE_OPTIONS: [process.env.NODE_OPTIONS, "--disable-warning=ExperimentalWarning"].filter(Boolean).join(" "),
};
ensureInstall(env);

const child = spawn(nodeBin, [join(root, "tools", "tasks.ts"), task, ...args], { cwd: root, stdio: "inherit", env });
// The terminal sends Ctrl-C to the whole process group; SIGTERM from a supervisor only to us.
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    if (sig !== "SIGINT") child.kill(sig);
  });
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
