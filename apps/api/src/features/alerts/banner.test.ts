// The banner's items from the real database: extreme and severe alerts in effect, with escaped
// titles and links in the page's language; none for milder, withdrawn or restricted alerts.
import { type AlertActor, createAlert, publishAlert, submitAlert, withdrawAlert } from "@portal/alerts";
import type { AlertDraftRequest } from "@portal/contracts";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";
import { testStaff } from "../../testing/staff.ts";
import { bannerFill } from "./banner.ts";

let deps: TestDeps;
let author: AlertActor;
let reviewer: AlertActor;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  author = (await testStaff(deps, "publisher", { agency: "vncert" })).user;
  reviewer = (await testStaff(deps, "publisher", { agency: "vncert" })).user;
});
afterAll(() => deps?.cleanup());

const draft = (severity: AlertDraftRequest["severity"], title: string, tlp: AlertDraftRequest["tlp"] = "CLEAR"): AlertDraftRequest => ({
  kind: "scam_campaign",
  severity,
  urgency: "immediate",
  certainty: "observed",
  tlp,
  title: { vi: title, en: `${title} (en)` },
  summary: { vi: "Tóm tắt.", en: "Summary." },
  body: { vi: "Nội dung.", en: "Text." },
});

async function publish(d: AlertDraftRequest): Promise<string> {
  const made = await createAlert(deps.db.client, d, author);
  if (!made.ok) throw new Error(JSON.stringify(made));
  await submitAlert(deps.db.client, made.alert.id, author);
  const r = await publishAlert(deps.db.client, made.alert.id, reviewer);
  if (!r.ok) throw new Error(r.reason);
  return r.alert.trackingId as string;
}

describe("the alert banner", () => {
  it("shows nothing while no extreme or severe alert is in effect", async () => {
    await publish(draft("moderate", "Vừa phải"));
    await publish(draft("extreme", "Hạn chế", "AMBER"));
    expect(await bannerFill(deps)("vi")).toBeNull();
  });

  it("lists the severe and extreme alerts, extreme first, titles escaped, links in the page's language", async () => {
    const severe = await publish(draft("severe", "Lừa đảo <qua> & SMS"));
    const extreme = await publish(draft("extreme", "Mã độc"));
    // A fresh fill (the one above keeps its answer for a second).
    const fill = bannerFill(deps);
    expect(await fill("vi")).toBe(
      `<li><a href="/canh-bao/${extreme.toLowerCase()}/">Mã độc</a></li><li><a href="/canh-bao/${severe.toLowerCase()}/">Lừa đảo &lt;qua&gt; &amp; SMS</a></li>`,
    );
    expect(await fill("en")).toContain(`<a href="/en/alerts/${extreme.toLowerCase()}/">Mã độc (en)</a>`);
  });

  it("drops an alert from the banner within a second of its withdrawal", async () => {
    const fill = bannerFill(deps);
    const before = await fill("vi");
    const rs = await deps.db.client.execute("SELECT id FROM alerts WHERE severity = 'extreme' AND tlp = 'CLEAR'");
    const w = await withdrawAlert(deps.db.client, String(rs.rows[0]?.id), "Nhầm.", author);
    expect(w.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    const after = await fill("vi");
    expect(before).toContain("Mã độc");
    expect(after).not.toContain("Mã độc");
    expect(after).toContain("Lừa đảo");
  });
});
