// Durability of report intake (issue 13): the real portal process is killed with SIGKILL while 200
// reports with evidence are being sent at once; after a restart, every report it had acknowledged
// (201) is there with its file intact, and the database passes its integrity check.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, resolveDatabaseUrl } from "@portal/db";
import { afterAll, describe, expect, it } from "vitest";
import { type PortalProcess, startPortal } from "./portal.ts";

const REPORTS = 200;
/**
 * A whole 1×1 PNG (its IDAT chunk is what the type detector recognises), then random bytes: a file
 * the intake accepts, different each time. A bare header and random bytes is not reliably a PNG.
 */
const PNG_HEAD = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const dataDir = mkdtempSync(join(tmpdir(), "portal-durability-"));
// No bundled Meilisearch: killing the portal would orphan it (a known gap, issue 15); search is not
// what this test is about, and the portal runs on its full-text fallback meanwhile.
const env = {
  DATA_DIR: dataDir,
  DEMO_DATA: "false",
  REPORTS_PER_HOUR: "0",
  RATE_LIMITS: "off",
  MEILI_URL: "http://127.0.0.1:9",
  LOG_LEVEL: "error",
};
let portal: PortalProcess | null = null;

afterAll(async () => {
  await portal?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function report(i: number): { body: FormData; sha256: string } {
  const file = Buffer.concat([PNG_HEAD, randomBytes(20_000 + i)]);
  const body = new FormData();
  body.append("category", "phishing");
  body.append("description", `Tin nhắn lừa đảo số ${i}: đường dẫn giả trang ngân hàng.`);
  body.append("url", `https://gia-mao-${i}.example/dang-nhap`);
  body.append("contactMethod", "sms");
  body.append("anonymous", "true");
  body.append("consent", "true");
  body.append("evidence", new Blob([new Uint8Array(file)], { type: "image/png" }), `anh-${i}.png`);
  return { body, sha256: createHash("sha256").update(file).digest("hex") };
}

describe("report intake under a crash", () => {
  it("keeps every acknowledged report and file after the server is killed mid-stream, with the database intact", async () => {
    portal = await startPortal(env);
    const url = `${portal.url}/api/v1/reports`;
    const acknowledged: { code: string; key: string; sha256: string }[] = [];
    let killed = false;
    const sends = Array.from({ length: REPORTS }, async (_, i) => {
      const { body, sha256 } = report(i);
      try {
        const res = await fetch(url, { method: "POST", body });
        if (res.status === 201) {
          const r = (await res.json()) as { trackingCode: string; statusKey: string };
          acknowledged.push({ code: r.trackingCode, key: r.statusKey, sha256 });
          // Kill it while the others are still on their way.
          if (acknowledged.length === 40 && !killed) {
            killed = true;
            portal?.child.kill("SIGKILL");
          }
        }
      } catch {
        // The connection died with the server: not acknowledged, so nothing is owed.
      }
    });
    await Promise.all(sends);
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    expect(acknowledged.length).toBeLessThan(REPORTS);
    await portal.stop();

    portal = await startPortal(env);
    for (const a of acknowledged) {
      const res = await fetch(`${portal.url}/api/v1/reports/${a.code}`, { headers: { "x-status-key": a.key } });
      expect(res.status, a.code).toBe(200);
    }
    const db = await openDatabase(resolveDatabaseUrl(undefined, dataDir));
    try {
      expect((await db.client.execute("PRAGMA integrity_check")).rows[0]?.integrity_check).toBe("ok");
      for (const a of acknowledged) {
        const rows = await db.client.execute({
          sql: "SELECT e.id, e.sha256 FROM report_evidence e JOIN reports r ON r.id = e.report_id WHERE r.tracking_code = ?",
          args: [a.code],
        });
        expect(rows.rows.length, a.code).toBe(1);
        const row = rows.rows[0] as unknown as { id: string; sha256: string };
        expect(row.sha256).toBe(a.sha256);
        const onDisk = readFileSync(join(dataDir, "evidence", String(row.id)));
        expect(createHash("sha256").update(onDisk).digest("hex"), a.code).toBe(a.sha256);
      }
    } finally {
      db.close();
    }
  }, 120_000);
});
