// `npm run portal -- <command>`: operators' tasks, with the same configuration as the server.
// The built-in commands are in `builtins`; a feature adds its own through Feature.commands.
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { createLogger, EnvError } from "@portal/config";
import { finishImportRun, markInterruptedRuns, recentImportRuns, startImportRun } from "@portal/db";
import type { Deps } from "../deps.ts";
import { type ApiEnv, loadEnv } from "../env.ts";
import { commands as featureCommands, importers, searchSources, seedIfEmpty } from "../features/index.ts";
import { BackupError, backupPortal, restorePortal } from "../features/operations/backup.ts";
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
    description:
      "print the health of the database (and of MEILI_URL, when set) and the latest import runs\n(started, finished, counts, outcome) as JSON",
    async run({ deps, out }) {
      const health = await getHealth(deps);
      let imports: unknown = "not read (database down)";
      if (health.db.status === "ok") {
        // A run whose process is gone never finished: say so rather than "running".
        // (A write: skipped when an import holds the write lock, and the runs shown as they are.)
        await markInterruptedRuns(deps.db.client).catch(() => {});
        imports = (await recentImportRuns(deps.db.client, 20)).map((r) => ({
          format: r.format,
          source: r.source,
          startedAt: r.startedAt,
          finishedAt: r.finishedAt ?? (r.outcome === "running" ? "still running" : "never finished"),
          outcome: r.outcome,
          counts: r.counts,
          ...(r.message ? { message: r.message } : {}),
          by: r.addedBy,
        }));
      }
      // Without MEILI_URL the CLI has no engine to ask (the server runs its bundled one), so the
      // overall status is the database's alone rather than "degraded" for a search never checked.
      const shown = deps.env.MEILI_URL
        ? health
        : { ...health, status: health.db.status === "ok" ? "ok" : "down", search: "not checked (MEILI_URL unset)" };
      out(JSON.stringify({ ...shown, imports }, null, 2));
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
      if (!format || !importer || (!path && !options.remove)) {
        err(
          `${!format ? "Name a format" : !importer ? `Unknown format "${format}"` : "Name the file to import"}. Usage: npm run portal -- import <format> <path>\nFormats: ${Object.keys(importers).join(", ") || "(none)"}`,
        );
        return 2;
      }
      // The run's record is committed before the import's own transaction starts, so a killed
      // import leaves it "running" for the next run or `status` to mark interrupted.
      let report: Awaited<ReturnType<typeof importer.run>>;
      let runId: number | null = null;
      try {
        runId = await startImportRun(deps.db.client, {
          format,
          source: typeof options.source === "string" ? options.source : format,
          addedBy: typeof options["added-by"] === "string" ? options["added-by"] : `cli:${operator()}`,
        });
        report = await importer.run({
          deps,
          path: resolve(path ?? "."),
          paths: [path ?? ".", ...morePaths].map((p) => resolve(p)),
          options,
          progress: (label, total) => createProgress(label, total),
        });
      } catch (e) {
        const busy = /SQLITE_BUSY/.test(`${(e as { code?: string }).code} ${(e as Error).message}`);
        if (runId !== null) {
          await finishImportRun(deps.db.client, runId, { outcome: "failed", message: (e as Error).message }).catch(() => {});
        }
        if (busy) {
          throw new Error(
            "Another import, or another long write, held the database for more than 5 s; nothing was imported. Try again when it has finished (`status` lists the running imports).",
          );
        }
        throw e;
      }
      if (typeof report === "string") {
        await finishImportRun(deps.db.client, runId, { outcome: "ok" });
        out(report);
      } else {
        await finishImportRun(deps.db.client, runId, { outcome: "ok", counts: report.counts, source: report.source });
        out(report.summary);
      }
      return 0;
    },
  },
  backup: {
    usage: "backup DIR",
    description:
      "copy the database, Pwned Passwords corpus, evidence files and keys into the new or empty\nfolder DIR while the portal runs, with a manifest (sizes, SHA-256) that restore checks",
    async run({ deps, args, out, err }) {
      const [dir] = args;
      if (!dir) {
        err("Name the folder to write the backup to: npm run portal -- backup DIR");
        return 2;
      }
      try {
        const r = await backupPortal(deps, dir);
        const bytes = r.manifest.files.reduce((n, f) => n + f.size, 0);
        out(
          `Backup written to ${r.dir}: ${r.manifest.files.length} files, ${bytes.toLocaleString("en-US")} bytes, schema version ${r.manifest.schemaVersion}${r.manifest.database.included ? " (database included)" : ""}.`,
        );
        for (const note of r.notes) out(note);
        return 0;
      } catch (e) {
        if (e instanceof BackupError) {
          err(e.message);
          return 1;
        }
        throw e;
      }
    },
  },
};

/** Commands that must not open the database first (openRuntime creates and migrates it). */
const offline: Record<
  string,
  { usage: string; description: string; run(env: ApiEnv, ctx: Omit<Parameters<CliCommand["run"]>[0], "deps">): Promise<number> }
> = {
  restore: {
    usage: "restore DIR [--force]",
    description:
      "check a backup against its manifest and bring it into DATA_DIR (stop the portal first);\n--force moves data already there aside into DATA_DIR/replaced-<time>/",
    async run(env, { args, options, out, err }) {
      const [dir] = args;
      if (!dir) {
        err("Name the backup folder: npm run portal -- restore DIR [--force]");
        return 2;
      }
      try {
        const r = await restorePortal(env, dir, { force: options.force === true });
        out(`Restored ${r.restored.join(", ") || "nothing"} from ${resolve(dir)} into ${resolve(env.DATA_DIR)}.`);
        for (const note of r.notes) out(note);
        out("Start the portal: it sends the search documents to Meilisearch again by itself.");
        return 0;
      } catch (e) {
        if (e instanceof BackupError) {
          err(e.message);
          return 1;
        }
        throw e;
      }
    },
  },
};

function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

const all: Record<string, Pick<CliCommand, "usage" | "description">> = { ...builtins, ...offline };
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
An import is all or nothing (a failed or killed one leaves the old data); a running portal sees
it within seconds of its end, without a restart. \`status\` lists the latest import runs.`;
}

async function run(argv: string[]): Promise<number> {
  const { positional, options } = parseArgs(argv);
  const [name = "help", ...args] = positional;
  if (name === "help" || options.help) {
    process.stdout.write(`${help()}\n`);
    return 0;
  }
  if (!all[name]) {
    process.stderr.write(`Unknown command "${name}".\n\n${help()}\n`);
    return 2;
  }
  const env = loadEnv();
  const io = {
    args,
    options,
    out: (text: string) => process.stdout.write(`${text}\n`),
    err: (text: string) => process.stderr.write(`${text}\n`),
  };
  const offlineCommand = offline[name];
  if (offlineCommand) return offlineCommand.run(env, io);
  const command = (builtins[name] ?? featureCommands[name]) as CliCommand;
  const log = createLogger(env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL);
  const rt = await openRuntime(env, { startSearch: false, log });
  try {
    return await command.run({ deps: rt.deps as Deps, ...io });
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
