/**
 * One searchable thing, whatever its domain. Guidance, legal texts, breaches and alerts all
 * become SearchDocuments; adding a new type means writing one function that returns them.
 */
export interface SearchDocument {
  /** Unique across all types and languages, e.g. "guidance:vi:scam-calls-sms". Letters, digits, -, _ and : only. */
  id: string;
  /** "guidance", "legal", "breach", "alert", … — the type facet. */
  type: string;
  lang: "vi" | "en";
  title: string;
  /** Site-relative URL of the page, e.g. "/huong-dan/nhan-dien-trang-web-gia-mao/". */
  url: string;
  /** One or two sentences shown under the title. */
  summary: string;
  /** Plain text of the whole document (no Markdown or HTML). */
  body: string;
  /** Optional facets. */
  topic?: string;
  audience?: string[];
  status?: string;
  /** ISO date (YYYY-MM-DD) of the last change, for sorting and display. */
  updated?: string;
  /**
   * Best bets: phrases people type when they want exactly this page ("kiểm tra đường dẫn",
   * "report a scam"). A query that contains one of them puts this document first, whatever the
   * engine's ranking (SearchService.search). Not searched by themselves: a source that wants them
   * found as words too puts them in the body.
   */
  keywords?: string[];
}
