// Demo data of the breach domain (see packages/breach/src/demo.ts for where it comes from).
import { existsSync } from "node:fs";
import { buildDemoPasswordCorpus, corpusFile, countBreaches, DEMO_PASSWORD_SOURCE, loadDemoBreaches } from "@portal/breach";
import type { Seeder } from "../types.ts";

export const passwordSeeder: Seeder = {
  name: "pwned-passwords",
  async isEmpty(deps) {
    return !existsSync(corpusFile(deps.paths.pwnedDir, "sha1")) || !existsSync(corpusFile(deps.paths.pwnedDir, "ntlm"));
  },
  async run(deps) {
    const n = await buildDemoPasswordCorpus(deps.paths.pwnedDir);
    return `${n.sha1} SHA-1 and ${n.ntlm} NTLM hashes of the common-password list in ${DEMO_PASSWORD_SOURCE}, count 1 each`;
  },
};

export const breachSeeder: Seeder = {
  name: "breaches",
  async isEmpty(deps) {
    return (await countBreaches(deps.db.client)) === 0;
  },
  async run(deps) {
    const n = await loadDemoBreaches(deps.db.client);
    return `${n} fictional demo breaches (flagged isDemo) with example.com accounts, stored as SHA-1 only`;
  },
};
