// Citizen reports: owns POST /reports, following a report, the public scam-number check and
// statistics, the analysts' /staff/reports routes, the scam-identifier import, and the reports'
// background work (retention, sweeping orphan files, list snapshots, check counters). Reads and
// writes reports only through @portal/reports; evidence files only through deps.evidence.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { SCAM_KINDS, type ScamKind } from "@portal/contracts";
import { withTransaction } from "@portal/db";
import { importIdentifiers, purgeExpiredContacts, purgeIdempotencyKeys, snapshotLists, sweepOrphans } from "@portal/reports";
import type { Deps } from "../../deps.ts";
import { router } from "../../http/router.ts";
import type { Feature, Importer } from "../types.ts";
import { publicRoutes } from "./public-routes.ts";
import { staffReportRoutes } from "./staff-routes.ts";

/** How often the in-memory check counts are written (one batch), and the daily jobs looked at. */
const FLUSH_MS = 10_000;
const HOURLY_MS = 60 * 60_000;
/** A file stored for a report that never committed is swept after this long. */
const ORPHAN_AGE_MS = 60 * 60_000;

const scamIdentifierImporter: Importer = {
  description: "confirmed scam phone numbers and bank accounts, one a line (0912345678, or BANK;ACCOUNT)",
  usage: "[--kinds impersonation,investment,…] [--replace]",
  async run({ deps, path, options }) {
    const kinds = String(typeof options.kinds === "string" ? options.kinds : "other")
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean);
    const unknown = kinds.filter((k) => !(SCAM_KINDS as readonly string[]).includes(k));
    if (unknown.length) throw new Error(`Unknown kind(s) ${unknown.join(", ")}; use ${SCAM_KINDS.join(", ")}.`);
    const text = await readFile(path, "utf8");
    const source = `import:${basename(path)}`;
    // One transaction: a failed or killed import leaves the identifiers as they were.
    const r = await withTransaction(deps.db.client, (tx) =>
      importIdentifiers(tx, text.split(/\r?\n/), { source, addedBy: "cli", kinds: kinds as ScamKind[], replace: options.replace === true }),
    );
    const shown = r.rejected
      .slice(0, 5)
      .map((x) => `line ${x.line}: ${x.reason}`)
      .join("; ");
    const counts = { read: r.received, stored: r.stored, rejected: r.rejectedCount, removed: r.retired };
    return {
      source,
      counts,
      summary: `Confirmed ${r.stored} of ${r.received} identifiers from ${basename(path)}${r.retired ? `; ${r.retired} earlier ones of this file retired` : ""}${r.rejectedCount ? `; ${r.rejectedCount} lines refused (${shown})` : ""}. The public number check answers from them at once.`,
    };
  },
};

/** Runs `job` now and then every `ms`, logging (never throwing) a failure. */
function every(deps: Deps, name: string, ms: number, job: () => Promise<unknown>): NodeJS.Timeout {
  const run = () => job().catch((err) => deps.log.warn(`${name} failed`, { err }));
  void run();
  const t = setInterval(run, ms);
  t.unref();
  return t;
}

export const reportsFeature: Feature = {
  name: "reports",
  routes: {
    at: "/",
    build(deps) {
      const app = router();
      app.route("/", publicRoutes(deps));
      app.route("/", staffReportRoutes(deps));
      return app;
    },
  },
  importers: { "scam-identifiers": scamIdentifierImporter },
  start(deps) {
    const client = deps.db.client;
    const timers = [
      every(deps, "check counter flush", FLUSH_MS, () => deps.checks.flush(client)),
      every(deps, "report retention", HOURLY_MS, async () => {
        const purged = await purgeExpiredContacts(client, { retentionDays: deps.env.REPORT_RETENTION_DAYS });
        await purgeIdempotencyKeys(client);
        if (purged) deps.log.info("report contacts purged", { reports: purged });
      }),
      every(deps, "evidence sweep", HOURLY_MS, () => sweepOrphans(client, deps.evidence, new Date(Date.now() - ORPHAN_AGE_MS))),
      every(deps, "list snapshot", HOURLY_MS, () => snapshotLists(client)),
    ];
    return () => {
      for (const t of timers) clearInterval(t);
      void deps.checks.flush(client).catch(() => {});
    };
  },
};
