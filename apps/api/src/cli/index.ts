// `npm run portal -- <command>`: operators' tasks, with the same configuration as the server.
import { resolve } from "node:path";
import { createLogger, EnvError } from "@portal/config";
import { loadEnv } from "../env.ts";
import { getHealth } from "../health.ts";
import { openRuntime } from "../runtime.ts";
import { syncSearchSources } from "../search-sources.ts";
import { seedIfEmpty } from "../seed.ts";
import { parseArgs } from "./args.ts";
import { importers } from "./importers.ts";
import { createProgress } from "./progress.ts";

function help(): string {
  const formats = Object.entries(importers)
    .map(([name, imp]) => `      ${name.padEnd(18)} ${imp.description}${imp.usage ? `\n      ${"".padEnd(18)} options: ${imp.usage}` : ""}`)
    .join("\n");
  return `Usage: npm run portal -- <command>

Commands:
  migrate                     apply pending database migrations and print the schema version
  status                      print the health of the database (and of MEILI_URL, when set) as JSON
  seed                        load the demo data of every domain whose tables are empty
  reindex                     bring the search documents in step with the content and imports
                              (a running portal sends the changes to Meilisearch within seconds)
  import <format> <path>      import a file (or folder) in one of these formats:
${formats || "      (none)"}
  import <format> --remove --source NAME
                              remove every entry that source added (threat feeds)
  help                        show this text

Configuration comes from the same environment variables as the server (DATA_DIR, DATABASE_URL, …).
An import into a running portal takes effect there within seconds, without a restart.`;
}

async function run(argv: string[]): Promise<number> {
  const { positional, options } = parseArgs(argv);
  const [command = "help", ...rest] = positional;
  if (command === "help" || options.help) {
    process.stdout.write(`${help()}\n`);
    return 0;
  }
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL);
  const known = ["migrate", "status", "seed", "import", "reindex"];
  if (!known.includes(command)) {
    process.stderr.write(`Unknown command "${command}".\n\n${help()}\n`);
    return 2;
  }
  if (command === "import") {
    const [format, path, ...morePaths] = rest;
    const importer = format ? importers[format] : undefined;
    // `import <format> --remove --source NAME` removes a source's entries and names no file.
    if (!importer || (!path && !options.remove)) {
      process.stderr.write(
        `${!format ? "Name a format" : !importer ? `Unknown format "${format}"` : "Name the file to import"}. Usage: npm run portal -- import <format> <path>\nFormats: ${Object.keys(importers).join(", ") || "(none)"}\n`,
      );
      return 2;
    }
    const rt = await openRuntime(env, { startSearch: false, log });
    try {
      const summary = await importer.run({
        deps: rt.deps,
        path: resolve(path ?? "."),
        paths: [path ?? ".", ...morePaths].map((p) => resolve(p)),
        options,
        progress: (label, total) => createProgress(label, total),
      });
      process.stdout.write(`${summary}\n`);
      return 0;
    } finally {
      await rt.close();
    }
  }
  const rt = await openRuntime(env, { startSearch: false, log });
  try {
    switch (command) {
      case "migrate": {
        const v = await rt.deps.db.client.execute("SELECT MAX(version) AS v FROM schema_migrations");
        process.stdout.write(`Database ${rt.deps.db.embedded ? "file" : "server"} is at schema version ${v.rows[0]?.v}.\n`);
        return 0;
      }
      case "reindex": {
        const result = await syncSearchSources(rt.deps);
        for (const [type, r] of Object.entries(result)) process.stdout.write(`${type}: ${JSON.stringify(r)}\n`);
        return Object.values(result).some((r) => (r as { error?: string }).error) ? 1 : 0;
      }
      case "status": {
        const health = await getHealth(rt.deps);
        process.stdout.write(
          `${JSON.stringify(env.MEILI_URL ? health : { ...health, search: "not checked (MEILI_URL unset)" }, null, 2)}\n`,
        );
        return health.db.status === "ok" ? 0 : 1;
      }
      default: {
        const done = await seedIfEmpty(rt.deps);
        process.stdout.write(done.length ? `${done.join("\n")}\n` : "Every domain already has data; nothing loaded.\n");
        return 0;
      }
    }
  } finally {
    await rt.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof EnvError ? err.message : `Error: ${(err as Error).message}`}\n`);
    process.exit(1);
  },
);
