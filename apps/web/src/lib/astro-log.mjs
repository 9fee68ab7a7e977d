// Astro's logger destination (astro.config.mjs `logger`). Inside the API process, every event goes
// to the portal's JSON logger, which apps/api/src/site/astro-log.ts registers under this symbol
// and which removes query strings and check secrets from any URL in the text. Anywhere else (the
// build, `astro check`) nothing is registered and events are printed as Astro prints them.
// JavaScript, not TypeScript: Astro loads a logger entrypoint without compiling it.
const SINK = Symbol.for("portal.astro-log");

export default function portalAstroLog() {
  return {
    write(event) {
      const sink = globalThis[SINK];
      if (typeof sink === "function") {
        sink({ label: event.label, level: event.level, message: event.message });
        return;
      }
      const line = `${event.label ? `[${event.label}] ` : ""}${event.message}`;
      if (event.level === "error") console.error(line);
      else if (event.level === "warn") console.warn(line);
      else console.info(line);
    },
  };
}
