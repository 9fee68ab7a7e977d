// The error summary (GOV.UK Design System's pattern): at the top of a form, a focusable alert
// whose message links to the field to fix. The one error summary of the site; every form uses it.
//
// Its styles (error-summary.css) are loaded by the layout on every page, so a form in any feature
// has them without a stylesheet of its own.
import type { RefObject } from "react";

/** One problem in a form with several fields: its message, linking to the field to fix. */
export interface ErrorLink {
  message: string;
  fieldId: string;
}

type Props = {
  /** The heading: "There is a problem", in the page's language. */
  title: string;
  /** For a form that moves the focus to the summary when it appears. */
  summaryRef?: RefObject<HTMLDivElement | null>;
} & (
  | {
      /** What is wrong, linking to the field. */
      message: string;
      /** The id of the field the message links to. */
      fieldId: string;
    }
  | {
      /** Every problem of a form, in the order of its fields (server-rendered staff forms). */
      errors: readonly ErrorLink[];
    }
);

export default function ErrorSummary(props: Props) {
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={props.summaryRef}>
      <h2>{props.title}</h2>
      {"errors" in props ? (
        <ul className="error-summary-list">
          {props.errors.map((e) => (
            <li key={`${e.fieldId}:${e.message}`}>
              <a href={`#${e.fieldId}`}>{e.message}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>
          <a href={`#${props.fieldId}`}>{props.message}</a>
        </p>
      )}
    </div>
  );
}
