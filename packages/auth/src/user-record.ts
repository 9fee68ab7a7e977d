// The staff account as the rest of the portal sees it, and how it is read from a row. Kept apart
// from users.ts so that session.ts can read users without importing the account operations.

export const ROLES = ["admin", "analyst", "publisher"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  /** Normalised: NFC, trimmed, lower-case. */
  email: string;
  name: string;
  role: Role;
  /** The publisher's agency; null for admins and analysts. */
  agencyId: string | null;
  activatedAt: Date | null;
  disabledAt: Date | null;
  totpEnrolled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Columns for userFromRow, qualified so they can be joined (never the password hash or TOTP secret). */
export const USER_COLUMNS = `users.id AS user_id, users.email AS user_email, users.name AS user_name, users.role AS user_role,
  users.agency_id AS user_agency_id, users.activated_at AS user_activated_at, users.disabled_at AS user_disabled_at,
  users.totp_secret_enc IS NOT NULL AS user_totp_enrolled, users.created_at AS user_created_at, users.updated_at AS user_updated_at`;

function date(v: unknown): Date | null {
  return v == null ? null : new Date(String(v));
}

export function userFromRow(r: Record<string, unknown>): User {
  return {
    id: String(r.user_id),
    email: String(r.user_email),
    name: String(r.user_name),
    role: String(r.user_role) as Role,
    agencyId: r.user_agency_id == null ? null : String(r.user_agency_id),
    activatedAt: date(r.user_activated_at),
    disabledAt: date(r.user_disabled_at),
    totpEnrolled: Number(r.user_totp_enrolled) === 1,
    createdAt: new Date(String(r.user_created_at)),
    updatedAt: new Date(String(r.user_updated_at)),
  };
}

/** Only an activated, enabled account with TOTP enrolled may sign in (DESIGN.md: TOTP for every staff account). */
export function canSignIn(user: User): boolean {
  return user.activatedAt !== null && user.disabledAt === null && user.totpEnrolled;
}

/**
 * E-mail addresses are compared in one form: NFC (so "ồ" typed two ways is one address), trimmed,
 * lower-case. Lower-casing the local part is stricter than RFC 5321 allows but is what every staff
 * mail system here does, and it stops "Anh@" and "anh@" becoming two accounts.
 */
export function normaliseEmail(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

/** A deliberately loose shape check (one "@", a dot in the domain, no spaces, RFC 5321 length). */
export function isEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email);
}
