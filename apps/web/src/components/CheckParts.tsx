// What the link check and the file check share around their forms: moving focus to what changed,
// the error summary at the top (GOV.UK's pattern) and the live region that holds the verdict.
import { type ReactNode, type RefObject, useEffect, useRef } from "react";
import { fmt, type Strings } from "../lib/check.ts";

/**
 * Refs for the verdict and the error summary, and an effect that focuses whichever appears, so
 * screen-reader and keyboard users hear it at once — not on the first render: a result page
 * rendered on the server already starts at its result.
 */
export function useFocusOnOutcome(outcome: { kind: string } | null) {
  const resultRef = useRef<HTMLElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) {
      moved.current = true;
      return;
    }
    if (outcome?.kind === "result") resultRef.current?.focus();
    if (outcome?.kind === "error") summaryRef.current?.focus();
  }, [outcome]);
  return { resultRef, summaryRef };
}

/** The error summary: a focusable alert whose message links to the field to fix. */
export function ErrorSummary(props: { s: Strings; message: string; fieldId: string; summaryRef: RefObject<HTMLDivElement | null> }) {
  return (
    <div className="check-errors" role="alert" tabIndex={-1} ref={props.summaryRef}>
      <h2 className="check-errors-title">{fmt(props.s, "check.error.title")}</h2>
      <p>
        <a href={`#${props.fieldId}`}>{props.message}</a>
      </p>
    </div>
  );
}

/** The polite live region, and in it (when there is one) the verdict section with its card. */
export function VerdictRegion(props: {
  verdict: string | null;
  headingId: string;
  resultRef: RefObject<HTMLElement | null>;
  children: ReactNode;
}) {
  return (
    <div aria-live="polite">
      {props.verdict !== null && (
        <section
          className={`verdict verdict-${props.verdict}`}
          aria-labelledby={props.headingId}
          tabIndex={-1}
          ref={props.resultRef}
          data-verdict={props.verdict}
        >
          {props.children}
        </section>
      )}
    </div>
  );
}
