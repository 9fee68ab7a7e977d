import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withdrawAlert } from "./alerts.ts";
import { alertAtomFeed } from "./atom.ts";
import { listPublicAlertRecords } from "./public.ts";
import { correctedAlert, DRAFTS, makeTeam, publishedAlert, T0, type TempDb, tempDb } from "./test-db.ts";

const ORIGIN = "https://canhbao.example.vn";
let db: TempDb;
const at = (h: number) => new Date(T0.getTime() + h * 3_600_000);

beforeAll(async () => {
  db = await tempDb();
  const team = await makeTeam(db.client, "vncert");
  const scam = await publishedAlert(db.client, team, DRAFTS.scam, { now: at(0) });
  await correctedAlert(db.client, team, scam.id, { severity: "extreme" }, { now: at(5) });
  const advice = await publishedAlert(db.client, team, DRAFTS.advice, { now: at(1) });
  await withdrawAlert(db.client, advice.id, { vi: "Đã lỗi thời.", en: "Out of date." }, team.author, { now: at(2) });
  await publishedAlert(db.client, team, DRAFTS.vulnerability, { now: at(3), isDemo: true });
  await publishedAlert(db.client, team, { ...DRAFTS.scam, tlp: "RED" }, { now: at(4) });
});
afterAll(() => db.cleanup());

type RawFeed = { feed: Record<string, unknown> & { entry: Record<string, unknown>[] } };
const raw = (xml: string) =>
  new XMLParser({ ignoreAttributes: false, isArray: (n) => n === "entry" || n === "link" }).parse(xml) as RawFeed;

describe("the Atom feed of alerts", () => {
  it.each(["vi", "en"] as const)("has every element RFC 4287 requires, on the feed and each entry (%s)", async (lang) => {
    const xml = alertAtomFeed(await listPublicAlertRecords(db.client), { lang, origin: ORIGIN });
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe("atom");
    expect(feed.title).toBe(
      lang === "vi" ? "Cảnh báo an toàn thông tin — Cổng An toàn không gian mạng" : "Security alerts — Cyberspace Safety Portal",
    );
    expect(feed.updated?.toISOString()).toBe(at(5).toISOString());
    expect(feed.authors.map((a) => a.name)).toEqual([lang === "vi" ? "Cổng An toàn không gian mạng" : "Cyberspace Safety Portal"]);
    expect(feed.self).toBe(`${ORIGIN}/api/v1/alerts/feed.atom?lang=${lang}`);
    expect(feed.url).toBe(`${ORIGIN}${lang === "vi" ? "/canh-bao/" : "/en/alerts/"}`);
    expect(raw(xml).feed.id).toBe(`${ORIGIN}${lang === "vi" ? "/canh-bao/" : "/en/alerts/"}`);

    // The RED alert is never in a feed; the withdrawn one stays, marked.
    expect(feed.items).toHaveLength(3);
    for (const item of feed.items) {
      expect(item.id).toMatch(/^https:\/\/canhbao\.example\.vn\/(en\/alerts|canh-bao)\/vn-attt-2026-000\d\/$/);
      expect(item.url).toBe(item.id);
      expect(item.title).toBeTruthy();
      expect(item.updated).toBeInstanceOf(Date);
      expect(item.published).toBeInstanceOf(Date);
      expect(item.authors.map((a) => a.name)).toEqual(["Test agency", "Cơ quan thử"].filter((n) => (lang === "vi") === n.startsWith("Cơ")));
      expect(item.description).toBeTruthy();
      expect(item.categories).toHaveLength(1);
    }
    expect(feed.items.map((i) => i.categories[0]?.term)).toEqual(["scam_campaign", "vulnerability", "advice"]);
  });

  it("labels corrections by their dates, and withdrawn and demo alerts by their titles", async () => {
    const feed = parseFeed(alertAtomFeed(await listPublicAlertRecords(db.client), { lang: "en", origin: ORIGIN }));
    const [scam, demo, withdrawn] = feed.items;
    expect(scam?.published?.toISOString()).toBe(at(0).toISOString());
    expect(scam?.updated?.toISOString()).toBe(at(5).toISOString());
    expect(scam?.title).toBe("Fake bank pages <Example> & co");
    expect(demo?.title).toBe("[Demo data] Remote code execution in Log4j");
    expect(withdrawn?.title).toBe("[Withdrawn] Turn on two-step verification");
    expect(withdrawn?.description).toBe("Withdrawn: Out of date. — Turn on two-step verification.");
  });

  it("builds every absolute URL from the configured origin", async () => {
    const xml = alertAtomFeed(await listPublicAlertRecords(db.client), { lang: "vi", origin: "http://127.0.0.1:8080" });
    const urls = [...xml.matchAll(/(?:href="|<id>)(https?:\/\/[^"<]+)/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(5);
    for (const u of urls) expect(u).toMatch(/^http:\/\/127\.0\.0\.1:8080\//);
  });

  it("is still a valid feed with no alerts", () => {
    const feed = parseFeed(alertAtomFeed([], { lang: "vi", origin: ORIGIN, now: T0 }));
    expect(feed.items).toEqual([]);
    expect(feed.updated?.toISOString()).toBe(T0.toISOString());
  });
});
