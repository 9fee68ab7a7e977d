// The about page: why the portal exists, who uses it, privacy and accessibility, in both
// languages. Plain text only; it imports no other feature.
export { default as AboutPage } from "./AboutPage.astro";
