import type { InlineHashes } from "./csp-hashes.ts";

/**
 * Security headers for every response, API and site alike. The CSP allows only our own origin:
 * no inline scripts or styles except the exact ones the built site contains, allowed by hash
 * (Astro is built with inlineStylesheets: "never"; see csp-hashes.ts), and no framing.
 */
export function contentSecurityPolicy(hashes: InlineHashes = { scripts: [], styles: [] }): string {
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval' lets the file check compile hash-wasm's WebAssembly (the file is hashed in
    // the browser and never uploaded). It allows WebAssembly compilation only — not eval() or
    // inline script (CSP Level 3, "wasm-unsafe-eval").
    ["script-src 'self' 'wasm-unsafe-eval'", ...hashes.scripts].join(" "),
    ["style-src 'self'", ...hashes.styles].join(" "),
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "report-uri /api/v1/csp-reports",
  ].join("; ");
}

/** The API's CSP: JSON and text answers load nothing. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The headers for JSON and text API answers, as the OWASP REST Security Cheat Sheet lists them
 * ("Security Headers"): no caching unless the route says otherwise, no framing, no MIME sniffing,
 * HSTS over TLS. The rest of the site's set (Referrer-Policy, Permissions-Policy, COOP, CORP) is
 * for documents; leaving it off shortens every API answer, which bench/url.ts measured (Node
 * spends per-header time in setHeader and on the wire).
 */
export function apiSecurityHeaders(https: boolean, csp: string): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
  };
  if (https) headers["strict-transport-security"] = HSTS;
  return headers;
}

const HSTS = "max-age=63072000; includeSubDomains";

export function securityHeaders(https: boolean, csp: string = contentSecurityPolicy()): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
  };
  // HSTS only means something over TLS; sent over plain HTTP it would be ignored at best.
  if (https) headers["strict-transport-security"] = HSTS;
  return headers;
}
