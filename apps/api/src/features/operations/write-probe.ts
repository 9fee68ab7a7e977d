// For import-runs.test.ts, run as a process of its own, as the server is while the CLI imports:
// opens the database with the portal's own settings (WAL, 5 s busy timeout) and writes one row
// every 100 ms until its stdin closes, then prints how long each write took and which failed, as
// JSON. Its own process, so nothing else on its event loop counts in its waits.
import { openDatabase, resolveDatabaseUrl } from "@portal/db";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: write-probe.ts DATA_DIR");
const db = await openDatabase(resolveDatabaseUrl(undefined, dataDir));
let open = true;
process.stdin.on("end", () => {
  open = false;
});
process.stdin.resume();
const waits: { at: number; ms: number }[] = [];
const failures: string[] = [];
for (let i = 0; open; i++) {
  const t = performance.now();
  try {
    await db.client.execute({ sql: "INSERT INTO app_meta (key, value) VALUES (?, 'x')", args: [`test.probe.${process.pid}.${i}`] });
  } catch (e) {
    failures.push((e as Error).message);
  }
  waits.push({ at: Date.now(), ms: performance.now() - t });
  await new Promise((r) => setTimeout(r, 100));
}
db.close();
process.stdout.write(JSON.stringify({ waits, failures }));
