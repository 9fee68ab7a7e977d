import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as openpgp from "openpgp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withdrawAlert } from "./alerts.ts";
import { csafBytes, csafDocument } from "./csaf.ts";
import { publicAlertFacets } from "./public.ts";
import { storedSignature } from "./signatures.ts";
import { generateSigningKeyArmored, loadOrCreateSigningKey, readSigningKey, type SigningKey } from "./signing.ts";
import { DRAFTS, makeTeam, publishedAlert, T0, type TempDb, tempDb } from "./test-db.ts";

const ORIGIN = "https://canhbao.example.vn";
const owner = { name: "Cyberspace Safety Portal", email: "security@canhbao.example.vn" };
let dataDir: string;
let key: SigningKey;
let db: TempDb;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "portal-csaf-sigs-"));
  key = await loadOrCreateSigningKey(dataDir, { owner });
  db = await tempDb();
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  db.cleanup();
});

async function verifies(bytes: Uint8Array, signature: string, publicKey = key.publicKeyArmored): Promise<boolean> {
  const result = await openpgp.verify({
    message: await openpgp.createMessage({ binary: bytes }),
    signature: await openpgp.readSignature({ armoredSignature: signature }),
    verificationKeys: await openpgp.readKey({ armoredKey: publicKey }),
  });
  return result.signatures[0]?.verified.then(() => true).catch(() => false) ?? false;
}

describe("stored CSAF signatures", () => {
  it("signs a document once and gives the same .asc every time after, although openpgp salts each signature", async () => {
    const team = await makeTeam(db.client);
    const alert = await publishedAlert(db.client, team, DRAFTS.scam);
    const bytes = csafBytes(csafDocument(alert, { origin: ORIGIN }) ?? { document: {} as never });
    const first = await storedSignature(db.client, key, { alertId: alert.id, version: 1, bytes });
    const again = await storedSignature(db.client, key, { alertId: alert.id, version: 1, bytes });
    expect(again).toBe(first);
    expect(await verifies(bytes, first)).toBe(true);
    // The library really does salt: two fresh signatures of the same bytes differ.
    const { signDetached } = await import("./signing.ts");
    expect(await signDetached(key, bytes)).not.toBe(await signDetached(key, bytes));
  });

  it("signs afresh when the bytes change (a new version, another origin) or the key changes", async () => {
    const team = await makeTeam(db.client);
    const alert = await publishedAlert(db.client, team, DRAFTS.advice);
    const v1 = csafBytes(csafDocument(alert, { origin: ORIGIN }) ?? { document: {} as never });
    const elsewhere = csafBytes(csafDocument(alert, { origin: "https://other.example.vn" }) ?? { document: {} as never });
    const a = await storedSignature(db.client, key, { alertId: alert.id, version: 1, bytes: v1 });
    const b = await storedSignature(db.client, key, { alertId: alert.id, version: 1, bytes: elsewhere });
    expect(b).not.toBe(a);
    expect(await verifies(elsewhere, b)).toBe(true);

    const withdrawn = await withdrawAlert(db.client, alert.id, "Trùng lặp.", team.author);
    if (!withdrawn.ok) throw new Error(withdrawn.reason);
    const v2 = csafBytes(csafDocument(withdrawn.alert, { origin: ORIGIN }) ?? { document: {} as never });
    const c = await storedSignature(db.client, key, { alertId: alert.id, version: 2, bytes: v2 });
    expect(await verifies(v2, c)).toBe(true);

    const other = await readSigningKey(await generateSigningKeyArmored(owner));
    const d = await storedSignature(db.client, other, { alertId: alert.id, version: 2, bytes: v2 });
    expect(d).not.toBe(c);
    expect(await verifies(v2, d, other.publicKeyArmored)).toBe(true);
    expect(await verifies(v2, d)).toBe(false);
  });

  it("dates a signature when it is made, so a key newer than the alert still verifies it", async () => {
    const team = await makeTeam(db.client);
    // Published two years before the key was generated.
    const alert = await publishedAlert(db.client, team, DRAFTS.advice, { now: new Date(T0.getTime() - 2 * 365 * 86_400_000) });
    const bytes = csafBytes(csafDocument(alert, { origin: ORIGIN }) ?? { document: {} as never });
    expect(await verifies(bytes, await storedSignature(db.client, key, { alertId: alert.id, version: 1, bytes }))).toBe(true);
  });
});

describe("the public list's filters", () => {
  it("offers the agencies and years that have public alerts, and nothing for drafts or restricted alerts", async () => {
    const fresh = await tempDb();
    try {
      const team = await makeTeam(fresh.client, "vncert");
      const other = await makeTeam(fresh.client, "ncsc");
      await publishedAlert(fresh.client, team, DRAFTS.advice, { now: new Date("2025-06-01T00:00:00Z") });
      await publishedAlert(fresh.client, team, DRAFTS.scam, { now: T0 });
      await publishedAlert(fresh.client, other, { ...DRAFTS.scam, tlp: "AMBER" }, { now: T0 });
      const facets = await publicAlertFacets(fresh.client);
      expect(facets.agencies.map((a) => a.slug)).toEqual(["vncert"]);
      expect(facets.years).toEqual([2026, 2025]);
    } finally {
      fresh.cleanup();
    }
  });
});
