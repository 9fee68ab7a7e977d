import { EnvError } from "@portal/config";
import { describe, expect, it } from "vitest";
import { loadEnv } from "./env.ts";

describe("the API's environment", () => {
  it("takes a TOTP key of 32 bytes in base64 and refuses anything else, naming the variable without showing it", () => {
    const key = Buffer.alloc(32, 9).toString("base64");
    expect(loadEnv({ TOTP_KEY: key }).TOTP_KEY).toBe(key);
    for (const bad of ["short", Buffer.alloc(16).toString("base64"), `${key}!`]) {
      expect(() => loadEnv({ TOTP_KEY: bad })).toThrow(EnvError);
      expect(() => loadEnv({ TOTP_KEY: bad })).toThrow(/TOTP_KEY: must be 32 random bytes in base64.*\(got \(hidden\)\)/);
    }
  });

  it("keeps only the origin of PUBLIC_ORIGIN and refuses what is not an http(s) address", () => {
    expect(loadEnv({ PUBLIC_ORIGIN: "https://portal.example.vn/some/path" }).PUBLIC_ORIGIN).toBe("https://portal.example.vn");
    expect(() => loadEnv({ PUBLIC_ORIGIN: "ftp://portal.example.vn" })).toThrow(/PUBLIC_ORIGIN/);
    expect(loadEnv({}).PUBLIC_ORIGIN).toBeUndefined();
  });

  it("takes RATE_LIMITS on or off and each limit as a whole number, 0 turning it off", () => {
    expect(loadEnv({}).RATE_LIMITS).toBe("on");
    expect(loadEnv({ RATE_LIMITS: "off" }).RATE_LIMITS).toBe("off");
    expect(() => loadEnv({ RATE_LIMITS: "no" })).toThrow(/RATE_LIMITS: must be "on" or "off"/);
    expect(loadEnv({}).LIMIT_LINK_CHECKS_PER_MINUTE).toBe(3000);
    expect(loadEnv({ LIMIT_SEARCHES_PER_MINUTE: "0" }).LIMIT_SEARCHES_PER_MINUTE).toBe(0);
    expect(() => loadEnv({ LIMIT_SEARCHES_PER_MINUTE: "lots" })).toThrow(/LIMIT_SEARCHES_PER_MINUTE: must be a whole number/);
    expect(() => loadEnv({ LIMIT_READS_PER_MINUTE: "-1" })).toThrow(/LIMIT_READS_PER_MINUTE/);
  });
});
