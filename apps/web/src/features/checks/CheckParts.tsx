// What the link check and the file check share around their forms: moving focus to what changed
// (to the verdict, or to the error summary from src/ui/error-summary) and the live region that
// holds the verdict.
import { type ReactNode, type RefObject, useEffect, useRef, useState } from "react";
import { showAddress } from "../../lib/address.ts";
import type { CheckStrings } from "./check.ts";

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
    if (outcome?.kind === "result" || outcome?.kind === "many") resultRef.current?.focus();
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

/**
 * Makes the address bar show the result's own page (the no-JavaScript result page, `?url=` or
 * `?hash=`), so reload, back and copy-paste work, and points the layout's language switch at the
 * same result in the other language.
 */
export function showResultUrl(here: string, there: string, replace = false) {
  showAddress(here, { replace, there });
}

/** Share (Web Share API, or copy the link where it is missing), copy the result, print. Needs JavaScript, so shown once hydrated. */
export function ResultActions({ s, text }: { s: CheckStrings; text: string }) {
  const [ready, setReady] = useState(false);
  const [said, setSaid] = useState("");
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  const copy = async (value: string) => {
    try {
      await navigator.clipboard.writeText(value);
      setSaid(s["check.share.copied"]);
    } catch {
      setSaid(s["check.share.failed"]);
    }
  };
  const canShare = typeof navigator.share === "function";
  return (
    <div className="check-actions">
      <h3>{s["check.share.title"]}</h3>
      <div className="check-actions-buttons">
        <button
          type="button"
          className="button button-secondary"
          data-action="share"
          onClick={() => {
            if (canShare) void navigator.share({ title: document.title, text, url: location.href }).catch(() => undefined);
            else void copy(location.href);
          }}
        >
          {canShare ? s["check.share.share"] : s["check.share.copyLink"]}
        </button>
        <button type="button" className="button button-secondary" data-action="copy" onClick={() => void copy(`${text}\n${location.href}`)}>
          {s["check.share.copyResult"]}
        </button>
        <button type="button" className="button button-secondary" data-action="print" onClick={() => window.print()}>
          {s["check.share.print"]}
        </button>
      </div>
      <p className="check-actions-status" role="status">
        {said}
      </p>
    </div>
  );
}
