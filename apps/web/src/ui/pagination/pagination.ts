// The model of a paged list's links (GOV.UK "pagination"): previous and next, and the numbered
// pages around the current one. Plain data, so a loader builds it on the server and Pagination.tsx
// renders it in an Astro page or a React island alike.

/** One entry of the numbered list: a page, or the gap between pages not shown. */
export type PageItem = { kind: "page"; number: number; href: string; current: boolean } | { kind: "ellipsis" };

export interface PaginationModel {
  page: number;
  pages: number;
  prevHref: string | null;
  nextHref: string | null;
  items: PageItem[];
}

/**
 * Page `page` of `pages`, page n at `hrefFor(n)`. GOV.UK's rule for the numbers: always the first
 * and the last page, the current one and its neighbours, and an ellipsis for each gap of two or
 * more pages (a gap of one page shows that page instead: "1 2 3", never "1 … 3").
 */
export function paginate(page: number, pages: number, hrefFor: (n: number) => string): PaginationModel {
  const last = Math.max(1, Math.floor(pages));
  const current = Math.min(Math.max(1, Math.floor(page)), last);
  const numbers = [...new Set([1, current - 1, current, current + 1, last])].filter((n) => n >= 1 && n <= last).sort((a, b) => a - b);
  const items: PageItem[] = [];
  const push = (n: number) => items.push({ kind: "page", number: n, href: hrefFor(n), current: n === current });
  numbers.forEach((n, i) => {
    const before = i === 0 ? n - 1 : (numbers[i - 1] as number);
    if (n - before === 2) push(n - 1);
    else if (n - before > 2) items.push({ kind: "ellipsis" });
    push(n);
  });
  return {
    page: current,
    pages: last,
    prevHref: current > 1 ? hrefFor(current - 1) : null,
    nextHref: current < last ? hrefFor(current + 1) : null,
    items,
  };
}
