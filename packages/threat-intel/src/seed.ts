// Demo data for the link and file checks: real public lists that ship in npm packages, never
// invented entries. Every source name starts with "demo:" so the pages can label it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Client } from "@portal/db";
import { importFeed } from "./feeds/import.ts";
import { addHashEntries } from "./hash/hash.ts";
import { addDomains } from "./url/store.ts";

export const DEMO_SOURCE_PREFIX = "demo:";
/** The rule the pages label demo data by; it lives in the contract so the browser applies the same one. */
export { isDemoSource } from "@portal/contracts";

/**
 * The EICAR anti-virus test file (www.eicar.org): harmless, and detected by every scanner by
 * design. Its digests let anyone try the file check without real malware.
 */
export const EICAR = {
  md5: "44d88612fea8a8f36de82e1278abb02f",
  sha1: "3395856ce81f2b7382dee72602f798b642f14140",
  sha256: "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f",
  size: 68,
} as const;

export async function isThreatIntelEmpty(client: Client): Promise<boolean> {
  const rs = await client.execute(
    "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM url_entries LIMIT 1)) + (SELECT COUNT(*) FROM (SELECT 1 FROM url_domains LIMIT 1)) + (SELECT COUNT(*) FROM (SELECT 1 FROM hash_entries LIMIT 1)) AS n",
  );
  return Number(rs.rows[0]?.n ?? 0) === 0;
}

/** Loads the demo lists; returns a one-line summary. */
export async function seedThreatIntel(client: Client, now = new Date()): Promise<string> {
  const require = createRequire(import.meta.url);
  // MetaMask's eth-phishing-detect ships its whole config.json (blacklist, fuzzylist, whitelist) in the npm package.
  const metamaskConfig = require.resolve("eth-phishing-detect/src/config.json");
  const version = (JSON.parse(readFileSync(require.resolve("eth-phishing-detect/package.json"), "utf8")) as { version: string }).version;
  const mm = await importFeed(client, "metamask", metamaskConfig, {
    source: `demo:eth-phishing-detect-${version}`,
    addedBy: "demo-seed",
    now,
  });
  const trustedList = JSON.parse(readFileSync(new URL("../lists/trusted-vn.json", import.meta.url), "utf8")) as {
    domains: { domain: string; name: string; category: string }[];
  };
  const p = { source: "demo:vn-trusted", addedBy: "demo-seed", now: now.toISOString() };
  const trusted = await addDomains(client, "trusted", trustedList.domains, p);
  await addHashEntries(
    client,
    [
      {
        ...EICAR,
        verdict: "malicious",
        family: "EICAR-Test-File",
        fileName: "eicar.com",
        fileType: "text/plain",
        fileSize: EICAR.size,
        tags: "test-file",
        reference: "https://www.eicar.org/download-anti-malware-testfile/",
      },
    ],
    { source: "demo:eicar", addedBy: "demo-seed", now: now.toISOString() },
  );
  return `${mm.urls?.stored ?? 0} phishing domains and ${(mm.domains.protected ?? 0) + (mm.domains.exempt ?? 0)} look-alike settings from eth-phishing-detect ${version}, ${trusted.stored} trusted Vietnamese domains, the EICAR test file's 3 hashes`;
}
