// The 404 page in both languages (prerendered; the API serves it for any unknown address).
// It imports no other feature.
export { default as NotFoundPage } from "./NotFoundPage.astro";
