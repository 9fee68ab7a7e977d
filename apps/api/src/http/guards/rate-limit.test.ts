import { describe, expect, it } from "vitest";
import { addressKey, limitField, policyField, TokenBucket } from "./rate-limit.ts";

describe("TokenBucket", () => {
  it("admits a full bucket's worth at once, then refuses until tokens have refilled at quota per window", () => {
    const b = new TokenBucket({ capacity: 3, windowSeconds: 60 });
    const t0 = 1_000_000;
    expect([b.hit("a", 1, t0), b.hit("a", 1, t0), b.hit("a", 1, t0)]).toEqual([true, true, true]);
    expect(b.remaining).toBe(0);
    expect(b.resetSeconds).toBe(60);
    expect(b.hit("a", 1, t0)).toBe(false);
    // 3 tokens a minute: one every 20 s.
    expect(b.retryAfterSeconds).toBe(20);
    expect(b.hit("a", 1, t0 + 19_000)).toBe(false);
    expect(b.hit("a", 1, t0 + 20_000)).toBe(true);
    expect(b.hit("a", 1, t0 + 20_000)).toBe(false);
    // Never more than the capacity, however long the client waited.
    expect(b.peek("a", t0 + 3_600_000)).toBe(3);
  });

  it("charges a batch by its weight, spends nothing when it refuses, and lets a batch above the capacity through on a full bucket", () => {
    const b = new TokenBucket({ capacity: 10, windowSeconds: 10 });
    expect(b.hit("a", 7, 0)).toBe(true);
    expect(b.remaining).toBe(3);
    expect(b.hit("a", 5, 0)).toBe(false);
    expect(b.retryAfterSeconds).toBe(2);
    expect(b.peek("a", 0)).toBe(3);
    expect(b.hit("a", 3, 0)).toBe(true);
    expect(b.hit("b", 500, 0)).toBe(true);
    expect(b.remaining).toBe(0);
    expect(b.hit("b", 500, 5_000)).toBe(false);
    expect(b.retryAfterSeconds).toBe(5);
  });

  it("keeps separate buckets per key", () => {
    const b = new TokenBucket({ capacity: 1, windowSeconds: 60 });
    expect(b.hit("198.51.100.1", 1, 0)).toBe(true);
    expect(b.hit("198.51.100.1", 1, 0)).toBe(false);
    expect(b.hit("198.51.100.2", 1, 0)).toBe(true);
  });

  it("tracks at most maxKeys keys, forgetting the oldest first, so a flood of addresses cannot grow memory", () => {
    const b = new TokenBucket({ capacity: 1, windowSeconds: 3600, maxKeys: 1000 });
    for (let i = 0; i < 100_000; i++) b.hit(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 1, 0);
    expect(b.size).toBe(1000);
    // The newest keys are still counted; the oldest were forgotten (a full bucket again).
    expect(b.hit("10.1.134.159", 1, 0)).toBe(false);
    expect(b.hit("10.0.0.0", 1, 0)).toBe(true);
    expect(b.size).toBe(1000);
  });

  it("refuses a bucket without capacity or window", () => {
    expect(() => new TokenBucket({ capacity: 0, windowSeconds: 60 })).toThrow();
    expect(() => new TokenBucket({ capacity: 5, windowSeconds: 0 })).toThrow();
  });
});

describe("addressKey", () => {
  it("groups IPv6 addresses by their /64, however they are written, and keeps IPv4 addresses whole", () => {
    expect(addressKey("2001:db8:0:1::1")).toBe("2001:db8:0:1::/64");
    expect(addressKey("2001:0DB8:0000:0001:ffff:ffff:ffff:ffff")).toBe("2001:db8:0:1::/64");
    expect(addressKey("2001:db8:0:2::1")).not.toBe(addressKey("2001:db8:0:1::1"));
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
  });
});

describe("the RateLimit fields (draft-ietf-httpapi-ratelimit-headers)", () => {
  it("are structured-field lists of a quoted policy name with its parameters", () => {
    expect(policyField("links", 3000, 60)).toBe('"links";q=3000;w=60');
    expect(limitField("links", 2999, 1)).toBe('"links";r=2999;t=1');
  });
});
