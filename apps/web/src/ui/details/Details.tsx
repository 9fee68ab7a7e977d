// Details for React islands: the same markup and CSS as Details.astro, so a disclosure looks and
// behaves the same wherever it is rendered. Works without JavaScript once rendered on the server.
import type { ReactNode } from "react";
import "./details.css";

interface Props {
  summary: string;
  open?: boolean;
  /** A hook for the feature's tests or print rules; not for restyling the disclosure. */
  className?: string;
  children: ReactNode;
}

export default function Details({ summary, open = false, className, children }: Props) {
  return (
    <details className={className ? `details ${className}` : "details"} open={open}>
      <summary className="details-summary">{summary}</summary>
      <div className="details-text">{children}</div>
    </details>
  );
}
