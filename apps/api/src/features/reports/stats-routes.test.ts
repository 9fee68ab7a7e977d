// GET /api/v1/stats names the block list's entries an alert put there by the alert's public
// tracking ID, read from the alerts tables — never by its internal id, and only while the public
// can read the alert (published, TLP:CLEAR): a withdrawn, restricted or unknown alert gets none.
import { type AlertActor, alertSource, createAlert, publishAlert, submitAlert, withdrawAlert } from "@portal/alerts";
import { type AlertDraftRequest, StatsResponse } from "@portal/contracts";
import { snapshotLists } from "@portal/reports";
import { addUrlEntries } from "@portal/threat-intel";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type App, createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";
import { testStaff } from "../../testing/staff.ts";

let deps: TestDeps;
let app: App;

const ADVICE: AlertDraftRequest = {
  kind: "advice",
  severity: "moderate",
  urgency: "future",
  certainty: "likely",
  tlp: "CLEAR",
  title: { vi: "Trang giả mạo ngân hàng", en: "A fake bank page" },
  summary: { vi: "Đừng đăng nhập.", en: "Do not sign in." },
  body: { vi: "Nội dung.", en: "Text." },
};

async function publish(draft: AlertDraftRequest, author: AlertActor, reviewer: AlertActor): Promise<{ id: string; trackingId: string }> {
  const made = await createAlert(deps.db.client, draft, author);
  if (!made.ok) throw new Error(JSON.stringify(made));
  await submitAlert(deps.db.client, made.alert.id, author);
  const r = await publishAlert(deps.db.client, made.alert.id, reviewer);
  if (!r.ok) throw new Error(r.reason);
  const row = await deps.db.client.execute({ sql: "SELECT tracking_id FROM alerts WHERE id = ?", args: [made.alert.id] });
  return { id: made.alert.id, trackingId: String(row.rows[0]?.tracking_id) };
}

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  app = createApp(deps);
});
afterAll(() => deps?.cleanup());

describe("the statistics' list sources", () => {
  it("carry the tracking ID of a public alert, and none for a withdrawn, restricted or unknown one", async () => {
    const a = (await testStaff(deps, "publisher", { agency: "ncsc" })).user;
    const b = (await testStaff(deps, "publisher", { agency: "ncsc" })).user;
    const published = await publish(ADVICE, a, b);
    const withdrawn = await publish(ADVICE, a, b);
    const w = await withdrawAlert(deps.db.client, withdrawn.id, { vi: "Không còn đúng.", en: "No longer accurate." }, a);
    if (!w.ok) throw new Error(w.reason);
    const amber = await publish({ ...ADVICE, tlp: "AMBER" }, a, b);
    const sources = {
      published: alertSource(published.id),
      withdrawn: alertSource(withdrawn.id),
      amber: alertSource(amber.id),
      unknown: alertSource("nosuchalert0000000000000"),
    };
    for (const [name, source] of Object.entries(sources))
      await addUrlEntries(deps.db.client, [{ url: `http://${name}.alert-stats.example/`, verdict: "phishing", threat: "phishing" }], {
        source,
        addedBy: "t",
        now: new Date().toISOString(),
      });
    await snapshotLists(deps.db.client);

    const res = await app.request("/api/v1/stats");
    expect(res.status).toBe(200);
    const stats = StatsResponse.parse(await res.json());
    const bySource = new Map(stats.lists.filter((l) => l.list === "url").map((l) => [l.source, l]));
    expect(published.trackingId).toMatch(/^VN-ATTT-\d{4}-\d{4,}$/);
    expect(bySource.get(sources.published)?.trackingId).toBe(published.trackingId);
    for (const source of [sources.withdrawn, sources.amber, sources.unknown]) {
      expect(bySource.has(source)).toBe(true);
      expect(bySource.get(source)).not.toHaveProperty("trackingId");
    }
    expect(JSON.stringify(stats)).not.toContain(withdrawn.trackingId);
    expect(JSON.stringify(stats)).not.toContain(amber.trackingId);
  });
});
