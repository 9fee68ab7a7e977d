import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { domainToUnicode } from "node:url";
import fc from "fast-check";
import { distance } from "fastest-levenshtein";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TempDb, tempDb } from "../test-db.ts";
import { canonicalize, expressionHash, expressions, hashPrefix, hostKey } from "./canonicalize.ts";
import {
  CHECK_SLICE_MS,
  checkUrl,
  checkUrls,
  fullHashesForPrefixes,
  loadUrlIndex,
  newCheckWork,
  type UrlCheckResult,
  watchUrlIndex,
} from "./check.ts";
import {
  allowedDistance,
  charMask,
  findLookalike,
  isWithin,
  type LookalikeMatch,
  type LookalikeTarget,
  lookalikeTarget,
  maskDistance,
  skeleton,
} from "./lookalike.ts";
import { PrefixSet } from "./prefix-set.ts";
import { addDomains, addUrlEntries, type Provenance, readUrlVersion, retireUrlEntry, retireUrlSource } from "./store.ts";

let db: TempDb;
beforeEach(async () => {
  db = await tempDb();
});
afterEach(() => db.cleanup());

const prov = (source: string, now = "2026-11-20T10:00:00.000Z"): Provenance => ({ source, addedBy: "test", now });
const ok = (r: Awaited<ReturnType<typeof checkUrl>>): UrlCheckResult => {
  if ("error" in r) throw new Error(r.message);
  return r;
};
const check = async (url: string) => ok(await checkUrl(db.client, await loadUrlIndex(db.client), url));

async function seedTrusted() {
  await addDomains(
    db.client,
    "trusted",
    [
      { domain: "vietcombank.com.vn", name: "Vietcombank", category: "bank" },
      { domain: "chinhphu.vn", name: "Cổng Thông tin điện tử Chính phủ", category: "government" },
      { domain: "momo.vn", name: "MoMo", category: "e-wallet" },
    ],
    prov("analysts"),
  );
}

describe("PrefixSet", () => {
  it("answers membership of 4-byte prefixes, ignoring duplicates and order", () => {
    const set = PrefixSet.from([5, 0xffffffff, 1, 5, 0]);
    expect(set.size).toBe(4);
    expect(set.bytes).toBe(16);
    for (const p of [0, 1, 5, 0xffffffff]) expect(set.has(p)).toBe(true);
    for (const p of [2, 6, 0xfffffffe]) expect(set.has(p)).toBe(false);
    expect(PrefixSet.from([]).has(0)).toBe(false);
  });
});

describe("block-list matching through the expression scheme", () => {
  it("matches a listed domain on every URL of it and of its subdomains, and nothing else", async () => {
    await addUrlEntries(db.client, [{ url: "evil.example", verdict: "phishing", threat: "phishing" }], prov("openphish"));
    for (const u of ["http://evil.example/", "https://login.evil.example/a/b/c.php?x=1", "EVIL.example.:8080/x"]) {
      const r = await check(u);
      expect(r.verdict, u).toBe("phishing");
      expect(r.matches[0]).toMatchObject({ expression: "evil.example/", source: "openphish", threat: "phishing", addedBy: "test" });
    }
    expect((await check("http://notevil.example/")).verdict).toBe("unknown");
    expect((await check("http://evil.example.com/")).verdict).toBe("unknown");
  });

  it('treats "*.domain" wildcards (ChongLuaDao) as the whole domain, and "/path/*" as a path prefix', async () => {
    await addUrlEntries(
      db.client,
      [
        { url: "https://*.scam.example/*", verdict: "phishing", threat: "scam" },
        { url: "shop.example/khuyen-mai/*", verdict: "suspicious", threat: "scam" },
      ],
      prov("chongluadao"),
    );
    expect((await check("http://a.b.scam.example/anything")).verdict).toBe("phishing");
    expect((await check("https://shop.example/khuyen-mai/qua-tang/nhan.html")).verdict).toBe("suspicious");
    expect((await check("https://shop.example/gio-hang/")).verdict).toBe("unknown");
  });

  it("matches a listed URL exactly, whatever query string follows it, and only that path", async () => {
    await addUrlEntries(
      db.client,
      [{ url: "http://host.example/dl/payload.exe", verdict: "malicious", threat: "malware_download" }],
      prov("urlhaus"),
    );
    expect((await check("http://host.example/dl/payload.exe?v=2#x")).verdict).toBe("malicious");
    expect((await check("http://host.example/dl/other.exe")).verdict).toBe("unknown");
    expect((await check("http://host.example/")).verdict).toBe("unknown");
  });

  it("gives the most severe verdict, with every match and its provenance", async () => {
    await addUrlEntries(db.client, [{ url: "bad.example", verdict: "suspicious", threat: "reported" }], prov("analysts"));
    await addUrlEntries(
      db.client,
      [
        {
          url: "http://bad.example/x/",
          verdict: "malicious",
          threat: "malware_download",
          reference: "https://ref.example/1",
          tags: "exe,loader",
        },
      ],
      prov("urlhaus"),
    );
    const r = await check("http://bad.example/x/y.exe");
    expect(r.verdict).toBe("malicious");
    expect(r.matches.map((m) => m.source).sort()).toEqual(["analysts", "urlhaus"]);
    expect(r.reasons[0]).toMatchObject({ code: "listed", verdict: "malicious", sources: ["urlhaus"] });
    const m = r.matches.find((x) => x.source === "urlhaus");
    expect(m).toMatchObject({ reference: "https://ref.example/1", tags: ["exe", "loader"], firstSeen: "2026-11-20T10:00:00.000Z" });
    expect(m?.hash).toBe(expressionHash("bad.example/x/").toString("hex"));
  });

  it("ignores expired entries", async () => {
    await addUrlEntries(db.client, [{ url: "old.example", verdict: "phishing", threat: "phishing" }], {
      ...prov("feed"),
      expiresAt: "2026-11-21T00:00:00.000Z",
    });
    const index = await loadUrlIndex(db.client);
    expect(ok(await checkUrl(db.client, index, "http://old.example/", new Date("2026-11-20T12:00:00Z"))).verdict).toBe("phishing");
    expect(ok(await checkUrl(db.client, index, "http://old.example/", new Date("2026-11-22T00:00:00Z"))).verdict).toBe("unknown");
  });

  it("answers an unlisted URL from the prefix set alone, without touching the database", async () => {
    await addUrlEntries(db.client, [{ url: "evil.example", verdict: "phishing", threat: "phishing" }], prov("feed"));
    const index = await loadUrlIndex(db.client);
    db.client.close(); // any query would now throw
    expect(ok(await checkUrl(db.client, index, "https://vnexpress.example/the-gioi/")).verdict).toBe("unknown");
    await expect(checkUrl(db.client, index, "https://evil.example/")).rejects.toThrow();
  });

  it("loads every stored expression's host into the host filter and its prefix into the prefix set, page by page", async () => {
    const urls = [
      "evil.example",
      "*.wild.example",
      "http://1.2.3.4/x.exe",
      "http://[2001:db8::1]/p/",
      "shop.example/cart/*",
      "http://a.b.c.d.e.f.example/deep/path/file.php?id=7",
      ...Array.from({ length: 40 }, (_, i) => `http://host${i}.example/p${i}`),
    ];
    await addUrlEntries(
      db.client,
      urls.map((url) => ({ url, verdict: "phishing" as const, threat: "phishing" })),
      prov("feed"),
    );
    // The same expressions from a second source: rows that share a hash may straddle a page boundary.
    await addUrlEntries(
      db.client,
      urls.slice(0, 10).map((url) => ({ url, verdict: "malicious" as const, threat: "malware_download" })),
      prov("other"),
    );
    const rows = (await db.client.execute("SELECT expression, prefix FROM url_entries")).rows;
    // An expression's host, by definition: everything before its path's first "/".
    const expressionHost = (e: string) => e.slice(0, e.indexOf("/"));
    for (const pageSize of [3, 7, 1000]) {
      const index = await loadUrlIndex(db.client, { pageSize });
      for (const r of rows) {
        const e = String(r.expression);
        expect(index.hosts.has(hostKey(expressionHost(e))), `${e} (pages of ${pageSize})`).toBe(true);
        expect(index.prefixes.has(Number(r.prefix)), e).toBe(true);
      }
      expect(index.hosts.size).toBe(new Set(rows.map((r) => hostKey(expressionHost(String(r.expression))))).size);
    }
    for (const u of ["https://x.wild.example/a", "http://1.2.3.4/x.exe", "http://[2001:db8::1]/p/q", "http://shop.example/cart/1"])
      expect((await check(u)).matches.length, u).toBeGreaterThan(0);
  });

  it("hashes no expression of a URL whose hosts are all unlisted", async () => {
    await addUrlEntries(db.client, [{ url: "evil.example/login", verdict: "phishing", threat: "phishing" }], prov("feed"));
    const index = await loadUrlIndex(db.client);
    // Its prefixes are all in the set, but no expression host is: the host filter answers first.
    const c = canonicalize("http://good.example/login");
    if (!c.ok) throw new Error(c.message);
    const lying = { ...index, prefixes: PrefixSet.from(expressions(c).map((e) => hashPrefix(expressionHash(e)))) };
    db.client.close(); // a candidate would need the database
    expect(ok(await checkUrl(db.client, lying, "http://good.example/login")).verdict).toBe("unknown");
    await expect(
      checkUrl(db.client, { ...lying, hosts: PrefixSet.from([hostKey("good.example")]) }, "http://good.example/login"),
    ).rejects.toThrow();
  });

  it("answers a listed URL checked again from the index's match cache; a reloaded index reads afresh", async () => {
    await addUrlEntries(db.client, [{ url: "evil.example", verdict: "phishing", threat: "phishing" }], prov("openphish"));
    const index = await loadUrlIndex(db.client);
    const first = ok(await checkUrl(db.client, index, "https://evil.example/login", new Date("2026-11-21T00:00:00Z")));
    expect(index.matchCache.size).toBeGreaterThan(0);
    // A second connection adds a source; this index still answers from what it read, without a query.
    const other = await db.other();
    await addUrlEntries(
      other.client,
      [{ url: "evil.example", verdict: "phishing", threat: "scam" }],
      prov("chongluadao", "2026-11-20T11:00:00.000Z"),
    );
    const closed = { execute: () => Promise.reject(new Error("no query expected")) } as unknown as typeof db.client;
    expect(await checkUrl(closed, index, "https://evil.example/login", new Date("2026-11-21T00:00:00Z"))).toEqual(first);
    // The import moved the version: the index the watcher loads next sees both sources.
    const fresh = await loadUrlIndex(db.client);
    expect(fresh.version).not.toBe(index.version);
    expect(ok(await checkUrl(db.client, fresh, "https://evil.example/login")).matches.map((m) => m.source)).toEqual([
      "openphish",
      "chongluadao",
    ]);
  });

  it("checks many URLs in order, giving a failure in place of what is not a web address", async () => {
    await addUrlEntries(db.client, [{ url: "evil.example", verdict: "phishing", threat: "phishing" }], prov("feed"));
    const res = await checkUrls(db.client, await loadUrlIndex(db.client), ["http://ok.example/", "javascript:alert(1)", "evil.example/x"]);
    expect(res.map((r) => ("error" in r ? r.error : r.verdict))).toEqual(["unknown", "unsupported_scheme", "phishing"]);
  });

  it("refuses text that is not a web address, and a host of a thousand labels, instead of calling them unknown", async () => {
    const index = await loadUrlIndex(db.client);
    const res = await checkUrls(db.client, index, ["not a url", `http://${"a.".repeat(1000)}example/`, "localhost"]);
    expect(res.map((r) => ("error" in r ? r.error : r.verdict))).toEqual(["invalid_host", "invalid_host", "invalid_host"]);
  });
});

describe("re-import and retirement", () => {
  it("never duplicates: a second import of the same entry refreshes last_seen and keeps the first date", async () => {
    const e = { url: "dup.example/a/", verdict: "phishing" as const, threat: "phishing", firstSeen: "2026-11-01T00:00:00.000Z" };
    await addUrlEntries(db.client, [e, e], prov("feed", "2026-11-10T00:00:00.000Z"));
    await addUrlEntries(db.client, [{ ...e, firstSeen: null }], prov("feed", "2026-11-15T00:00:00.000Z"));
    const rows = await db.client.execute("SELECT first_seen, last_seen FROM url_entries");
    expect(rows.rows.map((r) => ({ ...r }))).toEqual([{ first_seen: "2026-11-01T00:00:00.000Z", last_seen: "2026-11-15T00:00:00.000Z" }]);
  });

  it("removes entries by source, leaving other sources' entries of the same expression", async () => {
    await addUrlEntries(db.client, [{ url: "both.example", verdict: "phishing", threat: "phishing" }], prov("a"));
    await addUrlEntries(db.client, [{ url: "both.example", verdict: "malicious", threat: "malware" }], prov("b"));
    await addUrlEntries(db.client, [{ url: "only-a.example", verdict: "phishing", threat: "phishing" }], prov("a"));
    expect(await retireUrlSource(db.client, "a")).toEqual({ urlEntries: 2, domains: 0 });
    expect((await check("http://both.example/")).matches.map((m) => m.source)).toEqual(["b"]);
    expect((await check("http://only-a.example/")).verdict).toBe("unknown");
    expect(await retireUrlEntry(db.client, "both.example")).toBe(1);
    expect((await check("http://both.example/")).verdict).toBe("unknown");
  });

  it("bumps the version on every add and retire, and a watcher reloads when another connection imports", async () => {
    const watcher = watchUrlIndex(db.client, { intervalMs: 50 });
    try {
      const v0 = (await watcher.get()).version;
      expect(await watcher.refresh()).toBe(false);
      const cli = await db.other(); // as the CLI process would
      await addUrlEntries(cli.client, [{ url: "fresh.example", verdict: "phishing", threat: "phishing" }], prov("cli"));
      expect(await readUrlVersion(db.client)).not.toBe(v0);
      // The poll picks it up by itself.
      const deadline = Date.now() + 3000;
      while ((await watcher.get()).version === v0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const index = await watcher.get();
      expect(ok(await checkUrl(db.client, index, "http://fresh.example/")).verdict).toBe("phishing");
      await retireUrlSource(cli.client, "cli");
      expect(await watcher.refresh()).toBe(true);
      expect(ok(await checkUrl(db.client, await watcher.get(), "http://fresh.example/")).verdict).toBe("unknown");
    } finally {
      watcher.close();
    }
  });
});

describe("the privacy-preserving hash lookup", () => {
  it("returns every full hash sharing a requested prefix, and nothing for others", async () => {
    await addUrlEntries(db.client, [{ url: "evil.example/login/", verdict: "phishing", threat: "phishing" }], prov("feed"));
    const index = await loadUrlIndex(db.client);
    const c = canonicalize("https://evil.example/login/step2.php");
    if (!c.ok) throw new Error("canonicalize");
    const hashes = expressions(c).map((e) => expressionHash(e));
    const found = await fullHashesForPrefixes(db.client, index, hashes.map(hashPrefix));
    expect(found).toEqual([
      { hash: expressionHash("evil.example/login/").toString("hex"), verdict: "phishing", threat: "phishing", source: "feed" },
    ]);
    expect(await fullHashesForPrefixes(db.client, index, [0, 1, 2])).toEqual([]);
  });
});

describe("trusted sites and look-alikes", () => {
  it("calls a verified site and its subdomains trusted, naming the organisation", async () => {
    await seedTrusted();
    const r = await check("https://digibank.vietcombank.com.vn/login");
    expect(r.verdict).toBe("trusted");
    expect(r.reasons).toEqual([
      expect.objectContaining({ code: "trusted", domain: "vietcombank.com.vn", name: "Vietcombank", category: "bank" }),
    ]);
  });

  it("still reports a block-list match on a trusted domain, with the trust noted", async () => {
    await seedTrusted();
    await addUrlEntries(db.client, [{ url: "http://momo.vn/hacked/", verdict: "malicious", threat: "defacement" }], prov("feed"));
    const r = await check("http://momo.vn/hacked/x");
    expect(r.verdict).toBe("malicious");
    expect(r.reasons.map((x) => x.code)).toEqual(["listed", "trusted"]);
  });

  const lookalikes: [string, string, string][] = [
    ["http://vietc0mbank.com/", "vietcombank.com.vn", "confusable"],
    ["https://vletcombank.com.vn-secure.top/dang-nhap", "vietcombank.com.vn", "edit_distance"],
    ["https://vietcombank-xacthuc.example/", "vietcombank.com.vn", "confusable"],
    ["https://xn--vietcmbank-ivi.com.vn/", "vietcombank.com.vn", "confusable"], // Cyrillic "о"
    ["https://vietсombank.com.vn/", "vietcombank.com.vn", "confusable"], // Cyrillic "с", typed as Unicode
    ["http://vietcombank.corn.vn/", "vietcombank.com.vn", "confusable"],
    ["http://chinhphu-vn.example/", "chinhphu.vn", "confusable"],
    ["http://rnomo.vn/", "momo.vn", "confusable"],
  ];
  for (const [url, domain, method] of lookalikes) {
    it(`flags ${url} as suspicious, naming ${domain}`, async () => {
      await seedTrusted();
      const r = await check(url);
      expect(r.verdict).toBe("suspicious");
      const reason = r.reasons.find((x) => x.code === "lookalike");
      expect(reason).toMatchObject({ code: "lookalike", domain, method });
      expect(reason?.message).toContain(domain);
    });
  }

  it("leaves unrelated and merely similar names alone", async () => {
    await seedTrusted();
    for (const url of [
      "https://vnexpress.net/",
      "https://vietinbank.vn/",
      "https://techcombank.com.vn/",
      "http://momo-cafe.example/",
      "http://1.2.3.4/",
    ]) {
      const r = await check(url);
      expect(r.verdict, url).toBe(url.includes("momo-cafe") ? "suspicious" : "unknown");
    }
  });

  it("never warns about a domain on an exemption list (MetaMask's whitelist), without trusting it", async () => {
    await seedTrusted();
    await addDomains(db.client, "exempt", [{ domain: "vietcombank.example" }], prov("metamask"));
    const r = await check("https://vietcombank.example/");
    expect(r.verdict).toBe("unknown");
  });

  it("computes UTS #39 skeletons that make confusables equal", () => {
    expect(skeleton("vietc0mbank")).toBe(skeleton("vietcombank"));
    expect(skeleton("раураl")).toBe(skeleton("paypal")); // Cyrillic р, а, у
    expect(skeleton("rn")).toBe(skeleton("m"));
    expect(skeleton("vletcombank")).not.toBe(skeleton("vietcombank"));
  });

  it("computes skeletons exactly as UTS #39 defines them, for ASCII and any other text", () => {
    // The definition, straight from confusables.txt as unhomoglyph ships it.
    const data = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("unhomoglyph/data.json"), "utf8")) as Record<
      string,
      string
    >;
    const byDefinition = (x: string) => {
      let out = "";
      for (const ch of x.toLowerCase().normalize("NFD")) out += data[ch] ?? ch;
      return out.normalize("NFD").toLowerCase();
    };
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)) }), fc.string(), fc.domain()),
        (x) => {
          expect(skeleton(x)).toBe(byDefinition(x));
        },
      ),
      { numRuns: 3000 },
    );
    expect(skeleton("vietc0mbank%")).toBe(byDefinition("vietc0mbank%"));
  });

  it("does not flag short brands by edit distance", () => {
    const targets = [lookalikeTarget("acb.com.vn"), lookalikeTarget("bidv.com.vn")].filter((t) => t !== null);
    expect(findLookalike("abc.example", targets)).toBeNull();
    expect(findLookalike("bidx.example", targets)).toBeNull();
    // Brands under four letters count only as a whole label, not inside a hyphenated one.
    expect(findLookalike("acb-online.example", targets)).toBeNull();
    expect(findLookalike("acb.online.example", targets)).toMatchObject({ domain: "acb.com.vn", method: "confusable" });
  });

  it("finds, through its index and filters, exactly what comparing with every target finds", () => {
    // The definition: every target in order, every candidate in order, the first smallest distance.
    const reference = (host: string, targets: readonly LookalikeTarget[]): LookalikeMatch | null => {
      if (/^[\d.]+$|^\[/.test(host)) return null;
      const unicode = host.includes("xn--") ? domainToUnicode(host) || host : host;
      const labels = new Set<string>();
      const parts = new Set<string>();
      for (const label of unicode.split(".").filter(Boolean)) {
        labels.add(label);
        if (label.includes("-")) {
          labels.add(label.replaceAll("-", ""));
          for (const part of label.split("-")) if (part) parts.add(part);
        }
      }
      const all = [...labels, ...parts];
      let best: LookalikeMatch | null = null;
      for (const t of targets) {
        if (isWithin(host, t.domain)) continue;
        if (skeleton(unicode) === t.domainSkeleton) {
          if (!best || best.distance > 0) best = { domain: t.domain, imitation: unicode, method: "confusable", distance: 0 };
          continue;
        }
        const limit = allowedDistance(t.brand.length);
        for (const [i, c] of all.entries()) {
          if (i >= labels.size && t.brand.length < 4) continue;
          if (Math.abs(c.length - t.brand.length) > limit + 2) continue;
          const d = distance(skeleton(c), t.brandSkeleton);
          if (d <= limit && (!best || d < best.distance))
            best = { domain: t.domain, imitation: c, method: d === 0 ? "confusable" : "edit_distance", distance: d };
        }
      }
      return best;
    };
    const domains = [
      "vietcombank.com.vn",
      "momo.vn",
      "acb.com.vn",
      "bidv.com.vn",
      "chinhphu.vn",
      "vietinbank.vn",
      "mbbank.com.vn",
      "vpbank.com.vn",
    ];
    const targets = domains.map(lookalikeTarget).filter((t): t is LookalikeTarget => t !== null);
    const swaps: [string, string][] = [
      ["o", "0"],
      ["i", "l"],
      ["m", "rn"],
      ["a", "а"],
      ["e", "е"],
      ["c", "с"],
      ["b", "6"],
    ];
    const mutated = fc
      .tuple(
        fc.constantFrom(...targets.map((t) => t.brand)),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom("sub", "ins", "del", "swap")), { maxLength: 3 }),
      )
      .map(([brand, edits]) => {
        let s = brand;
        for (const [at, kind] of edits) {
          const i = at % (s.length + 1);
          const pair = swaps[at % swaps.length] as [string, string];
          if (kind === "sub") s = `${s.slice(0, i)}x${s.slice(i + 1)}`;
          else if (kind === "ins") s = `${s.slice(0, i)}q${s.slice(i)}`;
          else if (kind === "del") s = s.slice(0, i) + s.slice(i + 1);
          else s = s.replace(pair[0], pair[1]);
        }
        return s;
      });
    const label = fc.oneof(mutated, fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom("com", "vn", "secure", "login", "xac-thuc"));
    const host = fc
      .tuple(
        fc.array(
          fc.oneof(
            label,
            fc.tuple(label, label).map(([a, b]) => `${a}-${b}`),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        fc.constantFrom("com", "vn", "top", "com.vn"),
      )
      .map(([labels, tld]) => canonicalize(`http://${labels.filter(Boolean).join(".")}.${tld}/`))
      .filter((c) => c.ok && c.hostKind === "name")
      .map((c) => (c.ok ? c.host : ""));
    fc.assert(
      fc.property(fc.oneof(host, fc.constantFrom(...domains, "vietcombank.corn.vn", "1.2.3.4")), (h) => {
        expect(findLookalike(h, targets)).toEqual(reference(h, targets));
      }),
      { numRuns: 3000 },
    );
  });

  it("bounds the edit distance from below by the character masks", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(maskDistance(charMask(a), charMask(b))).toBeLessThanOrEqual(distance(a, b));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("bounded work per link and per batch", () => {
  // The costliest host a check accepts: 253 octets of distinct hyphenated labels, each part a near
  // miss of a trusted brand, so every label and part is a look-alike candidate.
  const worstHost = (n: number) => {
    const labels: string[] = [];
    let host = "top";
    for (let i = 0; ; i++) {
      const label = `vietcombanx${String.fromCharCode(97 + ((n + i) % 26))}-momq-chinhphv`.slice(0, 63);
      if (label.length + 1 + host.length > 253) break;
      labels.push(label);
      host = `${labels.join(".")}.top`;
    }
    return host;
  };
  const worstUrl = (n: number) => `http://${worstHost(n)}/a/b/c/d/e/f/g/h?q=${n}`;

  it("holds each link to Safe Browsing's 5 hosts and 30 expressions, and look-alike work to the host's size", async () => {
    await seedTrusted();
    // The worst host listed, so that its expressions are hashed too.
    await addUrlEntries(db.client, [{ url: worstHost(0), verdict: "phishing", threat: "phishing" }], prov("openphish"));
    const index = await loadUrlIndex(db.client);
    const work = newCheckWork();
    const [r] = await checkUrls(db.client, index, [worstUrl(0)], undefined, work);
    expect(r && "verdict" in r ? r.verdict : r).toBe("phishing");
    expect(work.hostLookups).toBeLessThanOrEqual(5);
    expect(work.hashes).toBeGreaterThan(0);
    expect(work.hashes).toBeLessThanOrEqual(30);
    // Each distinct label, label without hyphens and part is compared with at most every target:
    // a 253-octet host has at most 127 labels, so at most 3 × 127 candidates.
    expect(work.lookalikeComparisons).toBeGreaterThan(0);
    expect(work.lookalikeComparisons).toBeLessThanOrEqual(3 * 127 * index.targets.list.length);

    // Any longer host is refused before any of that work: its cost does not grow with its size.
    for (const labels of [128, 300, 680]) {
      const w = newCheckWork();
      const [big] = await checkUrls(db.client, index, [`http://${"vietcombanx.".repeat(labels)}top/`], undefined, w);
      expect(big && "error" in big ? big.error : big).toBe("invalid_host");
      expect([w.hostLookups, w.hashes, w.lookalikeComparisons]).toEqual([0, 0, 0]);
    }
  });

  it("holds the work to the same bounds for any host and path", async () => {
    await seedTrusted();
    const index = await loadUrlIndex(db.client);
    const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/);
    fc.assert(
      fc.asyncProperty(
        fc.array(label, { minLength: 1, maxLength: 200 }),
        fc.array(fc.stringMatching(/^[a-z]{1,5}$/), { maxLength: 50 }),
        async (labels, path) => {
          const w = newCheckWork();
          await checkUrls(db.client, index, [`http://${labels.join(".")}.vn/${path.join("/")}`], undefined, w);
          expect(w.hostLookups).toBeLessThanOrEqual(5);
          expect(w.hashes).toBeLessThanOrEqual(30);
          expect(w.lookalikeComparisons).toBeLessThanOrEqual(3 * Math.min(labels.length + 1, 127) * index.targets.list.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("lets the event loop run during a batch of costly links, and answers the same as one by one", async () => {
    await seedTrusted();
    const index = await loadUrlIndex(db.client);
    const urls = Array.from({ length: 500 }, (_, i) => worstUrl(i));
    // Count event-loop turns while the batch runs: without yielding there would be none.
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const work = newCheckWork();
    const started = performance.now();
    const results = await checkUrls(db.client, index, urls, new Date("2026-11-29T00:00:00Z"), work);
    const ms = performance.now() - started;
    running = false;
    // A batch long enough to need slicing, and the event loop ran in between, about once a slice.
    expect(ms).toBeGreaterThan(4 * CHECK_SLICE_MS);
    expect(work.yields).toBeGreaterThanOrEqual(2);
    expect(turns).toBeGreaterThanOrEqual(work.yields);
    const oneByOne = [];
    for (const u of urls.slice(0, 20)) oneByOne.push(await checkUrl(db.client, index, u, new Date("2026-11-29T00:00:00Z")));
    expect(results.slice(0, 20)).toEqual(oneByOne);
    expect(results.every((r) => "verdict" in r && r.verdict === "suspicious")).toBe(true);
  });
});
