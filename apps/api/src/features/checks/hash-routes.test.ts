import { addHashEntries, checkHashes, EICAR, parseHash } from "@portal/threat-intel";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";

let deps: TestDeps;
let app: ReturnType<typeof createApp>;
const KNOWN_GOOD_SHA1 = "0b2e1c9a8d7f6e5d4c3b2a19087f6e5d4c3b2a19";

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey") });
  app = createApp(deps);
  const now = "2026-11-20T10:00:00.000Z";
  await addHashEntries(
    deps.db.client,
    [{ ...EICAR, verdict: "malicious", family: "EICAR-Test-File", fileType: "text/plain", fileSize: 68, tags: "test-file" }],
    {
      source: "demo:eicar",
      addedBy: "test",
      now,
    },
  );
  await addHashEntries(deps.db.client, [{ sha1: KNOWN_GOOD_SHA1, verdict: "known_good", fileName: "./usr/bin/ls" }], {
    source: "circl-hashlookup",
    addedBy: "test",
    now,
  });
});
afterAll(() => deps.cleanup());

const post = (body: unknown) =>
  app.request("/api/v1/hash/bulk", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
const expect400 = async (res: Response) => {
  expect(res.status).toBe(400);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("invalid_request");
  expect(body.error.message.length).toBeGreaterThan(10);
};

describe("GET /api/v1/hash/{hash}", () => {
  it("finds a malicious file by MD5, SHA-1 or SHA-256, in any case and with spaces around", async () => {
    for (const [h, algorithm] of [
      [EICAR.md5.toUpperCase(), "md5"],
      [` ${EICAR.sha1} `, "sha1"],
      [EICAR.sha256, "sha256"],
    ] as const) {
      const res = await app.request(`/api/v1/hash/${encodeURIComponent(h)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.json()).toMatchObject({
        hash: h.trim().toLowerCase(),
        algorithm,
        verdict: "malicious",
        matches: [
          {
            source: "demo:eicar",
            family: "EICAR-Test-File",
            md5: EICAR.md5,
            sha1: EICAR.sha1,
            sha256: EICAR.sha256,
            fileType: "text/plain",
            tags: ["test-file"],
          },
        ],
      });
    }
  });

  it("answers known_good and unknown", async () => {
    expect(await (await app.request(`/api/v1/hash/${KNOWN_GOOD_SHA1}`)).json()).toMatchObject({
      verdict: "known_good",
      matches: [{ fileName: "./usr/bin/ls" }],
    });
    expect(await (await app.request(`/api/v1/hash/${"0".repeat(64)}`)).json()).toMatchObject({ verdict: "unknown", matches: [] });
  });

  it("never writes the digest into the logs", async () => {
    deps.logs.length = 0;
    await app.request(`/api/v1/hash/${EICAR.sha256}`);
    expect(deps.logs.find((l) => l.msg === "request")).toMatchObject({ path: "/api/v1/hash/:hash", status: 200 });
    expect(JSON.stringify(deps.logs)).not.toContain(EICAR.sha256);
  });

  it("answers 400 for what is not a digest", async () => {
    for (const bad of ["abc", "z".repeat(32), "0".repeat(33), "0".repeat(63), "%00", "x".repeat(300)]) {
      await expect400(await app.request(`/api/v1/hash/${bad}`));
    }
  });
});

describe("POST /api/v1/hash/bulk", () => {
  it("answers up to 1000 hashes in order", async () => {
    const hashes = [EICAR.sha256, "1".repeat(32), KNOWN_GOOD_SHA1, ...Array(997).fill("f".repeat(40))];
    const res = await post({ hashes });
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(results).toHaveLength(1000);
    expect(results.slice(0, 3).map((r: { verdict: string; algorithm: string }) => `${r.algorithm}:${r.verdict}`)).toEqual([
      "sha256:malicious",
      "md5:unknown",
      "sha1:known_good",
    ]);
  });

  it("looks 1000 distinct hashes up in statements of 100, letting the event loop run between them, with the same answers", async () => {
    const hex = (i: number) => i.toString(16).padStart(64, "0");
    const hashes = [EICAR.sha256, KNOWN_GOOD_SHA1, ...Array.from({ length: 998 }, (_, i) => hex(i + 1))];
    // Event-loop turns while the request runs: a single statement for all 1000 would allow none.
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const res = await post({ hashes });
    running = false;
    expect(res.status).toBe(200);
    expect(turns).toBeGreaterThanOrEqual(9);
    const { results } = await res.json();
    expect(results.map((r: { verdict: string }) => r.verdict)).toEqual(["malicious", "known_good", ...Array(998).fill("unknown")]);
    const work = { statements: 0 };
    const direct = await checkHashes(
      deps.db.client,
      hashes.map((h) => parseHash(h)).filter((p) => p.ok),
      new Date(),
      work,
    );
    expect(work.statements).toBe(10);
    expect(direct.map((r) => r.matches)).toEqual(results.map((r: { matches: unknown }) => r.matches));
  });

  it("answers 400 for none, more than 1000, or one invalid hash", async () => {
    await expect400(await post({ hashes: [] }));
    await expect400(await post({ hashes: Array(1001).fill(EICAR.md5) }));
    await expect400(await post({ hashes: [EICAR.md5, "not-a-hash"] }));
    await expect400(await post({ hash: EICAR.md5 }));
  });
});
