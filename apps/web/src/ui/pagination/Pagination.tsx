// Pagination (GOV.UK "pagination"): a navigation landmark with "Previous" and "Next" and the
// numbered pages between them, the current one marked aria-current="page" and every number labelled
// "Page n" for a screen reader. Plain links, so paging works without JavaScript; rendered on the
// server in Astro pages and inside the search island alike. Nothing is rendered for a single page.
// Its styles are ./pagination.css.
import "./pagination.css";
import { fill } from "../../i18n/fill.ts";
import type { PaginationModel } from "./pagination.ts";

export interface PaginationLabels {
  /** The landmark's name: "Pages of the audit log". */
  nav: string;
  prev: string;
  next: string;
  /** A number's accessible name, with {page}: "Page {page}". */
  page: string;
}

interface Props {
  model: PaginationModel;
  labels: PaginationLabels;
  /** For an island that moves between pages itself: called instead of following the link. */
  onGo?: (page: number, event: { preventDefault(): void }) => void;
}

function Arrow({ dir }: { dir: "prev" | "next" }) {
  return (
    <svg className="pagination-icon" aria-hidden="true" focusable="false" width="15" height="13" viewBox="0 0 15 13">
      <path
        fill="currentColor"
        d={
          dir === "prev"
            ? "m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"
            : "m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"
        }
      />
    </svg>
  );
}

export default function Pagination({ model, labels, onGo }: Props) {
  if (model.pages <= 1) return null;
  const go = (n: number) => (onGo ? (e: { preventDefault(): void }) => onGo(n, e) : undefined);
  return (
    <nav className="pagination" aria-label={labels.nav}>
      {model.prevHref && (
        <div className="pagination-prev">
          <a className="pagination-link" href={model.prevHref} rel="prev" onClick={go(model.page - 1)}>
            <Arrow dir="prev" />
            <span className="pagination-link-title">{labels.prev}</span>
          </a>
        </div>
      )}
      <ul className="pagination-list">
        {model.items.map((item, i) =>
          item.kind === "ellipsis" ? (
            <li key={`gap-${i}`} className="pagination-item pagination-item-ellipsis">
              ⋯
            </li>
          ) : (
            <li key={item.number} className={item.current ? "pagination-item pagination-item-current" : "pagination-item"}>
              <a
                className="pagination-link"
                href={item.href}
                aria-label={fill(labels.page, { page: item.number })}
                aria-current={item.current ? "page" : undefined}
                onClick={go(item.number)}
              >
                {item.number}
              </a>
            </li>
          ),
        )}
      </ul>
      {model.nextHref && (
        <div className="pagination-next">
          <a className="pagination-link" href={model.nextHref} rel="next" onClick={go(model.page + 1)}>
            <span className="pagination-link-title">{labels.next}</span>
            <Arrow dir="next" />
          </a>
        </div>
      )}
    </nav>
  );
}
