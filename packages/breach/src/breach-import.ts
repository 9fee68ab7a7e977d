// `import breach <catalogue.json> <identifiers-file>`: one breach's record and the e-mail addresses
// and phone numbers in it. Each identifier is normalised and hashed as it is read; only the SHA-1
// reaches the database, and nothing of the plain file is copied anywhere.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Client } from "@portal/db";
import { addAccountHashes, type Breach, BreachInput, countAccounts, upsertBreach } from "./catalogue.ts";
import { normaliseIdentifier } from "./normalise.ts";

export const sha1Hex = (s: string) => createHash("sha1").update(s, "utf8").digest("hex").toUpperCase();

export interface BreachImportResult {
  breach: Breach;
  read: number;
  emails: number;
  phones: number;
  invalid: number;
  accounts: number;
}

export class BreachImportError extends Error {}

export async function readCatalogueFile(path: string): Promise<ReturnType<typeof BreachInput.parse>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new BreachImportError(`${path} is not readable JSON: ${(err as Error).message}`);
  }
  const parsed = BreachInput.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new BreachImportError(`${path}: "${i?.path.join(".") || "(root)"}" ${i?.message ?? "is not valid"}.`);
  }
  return parsed.data;
}

/**
 * Imports one breach. Identifiers go in batches of 500 hashes; a line that is neither an e-mail
 * nor a phone number is counted and skipped (its text is never printed or logged).
 */
export async function importBreach(
  client: Client,
  input: BreachInput,
  identifiersPath: string,
  onProgress?: (lines: number) => void,
): Promise<BreachImportResult> {
  const st = await stat(identifiersPath).catch(() => null);
  if (!st?.isFile()) throw new BreachImportError(`${identifiersPath} is not a readable file.`);
  const lines = createInterface({ input: createReadStream(identifiersPath, { encoding: "utf8" }), crlfDelay: Number.POSITIVE_INFINITY });
  try {
    return await importBreachIdentifiers(client, input, lines, onProgress);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code) {
      throw new BreachImportError(`Cannot read ${identifiersPath}: ${(err as NodeJS.ErrnoException).code}`);
    }
    throw err;
  }
}

/** Imports one breach from identifiers given in memory or as a stream of lines. */
export async function importBreachIdentifiers(
  client: Client,
  input: BreachInput,
  lines: Iterable<string> | AsyncIterable<string>,
  onProgress?: (lines: number) => void,
): Promise<BreachImportResult> {
  const parsed = BreachInput.parse(input);
  // The breach row first (accounts reference it), with its count fixed up at the end.
  await upsertBreach(client, parsed, 0);
  let read = 0;
  let emails = 0;
  let phones = 0;
  let invalid = 0;
  let batch: string[] = [];
  for await (const line of lines) {
    if (line.trim() === "") continue;
    read++;
    const id = normaliseIdentifier(line);
    if (id.kind === "invalid") {
      invalid++;
      continue;
    }
    if (id.kind === "email") emails++;
    else phones++;
    batch.push(sha1Hex(id.value));
    if (batch.length >= 500) {
      await addAccountHashes(client, parsed.name, batch);
      batch = [];
      onProgress?.(read);
    }
  }
  await addAccountHashes(client, parsed.name, batch);
  onProgress?.(read);
  const accounts = await countAccounts(client, parsed.name);
  const breach = await upsertBreach(client, parsed, accounts);
  return { breach, read, emails, phones, invalid, accounts };
}
