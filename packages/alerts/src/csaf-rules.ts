/// <reference path="./csaf-validator-lib.d.ts" />
// For tests only (it imports the dev dependency @secvisogram/csaf-validator-lib; index.ts never
// exports it): the BSI validator's `basic` set — the strict CSAF 2.0 JSON schema and every
// mandatory test but 6.1.8, which the schema covers. Never the `full` set: it calls out to the
// network. Answers every error as one line, so a failing test says why.
import * as basic from "@secvisogram/csaf-validator-lib/basic.js";
import validate, { type DocumentTest } from "@secvisogram/csaf-validator-lib/validate.js";

const BASIC: DocumentTest[] = Object.entries(basic)
  .filter(([name]) => name !== "default")
  .map(([, test]) => test as DocumentTest);

/** Every error of the basic set in a CSAF document; an empty list for a valid one. */
export async function csafErrors(doc: unknown): Promise<string[]> {
  const result = await validate(BASIC, doc);
  return result.tests.flatMap((t) => t.errors.map((e) => `${t.name} ${e.instancePath}: ${e.message}`));
}
