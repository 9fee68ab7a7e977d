import { type Lang, paths } from "@portal/contracts";
import { type ReactNode, type RefObject, useEffect, useRef, useState } from "react";
import type { Strings } from "../../i18n/index.ts";
import ErrorSummary from "../../ui/error-summary/ErrorSummary.tsx";
import { useErrorTitle } from "../../ui/error-summary/useErrorTitle.ts";
import { type BreachStrings, hasWebCrypto } from "./breach.ts";

interface Props {
  /** Prefix for element ids (from useId). */
  id: string;
  /** Suffix of the field's id: "password", "account". */
  field: string;
  inputType: "password" | "text";
  inputRef: RefObject<HTMLInputElement | null>;
  label: string;
  hint: string;
  submitLabel: string;
  checkingLabel: string;
  errorSummaryTitle: string;
  /** "Lỗi:" before the field's message, for a screen reader; "Lỗi: {title}" for the page's title. */
  errorPrefix: string;
  errorTitle: string;
  /** The message for the field, or null when it is valid. */
  fieldError: string | null;
  /** Shown under the field's error: where to go instead (the account check's number-check link). */
  errorDetail?: ReactNode;
  ready: boolean;
  checking: boolean;
  onSubmit: (e: { preventDefault(): void }) => void;
}

/**
 * The form both breach checks share, in the GOV.UK pattern with the kit's classes (src/ui/form,
 * src/ui/button): the error summary linking to the field, hint and error tied to the input. The input has no name attribute, so a form submitted
 * without this script sends nothing at all.
 */
export default function PrivateCheckForm(p: Props) {
  const fieldId = `${p.id}-${p.field}`;
  const hintId = `${p.id}-hint`;
  const errorId = `${p.id}-error`;
  useErrorTitle(p.fieldError !== null, p.errorTitle);
  return (
    <>
      {p.fieldError && <ErrorSummary title={p.errorSummaryTitle} message={p.fieldError} fieldId={fieldId} />}
      <form className="breach-form" onSubmit={p.onSubmit} noValidate>
        <div className={p.fieldError ? "form-field form-field-error" : "form-field"}>
          <label className="form-label" htmlFor={fieldId}>
            {p.label}
          </label>
          <p className="form-hint" id={hintId}>
            {p.hint}
          </p>
          {p.fieldError && (
            <p className="form-error" id={errorId}>
              <span className="visually-hidden">{p.errorPrefix} </span>
              {p.fieldError}
            </p>
          )}
          {p.fieldError && p.errorDetail}
          <input
            ref={p.inputRef}
            id={fieldId}
            className={p.fieldError ? "form-input form-input-error" : "form-input"}
            type={p.inputType}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            aria-describedby={p.fieldError ? `${hintId} ${errorId}` : hintId}
            aria-invalid={p.fieldError ? true : undefined}
          />
        </div>
        <button type="submit" className="button" disabled={!p.ready || p.checking}>
          {p.checking ? p.checkingLabel : p.submitLabel}
        </button>
      </form>
    </>
  );
}

/** The states every breach check shares; each adds its own outcomes ("found", "clean"). */
export type PrivateResultState = { kind: "idle" } | { kind: "checking" } | { kind: "error"; message: string };

/**
 * The state both breach checks keep: whether the script has started (the form works only with
 * it), the field's error, and the result, whose box takes the focus whenever a new one appears.
 * `check(work)` runs one check: it refuses without Web Crypto, shows "checking", and turns any
 * failure of `work` into the generic error.
 */
export function usePrivateCheck<R extends { kind: string }>(s: BreachStrings) {
  const resultRef = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [result, setResult] = useState<R | PrivateResultState>({ kind: "idle" });
  useEffect(() => setReady(true), []);
  useEffect(() => {
    if (result.kind !== "idle" && result.kind !== "checking") resultRef.current?.focus();
  }, [result]);
  async function check(work: () => Promise<R | PrivateResultState>) {
    setFieldError(null);
    if (!hasWebCrypto()) {
      setResult({ kind: "error", message: s["breach.error.noCrypto"] });
      return;
    }
    setResult({ kind: "checking" });
    try {
      setResult(await work());
    } catch {
      setResult({ kind: "error", message: s["breach.error.generic"] });
    }
  }
  return { resultRef, ready, fieldError, setFieldError, result, check };
}

/**
 * The live region under the form and, once there is a result, its focusable box: the error
 * message, or `children` (what was found, and the advice).
 */
export function PrivateResult(props: {
  result: { kind: string; message?: string };
  resultRef: RefObject<HTMLDivElement | null>;
  children: ReactNode;
}) {
  const { result } = props;
  return (
    <div className="breach-result-region" role="status" aria-live="polite">
      {result.kind !== "idle" && result.kind !== "checking" && (
        <div ref={props.resultRef} tabIndex={-1} className={`breach-result breach-result-${result.kind}`} data-result={result.kind}>
          {result.kind === "error" ? <p className="breach-result-title">{result.message}</p> : props.children}
        </div>
      )}
    </div>
  );
}

/**
 * The next steps under a result. Found: what to do now, and (with the reports' strings) where to
 * report it if harm was done already. Not found: good habits, calmly — nothing leaked, so nothing
 * is urgent, and telling people to change a password now would only alarm them (issue 11, item 3).
 */
export function Advice({
  s,
  guidanceHref,
  lang,
  found,
}: {
  s: BreachStrings & Partial<Strings<"reports.breach">>;
  guidanceHref: string;
  lang: Lang;
  found: boolean;
}) {
  if (!found) {
    return (
      <div className="breach-advice" data-advice="habits">
        <h2>{s["breach.habits.title"]}</h2>
        <ul>
          <li>{s["breach.habits.manager"]}</li>
          <li>{s["breach.habits.twoStep"]}</li>
          <li>{s["breach.habits.passphrase"]}</li>
        </ul>
        <p>
          <a href={guidanceHref}>{s["breach.advice.guidance"]}</a>
        </p>
      </div>
    );
  }
  return (
    <div className="breach-advice" data-advice="urgent">
      <h2>{s["breach.advice.title"]}</h2>
      <ul>
        <li>{s["breach.advice.change"]}</li>
        <li>{s["breach.advice.unique"]}</li>
        <li>{s["breach.advice.twoFactor"]}</li>
        <li>{s["breach.advice.scams"]}</li>
      </ul>
      <p>
        <a href={guidanceHref}>{s["breach.advice.guidance"]}</a>
      </p>
      {s["reports.breach.report"] && (
        <p>
          {s["reports.breach.title"]}: <a href={paths.page("report", lang)}>{s["reports.breach.report"]}</a>
        </p>
      )}
    </div>
  );
}
