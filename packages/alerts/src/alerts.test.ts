import { listAudit } from "@portal/auth";
import { checkHashes, checkUrls, countHashSource, countUrlSource, loadUrlIndex, type UrlCheckResult } from "@portal/threat-intel";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAlert, getStaffAlert, listStaffAlerts, publishAlert, submitAlert, updateAlert, withdrawAlert } from "./alerts.ts";
import { alertSource } from "./indicators.ts";
import { getPublicAlert, listBannerAlerts, listPublicAlerts } from "./public.ts";
import {
  correctedAlert,
  DRAFTS,
  makeAgency,
  makeStaff,
  makeTeam,
  publishedAlert,
  recordingSink,
  T0,
  type TempDb,
  tempDb,
} from "./test-db.ts";
import { toStaffAlertItem } from "./views.ts";

let db: TempDb;
beforeEach(async () => {
  db = await tempDb();
});
afterEach(() => db.cleanup());

const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe("drafting", () => {
  it("lets a publisher draft for their own agency and an administrator for the agency they pick", async () => {
    const team = await makeTeam(db.client);
    const mine = await createAlert(db.client, DRAFTS.scam, team.author, { now: T0 });
    expect(mine.ok && mine.alert.agency.id).toBe(team.agency.id);
    expect(mine.ok && mine.alert.draftStatus).toBe("draft");
    expect(mine.ok && mine.alert.trackingId).toBeNull();

    const admin = await makeStaff(db.client, "admin");
    expect(await createAlert(db.client, DRAFTS.scam, admin)).toEqual({ ok: false, reason: "agency_required" });
    const picked = await createAlert(db.client, DRAFTS.scam, admin, { agencyId: team.agency.id });
    expect(picked.ok).toBe(true);
  });

  it("refuses analysts, and a publisher drafting for another agency", async () => {
    const team = await makeTeam(db.client);
    const other = await makeAgency(db.client);
    const analyst = await makeStaff(db.client, "analyst");
    expect(await createAlert(db.client, DRAFTS.scam, analyst)).toEqual({ ok: false, reason: "forbidden" });
    expect(await createAlert(db.client, DRAFTS.scam, team.author, { agencyId: other.id })).toEqual({ ok: false, reason: "forbidden" });
  });

  it("says which fields are wrong: a vulnerability without products, a score the vector does not give, a link the checks cannot hold", async () => {
    const team = await makeTeam(db.client);
    const bad = await createAlert(
      db.client,
      {
        ...DRAFTS.vulnerability,
        products: [],
        cves: [{ id: "CVE-2021-44228", cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", cvssScore: 9.8 }],
      },
      team.author,
    );
    expect(bad.ok).toBe(false);
    const paths = !bad.ok && bad.reason === "invalid" ? bad.issues.map((i) => i.path) : [];
    expect(paths).toEqual(expect.arrayContaining(["products", "cves.0.cvssScore"]));
    const messages = !bad.ok && bad.reason === "invalid" ? bad.issues.map((i) => i.message).join(" ") : "";
    expect(messages).toContain("10.0");

    const link = await createAlert(db.client, { ...DRAFTS.scam, indicators: { urls: ["http://exa mple.example/"] } }, team.author);
    expect(!link.ok && link.reason === "invalid" && link.issues[0]?.path).toBe("indicators.urls.0");
  });

  it("computes a CVSS base score left out from its vector and upper-cases CVE IDs", async () => {
    const team = await makeTeam(db.client);
    const made = await createAlert(db.client, DRAFTS.vulnerability, team.author);
    expect(made.ok && made.alert.draft?.cves).toEqual([
      { id: "CVE-2021-44228", cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", cvssScore: 10 },
      { id: "CVE-2021-45046", cvssVector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H", cvssScore: 9 },
    ]);
  });
});

describe("another agency's drafts", () => {
  it("are neither visible nor touchable by its publishers (403), and not listed for them", async () => {
    const team = await makeTeam(db.client);
    const outsider = await makeStaff(db.client, "publisher", (await makeAgency(db.client)).id);
    const made = await createAlert(db.client, DRAFTS.scam, team.author);
    if (!made.ok) throw new Error(made.reason);
    const id = made.alert.id;
    expect(await getStaffAlert(db.client, id, outsider)).toEqual({ ok: false, reason: "forbidden" });
    expect(await updateAlert(db.client, id, { severity: "minor" }, outsider)).toEqual({ ok: false, reason: "forbidden" });
    expect(await submitAlert(db.client, id, outsider)).toEqual({ ok: false, reason: "forbidden" });
    await submitAlert(db.client, id, team.author);
    expect(await publishAlert(db.client, id, outsider)).toEqual({ ok: false, reason: "forbidden" });
    const list = await listStaffAlerts(db.client, outsider);
    expect(list.ok && list.alerts).toEqual([]);
    expect(await listStaffAlerts(db.client, outsider, { agency: team.agency.slug })).toEqual({ ok: false, reason: "forbidden" });
    expect(await listStaffAlerts(db.client, await makeStaff(db.client, "analyst"))).toEqual({ ok: false, reason: "forbidden" });

    const admin = await makeStaff(db.client, "admin");
    const all = await listStaffAlerts(db.client, admin);
    expect(all.ok && all.alerts.map((a) => a.id)).toEqual([id]);
    expect((await getStaffAlert(db.client, id, admin)).ok).toBe(true);
  });
});

describe("publishing", () => {
  it("never lets the author publish their own draft, even as an administrator", async () => {
    const team = await makeTeam(db.client);
    const made = await createAlert(db.client, DRAFTS.scam, team.author);
    if (!made.ok) throw new Error(made.reason);
    await submitAlert(db.client, made.alert.id, team.author);
    expect(await publishAlert(db.client, made.alert.id, team.author)).toEqual({ ok: false, reason: "own_draft" });

    const admin = await makeStaff(db.client, "admin");
    const adminDraft = await createAlert(db.client, DRAFTS.advice, admin, { agencyId: team.agency.id });
    if (!adminDraft.ok) throw new Error(adminDraft.reason);
    await submitAlert(db.client, adminDraft.alert.id, admin);
    expect(await publishAlert(db.client, adminDraft.alert.id, admin)).toEqual({ ok: false, reason: "own_draft" });
    expect((await publishAlert(db.client, adminDraft.alert.id, team.reviewer)).ok).toBe(true);
  });

  it("counts anyone who edited the draft as an author: the reviewer who fixes a typo cannot then publish it", async () => {
    const team = await makeTeam(db.client);
    const made = await createAlert(db.client, DRAFTS.scam, team.author);
    if (!made.ok) throw new Error(made.reason);
    await submitAlert(db.client, made.alert.id, team.author);
    const edited = await updateAlert(db.client, made.alert.id, { severity: "extreme" }, team.reviewer);
    expect(edited.ok && edited.alert.draftStatus).toBe("draft"); // back to draft: what is reviewed is what is published
    await submitAlert(db.client, made.alert.id, team.author);
    expect(await publishAlert(db.client, made.alert.id, team.reviewer)).toEqual({ ok: false, reason: "own_draft" });
    const third = await makeStaff(db.client, "publisher", team.agency.id);
    expect((await publishAlert(db.client, made.alert.id, third)).ok).toBe(true);
  });

  it("lets only one of two reviewers publishing at the same moment succeed", async () => {
    const team = await makeTeam(db.client);
    const third = await makeStaff(db.client, "publisher", team.agency.id);
    const made = await createAlert(db.client, DRAFTS.advice, team.author);
    if (!made.ok) throw new Error(made.reason);
    await submitAlert(db.client, made.alert.id, team.author);
    const results = await Promise.all([
      publishAlert(db.client, made.alert.id, team.reviewer, { now: T0 }),
      publishAlert(db.client, made.alert.id, third, { now: T0 }),
    ]);
    expect(results.map((r) => (r.ok ? "published" : r.reason)).sort()).toEqual(["not_in_review", "published"]);
    const staff = await getStaffAlert(db.client, made.alert.id, team.author);
    expect(staff.ok && [staff.alert.trackingId, staff.alert.versions.length]).toEqual(["VN-ATTT-2026-0001", 1]);
  });

  it("publishes only a draft sent for review", async () => {
    const team = await makeTeam(db.client);
    const made = await createAlert(db.client, DRAFTS.scam, team.author);
    if (!made.ok) throw new Error(made.reason);
    expect(await publishAlert(db.client, made.alert.id, team.reviewer)).toEqual({ ok: false, reason: "not_in_review" });
    expect(await publishAlert(db.client, "no-such-alert", team.reviewer)).toEqual({ ok: false, reason: "not_found" });
  });

  it("gives tracking IDs per year in Vietnam time, kept by every version", async () => {
    const team = await makeTeam(db.client);
    const a = await publishedAlert(db.client, team, DRAFTS.scam);
    const b = await publishedAlert(db.client, team, DRAFTS.advice);
    expect([a.trackingId, b.trackingId]).toEqual(["VN-ATTT-2026-0001", "VN-ATTT-2026-0002"]);
    // 2026-12-31T17:30Z is already 00:30 on 1 January 2027 in Hà Nội.
    const c = await publishedAlert(db.client, team, DRAFTS.advice, { now: new Date("2026-12-31T17:30:00.000Z") });
    expect(c.trackingId).toBe("VN-ATTT-2027-0001");
    const corrected = await correctedAlert(db.client, team, a.id, { severity: "extreme" }, { now: later(5) });
    expect(corrected.trackingId).toBe("VN-ATTT-2026-0001");
    expect(corrected.publicVersion).toBe(2);
  });

  it("writes an audit row for every step, with the person who took it", async () => {
    const team = await makeTeam(db.client);
    const a = await publishedAlert(db.client, team, DRAFTS.scam);
    await correctedAlert(db.client, team, a.id, { severity: "extreme" }, { now: later(1) });
    await withdrawAlert(db.client, a.id, "Trùng lặp", team.reviewer, { now: later(2) });
    const log = await listAudit(db.client, { action: "alert.*" });
    const rows = log.rows.map((r) => [r.action, r.actorId, r.target]).reverse();
    expect(rows).toEqual([
      ["alert.create", team.author.id, `alert:${a.id}`],
      ["alert.submit", team.author.id, `alert:${a.id}`],
      ["alert.publish", team.reviewer.id, `alert:${a.id}`],
      ["alert.update", team.author.id, `alert:${a.id}`],
      ["alert.submit", team.author.id, `alert:${a.id}`],
      ["alert.publish", team.reviewer.id, `alert:${a.id}`],
      ["alert.withdraw", team.reviewer.id, `alert:${a.id}`],
    ]);
    expect(log.rows[0]?.details).toEqual({ trackingId: "VN-ATTT-2026-0001", version: 3 });
    expect(log.rows[0]?.ip).toBe("203.0.113.7");
  });
});

describe("corrections and withdrawal", () => {
  it("keeps a correction's draft away from the public until it is published as the next version", async () => {
    const team = await makeTeam(db.client);
    const a = await publishedAlert(db.client, team, DRAFTS.scam);
    const edit = await updateAlert(db.client, a.id, { title: { vi: "Tiêu đề mới", en: "New title" } }, team.author, { now: later(1) });
    expect(edit.ok && edit.alert.publicStatus).toBe("published");
    expect((await getPublicAlert(db.client, a.id))?.title.en).toBe(DRAFTS.scam.title.en);
    expect((await listPublicAlerts(db.client)).alerts[0]?.title.en).toBe(DRAFTS.scam.title.en);

    expect(await submitAlert(db.client, a.id, team.author)).toEqual({ ok: false, reason: "change_note_required" });
    await updateAlert(db.client, a.id, { changeNote: { vi: "Sửa tiêu đề.", en: "Fixes the title." } }, team.author, { now: later(2) });
    await submitAlert(db.client, a.id, team.author, { now: later(3) });
    expect((await getPublicAlert(db.client, a.id))?.title.en).toBe(DRAFTS.scam.title.en);
    const published = await publishAlert(db.client, a.id, team.reviewer, { now: later(4) });
    expect(published.ok && published.version).toBe(2);

    const pub = await getPublicAlert(db.client, "vn-attt-2026-0001", "en");
    expect(pub?.title.en).toBe("New title");
    expect(pub?.url).toBe("/en/alerts/vn-attt-2026-0001/");
    expect(pub?.history.map((h) => [h.version, h.msgType, h.note?.en ?? null])).toEqual([
      [1, "Alert", null],
      [2, "Update", "Fixes the title."],
    ]);
    expect(pub?.firstPublishedAt).toBe(T0.toISOString());
    expect(pub?.updatedAt).toBe(later(4).toISOString());
  });

  it("keeps a published alert's TLP: restricting it would make it vanish without a Cancel", async () => {
    const team = await makeTeam(db.client);
    const a = await publishedAlert(db.client, team, DRAFTS.scam);
    expect(await updateAlert(db.client, a.id, { tlp: "AMBER" }, team.author)).toEqual({ ok: false, reason: "tlp_locked" });
  });

  it("withdraws with a reason as a last version that stays visible, and ends editing", async () => {
    const team = await makeTeam(db.client);
    const a = await publishedAlert(db.client, team, DRAFTS.scam);
    await updateAlert(db.client, a.id, { severity: "minor" }, team.author, { now: later(1) }); // a correction in progress is dropped
    expect((await withdrawAlert(db.client, a.id, "   ", team.author)).ok).toBe(false);
    const w = await withdrawAlert(db.client, a.id, { vi: "Cảnh báo trùng lặp.", en: "Duplicate alert." }, team.author, { now: later(2) });
    expect(w.ok && w.version).toBe(2);
    const pub = await getPublicAlert(db.client, a.id);
    expect(pub?.status).toBe("withdrawn");
    expect(pub?.withdrawalReason).toEqual({ vi: "Cảnh báo trùng lặp.", en: "Duplicate alert." });
    expect(pub?.history.at(-1)?.msgType).toBe("Cancel");
    expect(pub?.severity).toBe("severe");
    expect((await listPublicAlerts(db.client)).alerts.map((x) => x.status)).toEqual(["withdrawn"]);
    expect(await updateAlert(db.client, a.id, { severity: "minor" }, team.author)).toEqual({ ok: false, reason: "withdrawn" });
    expect(await withdrawAlert(db.client, a.id, "again", team.author)).toEqual({ ok: false, reason: "already_withdrawn" });

    const draft = await createAlert(db.client, DRAFTS.advice, team.author);
    if (!draft.ok) throw new Error(draft.reason);
    expect(await withdrawAlert(db.client, draft.alert.id, "x", team.author)).toEqual({ ok: false, reason: "not_published" });
  });
});

describe("what the public sees", () => {
  it("lists published and withdrawn TLP:CLEAR alerts only, with the filters, newest first", async () => {
    const team = await makeTeam(db.client, "vncert");
    const other = await makeTeam(db.client, "bo-cong-an");
    await publishedAlert(db.client, team, DRAFTS.scam, { now: later(1) });
    await publishedAlert(db.client, team, DRAFTS.vulnerability, { now: later(2) });
    await publishedAlert(db.client, other, DRAFTS.advice, { now: new Date("2027-02-01T03:00:00Z") });
    const amber = await publishedAlert(db.client, team, { ...DRAFTS.scam, tlp: "AMBER" }, { now: later(3) });
    await createAlert(db.client, DRAFTS.advice, team.author); // a draft

    const all = await listPublicAlerts(db.client);
    expect(all.total).toBe(3);
    expect(all.alerts.map((a) => a.kind)).toEqual(["advice", "vulnerability", "scam_campaign"]);
    expect((await listPublicAlerts(db.client, { kind: "vulnerability" })).alerts.map((a) => a.kind)).toEqual(["vulnerability"]);
    expect((await listPublicAlerts(db.client, { severity: "severe" })).total).toBe(1);
    expect((await listPublicAlerts(db.client, { agency: "bo-cong-an" })).alerts.map((a) => a.agency.slug)).toEqual(["bo-cong-an"]);
    expect((await listPublicAlerts(db.client, { year: 2027 })).alerts.map((a) => a.trackingId)).toEqual(["VN-ATTT-2027-0001"]);
    expect((await listPublicAlerts(db.client, { page: 2 })).alerts).toEqual([]);
    expect(await getPublicAlert(db.client, amber.id)).toBeNull();
    expect(await getPublicAlert(db.client, amber.trackingId as string)).toBeNull();
  });

  it("renders the Markdown safely for the page", async () => {
    const team = await makeTeam(db.client);
    const a = await publishedAlert(db.client, team, { ...DRAFTS.advice, body: { vi: "**đậm** <script>x</script>", en: "**bold**" } });
    const pub = await getPublicAlert(db.client, a.id);
    expect(pub?.bodyHtml.vi).toBe("<p><strong>đậm</strong> &lt;script&gt;x&lt;/script&gt;</p>");
    expect(pub?.links).toEqual({
      page: { vi: "/canh-bao/vn-attt-2026-0001/", en: "/en/alerts/vn-attt-2026-0001/" },
      cap: `/api/v1/alerts/${a.id}.cap.xml`,
      csaf: "/.well-known/csaf/clear/2026/vn-attt-2026-0001.json",
    });
  });

  it("raises the banner for recent extreme and severe alerts, and lowers it on withdrawal", async () => {
    const team = await makeTeam(db.client);
    const severe = await publishedAlert(db.client, team, DRAFTS.scam);
    await publishedAlert(db.client, team, DRAFTS.advice);
    expect((await listBannerAlerts(db.client, { now: later(60) })).map((a) => a.id)).toEqual([severe.id]);
    expect(await listBannerAlerts(db.client, { now: new Date(T0.getTime() + 15 * 86_400_000) })).toEqual([]);
    await withdrawAlert(db.client, severe.id, "x", team.author, { now: later(61) });
    expect(await listBannerAlerts(db.client, { now: later(62) })).toEqual([]);
  });

  it("tells the staff list what the viewer may do", async () => {
    const team = await makeTeam(db.client);
    const made = await createAlert(db.client, DRAFTS.scam, team.author);
    if (!made.ok) throw new Error(made.reason);
    await submitAlert(db.client, made.alert.id, team.author);
    const s = await getStaffAlert(db.client, made.alert.id, team.author);
    if (!s.ok) throw new Error(s.reason);
    expect(toStaffAlertItem(s.alert, team.author)).toMatchObject({ canEdit: true, canPublish: false, draftStatus: "in_review" });
    expect(toStaffAlertItem(s.alert, team.reviewer)).toMatchObject({ canEdit: true, canPublish: true });
    const inReview = await listStaffAlerts(db.client, team.reviewer, { state: "in_review" });
    expect(inReview.ok && inReview.total).toBe(1);
    const published = await listStaffAlerts(db.client, team.reviewer, { state: "published" });
    expect(published.ok && published.total).toBe(0);
  });
});

describe("indicators in the checks", () => {
  const check = async (url: string) => {
    const [r] = await checkUrls(db.client, await loadUrlIndex(db.client), [url]);
    return r as UrlCheckResult;
  };

  it("puts links, domains and hashes into the lookup store and identifiers into the sink, named by the alert", async () => {
    const team = await makeTeam(db.client);
    const sink = recordingSink();
    const a = await publishedAlert(db.client, team, DRAFTS.scam, { identifiers: sink });
    const source = alertSource(a.id);

    const link = await check("https://bank-verify.example/login");
    expect(link.verdict).toBe("phishing");
    expect(link.matches[0]).toMatchObject({
      source,
      threat: "scam",
      reference: "/canh-bao/vn-attt-2026-0001/",
      addedBy: `staff:${team.reviewer.id}`,
    });
    expect((await check("http://www.bank-xacminh.example/any/page")).verdict).toBe("phishing");
    const [hash] = await checkHashes(db.client, [{ hash: DRAFTS.scam.indicators.hashes[0] as string, algorithm: "sha256" }]);
    expect(hash?.verdict).toBe("malicious");
    expect(hash?.matches[0]?.source).toBe(source);

    expect(sink.confirmed.get(source)).toEqual(["phone:0000 111 222", "bank:0000 1111 2222"]);
    const meta = sink.calls.find((c) => c.op === "confirm")?.meta;
    expect(meta).toMatchObject({
      alertId: a.id,
      trackingId: "VN-ATTT-2026-0001",
      scamKind: "scam",
      url: { en: "/en/alerts/vn-attt-2026-0001/" },
    });
  });

  it("gives malware links the malicious verdict and other kinds suspicious", async () => {
    const team = await makeTeam(db.client);
    await publishedAlert(db.client, team, { ...DRAFTS.scam, kind: "malware", indicators: { domains: ["apk-giaimao.example"] } });
    await publishedAlert(db.client, team, { ...DRAFTS.advice, indicators: { domains: ["thong-bao.example"] } });
    expect((await check("http://apk-giaimao.example/app.apk")).verdict).toBe("malicious");
    expect((await check("http://thong-bao.example/")).verdict).toBe("suspicious");
  });

  it("replaces them on a correction and retires them on withdrawal", async () => {
    const team = await makeTeam(db.client);
    const sink = recordingSink();
    const a = await publishedAlert(db.client, team, DRAFTS.scam, { identifiers: sink });
    await correctedAlert(
      db.client,
      team,
      a.id,
      { indicators: { domains: ["bank-moi.example"], phones: ["0000 333 444"] } },
      { now: later(1), identifiers: sink },
    );
    expect((await check("http://bank-xacminh.example/")).verdict).toBe("unknown");
    expect((await check("http://bank-moi.example/")).verdict).toBe("phishing");
    expect(await countHashSource(db.client, alertSource(a.id))).toBe(0);
    expect(sink.confirmed.get(alertSource(a.id))).toEqual(["phone:0000 333 444"]);

    await withdrawAlert(db.client, a.id, "Sai thông tin", team.author, { now: later(2), identifiers: sink });
    expect((await check("http://bank-moi.example/")).verdict).toBe("unknown");
    expect(await countUrlSource(db.client, alertSource(a.id))).toEqual({ entries: 0, domains: 0 });
    expect(sink.confirmed.has(alertSource(a.id))).toBe(false);
    expect(sink.calls.at(-1)).toEqual({ op: "retire", source: alertSource(a.id) });
  });

  it("keeps the indicators of an alert that is not TLP:CLEAR out of the public checks", async () => {
    const team = await makeTeam(db.client);
    const sink = recordingSink();
    await publishedAlert(db.client, team, { ...DRAFTS.scam, tlp: "GREEN" }, { identifiers: sink });
    expect((await check("https://bank-verify.example/login")).verdict).toBe("unknown");
    expect(sink.calls).toEqual([]);
  });
});
