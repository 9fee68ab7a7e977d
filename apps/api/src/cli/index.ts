// `npm run portal -- <command>`: operators' tasks, with the same configuration as the server.
// The built-in commands are in `builtins`; a feature adds its own through Feature.commands.
import { resolve } from "node:path";
import { createLogger, EnvError } from "@portal/config";
import type { Deps } from "../deps.ts";
import { loadEnv } from "../env.ts";
import { commands as featureCommands, importers, searchSources, seedIfEmpty } from "../features/index.ts";
import { syncSearchSources } from "../features/search/sync.ts";
import { getHealth } from "../features/status/health.ts";
import type { CliCommand } from "../features/types.ts";
import { openRuntime } from "../runtime.ts";
import { parseArgs } from "./args.ts";
import { createProgress } from "./progress.ts";

const builtins: Record<string, CliCommand> = {
  migrate: {
    usage: "migrate",
    description: "apply pending database migrations and print the schema version",
    async run({ deps, out }) {
      const v = await deps.db.client.execute("SELECT MAX(version) AS v FROM schema_migrations");
      out(`Database ${deps.db.embedded ? "file" : "server"} is at schema version ${v.rows[0]?.v}.`);
      return 0;
    },
  },
  status: {
    usage: "status",
    description: "print the health of the database (and of MEILI_URL, when set) as JSON",
    async run({ deps, out }) {
      const health = await getHealth(deps);
      out(JSON.stringify(deps.env.MEILI_URL ? health : { ...health, search: "not checked (MEILI_URL unset)" }, null, 2));
      return health.db.status === "ok" ? 0 : 1;
    },
  },
  seed: {
    usage: "seed",
    description: "load the demo data of every domain whose tables are empty",
    async run({ deps, out }) {
      const done = await seedIfEmpty(deps);
      out(done.length ? done.join("\n") : "Every domain already has data; nothing loaded.");
      return 0;
    },
  },
  reindex: {
    usage: "reindex",
    description:
      "bring the search documents in step with the content and imports\n(a running portal sends the changes to Meilisearch within seconds)",
    async run({ deps, out }) {
      const result = await syncSearchSources(deps, searchSources);
      for (const [type, r] of Object.entries(result)) out(`${type}: ${JSON.stringify(r)}`);
      return Object.values(result).some((r) => (r as { error?: string }).error) ? 1 : 0;
    },
  },
  import: {
    usage: "import <format> <path>",
    description: "import a file (or folder) in one of the formats below",
    async run({ deps, args, options, out, err }) {
      const [format, path, ...morePaths] = args;
      const importer = format ? importers[format] : undefined;
      // `import <format> --remove --source NAME` removes a source's entries and names no file.
      if (!importer || (!path && !options.remove)) {
        err(
          `${!format ? "Name a format" : !importer ? `Unknown format "${format}"` : "Name the file to import"}. Usage: npm run portal -- import <format> <path>\nFormats: ${Object.keys(importers).join(", ") || "(none)"}`,
        );
        return 2;
      }
      const summary = await importer.run({
        deps,
        path: resolve(path ?? "."),
        paths: [path ?? ".", ...morePaths].map((p) => resolve(p)),
        options,
        progress: (label, total) => createProgress(label, total),
      });
      out(summary);
      return 0;
    },
  },
};

const all: Record<string, CliCommand> = { ...builtins };
for (const [name, command] of Object.entries(featureCommands)) {
  if (name in all) throw new Error(`A feature's CLI command "${name}" clashes with another command.`);
  all[name] = command;
}

function help(): string {
  const indent = (text: string, by: number) => text.split("\n").join(`\n${" ".repeat(by)}`);
  const lines = Object.values(all).map((c) => `  ${c.usage.padEnd(26)}  ${indent(c.description, 30)}`);
  const formats = Object.entries(importers)
    .map(([name, imp]) => `      ${name.padEnd(18)} ${imp.description}${imp.usage ? `\n      ${"".padEnd(18)} options: ${imp.usage}` : ""}`)
    .join("\n");
  return `Usage: npm run portal -- <command>

Commands:
${lines.join("\n")}
  import <format> --remove --source NAME
                              remove every entry that source added (threat feeds)
  help                        show this text

Import formats:
${formats || "      (none)"}

Configuration comes from the same environment variables as the server (DATA_DIR, DATABASE_URL, …).
An import into a running portal takes effect there within seconds, without a restart.`;
}

async function run(argv: string[]): Promise<number> {
  const { positional, options } = parseArgs(argv);
  const [name = "help", ...args] = positional;
  if (name === "help" || options.help) {
    process.stdout.write(`${help()}\n`);
    return 0;
  }
  const command = all[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${help()}\n`);
    return 2;
  }
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL);
  const rt = await openRuntime(env, { startSearch: false, log });
  try {
    return await command.run({
      deps: rt.deps as Deps,
      args,
      options,
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
    });
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
