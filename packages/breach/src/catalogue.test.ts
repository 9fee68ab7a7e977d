import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Database, migrate, openDatabase, resolveDatabaseUrl } from "@portal/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importBreach, sha1Hex } from "./breach-import.ts";
import { accountRange, breachAtomFeed, breachSearchDocuments, getBreach, latestBreaches, listBreaches } from "./catalogue.ts";
import { DEMO_IDENTIFIERS, loadDemoBreaches } from "./demo.ts";

let dir: string;
let db: Database;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "breach-cat-"));
  db = await openDatabase(resolveDatabaseUrl(undefined, dir));
  await migrate(db.client);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const rangeFor = async (id: string) => {
  const h = sha1Hex(id);
  const r = await accountRange(db.client, h.slice(0, 6));
  return r.matches.find((m) => m.suffix === h.slice(6))?.breaches ?? [];
};

describe("breach catalogue and account hashes", () => {
  it("finds a demo account under every way of writing it, and never in the sensitive breach", async () => {
    await loadDemoBreaches(db.client);
    expect(await rangeFor("an.nguyen@example.com")).toEqual(["DemoForumVN", "DemoShopVN"]);
    expect(await rangeFor("+84120000001")).toEqual(["DemoShopVN"]);
    expect(await rangeFor("binh.tran@example.com")).toEqual(["DemoShopVN"]);
    // Only in the sensitive demo breach: not returned at all.
    expect(await rangeFor("+84120000004")).toEqual([]);
    expect(DEMO_IDENTIFIERS.clinic).toContain("0120000004");
  });

  it("stores only hashes: no identifier appears anywhere in the database", async () => {
    await loadDemoBreaches(db.client);
    const rows = await db.client.execute("SELECT prefix || suffix AS h FROM breach_accounts");
    expect(rows.rows.length).toBeGreaterThan(5);
    for (const r of rows.rows) expect(String(r.h)).toMatch(/^[0-9A-F]{40}$/);
  });

  it("imports a catalogue entry with its identifiers file, counting lines it cannot read", async () => {
    const ids = join(dir, "ids.txt");
    writeFileSync(ids, "Mai.Hoang@Example.org\n0120 000 009\nnot an identifier\n\nmai.hoang+x@example.org\n");
    const r = await importBreach(
      db.client,
      {
        name: "TestLeak",
        title: "Test leak",
        breachDate: "2020-01-02",
        description: { vi: "Mô tả thử.", en: "A test description." },
        dataClasses: ["Email addresses", "Phone numbers"],
      },
      ids,
    );
    expect(r).toMatchObject({ read: 4, emails: 2, phones: 1, invalid: 1, accounts: 2 });
    expect((await getBreach(db.client, "testleak"))?.pwnCount).toBe(2);
    expect(await rangeFor("mai.hoang@example.org")).toEqual(["TestLeak"]);
  });

  it("writes an Atom feed and search documents that leave out sensitive breaches", async () => {
    await loadDemoBreaches(db.client);
    const feed = breachAtomFeed(await latestBreaches(db.client), {
      lang: "en",
      origin: "https://portal.example",
      selfPath: "/api/v1/breaches/feed.atom",
    });
    expect(feed).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(feed).toContain("https://portal.example/en/breaches/DemoShopVN/");
    expect(feed).toContain("[Demo data]");
    const docs = await breachSearchDocuments(db.client);
    expect(docs.map((d) => d.id).sort()).toEqual([
      "breach:en:DemoForumVN",
      "breach:en:DemoShopVN",
      "breach:vi:DemoForumVN",
      "breach:vi:DemoShopVN",
    ]);
    expect(docs.every((d) => d.type === "breach")).toBe(true);
    expect((await listBreaches(db.client)).length).toBe(3);
  });
});
