// The link check form. Without JavaScript it is a plain GET form to the on-demand result page,
// which renders the same card on the server; with JavaScript the island asks the API and shows the
// verdict in place. Either way the portal never visits the link.
import { hasControl, type Lang, MAX_URL_LENGTH, paths, type UrlCheck } from "@portal/contracts";
import { type FormEvent, useId, useState } from "react";
import { getJson } from "../../lib/api.ts";
import ErrorSummary from "../../ui/error-summary/ErrorSummary.tsx";
import { useFocusOnOutcome, VerdictRegion } from "./CheckParts.tsx";
import { type CheckStrings, linkErrorKey, type UrlOutcome } from "./check.ts";
import { UrlVerdictCard } from "./VerdictCard.tsx";

interface Props {
  lang: Lang;
  strings: CheckStrings;
  /** The on-demand result page the form submits to without JavaScript. */
  action: string;
  /** The link and its outcome when the result page rendered this on the server. */
  initialUrl?: string;
  initial?: UrlOutcome | null;
}

export default function LinkCheck({ lang, strings: s, action, initialUrl = "", initial = null }: Props) {
  const id = useId();
  const inputId = `${id}-url`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const resultHeading = `${id}-result`;
  const [url, setUrl] = useState(initialUrl);
  const [outcome, setOutcome] = useState<UrlOutcome | null>(initial);
  const [busy, setBusy] = useState(false);
  const { resultRef, summaryRef } = useFocusOnOutcome(outcome);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (url.trim() === "") return setOutcome({ kind: "error", message: s["check.link.error.empty"] });
    if (hasControl(url)) return setOutcome({ kind: "error", message: s["check.link.error.invalid"] });
    setBusy(true);
    const answer = await getJson<UrlCheck>(`${paths.api.urlCheck}?url=${encodeURIComponent(url)}`);
    setOutcome(answer.ok ? { kind: "result", result: answer.data } : { kind: "error", message: s[linkErrorKey(answer.code)] });
    setBusy(false);
  }

  const error = outcome?.kind === "error" ? outcome.message : null;
  return (
    <div className="check-tool">
      {error && <ErrorSummary title={s["check.error.title"]} message={error} fieldId={inputId} summaryRef={summaryRef} />}
      <form className="check-form" method="get" action={action} onSubmit={onSubmit} noValidate>
        <label className="check-label" htmlFor={inputId}>
          {s["check.link.label"]}
        </label>
        <p className="check-hint" id={hintId}>
          {s["check.link.hint"]}
        </p>
        {error && (
          <p className="check-field-error" id={errorId}>
            {error}
          </p>
        )}
        <div className="check-row">
          <input
            id={inputId}
            name="url"
            type="text"
            inputMode="url"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            className={error ? "check-input check-input-error" : "check-input"}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
            aria-invalid={error ? true : undefined}
            value={url}
            maxLength={MAX_URL_LENGTH}
            onChange={(e) => setUrl(e.target.value)}
          />
          <button type="submit" className="check-button" disabled={busy}>
            {busy ? s["check.link.checking"] : s["check.link.submit"]}
          </button>
        </div>
      </form>
      <VerdictRegion verdict={outcome?.kind === "result" ? outcome.result.verdict : null} headingId={resultHeading} resultRef={resultRef}>
        {outcome?.kind === "result" && <UrlVerdictCard result={outcome.result} lang={lang} s={s} headingId={resultHeading} />}
      </VerdictRegion>
    </div>
  );
}
