// Generations (generations.ts) against a real libSQL file: what an import writes before it is made
// active is seen by no reader — the link index, the full-hash lookup, the hash lookup, the counts —
// and it becomes visible whole in one step; abandoned staging rows are deleted by the next import.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importFeed } from "./feeds/import.ts";
import { activateGeneration, activeGenerationOf, beginGeneration, countGeneration, dropGeneration } from "./generations.ts";
import { addHashEntries, checkHashes, countHashSource } from "./hash/hash.ts";
import { type TempDb, tempDb } from "./test-db.ts";
import { expressionHash, hashPrefix } from "./url/canonicalize.ts";
import { checkUrl, fullHashesForPrefixes, loadUrlIndex, type UrlCheckResult } from "./url/check.ts";
import { addDomains, addUrlEntries, countUrlSource, type Provenance, readUrlVersion } from "./url/store.ts";

let db: TempDb;
beforeEach(async () => {
  db = await tempDb();
});
afterEach(() => db.cleanup());

const NOW = "2026-11-20T10:30:00.000Z";
const prov = (generation?: number): Provenance => ({ source: "feed", addedBy: "test", now: NOW, generation });
const OLD_SHA256 = "a".repeat(64);
const NEW_SHA256 = "b".repeat(64);

async function verdict(url: string): Promise<string> {
  const r = await checkUrl(db.client, await loadUrlIndex(db.client), url);
  return (r as UrlCheckResult).verdict;
}
async function hashVerdict(sha256: string): Promise<string> {
  const [r] = await checkHashes(db.client, [{ hash: sha256, algorithm: "sha256" }]);
  return String(r?.verdict);
}
const prefixOf = (expression: string) => hashPrefix(expressionHash(expression));

/** The source "feed" with one link and one hash, and a staging generation with other ones. */
async function oldAndStaged(): Promise<{ base: number; staged: number }> {
  await addUrlEntries(db.client, [{ url: "old.example", verdict: "phishing", threat: "phishing" }], prov());
  await addHashEntries(db.client, [{ sha256: OLD_SHA256, verdict: "malicious" }], prov());
  const base = Number(await activeGenerationOf(db.client, "feed"));
  const staged = await beginGeneration(db.client, "feed");
  await addUrlEntries(db.client, [{ url: "new.example", verdict: "malicious", threat: "malware" }], prov(staged));
  await addHashEntries(db.client, [{ sha256: NEW_SHA256, verdict: "malicious" }], prov(staged));
  await addDomains(db.client, "trusted", [{ domain: "new-bank.example", name: "New Bank" }], prov(staged));
  return { base, staged };
}

describe("a staging generation", () => {
  it("is seen by no reader until it is made active, and then whole, in one step", async () => {
    const { base, staged } = await oldAndStaged();
    const version = await readUrlVersion(db.client);

    const index = await loadUrlIndex(db.client);
    expect(index.prefixes.has(prefixOf("new.example/"))).toBe(false);
    expect(index.prefixes.has(prefixOf("old.example/"))).toBe(true);
    expect(index.trusted.has("new-bank.example")).toBe(false);
    expect(await verdict("http://new.example/")).toBe("unknown");
    expect(await verdict("http://old.example/")).toBe("phishing");
    // Even a server whose prefix set held the staged prefix would get no staged row back.
    const all = { ...index, prefixes: { has: () => true } } as unknown as typeof index;
    expect(await fullHashesForPrefixes(db.client, all, [prefixOf("new.example/")])).toEqual([]);
    expect(await hashVerdict(NEW_SHA256)).toBe("unknown");
    expect(await hashVerdict(OLD_SHA256)).toBe("malicious");
    expect(await countUrlSource(db.client, "feed")).toEqual({ entries: 1, domains: 0 });
    expect(await countHashSource(db.client, "feed")).toBe(1);
    expect(await countGeneration(db.client, staged)).toEqual({ url_entries: 1, url_domains: 1, hash_entries: 1 });

    await activateGeneration(db.client, "feed", staged, base);
    expect(await readUrlVersion(db.client)).not.toBe(version); // the servers reload
    expect(await verdict("http://new.example/")).toBe("malicious");
    expect(await verdict("http://old.example/")).toBe("unknown");
    expect((await loadUrlIndex(db.client)).trusted.get("new-bank.example")?.name).toBe("New Bank");
    expect(await hashVerdict(NEW_SHA256)).toBe("malicious");
    expect(await hashVerdict(OLD_SHA256)).toBe("unknown");

    await dropGeneration(db.client, base);
    expect(await countGeneration(db.client, base)).toEqual({ url_entries: 0, url_domains: 0, hash_entries: 0 });
    const gens = await db.client.execute("SELECT id, state FROM threat_generations WHERE source = 'feed'");
    expect(gens.rows.map((r) => [Number(r.id), r.state])).toEqual([[staged, "active"]]);
  });

  it("is not made active over another import of the same source that landed meanwhile", async () => {
    const { base, staged } = await oldAndStaged();
    const other = await beginGeneration(db.client, "feed");
    await activateGeneration(db.client, "feed", other, base);
    await expect(activateGeneration(db.client, "feed", staged, base)).rejects.toThrow(/Another import of source "feed"/);
    expect(await activeGenerationOf(db.client, "feed")).toBe(other);
  });

  it("left by a killed import is deleted by the next import; one whose process still runs is kept", async () => {
    const { staged } = await oldAndStaged();
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    await db.client.execute({ sql: "UPDATE threat_generations SET pid = ? WHERE id = ?", args: [dead, staged] });
    const live = await beginGeneration(db.client, "other");
    await db.client.execute({ sql: "UPDATE threat_generations SET pid = ? WHERE id = ?", args: [process.ppid, live] });
    await addUrlEntries(db.client, [{ url: "live.example", verdict: "phishing", threat: "phishing" }], { ...prov(live), source: "other" });

    const file = join(db.dir, "list.txt");
    writeFileSync(file, "next.example\n");
    const s = await importFeed(db.client, "list", file, { source: "feed", addedBy: "test", replace: true });
    expect(s.urls).toMatchObject({ received: 1, stored: 1, new: 1 });
    expect(s.retired).toBe(2); // old.example and the old hash
    expect(await countGeneration(db.client, staged)).toEqual({ url_entries: 0, url_domains: 0, hash_entries: 0 });
    expect(await countGeneration(db.client, live)).toMatchObject({ url_entries: 1 });
    const states = await db.client.execute("SELECT source, state FROM threat_generations ORDER BY source");
    expect(states.rows.map((r) => `${r.source}:${r.state}`)).toEqual(["feed:active", "other:staging"]);
    expect(await verdict("http://next.example/")).toBe("malicious");
    expect(await verdict("http://new.example/")).toBe("unknown");
  });
});
