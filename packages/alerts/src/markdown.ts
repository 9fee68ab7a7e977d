// Alert bodies and recommendations are Markdown written by staff. They are shown to everyone, so
// they go through two independent guards: marked with raw HTML turned into visible text (no HTML in
// the source ever reaches the output as markup), then sanitize-html with a tight allow-list, so a
// bug in either one alone still leaves no script, event handler or javascript:/data: link.
import { Marked, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    // Raw HTML, block or inline, is shown as the text that was typed (CommonMark §4.6 and §6.6
    // would pass it through; we never do).
    html(token: Tokens.HTML | Tokens.Tag): string {
      return token.block ? `<p>${escapeHtml(token.text.trim())}</p>\n` : escapeHtml(token.text);
    },
    // The page's <h1> is the alert's title, so headings in the body start at <h2> and stop at <h4>.
    heading({ tokens, depth }: Tokens.Heading): string {
      const level = Math.min(4, Math.max(2, depth));
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
  },
});

const TABLE_TAGS = ["table", "thead", "tbody", "tr", "th", "td"];

/** The allow-list: text structure, emphasis, code, quotes, tables and plain web or mail links. */
export const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote", "a", ...TABLE_TAGS],
  allowedAttributes: { a: ["href", "rel"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  // Anything else (script, style, iframe, img, svg, form …) goes with its content where that content is code.
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "svg", "math"],
  transformTags: {
    // A link never gives the opened page a handle on ours, nor tells it where the reader came from.
    a: (tagName, attribs) => ({ tagName, attribs: { ...(attribs.href ? { href: attribs.href } : {}), rel: "noopener noreferrer" } }),
  },
  exclusiveFilter: (frame) => frame.tag === "a" && !frame.attribs.href && frame.text.trim() === "",
};

/** Markdown to HTML that is safe to insert into a page as it is. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown.normalize("NFC"), { async: false });
  return sanitizeHtml(html, SANITIZE_OPTIONS).trim();
}

const BLOCK_END = /<\/(p|h2|h3|h4|li|pre|blockquote|tr|table|ul|ol)>/g;

/**
 * The text a reader sees, without markup: for CAP descriptions, CSAF notes, feed summaries and
 * search. Paragraphs are kept apart by a blank line.
 */
export function markdownToText(markdown: string): string {
  const html = renderMarkdown(markdown)
    .replace(BLOCK_END, "$&\n\n")
    .replace(/<br\s*\/?>/g, "\n");
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(text)
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith("#")) {
      const code = lower.startsWith("#x") ? Number.parseInt(lower.slice(2), 16) : Number.parseInt(lower.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    }
    return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[lower] ?? "";
  });
}
