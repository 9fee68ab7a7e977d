/// <reference types="astro/client" />

interface PortalHealth {
  status: "ok" | "degraded" | "down";
  db: { status: "ok"; latencyMs: number; schemaVersion: number } | { status: "down"; error: string };
  search: { status: "ok"; engine: string; version: string; latencyMs: number } | { status: "down"; engine: string; error: string };
  version: string;
  uptimeSeconds: number;
  checkedAt: string;
}

declare namespace App {
  /** Provided by the API server (apps/api/src/runtime.ts) to on-demand pages. */
  interface Locals {
    portal?: { health: () => Promise<PortalHealth> };
  }
}
