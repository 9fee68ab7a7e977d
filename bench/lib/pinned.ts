// Processes for the load benchmarks: the real portal (apps/api/src/main.ts, as `npm start` runs it,
// on a fresh DATA_DIR with its demo data) and the bare Hono route, each optionally pinned to one CPU
// with taskset, the load generator pinned to another, and a process's CPU time read from /proc.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, stopChild } from "./cli.ts";

const root = join(import.meta.dirname, "../..");

/** True when `taskset` exists and there are at least two CPUs to split between server and load. */
export function canPin(): boolean {
  if (cpus().length < 2) return false;
  try {
    execFileSync("taskset", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Pins this process, every thread it has and every thread it will start, to `cpu`. */
export function pinSelf(cpu: number) {
  execFileSync("taskset", ["-a", "-pc", String(cpu), String(process.pid)], { stdio: "ignore" });
}

export interface Started {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** Starts `node args…` (under `taskset -c cpu` when cpu is given) and waits for `ready` in its output. */
export async function startNode(args: string[], env: Record<string, string>, ready: RegExp, cpu?: number): Promise<ChildProcess> {
  const [cmd, argv] = cpu === undefined ? [process.execPath, args] : ["taskset", ["-c", String(cpu), process.execPath, ...args]];
  // taskset execs node, so the child's pid is node's (its /proc/<pid>/stat is the server's).
  const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  await new Promise<void>((res, rej) => {
    const on = (b: Buffer) => {
      out += b.toString();
      if (ready.test(out)) res();
    };
    child.stdout?.on("data", on);
    child.stderr?.on("data", on);
    child.once("exit", (code) => rej(new Error(`exited with ${code} before it was ready:\n${out}`)));
    setTimeout(() => rej(new Error(`not ready in 120 s:\n${out}`)), 120_000).unref();
  });
  // Keep draining its output (a full pipe would stall the server), without keeping it.
  child.stdout?.removeAllListeners("data").resume();
  child.stderr?.removeAllListeners("data").resume();
  return child;
}

/**
 * The real portal process on a fresh DATA_DIR with its demo data, its bundled Meilisearch (a child
 * process, so it inherits the portal's CPU pinning) and RATE_LIMITS=off, so that one load
 * generator is not refused as one abuser.
 */
export async function startPortal(opts: { cpu?: number; env?: Record<string, string> } = {}): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), "portal-bench-"));
  const port = await freePort();
  const child = await startNode(
    [join(root, "apps/api/src/main.ts")],
    {
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: "error",
      MEILI_URL: "",
      MEILI_MASTER_KEY: "",
      RATE_LIMITS: "off",
      REPORTS_PER_HOUR: "0",
      ...opts.env,
    },
    /Portal ready at/,
    opts.cpu,
  );
  return {
    child,
    port,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The bare Hono route of bench/lib/bare.ts in a process of its own. */
export async function startBare(opts: { cpu?: number } = {}): Promise<Started> {
  const port = await freePort();
  const child = await startNode([join(root, "bench/lib/bare.ts"), String(port), "0"], {}, /bare ready/, opts.cpu);
  return { child, port, stop: () => stopChild(child) };
}

let clockTicks = 0;

/** CPU time (user + system, in seconds) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  clockTicks ||= Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) in parentheses: utime and stime are 14 and 15.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / clockTicks;
}

/**
 * The processes a process started (its children, from /proc/<pid>/task/<tid>/children): the
 * portal's bundled Meilisearch is one, and it inherits the portal's CPU pinning.
 */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
      if (list) out.push(...list.split(/\s+/).map(Number));
    }
  } catch {
    // The process is gone, or this kernel does not expose children: none counted.
  }
  return out;
}

/** CPU time of a process and all the processes it started, in seconds. */
export function cpuSecondsWithChildren(pid: number): { own: number; children: number } {
  let children = 0;
  for (const c of childPids(pid)) {
    try {
      children += cpuSeconds(c);
    } catch {
      // Ended meanwhile.
    }
  }
  return { own: cpuSeconds(pid), children };
}
