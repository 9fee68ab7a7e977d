// `npm run portal -- <command>`: operators' tasks, with the same configuration as the server.
import { createLogger, EnvError } from "@portal/config";
import { loadEnv } from "./env.ts";
import { getHealth } from "./health.ts";
import { openRuntime } from "./runtime.ts";

const HELP = `Usage: npm run portal -- <command>

Commands:
  migrate     apply pending database migrations and print the schema version
  status      print the health of the database and search engine as JSON
              (uses MEILI_URL when set; otherwise only the database is checked)
  help        show this text

Configuration comes from the same environment variables as the server (DATA_DIR, DATABASE_URL, …).`;

async function run(argv: string[]): Promise<number> {
  const [command = "help"] = argv;
  if (command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL);
  switch (command) {
    case "migrate": {
      const rt = await openRuntime(env, { startSearch: false, log });
      const v = await rt.deps.db.client.execute("SELECT MAX(version) AS v FROM schema_migrations");
      process.stdout.write(`Database ${rt.deps.db.embedded ? "file" : "server"} is at schema version ${v.rows[0]?.v}.\n`);
      await rt.close();
      return 0;
    }
    case "status": {
      const rt = await openRuntime(env, { startSearch: false, log });
      const health = await getHealth(rt.deps);
      process.stdout.write(`${JSON.stringify(env.MEILI_URL ? health : { ...health, search: "not checked (MEILI_URL unset)" }, null, 2)}\n`);
      await rt.close();
      return health.db.status === "ok" ? 0 : 1;
    }
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${HELP}\n`);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof EnvError ? err.message : `Error: ${(err as Error).message}`}\n`);
    process.exit(1);
  },
);
