import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CanonicalUrl, canonicalize, expressionHash, expressions, hashPrefix, hostProblem, parseIPv4 } from "./canonicalize.ts";

const canon = (input: string | Uint8Array) => {
  const r = canonicalize(input);
  if (!r.ok) throw new Error(`${JSON.stringify(String(input))} did not canonicalise: ${r.message}`);
  return r.url;
};

// Every example of the "Canonicalization" section of Safe Browsing v4 "URLs and Hashing", verbatim.
const specExamples: [string, string][] = [
  ["http://host/%25%32%35", "http://host/%25"],
  ["http://host/%25%32%35%25%32%35", "http://host/%25%25"],
  ["http://host/%2525252525252525", "http://host/%25"],
  ["http://host/asdf%25%32%35asd", "http://host/asdf%25asd"],
  ["http://host/%%%25%32%35asd%%", "http://host/%25%25%25asd%25%25"],
  ["http://www.google.com/", "http://www.google.com/"],
  [
    "http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/",
    "http://168.188.99.26/.secure/www.ebay.com/",
  ],
  [
    "http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/",
    "http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/",
  ],
  [
    "http://host%23.com/%257Ea%2521b%2540c%2523d%2524e%25f%255E00%252611%252A22%252833%252944_55%252B",
    "http://host%23.com/~a!b@c%23d$e%25f^00&11*22(33)44_55+",
  ],
  ["http://3279880203/blah", "http://195.127.0.11/blah"],
  ["http://www.google.com/blah/..", "http://www.google.com/"],
  ["www.google.com/", "http://www.google.com/"],
  ["www.google.com", "http://www.google.com/"],
  ["http://www.evil.com/blah#frag", "http://www.evil.com/blah"],
  ["http://www.GOOgle.com/", "http://www.google.com/"],
  ["http://www.google.com.../", "http://www.google.com/"],
  ["http://www.google.com/foo\tbar\rbaz\n2", "http://www.google.com/foobarbaz2"],
  ["http://www.google.com/q?", "http://www.google.com/q?"],
  ["http://www.google.com/q?r?", "http://www.google.com/q?r?"],
  ["http://www.google.com/q?r?s", "http://www.google.com/q?r?s"],
  ["http://evil.com/foo#bar#baz", "http://evil.com/foo"],
  ["http://evil.com/foo;", "http://evil.com/foo;"],
  ["http://evil.com/foo?bar;", "http://evil.com/foo?bar;"],
  ["http://notrailingslash.com", "http://notrailingslash.com/"],
  ["http://www.gotaport.com:1234/", "http://www.gotaport.com/"],
  ["  http://www.google.com/  ", "http://www.google.com/"],
  ["http:// leadingspace.com/", "http://%20leadingspace.com/"],
  ["http://%20leadingspace.com/", "http://%20leadingspace.com/"],
  ["%20leadingspace.com/", "http://%20leadingspace.com/"],
  ["https://www.securesite.com/", "https://www.securesite.com/"],
  ["http://host.com/ab%23cd", "http://host.com/ab%23cd"],
  ["http://host.com//twoslashes?more//slashes", "http://host.com/twoslashes?more//slashes"],
];

describe("canonicalize: every example in Safe Browsing v4 'URLs and Hashing'", () => {
  for (const [input, expected] of specExamples) {
    it(`canonicalises ${JSON.stringify(input)} to ${expected}`, () => {
      expect(canon(input)).toBe(expected);
    });
  }

  it('canonicalises the raw bytes "http://\\x01\\x80.com/" to http://%01%80.com/', () => {
    // The spec writes this input as bytes; 0x80 alone is not valid UTF-8, so it is passed as bytes.
    expect(canon(Uint8Array.from([...Buffer.from("http://"), 0x01, 0x80, ...Buffer.from(".com/")]))).toBe("http://%01%80.com/");
  });
});

describe("canonicalize: the rules the issue lists", () => {
  it("normalises decimal, octal, hex and short IPv4 forms to a dotted quad", () => {
    expect(canon("http://0x12.0x43.0x44.0x01/")).toBe("http://18.67.68.1/");
    expect(canon("http://012.034.01.055/")).toBe("http://10.28.1.45/");
    expect(canon("http://167838211/")).toBe("http://10.1.2.3/");
    expect(canon("http://12.0x12.01234/")).toBe("http://12.18.2.156/");
    expect(canon("http://0xC0A80001/")).toBe("http://192.168.0.1/");
    // The reference client's vectors for its IPv4 parser.
    expect(parseIPv4("123.123.0.0.1")).toBeNull();
    expect(parseIPv4("276.2.3")).toBe("20.2.0.3");
    expect(parseIPv4("4294967295")).toBe("255.255.255.255");
    expect(parseIPv4("10.192.95.89 xy")).toBe("10.192.95.89");
    expect(parseIPv4("1.2.3.00x0")).toBeNull();
  });

  it("converts an internationalised host to punycode", () => {
    expect(canon("http://www.\u00fcmlat.com/")).toBe("http://www.xn--mlat-zra.com/");
    expect(canon("https://bộcôngan.vn/tin-tức")).toBe("https://xn--bcngan-jxa6332d.vn/tin-t%E1%BB%A9c");
  });

  it("drops the port and the user name, and lower-cases the scheme", () => {
    expect(canon("HTTPS://user:pass@vietcombank.com.vn@evil.example:8443/login")).toBe("https://evil.example/login");
  });

  it("refuses addresses that are not web links, or have no host", () => {
    for (const bad of [
      "",
      "   ",
      "javascript:alert(1)",
      "JavaScript://%0Aalert(1)",
      "data:text/html,<b>x</b>",
      "mailto:a@b.vn",
      "/asdf",
      "#ref",
      "http:///blah",
      "http://#ref",
      "http://?q",
    ]) {
      const r = canonicalize(bad);
      expect(r.ok, bad).toBe(false);
    }
    expect(canonicalize("x".repeat(10_000))).toMatchObject({ ok: false, error: "too_long" });
  });

  it("keeps IPv6 literals bracketed and compressed", () => {
    expect(canon("http://[2001:470:1:18::114]/a/b")).toBe("http://[2001:470:1:18::114]/a/b");
    expect(canon("http://[FEDC:BA98:7654:3210:FEDC:BA98:7654:3210]:80/index.html")).toBe(
      "http://[fedc:ba98:7654:3210:fedc:ba98:7654:3210]/index.html",
    );
  });
});

const exprs = (url: string) => {
  const r = canonicalize(url);
  if (!r.ok) throw new Error(r.message);
  return expressions(r).sort();
};

describe("suffix/prefix expressions", () => {
  it("gives the spec's eight expressions for http://a.b.c/1/2.html?param=1", () => {
    expect(exprs("http://a.b.c/1/2.html?param=1")).toEqual(
      ["a.b.c/1/2.html?param=1", "a.b.c/1/2.html", "a.b.c/", "a.b.c/1/", "b.c/1/2.html?param=1", "b.c/1/2.html", "b.c/", "b.c/1/"].sort(),
    );
  });

  it("skips b.c.d.e.f.g for http://a.b.c.d.e.f.g/1.html, as the spec's second example says", () => {
    expect(exprs("http://a.b.c.d.e.f.g/1.html")).toEqual(
      [
        "a.b.c.d.e.f.g/1.html",
        "a.b.c.d.e.f.g/",
        "c.d.e.f.g/1.html",
        "c.d.e.f.g/",
        "d.e.f.g/1.html",
        "d.e.f.g/",
        "e.f.g/1.html",
        "e.f.g/",
        "f.g/1.html",
        "f.g/",
      ].sort(),
    );
  });

  it("tries no host suffixes for an IP address (the spec's third example)", () => {
    expect(exprs("http://1.2.3.4/1/")).toEqual(["1.2.3.4/1/", "1.2.3.4/"].sort());
  });

  it("never gives more than 5 hosts × 6 paths", () => {
    const all = exprs("http://a.b.c.d.e.f.g.h/1/2/3/4/5/6.html?x=1");
    expect(all.length).toBe(30);
    expect(all).toContain("a.b.c.d.e.f.g.h/1/2/3/");
    expect(all).not.toContain("a.b.c.d.e.f.g.h/1/2/3/4/");
  });

  it("hashes with SHA-256 and takes the 4 most significant bytes as the prefix", () => {
    // FIPS 180-2 test vector, as the spec's "Hash Computations" section uses.
    const h = expressionHash("abc");
    expect(h.toString("hex")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashPrefix(h)).toBe(0xba7816bf);
  });

  it("hashes exactly as node:crypto does (one byte a character), for any string and any length", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 100 }), fc.webUrl()), (s) => {
        const latin1 = Buffer.from(s, "latin1");
        expect(expressionHash(s).toString("hex")).toBe(createHash("sha256").update(latin1).digest("hex"));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("canonicalize: properties", () => {
  const urlish = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.string({ unit: "grapheme", maxLength: 200 }),
    fc.webUrl({ withFragments: true, withQueryParameters: true }),
    fc
      .tuple(
        fc.constantFrom("", "http://", "HTTPS://", "ftp://", "javascript:", "//", "%68ttp://"),
        fc.array(
          fc.constantFrom(
            "a",
            "B",
            ".",
            "..",
            "%",
            "%25",
            "%2e",
            "%2F",
            "/",
            "?",
            "#",
            "@",
            ":80",
            "[::1]",
            "ü",
            "\u0430",
            "\t",
            " ",
            "0x7f",
            "1",
          ),
          {
            maxLength: 40,
          },
        ),
      )
      .map(([s, parts]) => s + parts.join("")),
  );

  it("never throws, for any input", () => {
    fc.assert(
      fc.property(urlish, (s) => {
        canonicalize(s);
      }),
      { numRuns: 3000 },
    );
  });

  it("is idempotent: canonicalising a canonical URL changes nothing", () => {
    fc.assert(
      fc.property(urlish, (s) => {
        const once = canonicalize(s);
        if (!once.ok) return;
        const twice = canonicalize(once.url);
        expect(twice.ok && twice.url).toBe(once.url);
      }),
      { numRuns: 3000 },
    );
  });

  it("gives only printable ASCII, and at most 30 expressions", () => {
    fc.assert(
      fc.property(urlish, (s) => {
        const r = canonicalize(s);
        if (!r.ok) return;
        expect(r.url).toMatch(/^[\x21-\x7e]+$/);
        expect(expressions(r).length).toBeLessThanOrEqual(30);
      }),
      { numRuns: 2000 },
    );
  });

  it("gives a string the same result as its UTF-8 bytes (the ASCII shortcut changes nothing)", () => {
    fc.assert(
      fc.property(urlish, (s) => {
        expect(canonicalize(s)).toEqual(canonicalize(Buffer.from(s, "utf8")));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("hosts a web site can have (for checks, RFC 1035 lengths)", () => {
  const problem = (url: string) => {
    const c = canonicalize(url);
    if (!c.ok) throw new Error(`${url} did not canonicalise: ${c.message}`);
    return hostProblem(c as CanonicalUrl);
  };

  it("accepts names of two or more labels, IDNs, IP literals and labels of exactly 63 letters", () => {
    for (const url of [
      "vietcombank.com.vn",
      "https://xn--vietcmbank-ivi.com.vn/",
      "http://ngân-hàng.vn/",
      "http://1.2.3.4/",
      "http://[::1]/",
      `http://${"a".repeat(63)}.vn/`,
      "http://my_host.example/",
    ]) {
      expect(problem(url), url).toBeNull();
    }
  });

  it("refuses text with spaces, a name without a dot, a numeric top-level label, and broken bytes", () => {
    expect(problem("not a url")).toMatch(/characters/);
    expect(problem("http://localhost/")).toMatch(/no dot/);
    expect(problem("http://example.123/")).toMatch(/number/);
    expect(problem("http://a<b>.example/")).toMatch(/characters/);
    expect(problem("http://%ff%fe.example/")).toMatch(/characters/);
  });

  it("refuses a label over 63, more than 127 labels, and a name over 253 octets", () => {
    expect(problem(`http://${"a".repeat(64)}.vn/`)).toMatch(/63/);
    expect(problem(`http://${"a.".repeat(127)}vn/`)).toMatch(/253|127/);
    expect(problem(`http://${"abcdefghij.".repeat(25)}vn/`)).toMatch(/253/);
    expect(problem(`http://${"a.".repeat(1000)}vn/`)).not.toBeNull();
  });
});
