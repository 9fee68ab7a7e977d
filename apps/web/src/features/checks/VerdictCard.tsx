// The verdict of a link or file check, in plain language: colour and an icon, always with the words
// (never colour alone), what it means, what to do next, and where the information comes from.
// Rendered on the server (result pages, no JavaScript needed) and in the islands alike.
import { type HashCheck, type HashVerdict, isDemoSource, type Lang, type UrlCheck, type UrlVerdict } from "@portal/contracts";
import type { ReactNode } from "react";
import { fill } from "../../i18n/fill.ts";
import { formatShortDate, formatSize } from "../../lib/format.ts";
import type { CheckStrings, HashedFile } from "./check.ts";

const ICON: Record<UrlVerdict | HashVerdict, string> = {
  malicious: "✖",
  phishing: "✖",
  suspicious: "⚠",
  trusted: "✔",
  known_good: "✔",
  unknown: "?",
};

function Source({ source, s }: { source: string; s: CheckStrings }) {
  return (
    <>
      <strong>{source}</strong>
      {isDemoSource(source) && <span className="check-demo"> ({s["check.result.demo"]})</span>}
    </>
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
      <Source source={props.source} s={s} /> — {props.lead}
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

export function UrlVerdictCard({ result, lang, s, headingId }: { result: UrlCheck; lang: Lang; s: CheckStrings; headingId: string }) {
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
      <Advice meaning={s[`check.verdict.${result.verdict}.meaning`]} todo={s[`check.verdict.${result.verdict}.do`]} s={s} />
      <h3>{s["check.result.sources"]}</h3>
      {result.matches.length === 0 && !trusted ? (
        <p>{s["check.result.noSources"]}</p>
      ) : (
        <ul className="verdict-sources">
          {result.matches.map((m) => (
            <MatchItem
              key={`${m.source}|${m.hash}`}
              source={m.source}
              lead={
                <>
                  {s["check.result.matched"]} <code>{m.expression}</code>;{" "}
                </>
              }
              details={[
                fill(s["check.result.threat"], { threat: m.threat }),
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
              <Source source={trusted.source ?? ""} s={s} /> — {trusted.domain}
              {trusted.name ? ` (${trusted.name})` : ""}
            </li>
          )}
        </ul>
      )}
      {(result.matches.some((m) => isDemoSource(m.source)) || (trusted?.source && isDemoSource(trusted.source))) && (
        <p className="check-demo-note">{s["check.demo.note"]}</p>
      )}
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
}: {
  result: HashCheck;
  file?: HashedFile | undefined;
  lang: Lang;
  s: CheckStrings;
  headingId: string;
}) {
  return (
    <>
      <VerdictTitle id={headingId} verdict={result.verdict} label={s[`check.fileVerdict.${result.verdict}.label`]} />
      {file ? (
        <>
          <p className="verdict-checked">{fill(s["check.file.read"], { name: file.name, size: formatSize(file.size, lang) })}</p>
          <dl className="verdict-hashes">
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
          </dl>
        </>
      ) : (
        <p className="verdict-checked">
          {result.algorithm.toUpperCase().replace("SHA", "SHA-")}: <code className="verdict-address">{result.hash}</code>
        </p>
      )}
      <Advice meaning={s[`check.fileVerdict.${result.verdict}.meaning`]} todo={s[`check.fileVerdict.${result.verdict}.do`]} s={s} />
      <h3>{s["check.result.sources"]}</h3>
      {result.matches.length === 0 ? (
        <p>{s["check.result.noSources"]}</p>
      ) : (
        <ul className="verdict-sources">
          {result.matches.map((m) => (
            <MatchItem
              key={`${m.source}|${m.sha256 ?? m.sha1 ?? m.md5}`}
              source={m.source}
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
      <CheckedAt at={result.checkedAt} lang={lang} s={s} />
    </>
  );
}
