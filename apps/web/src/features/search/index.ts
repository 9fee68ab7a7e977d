// Site search: the on-demand search page and its island, which searches as you type through the
// API (GET /search). Results link to any feature's pages by the URLs the search documents carry;
// nothing here imports another feature.
export { default as SearchPage } from "./SearchPage.astro";
