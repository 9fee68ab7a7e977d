// For a form in a React island: while it shows an error summary, the page's <title> starts with
// "Lỗi: " / "Error: " (GOV.UK error summary: a screen reader hears the title first when the focus
// moves, and the tab says something went wrong). Server-rendered forms put it in the title directly
// (StaffLayout.astro, ReportPage.astro).
import { useEffect } from "react";
import { fill } from "../../i18n/fill.ts";

/** `template` holds "{title}": "Lỗi: {title}". */
export function useErrorTitle(hasError: boolean, template: string): void {
  useEffect(() => {
    if (!hasError) return;
    const before = document.title;
    document.title = fill(template, { title: before });
    return () => {
      document.title = before;
    };
  }, [hasError, template]);
}
