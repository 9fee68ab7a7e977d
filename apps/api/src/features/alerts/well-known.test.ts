// /.well-known/security.txt (RFC 9116) and the CSAF 2.0 trusted-provider distribution over the demo
// alerts: provider metadata, documents that pass the BSI validator's basic set, file names by the
// rule, index.txt and changes.csv, the ROLIE feed, hashes, and signatures that verify with the
// published key and stay the same from one download to the next. Links from PUBLIC_ORIGIN only.
import { createHash } from "node:crypto";
import * as openpgp from "openpgp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { csafErrors } from "../../../../../packages/alerts/src/csaf-rules.ts";
import { type App, createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";
import { seedIfEmpty } from "../index.ts";
import { alertsFeature } from "./index.ts";

const ORIGIN = "https://canhbao.example.vn";
let deps: TestDeps;
let app: App;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey"), env: { PUBLIC_ORIGIN: ORIGIN } });
  app = createApp(deps);
  await seedIfEmpty(deps, alertsFeature.seeders ?? []);
});
afterAll(() => deps?.cleanup());

/** As a request to another host would arrive: the Host header says evil.example. */
const get = (path: string) => app.request(`http://evil.example${path}`, { headers: { host: "evil.example" } });
const text = async (path: string) => {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  const body = await res.text();
  expect(body, path).not.toContain("evil.example");
  return { res, body };
};
const local = (url: string) => {
  expect(url.startsWith(`${ORIGIN}/`), url).toBe(true);
  return url.slice(ORIGIN.length);
};

describe("security.txt", () => {
  it("has Contact, Expires under a year ahead, Preferred-Languages, Canonical, Policy and a CSAF line (RFC 9116)", async () => {
    const { res, body } = await text("/.well-known/security.txt");
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const fields = new Map<string, string[]>();
    for (const line of body.split("\n")) {
      const m = /^([A-Za-z-]+): (.+)$/.exec(line);
      if (m) fields.set(m[1] as string, [...(fields.get(m[1] as string) ?? []), m[2] as string]);
    }
    expect(fields.get("Contact")).toEqual(["mailto:security@canhbao.example.vn"]);
    expect(fields.get("Preferred-Languages")).toEqual(["vi, en"]);
    expect(fields.get("Canonical")).toEqual([`${ORIGIN}/.well-known/security.txt`]);
    expect(fields.get("CSAF")).toEqual([`${ORIGIN}/.well-known/csaf/provider-metadata.json`]);
    expect(fields.get("Policy")?.length).toBe(2);
    const expires = new Date(fields.get("Expires")?.[0] ?? "");
    expect(fields.get("Expires")?.[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const yearAhead = Date.now() + 365 * 86_400_000;
    expect(expires.getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    expect(expires.getTime()).toBeLessThanOrEqual(yearAhead);
    // Every line is a field, a comment or blank (RFC 9116 §4 ABNF).
    for (const line of body.split("\n")) expect(line).toMatch(/^(#.*|[A-Za-z-]+: \S.*|)$/);
  });

  it("names the contact the operator gives", async () => {
    const other = await makeTestDeps({
      meiliUrl: inject("meiliUrl"),
      meiliKey: inject("meiliKey"),
      env: { PUBLIC_ORIGIN: ORIGIN, SECURITY_CONTACT: "https://canhbao.example.vn/lien-he-bao-mat" },
    });
    try {
      const body = await (await createApp(other).request("/.well-known/security.txt")).text();
      expect(body).toContain("Contact: https://canhbao.example.vn/lien-he-bao-mat\n");
    } finally {
      other.cleanup();
    }
  });
});

describe("the CSAF 2.0 trusted provider", () => {
  type Metadata = {
    canonical_url: string;
    role: string;
    publisher: { category: string; name: string; namespace: string };
    distributions: { directory_url: string; rolie: { feeds: { url: string; tlp_label: string }[] } }[];
    public_openpgp_keys: { fingerprint: string; url: string }[];
  };
  let metadata: Metadata;
  let publicKey: openpgp.Key;

  it("publishes provider-metadata.json with canonical_url, publisher, distributions and the public OpenPGP key", async () => {
    const { res, body } = await text("/.well-known/csaf/provider-metadata.json");
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    metadata = JSON.parse(body) as Metadata;
    expect(metadata.canonical_url).toBe(`${ORIGIN}/.well-known/csaf/provider-metadata.json`);
    expect(metadata.role).toBe("csaf_trusted_provider");
    expect(metadata.publisher).toMatchObject({ category: "coordinator", namespace: ORIGIN });
    expect(metadata.distributions[0]?.directory_url).toBe(`${ORIGIN}/.well-known/csaf/clear/`);
    expect(metadata.distributions[0]?.rolie.feeds[0]).toMatchObject({
      tlp_label: "WHITE",
      url: `${ORIGIN}/.well-known/csaf/clear/csaf-feed-tlp-clear.json`,
    });
    const [key] = metadata.public_openpgp_keys;
    expect(key?.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    const served = await text(local(key?.url ?? ""));
    expect(served.res.headers.get("content-type")).toBe("application/pgp-keys");
    publicKey = await openpgp.readKey({ armoredKey: served.body });
    expect(publicKey.getFingerprint().toUpperCase()).toBe(key?.fingerprint);
    expect((await get("/.well-known/csaf/openpgp/0000000000000000000000000000000000000000.asc")).status).toBe(404);
  });

  it("lists every document in index.txt and changes.csv (newest first), each valid, named by the rule, with hashes and a stable signature", async () => {
    const index = (await text("/.well-known/csaf/clear/index.txt")).body.trim().split("\n");
    expect(index).toHaveLength(3);
    const changes = (await text("/.well-known/csaf/clear/changes.csv")).body.trim().split("\n");
    const dates = changes.map((l) => /^"[^"]+","([^"]+)"$/.exec(l)?.[1] ?? "");
    expect(dates.map((d) => new Date(d).getTime())).toEqual([...dates.map((d) => new Date(d).getTime())].sort((a, b) => b - a));
    expect(changes.map((l) => /^"([^"]+)"/.exec(l)?.[1]).sort()).toEqual([...index].sort());

    for (const relative of index) {
      expect(relative).toMatch(/^\d{4}\/vn-attt-\d{4}-\d{4}\.json$/);
      const path = `/.well-known/csaf/clear/${relative}`;
      const { res, body } = await text(path);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      const doc = JSON.parse(body) as { document: { tracking: { id: string } } };
      expect(await csafErrors(doc), relative).toEqual([]);
      // CSAF 2.0 §5.1: the tracking ID lower-cased, other characters as "_".
      expect(relative.split("/")[1]).toBe(`${doc.document.tracking.id.toLowerCase().replace(/[^+\-a-z0-9]+/g, "_")}.json`);

      const bytes = new TextEncoder().encode(body);
      const name = relative.split("/")[1];
      expect((await text(`${path}.sha256`)).body).toBe(`${createHash("sha256").update(bytes).digest("hex")}  ${name}\n`);
      expect((await text(`${path}.sha512`)).body).toBe(`${createHash("sha512").update(bytes).digest("hex")}  ${name}\n`);
      const signature = (await text(`${path}.asc`)).body;
      const verified = await openpgp.verify({
        message: await openpgp.createMessage({ binary: bytes }),
        signature: await openpgp.readSignature({ armoredSignature: signature }),
        verificationKeys: publicKey,
      });
      await expect(verified.signatures[0]?.verified).resolves.toBe(true);
      expect((await text(`${path}.asc`)).body).toBe(signature);
    }
  });

  it("links every document from the ROLIE feed with its hashes and signature", async () => {
    const feed = JSON.parse((await text("/.well-known/csaf/clear/csaf-feed-tlp-clear.json")).body) as {
      feed: { entry: { link: { rel: string; href: string }[] }[] };
    };
    expect(feed.feed.entry).toHaveLength(3);
    for (const e of feed.feed.entry) {
      const self = e.link.find((l) => l.rel === "self")?.href ?? "";
      expect((await get(local(self))).status).toBe(200);
      expect(e.link.map((l) => l.rel).sort()).toEqual(["hash", "hash", "self", "signature"]);
    }
  });

  it("answers 404 for a document that does not exist, in the wrong year, or by another name", async () => {
    const [first] = (await text("/.well-known/csaf/clear/index.txt")).body.trim().split("\n");
    const [year, name] = (first ?? "").split("/");
    expect((await get(`/.well-known/csaf/clear/${Number(year) - 1}/${name}`)).status).toBe(404);
    expect((await get("/.well-known/csaf/clear/2026/vn-attt-2026-9999.json")).status).toBe(404);
    expect((await get(`/.well-known/csaf/clear/${year}/${name}.md5`)).status).toBe(404);
  });
});
