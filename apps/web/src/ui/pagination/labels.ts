// Pagination's words in a page's language, for server-rendered pages (an island gets them as props).
import type { Lang } from "@portal/contracts";
import { t } from "../../i18n/index.ts";
import type { PaginationLabels } from "./Pagination.tsx";

/** The labels, with `nav` naming this list's landmark ("Pages of the audit log"). */
export function paginationLabels(lang: Lang, nav: string): PaginationLabels {
  return { nav, prev: t(lang, "pagination.prev"), next: t(lang, "pagination.next"), page: t(lang, "pagination.page") };
}
