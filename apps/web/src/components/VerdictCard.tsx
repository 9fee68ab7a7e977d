// The verdict of a link or file check, in plain language: colour and an icon, always with the words
// (never colour alone), what it means, what to do next, and where the information comes from.
// Rendered on the server (result pages, no JavaScript needed) and in the islands alike.
import type { ReactNode } from "react";
import type { Lang } from "../i18n/index.ts";
import { fileSize, fmt, type Strings, vnDate } from "../lib/check.ts";

const ICON: Record<string, string> = { malicious: "✖", phishing: "✖", suspicious: "⚠", trusted: "✔", known_good: "✔", unknown: "?" };
const isDemo = (source: string) => source.startsWith("demo:");

function Source({ source, s }: { source: string; s: Strings }) {
  return (
    <>
      <strong>{source}</strong>
      {isDemo(source) && <span className="check-demo"> ({fmt(s, "check.result.demo")})</span>}
    </>
  );
}

function Advice({ prefix, verdict, s }: { prefix: string; verdict: string; s: Strings }) {
  return (
    <>
      <h3>{fmt(s, "check.result.meaning")}</h3>
      <p>{fmt(s, `${prefix}.${verdict}.meaning`)}</p>
      <h3>{fmt(s, "check.result.next")}</h3>
      <ul>
        {fmt(s, `${prefix}.${verdict}.do`)
          .split("|")
          .map((item) => (
            <li key={item}>{item}</li>
          ))}
      </ul>
    </>
  );
}

function VerdictTitle({ id, verdict, label }: { id: string; verdict: string; label: string }) {
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
  s: Strings;
}) {
  const { s, lang } = props;
  return (
    <li>
      <Source source={props.source} s={s} /> — {props.lead}
      {[
        ...props.details,
        fmt(s, "check.result.firstSeen", { date: vnDate(props.firstSeen, lang) }),
        fmt(s, "check.result.lastSeen", { date: vnDate(props.lastSeen, lang) }),
      ]
        .filter(Boolean)
        .join(", ")}
      {props.reference && (
        <>
          {" "}
          (
          <a href={props.reference} rel="noopener noreferrer nofollow">
            {fmt(s, "check.result.reference")}
          </a>
          )
        </>
      )}
    </li>
  );
}

function CheckedAt({ at, lang, s }: { at: string; lang: Lang; s: Strings }) {
  return <p className="meta">{fmt(s, "check.result.checkedAt", { time: vnDate(at, lang, true) })}</p>;
}

export function UrlVerdictCard({ result, lang, s, headingId }: { result: PortalUrlCheck; lang: Lang; s: Strings; headingId: string }) {
  const reasons = result.reasons.flatMap((r) => {
    if (r.code === "trusted") return [fmt(s, "check.reason.trusted", { domain: r.domain ?? "", name: r.name ?? r.domain ?? "" })];
    if (r.code === "lookalike") {
      return [
        fmt(s, r.method === "edit_distance" ? "check.reason.lookalikeTypo" : "check.reason.lookalike", {
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
      <VerdictTitle id={headingId} verdict={result.verdict} label={fmt(s, `check.verdict.${result.verdict}.label`)} />
      <p className="verdict-checked">
        {fmt(s, "check.result.checked")}: <code className="verdict-address">{result.canonical}</code>
      </p>
      {reasons.length > 0 && (
        <ul className="verdict-reasons">
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <Advice prefix="check.verdict" verdict={result.verdict} s={s} />
      <h3>{fmt(s, "check.result.sources")}</h3>
      {result.matches.length === 0 && !trusted ? (
        <p>{fmt(s, "check.result.noSources")}</p>
      ) : (
        <ul className="verdict-sources">
          {result.matches.map((m) => (
            <MatchItem
              key={`${m.source}|${m.hash}`}
              source={m.source}
              lead={
                <>
                  {fmt(s, "check.result.matched")} <code>{m.expression}</code>;{" "}
                </>
              }
              details={[
                fmt(s, "check.result.threat", { threat: m.threat }),
                m.target ? fmt(s, "check.result.target", { target: m.target }) : null,
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
      {(result.matches.some((m) => isDemo(m.source)) || (trusted?.source && isDemo(trusted.source))) && (
        <p className="check-demo-note">{fmt(s, "check.demo.note")}</p>
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
  result: PortalHashCheck;
  file?: { name: string; size: number; md5: string; sha1: string; sha256: string } | undefined;
  lang: Lang;
  s: Strings;
  headingId: string;
}) {
  return (
    <>
      <VerdictTitle id={headingId} verdict={result.verdict} label={fmt(s, `check.fileVerdict.${result.verdict}.label`)} />
      {file ? (
        <>
          <p className="verdict-checked">{fmt(s, "check.file.read", { name: file.name, size: fileSize(file.size, lang) })}</p>
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
      <Advice prefix="check.fileVerdict" verdict={result.verdict} s={s} />
      <h3>{fmt(s, "check.result.sources")}</h3>
      {result.matches.length === 0 ? (
        <p>{fmt(s, "check.result.noSources")}</p>
      ) : (
        <ul className="verdict-sources">
          {result.matches.map((m) => (
            <MatchItem
              key={`${m.source}|${m.sha256 ?? m.sha1 ?? m.md5}`}
              source={m.source}
              details={[
                m.family ? fmt(s, "check.fileResult.family", { family: m.family }) : null,
                m.fileType ? fmt(s, "check.fileResult.fileType", { type: m.fileType }) : null,
                m.fileName ? fmt(s, "check.fileResult.fileName", { name: m.fileName }) : null,
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
      {result.matches.some((m) => isDemo(m.source)) && <p className="check-demo-note">{fmt(s, "check.demo.note")}</p>}
      <CheckedAt at={result.checkedAt} lang={lang} s={s} />
    </>
  );
}
