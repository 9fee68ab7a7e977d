// CSAF 2.0 documents (OASIS Common Security Advisory Framework v2.0, 2022) for public alerts:
// profile csaf_security_advisory for vulnerabilities (product tree, vulnerabilities with CVE,
// product status, remediations, CVSS scores) and csaf_informational_advisory for every other kind
// (notes and references, no vulnerabilities). Tracking status, version and revision history follow
// the alert's versions; a withdrawal is a last revision that says so.
//
// The documents are written in English (document.lang "en"), the language CSAF tooling and other
// CERTs read, with the Vietnamese title and summary kept as a note.
import { type AlertContent, type AlertProduct, cvssSeverity, paths } from "@portal/contracts";
import type { AlertRecord, AlertVersionRecord } from "./alerts.ts";
import { KIND_LABELS, PORTAL_NAME } from "./labels.ts";
import { markdownToText } from "./markdown.ts";
import { vnDateTime, vnYear } from "./time.ts";
import { absolute } from "./urls.ts";

export const CSAF_VERSION = "2.0";
export const CSAF_SCHEMA_URL = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json";

/**
 * CSAF 2.0 §5.1: the file name is the tracking ID lower-cased, each run of characters other than
 * [+\-a-z0-9] replaced by one "_", then ".json".
 */
export function csafFileName(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, "_")}.json`;
}

/** CSAF 2.0 §7.1.11: documents sit in a folder named after the year of their initial release date. */
export function csafYear(alert: Pick<AlertRecord, "firstPublishedAt" | "year">): number {
  return alert.year ?? vnYear(alert.firstPublishedAt ?? new Date(0));
}

/** The site-relative path of an alert's CSAF document. */
export function csafDocumentPath(alert: Pick<AlertRecord, "firstPublishedAt" | "year" | "trackingId">): string {
  return paths.csaf.document(csafYear(alert), csafFileName(alert.trackingId ?? "unpublished"));
}

export interface CsafPublisher {
  category: "coordinator" | "other";
  name: string;
  namespace: string;
  issuing_authority?: string;
  contact_details?: string;
}

/**
 * The publisher of every document and of the provider metadata: the portal, as a coordinator (it
 * publishes for the agencies, as a national CERT coordinates for vendors), namespaced by its
 * public origin. The issuing agency is named in each document's issuing_authority. One publisher
 * throughout, because CSAF 2.0 checkers compare the documents' publisher with the metadata's.
 */
export function csafPublisher(origin: string, contact?: string): CsafPublisher {
  return {
    category: "coordinator",
    name: PORTAL_NAME.en,
    namespace: origin.replace(/\/+$/, ""),
    ...(contact ? { contact_details: contact } : {}),
  };
}

/** CSAF 2.0 test 6.1.31's words for a version range, and our Vietnamese ones, so a range gets a product_version_range branch. */
function isVersionRange(v: string): boolean {
  const lower = v.toLowerCase();
  if (["<", ">", "≤", "≥", " – ", " - "].some((s) => lower.includes(s))) return true;
  const words = lower.split(/\s+/);
  return ["after", "all", "before", "earlier", "later", "prior", "versions", "to", "trước", "sau", "từ", "đến", "mọi", "tất"].some((w) =>
    words.includes(w),
  );
}

interface ProductTree {
  tree: { branches: unknown[] };
  ids: string[];
}

/** Vendor → product name → product version (or range) branches, one product id per leaf (CSAF 2.0 §3.1.2). */
function productTree(products: AlertProduct[]): ProductTree {
  const ids: string[] = [];
  const nextId = () => {
    const id = `CSAFPID-${String(ids.length + 1).padStart(4, "0")}`;
    ids.push(id);
    return id;
  };
  const vendors = new Map<string, Map<string, Set<string>>>();
  for (const p of products) {
    const byProduct = vendors.get(p.vendor) ?? new Map<string, Set<string>>();
    const versions = byProduct.get(p.product) ?? new Set<string>();
    for (const v of p.versions ?? []) versions.add(v);
    byProduct.set(p.product, versions);
    vendors.set(p.vendor, byProduct);
  }
  const branches = [...vendors].map(([vendor, byProduct]) => ({
    category: "vendor",
    name: vendor,
    branches: [...byProduct].map(([product, versions]) =>
      versions.size === 0
        ? { category: "product_name", name: product, product: { name: `${vendor} ${product}`, product_id: nextId() } }
        : {
            category: "product_name",
            name: product,
            branches: [...versions].map((v) => ({
              category: isVersionRange(v) ? "product_version_range" : "product_version",
              name: v,
              product: { name: `${vendor} ${product} ${v}`, product_id: nextId() },
            })),
          },
    ),
  }));
  return { tree: { branches }, ids };
}

function revisionSummary(v: AlertVersionRecord): string {
  if (v.change === "initial") return "Initial release.";
  if (v.change === "withdrawal") return `Withdrawn: ${v.note?.en ?? "no reason given"}`;
  return v.note?.en ?? "Corrected.";
}

/** "interim" while the agency is not yet sure of the facts (CSAF 2.0 §3.2.1.12.6: content expected to change), "final" otherwise. */
function trackingStatus(alert: AlertRecord, c: AlertContent): "final" | "interim" {
  if (alert.publicStatus === "withdrawn") return "final";
  return c.certainty === "observed" || c.certainty === "likely" ? "final" : "interim";
}

function reference(url: string, category: "external" | "self", summary?: string) {
  let host = url;
  try {
    host = new URL(url).hostname;
  } catch {
    // a stored reference is always a URL; keep the text if not
  }
  return { category, summary: summary ?? `Reference at ${host}`, url };
}

export type CsafDocument = Record<string, unknown> & {
  document: Record<string, unknown> & {
    tracking: { id: string; current_release_date: string; initial_release_date: string; version: string };
  };
};

/** The CSAF 2.0 document of a public TLP:CLEAR alert; null for any other. */
export function csafDocument(alert: AlertRecord, opts: { origin: string; contact?: string }): CsafDocument | null {
  const c = alert.published;
  const latest = alert.versions.at(-1);
  const first = alert.versions[0];
  if (c?.tlp !== "CLEAR" || !alert.trackingId || !latest || !first || alert.publicStatus === null) return null;
  const origin = opts.origin;
  const withdrawn = alert.publicStatus === "withdrawn";
  const security = c.kind === "vulnerability";
  const demo = alert.isDemo ? "[Demo data] " : "";
  const pageEn = absolute(origin, paths.alert("en", alert.trackingId));

  const notes: { category: string; title: string; text: string }[] = [];
  if (withdrawn)
    notes.push({
      category: "general",
      title: "Withdrawn",
      text: `This advisory was withdrawn on ${vnDateTime(latest.publishedAt)}. Reason: ${latest.note?.en ?? "none given"}`,
    });
  if (alert.isDemo)
    notes.push({
      category: "general",
      title: "Demo data",
      text: "Demo data loaded into an empty portal to show its feeds; not a real advisory.",
    });
  notes.push({ category: "summary", title: "Summary", text: c.summary.en });
  notes.push({ category: "description", title: KIND_LABELS[c.kind].en, text: markdownToText(c.body.en) });
  if (c.recommendations) notes.push({ category: "general", title: "Recommendations", text: markdownToText(c.recommendations.en) });
  if (!security && c.products.length > 0)
    notes.push({
      category: "details",
      title: "Affected products",
      text: c.products.map((p) => `${p.vendor} ${p.product}${p.versions.length ? `: ${p.versions.join(", ")}` : ""}`).join("\n"),
    });
  notes.push({ category: "summary", title: "Tóm tắt (tiếng Việt)", text: `${c.title.vi}\n\n${c.summary.vi}` });
  notes.push({
    category: "legal_disclaimer",
    title: "Terms of use",
    text: "TLP:CLEAR — may be shared without restriction. Provided as is, to help protect people and systems.",
  });

  const references = [
    reference(absolute(origin, csafDocumentPath(alert)), "self", "URL of this CSAF document"),
    reference(pageEn, "self", "This advisory on the portal (HTML)"),
    ...c.references.map((u) => reference(u, "external")),
  ];
  // CSAF test 6.1.27.2: an informational advisory needs an external reference; the portal's
  // guidance on staying safe is one when the alert cites none of its own.
  if (!security && !references.some((r) => r.category === "external"))
    references.push(reference(absolute(origin, paths.page("guidance", "en")), "external", "Guidance on staying safe online"));

  const document = {
    // CAP's severity word ("Severe"), the scale the alert was written in.
    aggregate_severity: { text: `${c.severity.charAt(0).toUpperCase()}${c.severity.slice(1)}` },
    category: security ? "csaf_security_advisory" : "csaf_informational_advisory",
    csaf_version: CSAF_VERSION,
    // CSAF 2.0's schema knows TLP 1.0 labels only; TLP 2.0 CLEAR is TLP 1.0 WHITE (FIRST TLP 2.0, "changes").
    distribution: { text: "TLP:CLEAR", tlp: { label: "WHITE", url: "https://www.first.org/tlp/" } },
    lang: "en",
    notes,
    publisher: {
      ...csafPublisher(origin, opts.contact),
      issuing_authority: `Issued by ${alert.agency.nameEn} (${alert.agency.nameVi}) through the ${PORTAL_NAME.en}.`,
    },
    references,
    title: `${withdrawn ? "WITHDRAWN: " : ""}${demo}${c.title.en}`,
    tracking: {
      current_release_date: vnDateTime(latest.publishedAt),
      generator: { date: vnDateTime(latest.publishedAt), engine: { name: "@portal/alerts", version: "1.0" } },
      id: alert.trackingId,
      initial_release_date: vnDateTime(first.publishedAt),
      revision_history: alert.versions.map((v) => ({
        date: vnDateTime(v.publishedAt),
        number: String(v.version),
        summary: revisionSummary(v),
      })),
      status: trackingStatus(alert, c),
      version: String(latest.version),
    },
  };
  if (!security) return { document };

  const { tree, ids } = productTree(c.products);
  const remediations = c.recommendations
    ? [{ category: "mitigation", details: markdownToText(c.recommendations.en), product_ids: ids, url: pageEn }]
    : [];
  const vulnNotes = [{ category: "description", title: "Description", text: `${c.summary.en}\n\n${markdownToText(c.body.en)}` }];
  const vulnerabilities = (c.cves.length > 0 ? c.cves : [null]).map((cve) => ({
    ...(cve ? { cve: cve.id } : { title: c.title.en }),
    notes: vulnNotes,
    product_status: { known_affected: ids },
    ...(remediations.length ? { remediations } : {}),
    ...(cve?.cvssVector && cve.cvssScore !== null
      ? {
          scores: [
            {
              cvss_v3: {
                version: "3.1",
                vectorString: cve.cvssVector,
                baseScore: cve.cvssScore,
                baseSeverity: cvssSeverity(cve.cvssScore),
              },
              products: ids,
            },
          ],
        }
      : {}),
  }));
  return { document, product_tree: tree, vulnerabilities };
}

/** The exact bytes served, hashed and signed: two-space JSON and a final newline. */
export function csafBytes(doc: CsafDocument): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(doc, null, 2)}\n`);
}
