// For tests only (it imports the dev dependency fast-xml-parser; index.ts never exports it): the
// rules of the OASIS CAP 1.2 XML schema and specification §3 that a message must meet — elements
// present, in the schema's order and number, enumerations, the dateTime form and the characters
// identifiers may hold. checkCap() answers with every broken rule, so a failing test says why.
import { XMLParser, XMLValidator } from "fast-xml-parser";

type Occurs = [min: number, max: number];
type Sequence = [name: string, occurs: Occurs][];

const ONE: Occurs = [1, 1];
const OPT: Occurs = [0, 1];
const ANY: Occurs = [0, Number.POSITIVE_INFINITY];
const MANY: Occurs = [1, Number.POSITIVE_INFINITY];

/** CAP 1.2 schema, element alert: the sequence of its children. */
const ALERT: Sequence = [
  ["identifier", ONE],
  ["sender", ONE],
  ["sent", ONE],
  ["status", ONE],
  ["msgType", ONE],
  ["source", OPT],
  ["scope", ONE],
  ["restriction", OPT],
  ["addresses", OPT],
  ["code", ANY],
  ["note", OPT],
  ["references", OPT],
  ["incidents", OPT],
  ["info", ANY],
];

/** CAP 1.2 schema, element info. */
const INFO: Sequence = [
  ["language", OPT],
  ["category", MANY],
  ["event", ONE],
  ["responseType", ANY],
  ["urgency", ONE],
  ["severity", ONE],
  ["certainty", ONE],
  ["audience", OPT],
  ["eventCode", ANY],
  ["effective", OPT],
  ["onset", OPT],
  ["expires", OPT],
  ["senderName", OPT],
  ["headline", OPT],
  ["description", OPT],
  ["instruction", OPT],
  ["web", OPT],
  ["contact", OPT],
  ["parameter", ANY],
  ["resource", ANY],
  ["area", ANY],
];

const RESOURCE: Sequence = [
  ["resourceDesc", ONE],
  ["mimeType", ONE],
  ["size", OPT],
  ["uri", OPT],
  ["derefUri", OPT],
  ["digest", OPT],
];

const AREA: Sequence = [
  ["areaDesc", ONE],
  ["polygon", ANY],
  ["circle", ANY],
  ["geocode", ANY],
  ["altitude", OPT],
  ["ceiling", OPT],
];

const PAIR: Sequence = [
  ["valueName", ONE],
  ["value", ONE],
];

/** CAP 1.2 §3.2: the closed value lists. */
export const CAP_ENUMS: Record<string, readonly string[]> = {
  status: ["Actual", "Exercise", "System", "Test", "Draft"],
  msgType: ["Alert", "Update", "Cancel", "Ack", "Error"],
  scope: ["Public", "Restricted", "Private"],
  category: ["Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other"],
  responseType: ["Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess", "AllClear", "None"],
  urgency: ["Immediate", "Expected", "Future", "Past", "Unknown"],
  severity: ["Extreme", "Severe", "Moderate", "Minor", "Unknown"],
  certainty: ["Observed", "Likely", "Possible", "Unlikely", "Unknown"],
};

/** CAP 1.2 schema dateTime pattern: offset required ("-00:00" for UTC, never "Z"), no fractional seconds. */
export const CAP_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/;
/** CAP 1.2 §3.2.1: identifier and sender "MUST NOT include spaces, commas or restricted characters (< and &)". */
const ID_CHARS = /^[^\s,<&]+$/;

type Node = Record<string, unknown>;

/** fast-xml-parser's ordered form: each node is { name: children[], ":@"?: attributes }. */
function nameOf(node: Node): string {
  return Object.keys(node).find((k) => k !== ":@") ?? "";
}
function childrenOf(node: Node): Node[] {
  return (node[nameOf(node)] as Node[] | undefined) ?? [];
}
function textOf(node: Node): string {
  return childrenOf(node)
    .map((c) => (typeof c["#text"] === "string" || typeof c["#text"] === "number" ? String(c["#text"]) : ""))
    .join("");
}

function checkSequence(where: string, children: Node[], seq: Sequence, problems: string[]): void {
  const names = children.map(nameOf).filter((n) => n !== "#text");
  let pos = 0;
  const counts = new Map<string, number>();
  for (const name of names) {
    let j = pos;
    while (j < seq.length && seq[j]?.[0] !== name) j++;
    if (j === seq.length) {
      const known = seq.some(([n]) => n === name);
      problems.push(known ? `${where}: <${name}> is out of order` : `${where}: <${name}> is not a CAP 1.2 element here`);
      continue;
    }
    pos = j;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  for (const [name, [min, max]] of seq) {
    const n = counts.get(name) ?? 0;
    if (n < min) problems.push(`${where}: <${name}> is required`);
    if (n > max) problems.push(`${where}: <${name}> may appear at most ${max} time(s), found ${n}`);
  }
}

function each(children: Node[], name: string): Node[] {
  return children.filter((c) => nameOf(c) === name);
}

/** Every CAP 1.2 rule the message breaks; an empty list for a valid message. */
export function checkCap(doc: string): string[] {
  const problems: string[] = [];
  const wellFormed = XMLValidator.validate(doc);
  if (wellFormed !== true) return [`not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`];
  const parsed = new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false, trimValues: true }).parse(
    doc,
  ) as Node[];
  const root = parsed.find((n) => nameOf(n) === "alert");
  if (!root) return ["the root element is not <alert>"];
  const attrs = (root[":@"] ?? {}) as Record<string, string>;
  if (attrs["@_xmlns"] !== "urn:oasis:names:tc:emergency:cap:1.2")
    problems.push('<alert> is not in the namespace "urn:oasis:names:tc:emergency:cap:1.2"');

  const alert = childrenOf(root);
  checkSequence("alert", alert, ALERT, problems);
  const value = (name: string, from: Node[] = alert) => {
    const n = each(from, name)[0];
    return n ? textOf(n) : null;
  };
  for (const name of ["identifier", "sender"]) {
    const v = value(name);
    if (v !== null && !ID_CHARS.test(v)) problems.push(`<${name}> "${v}" contains a space, comma, "<" or "&"`);
  }
  const sent = value("sent");
  if (sent !== null && !CAP_DATE_TIME.test(sent)) problems.push(`<sent> "${sent}" is not a CAP dateTime (offset, no fractional seconds)`);
  for (const name of ["status", "msgType", "scope"]) {
    const v = value(name);
    if (v !== null && !CAP_ENUMS[name]?.includes(v)) problems.push(`<${name}> "${v}" is not one of ${CAP_ENUMS[name]?.join(", ")}`);
  }
  const scope = value("scope");
  if (scope === "Restricted" && value("restriction") === null) problems.push("<restriction> is required when <scope> is Restricted");
  if (scope === "Private" && value("addresses") === null) problems.push("<addresses> is required when <scope> is Private");
  const refs = value("references");
  const msgType = value("msgType");
  if ((msgType === "Update" || msgType === "Cancel") && !refs) problems.push(`a ${msgType} message must reference the earlier message(s)`);
  if (refs) {
    for (const r of refs.split(/\s+/)) {
      const parts = r.split(",");
      if (parts.length !== 3 || !ID_CHARS.test(parts[0] ?? "") || !ID_CHARS.test(parts[1] ?? "") || !CAP_DATE_TIME.test(parts[2] ?? ""))
        problems.push(`<references> entry "${r}" is not "sender,identifier,sent"`);
    }
  }

  each(alert, "info").forEach((info, n) => {
    const where = `info[${n}]`;
    const children = childrenOf(info);
    checkSequence(where, children, INFO, problems);
    for (const name of ["category", "responseType", "urgency", "severity", "certainty"]) {
      for (const node of each(children, name)) {
        const v = textOf(node);
        if (!CAP_ENUMS[name]?.includes(v)) problems.push(`${where}: <${name}> "${v}" is not one of ${CAP_ENUMS[name]?.join(", ")}`);
      }
    }
    const language = value("language", children);
    if (language !== null && !/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(language))
      problems.push(`${where}: <language> "${language}" is not an RFC 3066 code`);
    for (const name of ["effective", "onset", "expires"]) {
      const v = value(name, children);
      if (v !== null && !CAP_DATE_TIME.test(v)) problems.push(`${where}: <${name}> "${v}" is not a CAP dateTime`);
    }
    const web = value("web", children);
    if (web !== null && !/^https?:\/\/\S+$/.test(web)) problems.push(`${where}: <web> "${web}" is not an absolute URI`);
    for (const name of ["eventCode", "parameter"]) {
      each(children, name).forEach((p, k) => {
        checkSequence(`${where}.${name}[${k}]`, childrenOf(p), PAIR, problems);
      });
    }
    each(children, "resource").forEach((r, k) => {
      checkSequence(`${where}.resource[${k}]`, childrenOf(r), RESOURCE, problems);
    });
    each(children, "area").forEach((a, k) => {
      const ac = childrenOf(a);
      checkSequence(`${where}.area[${k}]`, ac, AREA, problems);
      each(ac, "geocode").forEach((g, m) => {
        checkSequence(`${where}.area[${k}].geocode[${m}]`, childrenOf(g), PAIR, problems);
      });
    });
  });
  return problems;
}
