/// <reference types="astro/client" />

declare namespace App {
  /**
   * Provided by the API server to on-demand pages (built from its features in
   * apps/api/src/site/locals.ts). The type is the contract's: nothing is mirrored here.
   */
  interface Locals {
    portal?: import("@portal/contracts").PortalLocals;
  }
}
