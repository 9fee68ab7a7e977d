// Keeps the bundled Meilisearch running for the portal: if it dies while the portal runs, it is
// started again on the same port, with the same key and data, after a growing pause (1 s, 2 s,
// 4 s … at most 30 s; back to 1 s once it has run for a minute). Meanwhile search answers from
// the libSQL fallback and /health says the engine is down.
import { randomBytes } from "node:crypto";
import { freePort } from "./free-port.ts";
import { type MeiliProcess, type StartOptions, startMeilisearch } from "./meili.ts";

export interface SupervisedMeili {
  readonly url: string;
  readonly masterKey: string;
  /** The current process's pid (changes after a restart). */
  readonly pid: number;
  /** How many times it was started again. */
  readonly restarts: number;
  stop(): Promise<void>;
}

export interface SuperviseOptions extends StartOptions {
  /** Told of each exit and restart (for the log). */
  onEvent?: (
    event:
      | { kind: "exited"; code: number | null; signal: string | null; restartInMs: number }
      | { kind: "restarted"; pid: number }
      | { kind: "restart_failed"; error: string },
  ) => void;
  /** The first pause before a restart, ms (tests make it short). */
  backoffMs?: number;
}

const MAX_BACKOFF_MS = 30_000;
const STABLE_MS = 60_000;

export async function superviseMeilisearch(opts: SuperviseOptions): Promise<SupervisedMeili> {
  const port = opts.port ?? (await freePort());
  const masterKey = opts.masterKey ?? randomBytes(32).toString("hex");
  const first = opts.backoffMs ?? 1000;
  let current: MeiliProcess = await startMeilisearch({ ...opts, port, masterKey });
  let stopping = false;
  let restarts = 0;
  let backoff = first;
  let startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;

  const watch = (p: MeiliProcess) => {
    p.child.once("exit", (code, signal) => {
      if (stopping || p !== current) return;
      if (Date.now() - startedAt > STABLE_MS) backoff = first;
      const wait = backoff;
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      opts.onEvent?.({ kind: "exited", code, signal, restartInMs: wait });
      const again = () => {
        timer = setTimeout(async () => {
          if (stopping) return;
          try {
            current = await startMeilisearch({ ...opts, port, masterKey });
            startedAt = Date.now();
            restarts++;
            watch(current);
            opts.onEvent?.({ kind: "restarted", pid: current.pid });
          } catch (err) {
            opts.onEvent?.({ kind: "restart_failed", error: (err as Error).message });
            const next = backoff;
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            timer = setTimeout(again, next);
            timer.unref();
          }
        }, wait);
        timer.unref();
      };
      again();
    });
  };
  watch(current);

  return {
    url: current.url,
    masterKey,
    get pid() {
      return current.pid;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await current.stop();
    },
  };
}
