// The link check form. Without JavaScript it is a plain GET form to the on-demand result page,
// which renders the same card on the server; with JavaScript the island asks the API and shows the
// verdict in place, and the address bar becomes that result page's. A pasted message is searched
// for links, and each is checked (the bulk API). Either way the portal never visits the link.
import { hasControl, type Lang, MAX_URL_LENGTH, otherLang, paths, type UrlCheck } from "@portal/contracts";
import { type FormEvent, type RefObject, useEffect, useId, useState } from "react";
import { fill } from "../../i18n/fill.ts";
import { getJson, postJson } from "../../lib/api.ts";
import ErrorSummary from "../../ui/error-summary/ErrorSummary.tsx";
import { ResultActions, showResultUrl, useFocusOnOutcome, VerdictRegion } from "./CheckParts.tsx";
import { type CheckStrings, type HelpContact, linkErrorKey, type UrlOutcome } from "./check.ts";
import { extractLinks } from "./trick.ts";
import { UrlVerdictCard } from "./VerdictCard.tsx";

interface Props {
  lang: Lang;
  strings: CheckStrings;
  /** The on-demand result page the form submits to without JavaScript. */
  action: string;
  /** The link and its outcome when the result page rendered this on the server. */
  initialUrl?: string;
  initial?: UrlOutcome | null;
  /** Who to call, for the help box of a dangerous or suspicious verdict. */
  help?: readonly HelpContact[];
}

type State = UrlOutcome | { kind: "many"; results: UrlCheck[] };

const resultUrl = (lang: Lang, url: string) => `${paths.page("linkResult", lang)}?url=${encodeURIComponent(url)}`;

export default function LinkCheck({ lang, strings: s, action, initialUrl = "", initial = null, help = [] }: Props) {
  const id = useId();
  const inputId = `${id}-url`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const resultHeading = `${id}-result`;
  const [url, setUrl] = useState(initialUrl);
  const [outcome, setOutcome] = useState<State | null>(initial);
  const [busy, setBusy] = useState(false);
  const { resultRef, summaryRef } = useFocusOnOutcome(outcome);

  /** Checks one link; on success the address bar becomes its result page. */
  async function checkOne(link: string, history: "push" | "replace" | "none" = "push") {
    const answer = await getJson<UrlCheck>(`${paths.api.urlCheck}?url=${encodeURIComponent(link)}`);
    setOutcome(answer.ok ? { kind: "result", result: answer.data } : { kind: "error", message: s[linkErrorKey(answer.code)] });
    if (answer.ok && history !== "none") showResultUrl(resultUrl(lang, link), resultUrl(otherLang(lang), link), history === "replace");
  }

  // Back and forward between results: the address holds the link, so show its result (or the empty form).
  useEffect(() => {
    const onPop = () => {
      const link = new URLSearchParams(location.search).get("url");
      setUrl(link ?? "");
      if (link) void checkOne(link, "none");
      else setOutcome(null);
    };
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  });

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const text = url.trim();
    if (text === "") return setOutcome({ kind: "error", message: s["check.link.error.empty"] });
    if (hasControl(url)) return setOutcome({ kind: "error", message: s["check.link.error.invalid"] });
    setBusy(true);
    try {
      // A whole message (it has spaces): find its links and check each.
      if (/\s/.test(text)) {
        const links = extractLinks(text);
        if (links.length === 0) return setOutcome({ kind: "error", message: s["check.link.error.noLinks"] });
        if (links.length === 1) return await checkOne(links[0] as string);
        const answer = await postJson<{ results: UrlCheck[] }>(paths.api.urlCheck, { urls: links });
        setOutcome(answer.ok ? { kind: "many", results: answer.data.results } : { kind: "error", message: s[linkErrorKey(answer.code)] });
        return;
      }
      await checkOne(text);
    } finally {
      setBusy(false);
    }
  }

  const error = outcome?.kind === "error" ? outcome.message : null;
  return (
    <div className="check-tool">
      {error && <ErrorSummary title={s["check.error.title"]} message={error} fieldId={inputId} summaryRef={summaryRef} />}
      <form className="check-form" method="get" action={action} onSubmit={onSubmit} noValidate>
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
        <div className="form-row">
          <input
            id={inputId}
            name="url"
            type="text"
            inputMode="url"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            className={error ? "form-input form-input-error" : "form-input"}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
            aria-invalid={error ? true : undefined}
            value={url}
            maxLength={MAX_URL_LENGTH}
            onChange={(e) => setUrl(e.target.value)}
          />
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
        </div>
      )}
    </div>
  );
}
