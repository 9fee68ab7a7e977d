// The .asc beside each CSAF document, signed once and then served as stored. openpgp salts every
// signature (a notation of random bytes, against fault attacks on deterministic EdDSA), so signing
// on each request would hand two downloaders two different files for the same document; a mirror
// comparing them, or an aggregator that keeps the first, must keep seeing the same one.
import { createHash } from "node:crypto";
import type { Client } from "@portal/db";
import { type SigningKey, signDetached } from "./signing.ts";

export interface SignatureRequest {
  alertId: string;
  /** The version the document was built from (its latest). */
  version: number;
  /** The document's bytes exactly as served (csafBytes). */
  bytes: Uint8Array;
}

/**
 * The stored signature of these bytes by this key, made and stored on first request. Keyed by the
 * bytes' SHA-256 and the key's fingerprint, so a document whose bytes changed (a new public origin)
 * or a new key gets a fresh signature rather than one that no longer verifies. Two requests racing
 * on the first signature both answer with the one that was stored first.
 */
export async function storedSignature(client: Client, key: SigningKey, req: SignatureRequest, now: Date = new Date()): Promise<string> {
  const sha256 = createHash("sha256").update(req.bytes).digest("hex");
  const find = () =>
    client.execute({
      sql: "SELECT signature FROM alert_signatures WHERE alert_id = ? AND version = ? AND sha256 = ? AND fingerprint = ?",
      args: [req.alertId, req.version, sha256, key.fingerprint],
    });
  const found = await find();
  if (found.rows[0]) return String(found.rows[0].signature);
  // Signed at "now", not at the version's date: a key made after an alert was published (the first
  // start, or a new key) cannot make a valid signature dated before the key existed.
  const signature = await signDetached(key, req.bytes, now);
  await client.execute({
    sql: `INSERT INTO alert_signatures (alert_id, version, sha256, fingerprint, signature, signed_at) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT DO NOTHING`,
    args: [req.alertId, req.version, sha256, key.fingerprint, signature, now.toISOString()],
  });
  return String((await find()).rows[0]?.signature ?? signature);
}
