import type { FormEvent, RefObject } from "react";

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
  /** The message for the field, or null when it is valid. */
  fieldError: string | null;
  ready: boolean;
  checking: boolean;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
}

/**
 * The form both breach checks share, in the GOV.UK pattern: an error summary linking to the
 * field, hint and error tied to the input. The input has no name attribute, so a form submitted
 * without this script sends nothing at all.
 */
export default function PrivateCheckForm(p: Props) {
  const fieldId = `${p.id}-${p.field}`;
  const hintId = `${p.id}-hint`;
  const errorId = `${p.id}-error`;
  return (
    <>
      {p.fieldError && (
        <div className="error-summary" role="alert" aria-labelledby={`${p.id}-summary`}>
          <h2 id={`${p.id}-summary`}>{p.errorSummaryTitle}</h2>
          <ul>
            <li>
              <a href={`#${fieldId}`}>{p.fieldError}</a>
            </li>
          </ul>
        </div>
      )}
      <form className="breach-form" onSubmit={p.onSubmit} noValidate>
        <div className={p.fieldError ? "field field-error" : "field"}>
          <label htmlFor={fieldId}>{p.label}</label>
          <p className="hint" id={hintId}>
            {p.hint}
          </p>
          {p.fieldError && (
            <p className="error-message" id={errorId}>
              {p.fieldError}
            </p>
          )}
          <input
            ref={p.inputRef}
            id={fieldId}
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
