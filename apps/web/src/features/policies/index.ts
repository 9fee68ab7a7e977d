// The portal's policy pages: privacy, terms of use and the accessibility statement, both languages.
// Owns their copy only; it may not touch the tools it describes (it links to them by path).
export { default as AccessibilityPage } from "./AccessibilityPage.astro";
export { default as PrivacyPage } from "./PrivacyPage.astro";
export { default as TermsPage } from "./TermsPage.astro";
