// Astro's own log messages (its router, sessions, "Could not render …") go through the portal's
// JSON logger rather than to the console as coloured text lines. Astro loads its logger
// destination from apps/web/src/lib/astro-log.mjs inside the built server bundle; that module and
// this one meet at a global symbol, because the bundle cannot import the API's modules.
import type { Logger } from "@portal/config";
import { redactUrls } from "../http/redact.ts";

/** The key both sides use (apps/web/src/lib/astro-log.mjs reads the same Symbol.for name). */
export const ASTRO_LOG_SINK = Symbol.for("portal.astro-log");

export interface AstroLogEvent {
  label: string | null;
  level: "debug" | "info" | "warn" | "error" | "silent";
  message: string;
}

type Sink = (event: AstroLogEvent) => void;

// ANSI colour codes Astro puts around parts of its messages.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is removed.
const SGR = /\u001b\[[0-9;]*m/g;

/** Sends Astro's log events to `log` from now on (the last server started in a process wins). */
export function routeAstroLogs(log: Logger): void {
  const sink: Sink = (event) => {
    if (event.level === "silent") return;
    log[event.level]("astro", { label: event.label, message: redactUrls(event.message.replace(SGR, "")) });
  };
  (globalThis as Record<symbol, unknown>)[ASTRO_LOG_SINK] = sink;
}
