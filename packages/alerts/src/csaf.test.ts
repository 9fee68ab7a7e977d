// CSAF 2.0 documents and their distribution, checked with the BSI's @secvisogram/csaf-validator-lib:
// its `basic` set (the strict JSON schema and every mandatory test but 6.1.8, which the schema
// covers). The `extended` and `full` sets are never run here: `full` calls out to the network.
import * as basic from "@secvisogram/csaf-validator-lib/basic.js";
import validate, { type DocumentTest } from "@secvisogram/csaf-validator-lib/validate.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AlertRecord, loadAlert, withdrawAlert } from "./alerts.ts";
import { csafDocument, csafFileName, csafYear } from "./csaf.ts";
import { csafChangesCsv, csafEntries, csafIndexTxt, csafProviderMetadata, csafRolieFeed } from "./csaf-distribution.ts";
import { listPublicAlertRecords } from "./public.ts";
import { correctedAlert, DRAFTS, makeTeam, publishedAlert, T0, type TempDb, tempDb } from "./test-db.ts";

const ORIGIN = "https://canhbao.example.vn";
// A generated document read loosely in assertions; its shape is what the validator checks.
// biome-ignore lint/suspicious/noExplicitAny: assertions walk the JSON freely.
type Loose = any;
const BASIC: DocumentTest[] = Object.entries(basic)
  .filter(([name]) => name !== "default")
  .map(([, test]) => test as DocumentTest);

async function errorsOf(doc: unknown): Promise<string[]> {
  const result = await validate(BASIC, doc);
  return result.tests.flatMap((t) => t.errors.map((e) => `${t.name} ${e.instancePath}: ${e.message}`));
}

let db: TempDb;
let alerts: Record<"vulnerability" | "noCve" | "advice" | "scam" | "corrected" | "withdrawn" | "demo" | "amber", AlertRecord>;
const at = (h: number) => new Date(T0.getTime() + h * 3_600_000);

beforeAll(async () => {
  db = await tempDb();
  const team = await makeTeam(db.client, "vncert");
  const load = async (r: AlertRecord) => (await loadAlert(db.client, r.id)) as AlertRecord;
  const vulnerability = await publishedAlert(db.client, team, DRAFTS.vulnerability, { now: at(0) });
  const noCve = await publishedAlert(db.client, team, { ...DRAFTS.vulnerability, cves: [], recommendations: undefined }, { now: at(1) });
  const advice = await publishedAlert(db.client, team, DRAFTS.advice, { now: at(2) });
  const scam = await publishedAlert(db.client, team, DRAFTS.scam, { now: at(3) });
  const corrected = await publishedAlert(db.client, team, DRAFTS.vulnerability, { now: at(4) });
  await correctedAlert(
    db.client,
    team,
    corrected.id,
    { products: [{ vendor: "Apache", product: "Log4j", versions: ["2.15.0"] }] },
    { now: at(5) },
  );
  const withdrawn = await publishedAlert(db.client, team, DRAFTS.scam, { now: at(6) });
  await withdrawAlert(db.client, withdrawn.id, { vi: "Nhầm chiến dịch.", en: "Wrong campaign." }, team.author, { now: at(7) });
  const demo = await publishedAlert(db.client, team, DRAFTS.advice, { now: at(8), isDemo: true });
  const amber = await publishedAlert(db.client, team, { ...DRAFTS.vulnerability, tlp: "AMBER" }, { now: at(9) });
  alerts = {
    vulnerability: await load(vulnerability),
    noCve: await load(noCve),
    advice: await load(advice),
    scam: await load(scam),
    corrected: await load(corrected),
    withdrawn: await load(withdrawn),
    demo: await load(demo),
    amber: await load(amber),
  };
});
afterAll(() => db.cleanup());

describe("CSAF 2.0 documents", () => {
  it("runs the whole basic set: the strict schema and the mandatory tests", () => {
    const names = Object.keys(basic).filter((n) => n !== "default");
    expect(names).toContain("csaf_2_0_strict");
    expect(names.filter((n) => n.startsWith("mandatoryTest_")).length).toBeGreaterThanOrEqual(40);
  });

  it.each(["vulnerability", "noCve", "advice", "scam", "corrected", "withdrawn", "demo"] as const)(
    "has no errors from the validator's basic set (%s)",
    async (name) => {
      const doc = csafDocument(alerts[name], { origin: ORIGIN });
      expect(doc).not.toBeNull();
      expect(await errorsOf(doc)).toEqual([]);
    },
  );

  it("is caught by the validator when broken, so the checks above can fail", async () => {
    const doc = structuredClone(csafDocument(alerts.vulnerability, { origin: ORIGIN })) as unknown as Record<string, unknown> & {
      vulnerabilities: { scores: { cvss_v3: { baseScore: number } }[] }[];
      document: { tracking: { version: string } };
    };
    const score = doc.vulnerabilities[0]?.scores[0];
    if (!score) throw new Error("no score");
    score.cvss_v3.baseScore = 9.8;
    doc.document.tracking.version = "7";
    const errors = await errorsOf(doc);
    expect(errors.join("\n")).toMatch(/mandatoryTest_6_1_9/);
    expect(errors.join("\n")).toMatch(/mandatoryTest_6_1_16/);
  });

  it("describes a vulnerability as a security advisory: product tree, CVE, product status, remediation and CVSS", () => {
    const doc = csafDocument(alerts.vulnerability, { origin: ORIGIN }) as Loose;
    expect(doc.document.category).toBe("csaf_security_advisory");
    expect(doc.document.csaf_version).toBe("2.0");
    expect(doc.document.publisher).toMatchObject({ category: "coordinator", name: "Cyberspace Safety Portal", namespace: ORIGIN });
    expect(doc.document.publisher.issuing_authority).toContain("Test agency");
    expect(doc.document.distribution.tlp.label).toBe("WHITE");
    const apache = doc.product_tree.branches[0];
    expect([apache.category, apache.name]).toEqual(["vendor", "Apache"]);
    expect(apache.branches.map((b: Loose) => [b.category, b.name])).toEqual([
      ["product_name", "Log4j"],
      ["product_name", "Solr"],
    ]);
    expect(apache.branches[0].branches.map((b: Loose) => [b.category, b.name, b.product.product_id])).toEqual([
      ["product_version", "2.14.1", "CSAFPID-0001"],
      ["product_version_range", "< 2.15.0", "CSAFPID-0002"],
    ]);
    expect(apache.branches[1].product.product_id).toBe("CSAFPID-0003");
    const [first, second] = doc.vulnerabilities;
    expect(first.cve).toBe("CVE-2021-44228");
    expect(first.product_status.known_affected).toEqual(["CSAFPID-0001", "CSAFPID-0002", "CSAFPID-0003"]);
    expect(first.remediations[0]).toMatchObject({ category: "mitigation", details: "Update to 2.17.1." });
    expect(first.scores[0].cvss_v3).toEqual({
      version: "3.1",
      vectorString: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
      baseScore: 10,
      baseSeverity: "CRITICAL",
    });
    expect(second.scores[0].cvss_v3).toMatchObject({ baseScore: 9, baseSeverity: "CRITICAL" });
    expect(doc.document.tracking).toMatchObject({
      id: "VN-ATTT-2026-0001",
      status: "final",
      version: "1",
      initial_release_date: "2026-11-29T10:00:00+07:00",
      current_release_date: "2026-11-29T10:00:00+07:00",
      revision_history: [{ number: "1", date: "2026-11-29T10:00:00+07:00", summary: "Initial release." }],
    });
  });

  it("describes every other kind as an informational advisory: notes and references, no vulnerabilities", () => {
    for (const name of ["advice", "scam"] as const) {
      const doc = csafDocument(alerts[name], { origin: ORIGIN }) as Loose;
      expect(doc.document.category).toBe("csaf_informational_advisory");
      expect(doc.vulnerabilities).toBeUndefined();
      expect(doc.product_tree).toBeUndefined();
      expect(doc.document.references.some((r: Loose) => r.category === "external")).toBe(true);
      expect(doc.document.notes.map((n: Loose) => n.category)).toContain("summary");
    }
    const advice = csafDocument(alerts.advice, { origin: ORIGIN }) as Loose;
    // Certainty "possible": the agency expects the facts to change.
    expect(advice.document.tracking.status).toBe("interim");
  });

  it("follows corrections and withdrawal in tracking and revision history", () => {
    const corrected = csafDocument(alerts.corrected, { origin: ORIGIN }) as Loose;
    expect(corrected.document.tracking.version).toBe("2");
    expect(corrected.document.tracking.revision_history.map((r: Loose) => [r.number, r.summary])).toEqual([
      ["1", "Initial release."],
      ["2", "Sửa lại / Corrected."],
    ]);
    expect(corrected.product_tree.branches[0].branches[0].branches.map((b: Loose) => b.name)).toEqual(["2.15.0"]);

    const withdrawn = csafDocument(alerts.withdrawn, { origin: ORIGIN }) as Loose;
    expect(withdrawn.document.title).toMatch(/^WITHDRAWN: /);
    expect(withdrawn.document.tracking).toMatchObject({ version: "2", status: "final", current_release_date: "2026-11-29T17:00:00+07:00" });
    expect(withdrawn.document.tracking.revision_history.at(-1).summary).toBe("Withdrawn: Wrong campaign.");
    expect(withdrawn.document.notes[0]).toMatchObject({ category: "general", title: "Withdrawn" });

    expect((csafDocument(alerts.demo, { origin: ORIGIN }) as Loose).document.title).toMatch(/^\[Demo data\] /);
  });

  it("is never made for an alert that is not TLP:CLEAR", () => {
    expect(csafDocument(alerts.amber, { origin: ORIGIN })).toBeNull();
  });

  it("names files by the CSAF 2.0 §5.1 rule", () => {
    expect(csafFileName("VN-ATTT-2026-0001")).toBe("vn-attt-2026-0001.json");
    expect(csafFileName("Example Company - 2019-YH3234")).toBe("example_company_-_2019-yh3234.json");
    expect(csafFileName("RHBA-2019:0024")).toBe("rhba-2019_0024.json");
    expect(csafFileName("a+b//c  d")).toBe("a+b_c_d.json");
    expect(csafYear(alerts.vulnerability)).toBe(2026);
  });
});

describe("the CSAF distribution", () => {
  it("lists every TLP:CLEAR document in index.txt, changes.csv (newest first) and the ROLIE feed", async () => {
    const entries = csafEntries(await listPublicAlertRecords(db.client), { origin: ORIGIN });
    expect(entries).toHaveLength(7);
    const index = csafIndexTxt(entries).trimEnd().split("\n");
    expect(index).toHaveLength(7);
    for (const line of index) expect(line).toMatch(/^2026\/vn-attt-2026-\d{4}\.json$/);

    const changes = csafChangesCsv(entries).trimEnd().split("\n");
    expect(changes[0]).toBe('"2026/vn-attt-2026-0007.json","2026-11-29T18:00:00+07:00"');
    const dates = changes.map((l) => Date.parse(l.split(",")[1]?.replaceAll('"', "") ?? ""));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    expect(csafChangesCsv(entries)).toMatch(/"2026\/vn-attt-2026-0006\.json","2026-11-29T17:00:00\+07:00"\n/);

    const { feed } = csafRolieFeed(entries, { origin: ORIGIN });
    expect(feed.link).toEqual([{ rel: "self", href: `${ORIGIN}/.well-known/csaf/clear/csaf-feed-tlp-clear.json` }]);
    expect(feed.category).toEqual([{ scheme: "urn:ietf:params:rolie:category:information-type", term: "csaf" }]);
    expect(feed.updated).toBe("2026-11-29T18:00:00+07:00");
    expect(feed.entry).toHaveLength(7);
    const first = feed.entry[0];
    expect(first).toMatchObject({
      id: "VN-ATTT-2026-0007",
      content: { type: "application/json", src: `${ORIGIN}/.well-known/csaf/clear/2026/vn-attt-2026-0007.json` },
      format: { schema: "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json", version: "2.0" },
      published: "2026-11-29T18:00:00+07:00",
      updated: "2026-11-29T18:00:00+07:00",
    });
    expect(first?.link.map((l) => [l.rel, l.href.replace(ORIGIN, "")])).toEqual([
      ["self", "/.well-known/csaf/clear/2026/vn-attt-2026-0007.json"],
      ["hash", "/.well-known/csaf/clear/2026/vn-attt-2026-0007.json.sha256"],
      ["hash", "/.well-known/csaf/clear/2026/vn-attt-2026-0007.json.sha512"],
      ["signature", "/.well-known/csaf/clear/2026/vn-attt-2026-0007.json.asc"],
    ]);
  });

  it("describes the provider with every field CSAF 2.0's provider metadata requires", () => {
    // The validator library ships no provider-metadata schema, so the required fields (CSAF 2.0
    // provider_json_schema.json "required", and requirement 7 for a trusted provider) are asserted here.
    const fingerprint = "0123456789ABCDEF0123456789ABCDEF01234567";
    const meta = csafProviderMetadata({ origin: ORIGIN, keys: [{ fingerprint: fingerprint.toLowerCase() }], lastUpdated: at(8) });
    for (const field of [
      "canonical_url",
      "last_updated",
      "list_on_CSAF_aggregators",
      "mirror_on_CSAF_aggregators",
      "metadata_version",
      "publisher",
      "role",
    ])
      expect(meta, field).toHaveProperty(field);
    expect(meta.canonical_url).toBe(`${ORIGIN}/.well-known/csaf/provider-metadata.json`);
    expect(meta.canonical_url).toMatch(/\/provider-metadata\.json$/);
    expect(meta.metadata_version).toBe("2.0");
    expect(meta.role).toBe("csaf_trusted_provider");
    expect(meta.last_updated).toBe("2026-11-29T18:00:00+07:00");
    expect(meta.publisher).toEqual({ category: "coordinator", name: "Cyberspace Safety Portal", namespace: ORIGIN });
    expect(meta.public_openpgp_keys).toEqual([{ fingerprint, url: `${ORIGIN}/.well-known/csaf/openpgp/${fingerprint}.asc` }]);
    expect(meta.public_openpgp_keys[0]?.fingerprint).toMatch(/^[0-9a-fA-F]{40,}$/);
    const feed = meta.distributions[0]?.rolie.feeds[0];
    expect(meta.distributions[0]?.directory_url).toBe(`${ORIGIN}/.well-known/csaf/clear/`);
    expect(feed?.url).toMatch(/\.json$/);
    expect(["UNLABELED", "WHITE", "GREEN", "AMBER", "RED"]).toContain(feed?.tlp_label);
    // The documents' publisher is the metadata's, as CSAF checkers compare them.
    const doc = csafDocument(alerts.vulnerability, { origin: ORIGIN }) as Loose;
    expect(doc.document.publisher).toMatchObject(meta.publisher);
  });
});
