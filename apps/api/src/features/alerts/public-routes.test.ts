// The public alert API over demo data and a few more alerts made through the real workflow: the
// list and its filters, one alert, the Atom feed read by a real feed parser, CAP 1.2 checked
// against the specification's rules — and every absolute URL from PUBLIC_ORIGIN, never from the
// request's Host header (or, without it, from the listening address).
import { type AlertActor, createAlert, publishAlert, submitAlert, withdrawAlert } from "@portal/alerts";
import type { AlertDraftRequest } from "@portal/contracts";
import { parseFeed } from "@rowanmanning/feed-parser";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkCap } from "../../../../../packages/alerts/src/cap-rules.ts";
import { type App, createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";
import { testStaff } from "../../testing/staff.ts";
import { seedIfEmpty } from "../index.ts";
import { alertsFeature } from "./index.ts";

const ORIGIN = "https://canhbao.example.vn";
let deps: TestDeps;
let app: App;
const ids: Record<"withdrawn" | "amber", string> = { withdrawn: "", amber: "" };

const ADVICE: AlertDraftRequest = {
  kind: "advice",
  severity: "moderate",
  urgency: "future",
  certainty: "likely",
  tlp: "CLEAR",
  title: { vi: "Cập nhật trình duyệt thường xuyên", en: "Keep your browser up to date" },
  summary: { vi: "Bản cập nhật vá lỗ hổng.", en: "Updates fix flaws." },
  body: { vi: "Nội dung.", en: "Text." },
};

async function publish(draft: AlertDraftRequest, author: AlertActor, reviewer: AlertActor): Promise<string> {
  const made = await createAlert(deps.db.client, draft, author);
  if (!made.ok) throw new Error(JSON.stringify(made));
  await submitAlert(deps.db.client, made.alert.id, author);
  const r = await publishAlert(deps.db.client, made.alert.id, reviewer);
  if (!r.ok) throw new Error(r.reason);
  return made.alert.id;
}

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey"), env: { PUBLIC_ORIGIN: ORIGIN } });
  app = createApp(deps);
  await seedIfEmpty(deps, alertsFeature.seeders ?? []);
  const a = (await testStaff(deps, "publisher", { agency: "ncsc" })).user;
  const b = (await testStaff(deps, "publisher", { agency: "ncsc" })).user;
  ids.withdrawn = await publish(ADVICE, a, b);
  const w = await withdrawAlert(deps.db.client, ids.withdrawn, { vi: "Không còn đúng.", en: "No longer accurate." }, a);
  if (!w.ok) throw new Error(w.reason);
  ids.amber = await publish({ ...ADVICE, tlp: "AMBER", title: { vi: "Hạn chế", en: "Restricted" } }, a, b);
});
afterAll(() => deps?.cleanup());

type List = {
  alerts: { id: string; trackingId: string; kind: string; status: string; url: string; isDemo: boolean; agency: { slug: string } }[];
  total: number;
};
const getJson = async <T>(path: string) => {
  const res = await app.request(path);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
};
/** As a request to another host would arrive: the Host header says evil.example. */
const fromElsewhere = (path: string) => app.request(`http://evil.example${path}`, { headers: { host: "evil.example" } });

describe("the public list and one alert", () => {
  it("lists published and withdrawn TLP:CLEAR alerts, newest first, never restricted ones", async () => {
    const { status, headers, body } = await getJson<List>("/api/v1/alerts");
    expect(status).toBe(200);
    expect(body.total).toBe(4);
    expect(body.alerts.map((a) => a.id)).not.toContain(ids.amber);
    expect(body.alerts[0]).toMatchObject({ id: ids.withdrawn, status: "withdrawn", isDemo: false });
    expect(body.alerts.filter((a) => a.isDemo)).toHaveLength(3);
    // Cached a moment at most: a new alert is in the list within 5 seconds.
    expect(headers.get("cache-control")).toBe("public, max-age=2");
    expect(headers.get("access-control-allow-origin")).toBe("*");
  });

  it("filters by kind, severity, agency and year, and gives links in the language asked for", async () => {
    expect((await getJson<List>("/api/v1/alerts?kind=vulnerability")).body.alerts.map((a) => a.kind)).toEqual(["vulnerability"]);
    expect((await getJson<List>("/api/v1/alerts?severity=severe")).body.total).toBe(2);
    expect((await getJson<List>("/api/v1/alerts?agency=ncsc")).body.alerts.map((a) => a.id)).toEqual([ids.withdrawn]);
    expect((await getJson<List>("/api/v1/alerts?year=2001")).body.total).toBe(0);
    const en = (await getJson<List>("/api/v1/alerts?lang=en&kind=advice&agency=demo")).body.alerts[0];
    expect(en?.url).toBe(`/en/alerts/${en?.trackingId.toLowerCase()}/`);
    const bad = await getJson<{ error: { code: string } }>("/api/v1/alerts?kind=rumour");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_request");
  });

  it("gives one alert by its id or its tracking ID in any case, 404 for a restricted or unknown one", async () => {
    const list = (await getJson<List>("/api/v1/alerts?kind=scam_campaign")).body.alerts[0];
    const byTracking = await getJson<{ id: string; history: unknown[]; links: { cap: string; csaf: string } }>(
      `/api/v1/alerts/${list?.trackingId.toLowerCase()}`,
    );
    expect(byTracking.status).toBe(200);
    expect(byTracking.body.id).toBe(list?.id);
    expect(byTracking.body.history).toHaveLength(2);
    expect(byTracking.body.links.cap).toBe(`/api/v1/alerts/${list?.id}.cap.xml`);
    expect(byTracking.body.links.csaf).toMatch(/^\/\.well-known\/csaf\/clear\/\d{4}\/vn-attt-\d{4}-\d{4}\.json$/);
    expect((await app.request(`/api/v1/alerts/${ids.amber}`)).status).toBe(404);
    expect((await app.request("/api/v1/alerts/VN-ATTT-1999-9999")).status).toBe(404);
    expect((await app.request("/api/v1/alerts/not%20an%20id")).status).toBe(400);
  });
});

describe("the Atom feed", () => {
  it.each(["vi", "en"] as const)(
    "parses with a real feed parser, with id, title, updated and author on the feed and every entry (%s)",
    async (lang) => {
      const res = await fromElsewhere(`/api/v1/alerts/feed.atom?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("public, max-age=2");
      const xml = await res.text();
      const feed = parseFeed(xml);
      expect(feed.meta.type).toBe("atom");
      // The parser reads no feed-level <id>: the element itself, then the alternate link.
      expect(xml).toContain(`<id>${ORIGIN}${lang === "vi" ? "/canh-bao/" : "/en/alerts/"}</id>`);
      expect(feed.url).toBe(`${ORIGIN}${lang === "vi" ? "/canh-bao/" : "/en/alerts/"}`);
      expect(feed.self).toBe(`${ORIGIN}/api/v1/alerts/feed.atom?lang=${lang}`);
      expect(feed.updated).toBeInstanceOf(Date);
      expect(feed.authors.length).toBe(1);
      expect(feed.items).toHaveLength(4);
      for (const item of feed.items) {
        expect(item.id).toMatch(new RegExp(`^${ORIGIN}${lang === "vi" ? "/canh-bao/" : "/en/alerts/"}vn-attt-\\d{4}-\\d{4}/$`));
        expect(item.title).toBeTruthy();
        expect(item.updated).toBeInstanceOf(Date);
        expect(item.authors.length).toBe(1);
      }
      // Not one link from the Host header the request carried.
      expect(xml).not.toContain("evil.example");
    },
  );

  it("refuses a language it does not have", async () => {
    expect((await app.request("/api/v1/alerts/feed.atom?lang=fr")).status).toBe(400);
  });
});

describe("CAP 1.2", () => {
  it("serves every public alert as a CAP message that meets the CAP 1.2 rules, Update and Cancel referencing the earlier ones", async () => {
    const { body } = await getJson<List>("/api/v1/alerts");
    const types: string[] = [];
    for (const a of body.alerts) {
      const res = await fromElsewhere(`/api/v1/alerts/${a.id}.cap.xml`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/cap+xml; charset=utf-8");
      const xml = await res.text();
      expect(checkCap(xml), a.trackingId).toEqual([]);
      expect(xml).not.toContain("evil.example");
      expect(xml).toContain(`<web>${ORIGIN}/canh-bao/${a.trackingId.toLowerCase()}/</web>`);
      types.push(/<msgType>(\w+)<\/msgType>/.exec(xml)?.[1] ?? "");
    }
    expect(types.sort()).toEqual(["Alert", "Alert", "Cancel", "Update"]);
    // By tracking ID too; nothing for a restricted alert.
    expect((await app.request(`/api/v1/alerts/${body.alerts[0]?.trackingId}.cap.xml`)).status).toBe(200);
    expect((await app.request(`/api/v1/alerts/${ids.amber}.cap.xml`)).status).toBe(404);
  });

  it("indexes the CAP messages in an Atom feed linking each as application/cap+xml", async () => {
    const res = await fromElsewhere("/api/v1/alerts/cap.atom?lang=en");
    expect(res.status).toBe(200);
    const feed = parseFeed(await res.text());
    expect(feed.items).toHaveLength(4);
    for (const item of feed.items) expect(item.id).toMatch(new RegExp(`^${ORIGIN}/api/v1/alerts/[a-z2-7]{24}\\.cap\\.xml$`));
  });
});

describe("without PUBLIC_ORIGIN", () => {
  it("builds the links from the listening address, not from the Host header", async () => {
    const local = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey"), env: { PORT: "9123" } });
    try {
      await seedIfEmpty(local, alertsFeature.seeders ?? []);
      const res = await createApp(local).request("http://evil.example/api/v1/alerts/feed.atom", { headers: { host: "evil.example" } });
      const xml = await res.text();
      expect(parseFeed(xml).self).toBe("http://127.0.0.1:9123/api/v1/alerts/feed.atom?lang=vi");
      expect(xml).not.toContain("evil.example");
    } finally {
      local.cleanup();
    }
  });
});

describe("the OpenAPI document", () => {
  it("describes every alert route, the staff ones under the tag staff with the session cookie", async () => {
    const doc = (await (await app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { tags?: string[]; security?: unknown[] }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/alerts",
        "/alerts/{id}",
        "/alerts/feed.atom",
        "/alerts/cap.atom",
        "/alerts/{id}.cap.xml",
        "/staff/alerts",
        "/staff/alerts/preview",
        "/staff/alerts/{id}",
        "/staff/alerts/{id}/submit",
        "/staff/alerts/{id}/publish",
        "/staff/alerts/{id}/withdraw",
      ]),
    );
    expect(doc.paths["/staff/alerts"]?.post?.tags).toEqual(["staff"]);
    expect(doc.paths["/staff/alerts/{id}/publish"]?.post?.security).toEqual([{ staffSession: [] }]);
    expect(doc.paths["/alerts"]?.get?.tags).toEqual(["Alerts"]);
    expect(doc.components.schemas).toHaveProperty("AlertCreateRequest");
    expect(doc.components.schemas).toHaveProperty("Alert");
  });
});
