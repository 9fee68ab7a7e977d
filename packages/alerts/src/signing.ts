// OpenPGP signatures and hashes for the CSAF distribution (CSAF 2.0 §7.1.18–19: a .sha256 and
// .sha512 beside each document, and a detached armored signature .asc made with a key whose public
// half the provider metadata lists). The key is the operator's, given armored, or one generated
// into DATA_DIR/keys on first start.
import { createHash, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as openpgp from "openpgp";

export class SigningKeyError extends Error {
  override name = "SigningKeyError";
}

export interface SigningKey {
  privateKey: openpgp.PrivateKey;
  /** The public key, armored, for /.well-known/csaf/openpgp/<FINGERPRINT>.asc. */
  publicKeyArmored: string;
  /** Upper-case hex, as the provider metadata lists it. */
  fingerprint: string;
  /** "<name> CSAF <security@…>" */
  userId: string;
}

export interface KeyOwner {
  /** The agency's or the portal's name. */
  name: string;
  /** Where to report a problem with the documents: "security@<public host>". */
  email: string;
}

/** The address a key generated for an origin carries: security@ its host name. */
export function securityEmail(origin: string): string {
  return `security@${new URL(origin).hostname}`;
}

/**
 * A new signing key: EdDSA over Ed25519 in the widely supported v4 "legacy" form (RFC 4880bis; what
 * GnuPG 2.2+ and the Go CSAF tools read), with a Curve25519 encryption subkey as openpgp makes one.
 * Generated in milliseconds, unlike RSA.
 */
export async function generateSigningKeyArmored(owner: KeyOwner, date: Date = new Date()): Promise<string> {
  const { privateKey } = await openpgp.generateKey({
    type: "ecc",
    curve: "ed25519Legacy",
    userIDs: [{ name: `${owner.name} CSAF`, email: owner.email }],
    date,
    format: "armored",
  });
  return privateKey;
}

/** Reads an armored private key, unlocking it with the passphrase when it is protected. */
export async function readSigningKey(armored: string, passphrase?: string): Promise<SigningKey> {
  let privateKey: openpgp.PrivateKey;
  try {
    privateKey = await openpgp.readPrivateKey({ armoredKey: armored });
  } catch (err) {
    throw new SigningKeyError("The CSAF signing key is not an armored OpenPGP private key", { cause: err });
  }
  if (!privateKey.isDecrypted()) {
    if (!passphrase) throw new SigningKeyError("The CSAF signing key is protected by a passphrase; give the passphrase too");
    try {
      privateKey = await openpgp.decryptKey({ privateKey, passphrase });
    } catch (err) {
      throw new SigningKeyError("The passphrase does not unlock the CSAF signing key", { cause: err });
    }
  }
  try {
    await privateKey.getSigningKey();
  } catch (err) {
    throw new SigningKeyError("The CSAF signing key cannot sign (expired, revoked or an encryption-only key)", { cause: err });
  }
  return {
    privateKey,
    publicKeyArmored: privateKey.toPublic().armor(),
    fingerprint: privateKey.getFingerprint().toUpperCase(),
    userId: privateKey.getUserIDs()[0] ?? "",
  };
}

export const SIGNING_KEY_FILE = "csaf-signing.asc";

/**
 * The signing key: the operator's when given (armored, perhaps with a passphrase — the production
 * way, kept out of the data volume's backups), else <dataDir>/keys/csaf-signing.asc, generated on
 * first use with mode 0600. As for the TOTP key (packages/auth totp.ts), the new key is written to a
 * temporary file and hard-linked into place, which fails if the file exists: two processes starting
 * together end up with the same key, and neither reads a half-written file.
 */
export async function loadOrCreateSigningKey(
  dataDir: string,
  opts: { armoredKey?: string | undefined; passphrase?: string | undefined; owner: KeyOwner },
): Promise<SigningKey> {
  if (opts.armoredKey !== undefined && opts.armoredKey.trim() !== "") return readSigningKey(opts.armoredKey, opts.passphrase);
  const dir = join(dataDir, "keys");
  const file = join(dir, SIGNING_KEY_FILE);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let existing: string | null = null;
  try {
    existing = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  if (existing === null) {
    const armored = await generateSigningKeyArmored(opts.owner);
    const temp = join(dir, `.${SIGNING_KEY_FILE}.${randomBytes(8).toString("hex")}.tmp`);
    try {
      writeFileSync(temp, armored, { flag: "wx", mode: 0o600 });
      linkSync(temp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      rmSync(temp, { force: true });
    }
    existing = readFileSync(file, "utf8");
  }
  return readSigningKey(existing);
}

/** A detached, armored OpenPGP signature of exactly these bytes (a binary-mode signature: no line-ending changes). */
export async function signDetached(key: SigningKey, bytes: Uint8Array, date: Date = new Date()): Promise<string> {
  const message = await openpgp.createMessage({ binary: bytes });
  return openpgp.sign({ message, signingKeys: key.privateKey, detached: true, format: "armored", date });
}

/** One line as `sha256sum` / `sha512sum` print it (and `-c` reads it): the hex digest, two spaces, the file name. */
export function checksumLine(algorithm: "sha256" | "sha512", bytes: Uint8Array, fileName: string): string {
  return `${createHash(algorithm).update(bytes).digest("hex")}  ${fileName}\n`;
}

export interface SignedFiles {
  /** The document's bytes, exactly as served. */
  body: Uint8Array;
  sha256: string;
  sha512: string;
  /** The detached signature (.asc). */
  signature: string;
}

/** The document and the three files beside it. */
export async function signedFiles(key: SigningKey, body: Uint8Array, fileName: string, date?: Date): Promise<SignedFiles> {
  return {
    body,
    sha256: checksumLine("sha256", body, fileName),
    sha512: checksumLine("sha512", body, fileName),
    signature: await signDetached(key, body, date),
  };
}
