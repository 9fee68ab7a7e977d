// The verdict of a link or file check, in plain language: colour and an icon, always with the words
// (never colour alone), what it means, what to do next, and where the information comes from.
// Rendered on the server (result pages, no JavaScript needed) and in the islands alike.
import { type HashCheck, type HashVerdict, isDemoSource, type Lang, paths, type UrlCheck, type UrlVerdict } from "@portal/contracts";
import type { ReactNode } from "react";
import { fill } from "../../i18n/fill.ts";
import { formatShortDate, formatSize } from "../../lib/format.ts";
import Details from "../../ui/details/Details.tsx";
import { type CheckStrings, type HashedFile, type HelpContact, namedSource, sourceLabel, threatLabel } from "./check.ts";
import { type Change, findTrick } from "./trick.ts";

const ICON: Record<UrlVerdict | HashVerdict, string> = {
  malicious: "✖",
  phishing: "✖",
  suspicious: "⚠",
  trusted: "✔",
  known_good: "✔",
  unknown: "?",
};

/** "VN-ATTT-2026-0001": a portal alert's tracking ID, which its entries carry as a tag. */
const TRACKING_ID = /^VN-ATTT-\d{4}-\d{4,}$/;

function Source({ source, tags = [], lang, s }: { source: string; tags?: readonly string[]; lang: Lang; s: CheckStrings }) {
  // An entry a published alert put into the checks (source "alert:<id>") is named by the alert and
  // links to its page, in the reader's language.
  const tracking = source.startsWith("alert:") ? tags.find((t) => TRACKING_ID.test(t)) : undefined;
  if (tracking)
    return (
      <strong>
        <a href={paths.alert(lang, tracking)} data-alert-source="">
          {fill(s["check.result.alert"], { id: tracking })}
        </a>
      </strong>
    );
  return (
    <>
      <strong>{sourceLabel(source, s)}</strong>
      {isDemoSource(source) && <span className="check-demo"> ({s["check.result.demo"]})</span>}{" "}
      <span className="check-source-id">[{fill(s["check.details.source"], { id: source })}]</span>
    </>
  );
}

/** One source in the plain sentence: an alert by its tracking ID, never its internal "alert:<id>". */
function plainSource({ source, tags = [] }: { source: string; tags?: readonly string[] }, s: CheckStrings): string {
  if (source.startsWith("alert:")) {
    const tracking = tags.find((t) => TRACKING_ID.test(t));
    return tracking ? fill(s["check.result.alert"], { id: tracking }) : s["check.source.alert"];
  }
  return namedSource(source, s);
}

/** The plain sentence naming who lists the address or file, outside the technical details. */
function PlainSources({ sources, s }: { sources: { source: string; tags?: readonly string[] }[]; s: CheckStrings }) {
  const names = [...new Set(sources.map((x) => plainSource(x, s)))];
  if (names.length === 0) return null;
  return <p className="verdict-plain-sources">{fill(s["check.result.plainSources"], { sources: names.join("; ") })}</p>;
}

/**
 * On a dangerous or suspicious verdict: who to call and where to report. The numbers are editors'
 * content (content/help-contacts, confirmed from an official source); the bank's hotline is the
 * person's own bank's, so the box says where to find it rather than listing numbers.
 */
function HelpBox({ help, s, children }: { help: readonly HelpContact[]; s: CheckStrings; children: ReactNode }) {
  return (
    <div className="check-help">
      <h3>{s["check.help.title"]}</h3>
      <p>{s["check.help.lead"]}</p>
      <ul>
        {help.map((c) => (
          <li key={c.number ?? c.url}>
            <strong>{c.name}</strong>:{" "}
            {c.number ? (
              <a href={`tel:${c.number}`} className="check-help-call">
                {fill(s["check.help.call"], { number: c.number })}
              </a>
            ) : (
              <a href={c.url}>{c.url}</a>
            )}
            . {c.purpose}
          </li>
        ))}
        <li>{s["check.help.bank"]}</li>
      </ul>
      {children}
    </div>
  );
}

/** Hashes, source identifiers and list entries: collapsed, for whoever wants them. */
function TechnicalDetails({ s, children }: { s: CheckStrings; children: ReactNode }) {
  return (
    <Details summary={s["details.technical"]} className="check-details">
      {children}
    </Details>
  );
}

function describeChar(c: string, s: CheckStrings): string {
  if (/^[0-9]$/.test(c)) return fill(s["check.trick.digit"], { c });
  if (/^[a-z]$/i.test(c)) return fill(s["check.trick.letter"], { c });
  const code = `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  return fill(s["check.trick.char"], { c, code });
}

function describeChange(ch: Change, s: CheckStrings): string {
  if (ch.kind === "swap") return fill(s["check.trick.swap"], { got: describeChar(ch.got, s), want: describeChar(ch.want, s) });
  if (ch.kind === "extra") return fill(s["check.trick.extra"], { got: describeChar(ch.got, s) });
  return fill(s["check.trick.missing"], { want: describeChar(ch.want, s) });
}

/** The look-alike's trick, named in words, and a link to the real site. */
function TrickBox({ result, s }: { result: UrlCheck; s: CheckStrings }) {
  const look = result.reasons.find((r) => r.code === "lookalike");
  if (!look?.domain || !look.imitation) return null;
  let host = "";
  try {
    host = new URL(result.canonical).hostname;
  } catch {
    host = look.imitation;
  }
  const trick = findTrick(host, look.imitation, look.domain);
  // Without a name of its own, "the real site of vietcombank.com.vn is vietcombank.com.vn" would
  // say the domain twice: then the sentence names only the domain.
  const name = look.name ?? look.domain;
  const ownName = look.name && look.name !== look.domain ? look.name : null;
  return (
    <div className="check-trick" data-trick={trick?.kind ?? "other"}>
      <h3>{s["check.trick.title"]}</h3>
      {trick?.kind === "combo" && <p>{fill(s["check.trick.combo"], { extra: trick.extra, brand: trick.brand, name })}</p>}
      {trick?.kind === "diff" &&
        (trick.changes.length > 0 ? (
          <p>
            {fill(s["check.trick.diff"], {
              imitation: trick.imitation,
              brand: trick.brand,
              changes: trick.changes.map((c) => describeChange(c, s)).join("; "),
            })}
          </p>
        ) : (
          <p>{fill(s["check.trick.same"], { imitation: trick.imitation, brand: trick.brand })}</p>
        ))}
      <p>
        {ownName ? fill(s["check.trick.real"], { name: ownName }) : s["check.trick.realSite"]}{" "}
        <a href={`https://${look.domain}/`} rel="noopener noreferrer" data-real-site="">
          {look.domain}
        </a>
        .
      </p>
    </div>
  );
}

/** What the verdict means and what to do: `todo` holds the steps separated by "|". */
function Advice({ meaning, todo, s }: { meaning: string; todo: string; s: CheckStrings }) {
  return (
    <>
      <h3>{s["check.result.meaning"]}</h3>
      <p>{meaning}</p>
      <h3>{s["check.result.next"]}</h3>
      <ul>
        {todo.split("|").map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </>
  );
}

/**
 * On a dangerous or suspicious verdict: a link to the report form, prefilled with what was checked
 * (a link as a phishing or malware report, a file's hash as a malware report).
 */
function ReportThis(props: {
  lang: Lang;
  category: "phishing" | "malware";
  fill: { url: string } | { hash: string };
  label: string;
  s: CheckStrings;
}) {
  const href = `${paths.page("report", props.lang)}?${new URLSearchParams({ category: props.category, ...props.fill }).toString()}`;
  return (
    <p className="verdict-report">
      {props.s["reports.verdict.lead"]}{" "}
      <a href={href} data-report-link="">
        {props.label}
      </a>
    </p>
  );
}

function VerdictTitle({ id, verdict, label }: { id: string; verdict: UrlVerdict | HashVerdict; label: string }) {
  return (
    <h2 id={id} className="verdict-title">
      <span className="verdict-icon" aria-hidden="true">
        {ICON[verdict]}
      </span>{" "}
      {label}
    </h2>
  );
}

/** One list's entry: its source, what it says (with when it was first and last seen), its page. */
function MatchItem(props: {
  source: string;
  tags?: readonly string[];
  lead?: ReactNode;
  details: (string | null)[];
  firstSeen: string;
  lastSeen: string;
  reference: string | null | undefined;
  lang: Lang;
  s: CheckStrings;
}) {
  const { s, lang } = props;
  return (
    <li>
      <Source source={props.source} tags={props.tags} lang={lang} s={s} /> — {props.lead}
      {[
        ...props.details,
        fill(s["check.result.firstSeen"], { date: formatShortDate(props.firstSeen, lang) }),
        fill(s["check.result.lastSeen"], { date: formatShortDate(props.lastSeen, lang) }),
      ]
        .filter(Boolean)
        .join(", ")}
      {props.reference && (
        <>
          {" "}
          (
          <a href={props.reference} rel="noopener noreferrer nofollow">
            {s["check.result.reference"]}
          </a>
          )
        </>
      )}
    </li>
  );
}

function CheckedAt({ at, lang, s }: { at: string; lang: Lang; s: CheckStrings }) {
  return <p className="meta">{fill(s["check.result.checkedAt"], { time: formatShortDate(at, lang, true) })}</p>;
}

export function UrlVerdictCard({
  result,
  lang,
  s,
  headingId,
  help = [],
}: {
  result: UrlCheck;
  lang: Lang;
  s: CheckStrings;
  headingId: string;
  help?: readonly HelpContact[];
}) {
  const reasons = result.reasons.flatMap((r) => {
    if (r.code === "trusted") return [fill(s["check.reason.trusted"], { domain: r.domain ?? "", name: r.name ?? r.domain ?? "" })];
    if (r.code === "lookalike") {
      return [
        fill(s[r.method === "edit_distance" ? "check.reason.lookalikeTypo" : "check.reason.lookalike"], {
          domain: r.domain ?? "",
          imitation: r.imitation ?? "",
        }),
      ];
    }
    return [];
  });
  const trusted = result.reasons.find((r) => r.code === "trusted");
  // Only the heuristic fired (no list has the address): say so, not "reported as suspicious".
  const meaningKey =
    result.verdict === "suspicious" && result.matches.length === 0
      ? "check.verdict.suspicious.meaningLookalike"
      : (`check.verdict.${result.verdict}.meaning` as const);
  const bad = result.verdict === "phishing" || result.verdict === "malicious" || result.verdict === "suspicious";
  return (
    <>
      <VerdictTitle id={headingId} verdict={result.verdict} label={s[`check.verdict.${result.verdict}.label`]} />
      <p className="verdict-checked">
        {s["check.result.checked"]}: <code className="verdict-address">{result.canonical}</code>
      </p>
      {reasons.length > 0 && (
        <ul className="verdict-reasons">
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <TrickBox result={result} s={s} />
      <PlainSources sources={[...result.matches, ...(trusted?.source ? [{ source: trusted.source }] : [])]} s={s} />
      <Advice meaning={s[meaningKey]} todo={s[`check.verdict.${result.verdict}.do`]} s={s} />
      {bad && (
        <HelpBox help={help} s={s}>
          <ReportThis
            lang={lang}
            category={result.verdict === "malicious" ? "malware" : "phishing"}
            fill={{ url: result.canonical }}
            label={s["reports.verdict.link"]}
            s={s}
          />
        </HelpBox>
      )}
      <TechnicalDetails s={s}>
        <h3>{s["check.result.sources"]}</h3>
        {result.matches.length === 0 && !trusted ? (
          <p>{s["check.result.noSources"]}</p>
        ) : (
          <ul className="verdict-sources">
            {result.matches.map((m) => (
              <MatchItem
                key={`${m.source}|${m.hash}`}
                source={m.source}
                tags={m.tags}
                lead={
                  <>
                    {s["check.result.matched"]} <code>{m.expression}</code>;{" "}
                  </>
                }
                details={[
                  fill(s["check.result.threat"], { threat: threatLabel(m.threat, s) }),
                  m.target ? fill(s["check.result.target"], { target: m.target }) : null,
                ]}
                firstSeen={m.firstSeen}
                lastSeen={m.lastSeen}
                reference={m.reference}
                lang={lang}
                s={s}
              />
            ))}
            {trusted && (
              <li>
                <Source source={trusted.source ?? ""} lang={lang} s={s} /> — {trusted.domain}
                {trusted.name ? ` (${trusted.name})` : ""}
              </li>
            )}
          </ul>
        )}
        {(result.matches.some((m) => isDemoSource(m.source)) || (trusted?.source && isDemoSource(trusted.source))) && (
          <p className="check-demo-note">{s["check.demo.note"]}</p>
        )}
      </TechnicalDetails>
      <CheckedAt at={result.checkedAt} lang={lang} s={s} />
    </>
  );
}

export function HashVerdictCard({
  result,
  file,
  lang,
  s,
  headingId,
  help = [],
}: {
  result: HashCheck;
  file?: HashedFile | undefined;
  lang: Lang;
  s: CheckStrings;
  headingId: string;
  help?: readonly HelpContact[];
}) {
  return (
    <>
      <VerdictTitle id={headingId} verdict={result.verdict} label={s[`check.fileVerdict.${result.verdict}.label`]} />
      <p className="verdict-checked">
        {file ? fill(s["check.file.read"], { name: file.name, size: formatSize(file.size, lang) }) : s["check.file.hashOnly"]}
      </p>
      <PlainSources sources={result.matches} s={s} />
      <Advice meaning={s[`check.fileVerdict.${result.verdict}.meaning`]} todo={s[`check.fileVerdict.${result.verdict}.do`]} s={s} />
      {result.verdict === "malicious" && (
        <HelpBox help={help} s={s}>
          <ReportThis lang={lang} category="malware" fill={{ hash: file?.sha256 ?? result.hash }} label={s["reports.verdict.file"]} s={s} />
        </HelpBox>
      )}
      <TechnicalDetails s={s}>
        <dl className="verdict-hashes">
          {file ? (
            <>
              <dt>SHA-256</dt>
              <dd>
                <code>{file.sha256}</code>
              </dd>
              <dt>SHA-1</dt>
              <dd>
                <code>{file.sha1}</code>
              </dd>
              <dt>MD5</dt>
              <dd>
                <code>{file.md5}</code>
              </dd>
            </>
          ) : (
            <>
              <dt>{result.algorithm.toUpperCase().replace("SHA", "SHA-")}</dt>
              <dd>
                <code>{result.hash}</code>
              </dd>
            </>
          )}
        </dl>
        <h3>{s["check.result.sources"]}</h3>
        {result.matches.length === 0 ? (
          <p>{s["check.result.noSourcesHash"]}</p>
        ) : (
          <ul className="verdict-sources">
            {result.matches.map((m) => (
              <MatchItem
                key={`${m.source}|${m.sha256 ?? m.sha1 ?? m.md5}`}
                source={m.source}
                tags={m.tags}
                details={[
                  m.family ? fill(s["check.fileResult.family"], { family: m.family }) : null,
                  m.fileType ? fill(s["check.fileResult.fileType"], { type: m.fileType }) : null,
                  m.fileName ? fill(s["check.fileResult.fileName"], { name: m.fileName }) : null,
                ]}
                firstSeen={m.firstSeen}
                lastSeen={m.lastSeen}
                reference={m.reference}
                lang={lang}
                s={s}
              />
            ))}
          </ul>
        )}
        {result.matches.some((m) => isDemoSource(m.source)) && <p className="check-demo-note">{s["check.demo.note"]}</p>}
      </TechnicalDetails>
      <CheckedAt at={result.checkedAt} lang={lang} s={s} />
    </>
  );
}
