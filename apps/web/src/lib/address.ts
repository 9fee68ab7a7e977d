// The address bar and the layout's language switch, kept in step. The layout carries an on-demand
// page's query over to the switch on the server; an island that changes the address in the browser
// (a search as it is typed, a check's result) calls this so the switch follows.

/**
 * Puts `here` (a path with its query) in the address bar — a new history entry, or in place of the
 * current one — and points the language switch at the same query in the other language: at
 * `there` when given (a result page reached from the form page), else at the switch's own page.
 */
export function showAddress(here: string, options: { replace?: boolean; there?: string } = {}): void {
  if (`${location.pathname}${location.search}` !== here) {
    if (options.replace) history.replaceState(null, "", here);
    else history.pushState(null, "", here);
  }
  followAddress(options.there);
}

/** Points the language switch at the current address's query (or at `there`), e.g. after back or forward. */
export function followAddress(there?: string): void {
  const sw = document.querySelector<HTMLAnchorElement>("a.lang-switch");
  if (!sw) return;
  if (there !== undefined) {
    sw.href = there;
    return;
  }
  const target = new URL(sw.href);
  target.search = location.search;
  sw.href = `${target.pathname}${target.search}`;
}
