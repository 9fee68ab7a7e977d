// The staff console's rules that need no request: who may open which page, where a sign-in may
// send someone next, and how secrets are laid out for a person to copy. Plain functions, tested
// in staff.test.ts.
import { type Lang, paths, type Role, type StaffPageKey, staffPages } from "@portal/contracts";

/**
 * Who may open each page. "anyone" pages work signed out (sign-in, activation); "staff" is any
 * signed-in person; a list of roles is those roles only. The API enforces the same per route —
 * this decides what the console shows (its links, the 403 page), not what is allowed.
 */
export const PAGE_ACCESS: Record<StaffPageKey, "anyone" | "staff" | readonly Role[]> = {
  home: "anyone",
  activate: "anyone",
  account: "staff",
  users: ["admin"],
  agencies: "staff",
  audit: ["admin"],
  reports: ["analyst", "admin"],
  alerts: ["publisher", "admin"],
  alertNew: ["publisher", "admin"],
  partners: ["admin"],
};

export function mayOpen(role: Role, key: StaffPageKey): boolean {
  const access = PAGE_ACCESS[key];
  return access === "anyone" || access === "staff" || access.includes(role);
}

/** The console's own pages in the order its navigation lists them (activation is reached by link only). */
export const CONSOLE_PAGES: readonly StaffPageKey[] = ["home", "reports", "alerts", "account", "users", "agencies", "audit", "partners"];

/** The pages a sign-in may lead on to: each needs a session. Never a URL from outside this list. */
const NEXT_TARGETS: ReadonlySet<string> = new Set(
  CONSOLE_PAGES.filter((k) => PAGE_ACCESS[k] !== "anyone").flatMap((k) => [staffPages[k].vi, staffPages[k].en]),
);

/**
 * `?next=` as given back after sign-in: one of the console's own paths exactly as `staffPages`
 * writes it, or null. Comparing against the fixed list (rather than checking that it "looks
 * relative") is what rules out an open redirect: `//evil.example`, `/\evil`, `https:…` and
 * encoded variants are simply not in it (OWASP Unvalidated Redirects cheat sheet: allow-list).
 */
export function safeNext(value: string | null | undefined): string | null {
  return typeof value === "string" && NEXT_TARGETS.has(value) ? value : null;
}

/** The page key of a console path in either language, or null. */
export function staffPageOf(path: string): StaffPageKey | null {
  for (const [key, p] of Object.entries(staffPages)) if (p.vi === path || p.en === path) return key as StaffPageKey;
  return null;
}

/** A manual TOTP key in groups of four, as authenticator apps show and people type it: "JBSW Y3DP …". */
export function groupKey(key: string): string {
  return (
    key
      .replace(/\s+/g, "")
      .match(/.{1,4}/g)
      ?.join(" ") ?? key
  );
}

/** Whole minutes to wait from a Retry-After in seconds, at least one (nobody wants "0 minutes"). */
export function minutesToWait(retryAfterSeconds: number | null): number {
  if (retryAfterSeconds === null || !Number.isFinite(retryAfterSeconds) || retryAfterSeconds <= 0) return 1;
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}

/**
 * The activation link to hand over, absolute, in the console's language. The API writes the
 * Vietnamese path (`paths.activation("vi", token)`); an English console gives the English page.
 */
export function absoluteActivationLink(apiUrl: string, origin: string, lang: Lang): string {
  const url = new URL(apiUrl, origin);
  const token = url.searchParams.get("token");
  return token ? new URL(paths.activation(lang, token), origin).href : url.href;
}

/** The UI string key of a role's name. */
export const roleKey = (role: Role) => `staff.role.${role}` as const;

/**
 * A browser and system from a User-Agent, for the sessions list ("Chrome", "Windows"): enough for a
 * person to recognise their own device, not a fingerprint. Null parts are shown as "unknown".
 */
export function describeAgent(ua: string | null): { browser: string | null; system: string | null } {
  if (!ua) return { browser: null, system: null };
  // Order matters: Edge and Opera say "Chrome" too, and Chrome says "Safari".
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\//.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /coc_coc_browser\//.test(ua)
          ? "Cốc Cốc"
          : /Chrom(e|ium)\//.test(ua)
            ? "Chrome"
            : /Safari\//.test(ua)
              ? "Safari"
              : ua.startsWith("cli:")
                ? "CLI"
                : null;
  const system = /Windows/.test(ua)
    ? "Windows"
    : /Android/.test(ua)
      ? "Android"
      : /iPhone|iPad/.test(ua)
        ? "iOS"
        : /Mac OS X/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : null;
  return { browser, system };
}
