// The link check form. The box takes a link or a whole pasted message. Without JavaScript the form
// posts the box to the on-demand result page (a message can be longer than an address may be),
// which finds the links, checks them and renders the same cards on the server; with JavaScript the
// island asks the API and shows the verdicts in place, and the address bar becomes that result
// page's. A message is searched for links, and each is checked (the bulk API). Either way the
// portal never visits the link.
import { hasControl, type Lang, otherLang, paths, type UrlCheck } from "@portal/contracts";
import { type FormEvent, type RefObject, useEffect, useId, useState } from "react";
import { fill } from "../../i18n/fill.ts";
import { followAddress } from "../../lib/address.ts";
import { getJson, postJson } from "../../lib/api.ts";
import { formatNumber } from "../../lib/format.ts";
import ErrorSummary from "../../ui/error-summary/ErrorSummary.tsx";
import { ResultActions, showResultUrl, useFocusOnOutcome, VerdictRegion } from "./CheckParts.tsx";
import {
  type CheckStrings,
  type HelpContact,
  linkErrorKey,
  linkResultAddress,
  linksIn,
  MAX_MESSAGE_LENGTH,
  MAX_RESULT_ADDRESS,
  type UrlOutcome,
} from "./check.ts";
import { UrlVerdictCard } from "./VerdictCard.tsx";

interface Props {
  lang: Lang;
  strings: CheckStrings;
  /** The on-demand result page the form submits to without JavaScript. */
  action: string;
  /** The box's text and the outcome when the result page rendered this on the server. */
  initialText?: string;
  initial?: UrlOutcome | null;
  /** Who to call, for the help box of a dangerous or suspicious verdict. */
  help?: readonly HelpContact[];
}

/** The result page of these links in a language: `?url=` once per link. */
const resultUrl = (lang: Lang, links: readonly string[]) => linkResultAddress(paths.page("linkResult", lang), links);

type History = "push" | "replace" | "none";

export default function LinkCheck({ lang, strings: s, action, initialText = "", initial = null, help = [] }: Props) {
  const id = useId();
  const inputId = `${id}-url`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const resultHeading = `${id}-result`;
  const [url, setUrl] = useState(initialText);
  const [outcome, setOutcome] = useState<UrlOutcome | null>(initial);
  const [busy, setBusy] = useState(false);
  const { resultRef, summaryRef } = useFocusOnOutcome(outcome);

  /** After a result: the address bar becomes its result page (when that address is not too long for proxies). */
  function showResult(links: readonly string[], history: History) {
    const here = resultUrl(lang, links);
    if (history !== "none" && here.length <= MAX_RESULT_ADDRESS)
      showResultUrl(here, resultUrl(otherLang(lang), links), history === "replace");
  }

  /** Checks one link (the single check's answer). */
  async function checkOne(link: string, history: History = "push") {
    const answer = await getJson<UrlCheck>(`${paths.api.urlCheck}?url=${encodeURIComponent(link)}`);
    setOutcome(answer.ok ? { kind: "result", result: answer.data } : { kind: "error", message: s[linkErrorKey(answer.code)] });
    if (answer.ok) showResult([link], history);
  }

  /** Checks several links at once (the bulk API). */
  async function checkMany(links: readonly string[], history: History = "push") {
    const answer = await postJson<{ results: UrlCheck[] }>(paths.api.urlCheck, { urls: links });
    setOutcome(answer.ok ? { kind: "many", results: answer.data.results } : { kind: "error", message: s[linkErrorKey(answer.code)] });
    if (answer.ok) showResult(links, history);
  }

  // Back and forward between results: the address holds the links, so show their result (or the
  // empty form), and point the language switch at the same in the other language.
  useEffect(() => {
    const onPop = () => {
      const links = linksIn(new URLSearchParams(location.search).getAll("url"));
      setUrl(links.join("\n"));
      if (links.length === 1) void checkOne(links[0] as string, "none");
      else if (links.length > 1) void checkMany(links, "none");
      else setOutcome(null);
      followAddress(links.length ? resultUrl(otherLang(lang), links) : paths.page("linkCheck", otherLang(lang)));
    };
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  });

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const text = url.trim();
    if (text === "") return setOutcome({ kind: "error", message: s["check.link.error.empty"] });
    if (text.length > MAX_MESSAGE_LENGTH) {
      return setOutcome({
        kind: "error",
        message: fill(s["check.link.error.messageTooLong"], { max: formatNumber(MAX_MESSAGE_LENGTH, lang) }),
      });
    }
    if (hasControl(url)) return setOutcome({ kind: "error", message: s["check.link.error.invalid"] });
    setBusy(true);
    try {
      // A link as it is, or a whole message (it has spaces): its links, each checked (the bulk API).
      const links = linksIn([text]);
      if (links.length === 0) return setOutcome({ kind: "error", message: s["check.link.error.noLinks"] });
      if (links.length === 1) return await checkOne(links[0] as string);
      await checkMany(links);
    } finally {
      setBusy(false);
    }
  }

  const error = outcome?.kind === "error" ? outcome.message : null;
  return (
    <div className="check-tool">
      {error && <ErrorSummary title={s["check.error.title"]} message={error} fieldId={inputId} summaryRef={summaryRef} />}
      <form className="check-form" method="post" action={action} onSubmit={onSubmit} noValidate>
        <label className="form-label" htmlFor={inputId}>
          {s["check.link.label"]}
        </label>
        <p className="form-hint" id={hintId}>
          {s["check.link.hint"]}
        </p>
        {error && (
          <p className="form-error" id={errorId}>
            {error}
          </p>
        )}
        <textarea
          id={inputId}
          name="url"
          rows={5}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          className={error ? "form-input form-input-error" : "form-input"}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          aria-invalid={error ? true : undefined}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <div className="form-row">
          <button type="submit" className="button" disabled={busy}>
            {busy ? s["check.link.checking"] : s["check.link.submit"]}
          </button>
        </div>
      </form>
      <VerdictRegion verdict={outcome?.kind === "result" ? outcome.result.verdict : null} headingId={resultHeading} resultRef={resultRef}>
        {outcome?.kind === "result" && (
          <>
            <UrlVerdictCard result={outcome.result} lang={lang} s={s} headingId={resultHeading} help={help} />
            <ResultActions
              s={s}
              text={fill(s["check.share.text"], {
                label: s[`check.verdict.${outcome.result.verdict}.label`],
                target: outcome.result.canonical,
              })}
            />
          </>
        )}
      </VerdictRegion>
      {outcome?.kind === "many" && (
        <div className="verdict-list" tabIndex={-1} ref={resultRef as RefObject<HTMLDivElement>} aria-live="polite">
          <p className="verdict-list-lead">{fill(s["check.link.many"], { count: outcome.results.length })}</p>
          {outcome.results.map((r, i) => (
            <section
              key={`${r.input}|${i}`}
              className={`verdict verdict-${r.verdict}`}
              aria-labelledby={`${resultHeading}-${i}`}
              data-verdict={r.verdict}
            >
              <p className="verdict-item">{fill(s["check.link.item"], { n: i + 1 })}</p>
              <UrlVerdictCard result={r} lang={lang} s={s} headingId={`${resultHeading}-${i}`} help={help} />
            </section>
          ))}
          <ResultActions
            s={s}
            text={[
              fill(s["check.share.many"], { count: outcome.results.length }),
              ...outcome.results.map((r) => `${s[`check.verdict.${r.verdict}.label`]}: ${r.canonical}`),
            ].join("\n")}
          />
        </div>
      )}
    </div>
  );
}
