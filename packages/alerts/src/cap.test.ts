import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AlertRecord, createAlert, loadAlert, withdrawAlert } from "./alerts.ts";
import { capDocument, capIndexFeed } from "./cap.ts";
import { CAP_DATE_TIME, checkCap } from "./cap-rules.ts";
import { listPublicAlertRecords } from "./public.ts";
import { correctedAlert, DRAFTS, makeTeam, publishedAlert, T0, type TempDb, tempDb } from "./test-db.ts";

const ORIGIN = "https://canhbao.example.vn";
let db: TempDb;
let alerts: Record<"scam" | "vulnerability" | "advice" | "demo", AlertRecord>;

beforeAll(async () => {
  db = await tempDb();
  const team = await makeTeam(db.client, "vncert");
  const at = (h: number) => new Date(T0.getTime() + h * 3_600_000);
  const scam = await publishedAlert(db.client, team, DRAFTS.scam, { now: at(0) });
  const vuln = await publishedAlert(db.client, team, DRAFTS.vulnerability, { now: at(1) });
  await correctedAlert(
    db.client,
    team,
    vuln.id,
    { severity: "severe", changeNote: { vi: "Hạ mức độ.", en: "Lowers the severity." } },
    { now: at(2) },
  );
  const advice = await publishedAlert(db.client, team, DRAFTS.advice, { now: at(3) });
  await withdrawAlert(db.client, advice.id, { vi: "Nội dung đã lỗi thời.", en: "The content is out of date." }, team.author, {
    now: at(4),
  });
  const demo = await publishedAlert(db.client, team, DRAFTS.advice, { now: at(5), isDemo: true });
  const load = async (id: string) => (await loadAlert(db.client, id)) as AlertRecord;
  alerts = { scam: await load(scam.id), vulnerability: await load(vuln.id), advice: await load(advice.id), demo: await load(demo.id) };
});
afterAll(() => db.cleanup());

const parse = (xml: string) =>
  new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    isArray: (name) => ["info", "parameter", "eventCode"].includes(name),
  }).parse(xml) as {
    alert: Record<string, unknown> & { info: Record<string, unknown>[] };
  };

describe("CAP 1.2 messages", () => {
  it("pass every CAP 1.2 rule, for each kind of version", () => {
    for (const [name, alert] of Object.entries(alerts)) {
      const doc = capDocument(alert, { origin: ORIGIN });
      expect(doc, name).not.toBeNull();
      expect(checkCap(doc as string), name).toEqual([]);
    }
  });

  it("follow the version history: Alert, then Update or Cancel referencing the earlier messages", () => {
    const first = parse(capDocument(alerts.scam, { origin: ORIGIN }) as string).alert;
    expect(first.msgType).toBe("Alert");
    expect(first.references).toBeUndefined();
    expect(first.identifier).toBe("VN-ATTT-2026-0001-v1");
    expect(first.sender).toBe("vncert@canhbao.example.vn");
    expect(first.sent).toBe("2026-11-29T10:00:00+07:00");
    expect(first.status).toBe("Actual");
    expect(first.scope).toBe("Public");

    const update = parse(capDocument(alerts.vulnerability, { origin: ORIGIN }) as string).alert;
    expect(update.msgType).toBe("Update");
    expect(update.identifier).toBe("VN-ATTT-2026-0002-v2");
    expect(update.references).toBe("vncert@canhbao.example.vn,VN-ATTT-2026-0002-v1,2026-11-29T11:00:00+07:00");
    expect(update.note).toBe("Hạ mức độ.\n\nLowers the severity.");

    const cancel = parse(capDocument(alerts.advice, { origin: ORIGIN }) as string).alert;
    expect(cancel.msgType).toBe("Cancel");
    expect(cancel.references).toBe("vncert@canhbao.example.vn,VN-ATTT-2026-0003-v1,2026-11-29T13:00:00+07:00");
    expect(String(cancel.info[0]?.description)).toContain("Nội dung đã lỗi thời.");

    expect(parse(capDocument(alerts.demo, { origin: ORIGIN }) as string).alert.status).toBe("Test");
  });

  it("carries one info block per language with CAP's capitalised values and escaped text", () => {
    const doc = capDocument(alerts.scam, { origin: ORIGIN }) as string;
    expect(doc).toContain("&lt;Ví dụ&gt; &amp; đồng bọn");
    const { info } = parse(doc).alert;
    expect(info.map((i) => i.language)).toEqual(["vi-VN", "en-US"]);
    expect(info.map((i) => [i.category, i.urgency, i.severity, i.certainty, i.responseType])).toEqual([
      ["Security", "Immediate", "Severe", "Observed", "Avoid"],
      ["Security", "Immediate", "Severe", "Observed", "Avoid"],
    ]);
    expect(info[1]?.headline).toBe("Fake bank pages <Example> & co");
    expect(info[1]?.web).toBe("https://canhbao.example.vn/en/alerts/vn-attt-2026-0001/");
    expect(info[0]?.instruction).toBe("Không bấm vào đường dẫn.");
    const vuln = parse(capDocument(alerts.vulnerability, { origin: ORIGIN }) as string).alert.info[0];
    expect(
      ((vuln?.parameter ?? []) as { valueName: string; value: string }[]).filter((p) => p.valueName === "CVE").map((p) => p.value),
    ).toEqual(["CVE-2021-44228", "CVE-2021-45046"]);
  });

  it("exist only for alerts the public may see", async () => {
    const team = await makeTeam(db.client);
    const draft = await createAlert(db.client, DRAFTS.scam, team.author);
    if (!draft.ok) throw new Error(draft.reason);
    expect(capDocument(draft.alert, { origin: ORIGIN })).toBeNull();
    const amber = await publishedAlert(db.client, team, { ...DRAFTS.scam, tlp: "AMBER" });
    expect(capDocument(amber, { origin: ORIGIN })).toBeNull();
  });
});

describe("the CAP rule checks", () => {
  const good = () => capDocument(alerts.vulnerability, { origin: ORIGIN }) as string;

  it.each([
    [
      "elements out of order",
      (d: string) => d.replace(/(\s*<identifier>.*?<\/identifier>)(\s*<sender>.*?<\/sender>)/, "$2$1"),
      /out of order|required/,
    ],
    [
      "toISOString() dates",
      (d: string) => d.replace(/<sent>[^<]*<\/sent>/, "<sent>2026-11-29T03:00:00.000Z</sent>"),
      /<sent>.*not a CAP dateTime/,
    ],
    ["a space in the identifier", (d: string) => d.replace("<identifier>VN-ATTT", "<identifier>VN ATTT"), /identifier.*space/],
    ["lower-case severity", (d: string) => d.replace("<severity>Severe</severity>", "<severity>severe</severity>"), /severity.*not one of/],
    ["no scope", (d: string) => d.replace(/\s*<scope>Public<\/scope>/, ""), /<scope> is required/],
    ["an Update without references", (d: string) => d.replace(/\s*<references>[^<]*<\/references>/, ""), /must reference/],
    ["a foreign element", (d: string) => d.replace("<incidents>", "<colour>red</colour><incidents>"), /<colour> is not a CAP 1.2 element/],
    [
      "the wrong namespace",
      (d: string) => d.replace("urn:oasis:names:tc:emergency:cap:1.2", "urn:oasis:names:tc:emergency:cap:1.1"),
      /namespace/,
    ],
    ["broken XML", (d: string) => d.replace("</alert>", ""), /well-formed/],
  ])("fail a message with %s", (_name, breakIt, problem) => {
    expect(checkCap(good())).toEqual([]);
    const problems = checkCap(breakIt(good()));
    expect(problems.join("\n")).toMatch(problem);
  });

  it("know CAP's date-time form", () => {
    expect(CAP_DATE_TIME.test("2026-11-29T10:00:00+07:00")).toBe(true);
    expect(CAP_DATE_TIME.test("2026-11-29T10:00:00-00:00")).toBe(true);
    expect(CAP_DATE_TIME.test("2026-11-29T03:00:00Z")).toBe(false);
    expect(CAP_DATE_TIME.test("2026-11-29T03:00:00.000+07:00")).toBe(false);
  });
});

describe("the CAP index feed", () => {
  it("links each public alert's CAP message and reads as Atom", async () => {
    const records = await listPublicAlertRecords(db.client);
    const xml = capIndexFeed(records, { origin: ORIGIN, lang: "en" });
    const feed = parseFeed(xml);
    expect(feed.title).toBe("CAP 1.2 alerts — Cyberspace Safety Portal");
    expect(feed.self).toBe("https://canhbao.example.vn/api/v1/alerts/cap.atom?lang=en");
    const caps = records.filter((r) => r.published?.tlp === "CLEAR").map((r) => `${ORIGIN}/api/v1/alerts/${r.id}.cap.xml`);
    expect(feed.items.map((i) => i.id).sort()).toEqual(caps.sort());
    const raw = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === "entry" || n === "link" }).parse(xml) as {
      feed: { entry: { link: Record<string, string>[] }[] };
    };
    for (const entry of raw.feed.entry)
      expect(entry.link.find((l) => l["@_type"] === "application/cap+xml")?.["@_href"]).toMatch(/\.cap\.xml$/);
  });
});
