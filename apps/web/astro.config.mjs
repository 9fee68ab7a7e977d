// @ts-check
import node from "@astrojs/node";
import react from "@astrojs/react";
import { defineConfig } from "astro/config";
import { precompress } from "./src/integrations/precompress.ts";

export default defineConfig({
  // Pages are prerendered; a page opts into on-demand rendering with `export const prerender = false`
  // and is then served by the API process through the Node adapter in middleware mode.
  output: "static",
  adapter: node({ mode: "middleware" }),
  // precompress: .br and .gz beside the built text files, sent as they are by the API.
  integrations: [react(), precompress()],
  i18n: {
    defaultLocale: "vi",
    locales: ["vi", "en"],
    routing: { prefixDefaultLocale: false },
  },
  build: {
    format: "directory",
    // The CSP allows style-src 'self' only: every stylesheet must be a file, never inline.
    inlineStylesheets: "never",
  },
  trailingSlash: "ignore",
  // Public address of the portal, for absolute URLs in the sitemap, RSS and canonical links.
  ...(process.env.SITE_URL ? { site: process.env.SITE_URL } : {}),
  devToolbar: { enabled: false },
  // Astro's own log messages: into the API's JSON log, URLs redacted (src/lib/astro-log.mjs).
  logger: { entrypoint: "./src/lib/astro-log.mjs" },
});
