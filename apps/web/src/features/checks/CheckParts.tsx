// What the link check and the file check share around their forms: moving focus to what changed
// (to the verdict, or to the error summary from src/ui/error-summary) and the live region that
// holds the verdict.
import { type ReactNode, type RefObject, useEffect, useRef } from "react";

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
