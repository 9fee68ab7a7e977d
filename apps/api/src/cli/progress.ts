import type { Progress } from "../features/types.ts";

/**
 * A one-line progress report on stderr for long imports: count, rate and (when the total is
 * known) percentage, redrawn at most five times a second. On a non-terminal (CI, a log file) it
 * prints a line every ten seconds instead, so logs stay readable.
 */
export function createProgress(label: string, total?: number, out: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  const tty = Boolean(out.isTTY);
  let count = 0;
  let lastDraw = 0;
  const render = () => {
    const secs = (performance.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(count / secs) : 0;
    const pct = total ? ` ${((100 * count) / total).toFixed(1)}%` : "";
    return `${label}: ${count.toLocaleString("en-US")}${total ? `/${total.toLocaleString("en-US")}` : ""}${pct} · ${rate.toLocaleString("en-US")}/s · ${secs.toFixed(1)} s`;
  };
  const maybeDraw = () => {
    const now = performance.now();
    if (now - lastDraw < (tty ? 200 : 10_000)) return;
    lastDraw = now;
    out.write(tty ? `\r\x1b[K${render()}` : `${render()}\n`);
  };
  return {
    tick(n = 1) {
      count += n;
      maybeDraw();
    },
    set(done) {
      count = done;
      maybeDraw();
    },
    done() {
      out.write(tty ? `\r\x1b[K${render()}\n` : `${render()}\n`);
      return (performance.now() - started) / 1000;
    },
    get count() {
      return count;
    },
  };
}
