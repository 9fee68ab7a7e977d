import { describe, expect, it } from "vitest";
import { loggablePath, redactUrls } from "./redact.ts";

describe("loggablePath", () => {
  it("masks the prefix of a well-formed range path and the digest of a hash lookup", () => {
    expect(loggablePath("/api/v1/passwords/range/ABCDE")).toBe("/api/v1/passwords/range/:prefix");
    expect(loggablePath("/api/v1/accounts/range/a1b2c3")).toBe("/api/v1/accounts/range/:prefix");
    expect(loggablePath(`/api/v1/hash/${"ab".repeat(32)}`)).toBe("/api/v1/hash/:hash");
    expect(loggablePath("/api/v1/hash/bulk")).toBe("/api/v1/hash/bulk");
  });

  it("masks them just the same in malformed paths: other case, doubled or encoded slashes, extra segments", () => {
    for (const p of [
      "/api/v1//passwords/range/ABCDE",
      "/api/v1/passwords//range/ABCDE",
      "/API/V1/Passwords/Range/ABCDE",
      "/api/v1/passwords/range%2FABCDE",
      "/api/v1/passwords/range/ABCDE/extra",
      "/api/v1/passwords/range/ABCDE.txt",
    ]) {
      expect(loggablePath(p)).not.toMatch(/ABCDE/i);
    }
    expect(loggablePath("/api/v1/hash/sha1/da39a3ee5e6b4b0d3255bfef95601890afd80709/x")).not.toContain("da39a3");
    expect(loggablePath("//api/v1/hash//da39a3ee5e6b4b0d")).not.toContain("da39a3");
  });

  it("masks digests, addresses and encoded text in other API paths, and keeps the words", () => {
    expect(loggablePath("/api/v1/passwordz/ABCDE")).toBe("/api/v1/passwordz/:redacted");
    expect(loggablePath("/api/v1/accounts/someone@example.com")).toBe("/api/v1/accounts/:redacted");
    expect(loggablePath("/api/v1/url/check/http%3A%2F%2Fevil.example")).toBe("/api/v1/url/check/:redacted");
    expect(loggablePath("/api/v1/url/check/http:/evil.example/login")).toBe("/api/v1/url/check/:redacted/:redacted/login");
    expect(loggablePath("/api/v1/scam-identifiers/0912345678")).toBe("/api/v1/scam-identifiers/:redacted");
    expect(loggablePath("/api/v1/alerts/feed.atom")).toBe("/api/v1/alerts/feed.atom");
  });

  it("leaves the site's paths alone", () => {
    expect(loggablePath("/_astro/Base.DNWd22HK.css")).toBe("/_astro/Base.DNWd22HK.css");
    expect(loggablePath("/kiem-tra/duong-dan/ket-qua")).toBe("/kiem-tra/duong-dan/ket-qua");
  });
});

describe("redactUrls", () => {
  it("cuts every query string off and masks check paths inside free text", () => {
    const text =
      "Could not render http://127.0.0.1:8080/kiem-tra/duong-dan/ket-qua?url=http%3A%2F%2Fsecret.example%2F&x=1\nError: boom at /api/v1/passwords/range/ABCDE?mode=ntlm";
    const out = redactUrls(text);
    expect(out).not.toContain("secret.example");
    expect(out).not.toContain("ABCDE");
    expect(out).toContain("http://127.0.0.1:8080/kiem-tra/duong-dan/ket-qua?…");
    expect(out).toContain("/api/v1/passwords/range/:prefix?…");
    expect(out).toContain("Error: boom at");
  });
});
