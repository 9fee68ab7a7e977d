// Values that vitest global set-ups hand to tests through `inject()`.
declare module "vitest" {
  export interface ProvidedContext {
    /** The run's shared real Meilisearch (tools/test/meili-global.ts). */
    meiliUrl: string;
    meiliKey: string;
    /** The real portal started for end-to-end tests (e2e/portal-global.ts). */
    portalUrl: string;
    /** That portal's DATA_DIR, for running the CLI against the same database. */
    portalDataDir: string;
  }
}

export {};
