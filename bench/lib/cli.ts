// What every benchmark script shares: its options, its output, a free loopback port, stopping a child.
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";

const args = process.argv.slice(2);

/** `--name N` as a number, or `def` when absent. */
export const numberOption = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};

/** `--name VALUE` as a string, or undefined when absent. */
export const stringOption = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

export const say = (s: string) => process.stdout.write(`${s}\n`);
export const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** A TCP port free on 127.0.0.1 right now. */
export const freePort = () =>
  new Promise<number>((res) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => res(typeof a === "object" && a ? a.port : 0));
    });
  });

/** SIGTERM a child and wait for it to exit (a portal writes its CPU profile on the way out), at most 10 s. */
export const stopChild = (child: ChildProcess) =>
  new Promise<void>((r) => {
    if (child.exitCode !== null) return r();
    child.once("exit", () => r());
    child.kill("SIGTERM");
    setTimeout(r, 10_000).unref();
  });
