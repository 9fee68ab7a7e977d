import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkHashes, parseHash } from "../hash/hash.ts";
import { EICAR, isThreatIntelEmpty, seedThreatIntel } from "../seed.ts";
import { type TempDb, tempDb } from "../test-db.ts";
import { checkUrl, loadUrlIndex, type UrlCheckResult } from "../url/check.ts";
import { formatSummary, importFeed, removeSource } from "./import.ts";
import { parseCsvLine } from "./read.ts";

const fixture = (name: string) => join(import.meta.dirname, "..", "..", "fixtures", name);

let db: TempDb;
beforeEach(async () => {
  db = await tempDb();
});
afterEach(() => db.cleanup());

const now = new Date("2026-11-20T10:30:00.000Z");
const verdictOf = async (url: string) => {
  const r = await checkUrl(db.client, await loadUrlIndex(db.client), url);
  if ("error" in r) throw new Error(r.message);
  return r as UrlCheckResult;
};
const hashVerdict = async (h: string) => {
  const p = parseHash(h);
  if (!p.ok) throw new Error(p.message);
  const [r] = await checkHashes(db.client, [p]);
  return r;
};

describe("CSV records as abuse.ch writes them", () => {
  it('reads quoted fields, doubled quotes and the ", " separator', () => {
    expect(parseCsvLine('"a", "b,c", "say ""hi""",plain, ""')).toEqual(["a", "b,c", 'say "hi"', "plain", ""]);
  });
});

describe("importers on small real-format files", () => {
  it("urlhaus: imports the CSV dump as malware links, with tags, reference and date, rejecting what is not a web address", async () => {
    const s = await importFeed(db.client, "urlhaus", fixture("urlhaus.csv"), { addedBy: "test", now });
    expect(s.urls).toMatchObject({ received: 4, stored: 3, new: 3, rejectedCount: 1 });
    const r = await verdictOf("http://203.0.113.7/bins/x86.sh"); // 0xCB007107 in the feed
    expect(r.verdict).toBe("malicious");
    expect(r.matches[0]).toMatchObject({
      source: "urlhaus",
      threat: "malware_download",
      reference: "https://urlhaus.abuse.ch/url/3600001/",
    });
    const exe = await verdictOf("https://cdn-files.malware-dl.example/files/hoa-don-2026.exe");
    expect(exe.matches[0]).toMatchObject({
      tags: ["exe", "AgentTesla"],
      firstSeen: "2026-11-20T09:51:03.000Z",
      lastSeen: now.toISOString(),
    });
    expect((await verdictOf("http://198.51.100.41/i")).verdict).toBe("malicious");
  });

  it("phishtank: imports verified entries as phishing, with the target brand", async () => {
    const s = await importFeed(db.client, "phishtank", fixture("phishtank.json"), { addedBy: "test", now });
    expect(s.urls).toMatchObject({ received: 2, stored: 2 });
    const r = await verdictOf("https://secure-vietcombank.example/dang-nhap/");
    expect(r.verdict).toBe("phishing");
    expect(r.matches[0]).toMatchObject({ target: "Vietcombank", reference: "http://www.phishtank.com/phish_detail.php?phish_id=8800001" });
    expect((await verdictOf("http://login.account-verify.example/webscr/?cmd=_login")).matches[0]?.target).toBeNull();
  });

  it("openphish: imports one phishing URL per line", async () => {
    const s = await importFeed(db.client, "openphish", fixture("openphish.txt"), { addedBy: "test", now });
    expect(s.urls).toMatchObject({ received: 3, stored: 3 });
    expect((await verdictOf("http://203.0.113.50/auth/login.php")).verdict).toBe("phishing");
  });

  it("chongluadao: turns *. and /* wildcards into domain and path-prefix entries", async () => {
    const s = await importFeed(db.client, "chongluadao", fixture("chongluadao.json"), { addedBy: "test", now });
    expect(s.urls).toMatchObject({ received: 4, stored: 4 });
    expect((await verdictOf("https://www.lua-dao-the-cao.example/nap-the")).verdict).toBe("phishing");
    expect((await verdictOf("http://shopee-tri-an.example/su-kien/quay-so")).verdict).toBe("phishing");
    expect((await verdictOf("http://shopee-tri-an.example/")).verdict).toBe("unknown");
    expect((await verdictOf("https://vay-tien-nhanh.example/")).matches[0]?.threat).toBe("scam");
  });

  it("metamask: blacklist as phishing, fuzzylist as look-alike targets, whitelist only exempting", async () => {
    const s = await importFeed(db.client, "metamask", fixture("metamask-config.json"), { addedBy: "test", now });
    expect(s.urls).toMatchObject({ stored: 3 });
    expect(s.domains).toEqual({ protected: 2, exempt: 2 });
    expect((await verdictOf("https://app.airdrop-eth.example/")).verdict).toBe("phishing");
    expect((await verdictOf("https://metamask-wallet-restore.example/")).verdict).toBe("phishing");
    const look = await verdictOf("https://rnetamask.example/");
    expect(look.verdict).toBe("suspicious");
    expect(look.reasons[0]).toMatchObject({ code: "lookalike", domain: "metamask.io" });
    // metamask.com is on the whitelist: exempt from look-alike warnings, yet not trusted.
    expect((await verdictOf("https://metamask.com/")).verdict).toBe("unknown");
  });

  it("malwarebazaar: imports every digest of each sample, with family and file type", async () => {
    const s = await importFeed(db.client, "malwarebazaar", fixture("malwarebazaar.csv"), { addedBy: "test", now });
    expect(s.hashes).toMatchObject({ received: 2, stored: 2 });
    for (const h of [
      "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e",
      "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678",
      "5f2b0b0e1a7a6b36f0a1c1a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80",
    ]) {
      const r = await hashVerdict(h);
      expect(r?.verdict).toBe("malicious");
      expect(r?.matches[0]).toMatchObject({
        family: "AgentTesla",
        fileType: "exe",
        fileName: "hoa_don_thang_11.exe",
        firstSeen: "2026-11-20T09:59:41.000Z",
      });
    }
    expect((await hashVerdict("9e107d9d372bb6826bd81d3542a419d6e2c8f1a4b5d6c7e8f9a0b1c2d3e4f5a6"))?.matches[0]).toMatchObject({
      family: null,
      fileName: null,
    });
  });

  it("hashlookup: imports known files as known_good, and KnownMalicious ones as malicious", async () => {
    const s = await importFeed(db.client, "hashlookup", fixture("hashlookup.jsonl"), { addedBy: "test", now });
    expect(s.hashes).toMatchObject({ received: 2, stored: 2 });
    const ls = await hashVerdict("8a2e1e2b4e0e3c4d5f6a7b8c9d0e1f2a");
    expect(ls).toMatchObject({ verdict: "known_good", algorithm: "md5" });
    expect(ls?.matches[0]).toMatchObject({
      source: "circl-hashlookup",
      fileName: "./usr/bin/ls",
      fileSize: 142312,
      tags: ["NSRL", "nsrl_modern_rds"],
    });
    expect((await hashVerdict("5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b"))?.verdict).toBe("malicious");
  });

  it("list: URLs, domains and hashes with --source, --threat and --verdict", async () => {
    await expect(importFeed(db.client, "list", fixture("list.txt"), { addedBy: "test", now })).rejects.toThrow(/--source/);
    const s = await importFeed(db.client, "list", fixture("list.txt"), {
      addedBy: "test",
      now,
      source: "analysts",
      verdict: "phishing",
      threat: "fake_support",
    });
    expect(s.urls).toMatchObject({ stored: 2 });
    expect(s.skipped).toHaveLength(1); // the hash: phishing is not a file verdict
    expect((await verdictOf("https://hotro-vietcombank.example/")).matches[0]).toMatchObject({
      source: "analysts",
      threat: "fake_support",
    });
    expect((await verdictOf("https://xac-minh-tai-khoan.example/ebank/otp")).verdict).toBe("phishing");
    const hashes = await importFeed(db.client, "list", fixture("list.txt"), { addedBy: "test", now, source: "analysts-hashes" });
    expect(hashes.hashes).toMatchObject({ stored: 1 });
    expect((await hashVerdict(EICAR.md5))?.verdict).toBe("malicious");
  });

  it("list --verdict trusted: adds verified domains", async () => {
    const file = join(db.dir, "trusted.txt");
    writeFileSync(file, "# verified\nvietcombank.com.vn\nhttps://www.chinhphu.vn/\n");
    const s = await importFeed(db.client, "list", file, { addedBy: "test", now, source: "analysts", verdict: "trusted", category: "bank" });
    expect(s.domains).toEqual({ trusted: 2 });
    expect((await verdictOf("https://vietcombank.com.vn/")).verdict).toBe("trusted");
    await expect(importFeed(db.client, "list", file, { addedBy: "test", source: "x", verdict: "safe" })).rejects.toThrow(
      /--verdict must be one of/,
    );
  });
});

describe("idempotent imports, removal by source", () => {
  it("re-importing never duplicates and moves last seen", async () => {
    await importFeed(db.client, "urlhaus", fixture("urlhaus.csv"), { addedBy: "test", now });
    const later = new Date("2026-11-21T00:00:00.000Z");
    const s = await importFeed(db.client, "urlhaus", fixture("urlhaus.csv"), { addedBy: "test", now: later });
    expect(s.urls).toMatchObject({ stored: 3, new: 0 });
    const rows = await db.client.execute("SELECT COUNT(*) AS n, MIN(last_seen) AS l FROM url_entries WHERE source = 'urlhaus'");
    expect({ ...rows.rows[0] }).toEqual({ n: 3, l: later.toISOString() });
    expect(formatSummary(s)).toMatch(/3 stored \(0 new, 3 already listed — last seen updated\), 1 rejected/);
  });

  it("--replace drops what a new snapshot of the feed no longer lists", async () => {
    await importFeed(db.client, "openphish", fixture("openphish.txt"), { addedBy: "test", now });
    const smaller = join(db.dir, "feed.txt");
    writeFileSync(smaller, "https://mbbank-khuyenmai.example/nhan-qua\n");
    const s = await importFeed(db.client, "openphish", smaller, { addedBy: "test", now: new Date("2026-11-21T00:00:00Z"), replace: true });
    expect(s.retired).toBe(2);
    expect((await verdictOf("http://203.0.113.50/auth/login.php")).verdict).toBe("unknown");
    expect((await verdictOf("https://mbbank-khuyenmai.example/nhan-qua")).verdict).toBe("phishing");
  });

  it("removes every entry of one source, links and hashes alike", async () => {
    await importFeed(db.client, "list", fixture("list.txt"), { addedBy: "test", now, source: "analysts" });
    expect(await removeSource(db.client, "analysts")).toEqual({ urlEntries: 2, domains: 0, hashes: 1 });
    expect((await verdictOf("https://hotro-vietcombank.example/")).verdict).toBe("unknown");
  });

  it("expires entries after --expires-days", async () => {
    await importFeed(db.client, "openphish", fixture("openphish.txt"), { addedBy: "test", now, expiresDays: 7 });
    const rows = await db.client.execute("SELECT DISTINCT expires_at FROM url_entries");
    expect(rows.rows.map((r) => r.expires_at)).toEqual(["2026-11-27T10:30:00.000Z"]);
  });
});

describe("demo data", () => {
  it("loads eth-phishing-detect's real list, the EICAR hashes and the trusted Vietnamese sites, once", async () => {
    expect(await isThreatIntelEmpty(db.client)).toBe(true);
    const summary = await seedThreatIntel(db.client, now);
    expect(summary).toMatch(
      /\d{4,} phishing domains .* eth-phishing-detect 1\.2\.0, 24 trusted Vietnamese domains, the EICAR test file's 3 hashes/,
    );
    expect(await isThreatIntelEmpty(db.client)).toBe(false);
    expect((await verdictOf("https://vietcombank.com.vn/")).reasons[0]).toMatchObject({ code: "trusted", name: "Vietcombank" });
    expect((await verdictOf("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html")).verdict).toBe("trusted");
    expect((await verdictOf("http://vietc0mbank.com/")).verdict).toBe("suspicious");
    for (const h of [EICAR.md5, EICAR.sha1, EICAR.sha256]) expect((await hashVerdict(h))?.matches[0]?.source).toBe("demo:eicar");
    // The first domain of the real list is phishing here, labelled as demo data by its source.
    const r = await verdictOf("http://myetherwallet.uk.com/");
    expect(r.verdict).toBe("phishing");
    expect(r.matches[0]?.source).toBe("demo:eth-phishing-detect-1.2.0");
  });
});
