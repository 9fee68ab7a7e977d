// How staff records leave the server: the contract's shapes, never a hash, secret or token.
import { type AuditEntry, type Agency as AuthAgency, listAgencies, type Session, type User } from "@portal/auth";
import type { Agency, AuditEntry as AuditEntryView, StaffAccount, StaffSession, StaffUser } from "@portal/contracts";
import type { Client } from "@portal/db";

export const agencyView = (a: AuthAgency): Agency => ({
  id: a.id,
  slug: a.slug,
  nameVi: a.nameVi,
  nameEn: a.nameEn,
  createdAt: a.createdAt.toISOString(),
});

/** Agencies by id, read once for a list of users. */
export async function agencyIndex(client: Client): Promise<Map<string, AuthAgency>> {
  return new Map((await listAgencies(client)).map((a) => [a.id, a]));
}

export function userView(u: User, agencies: Map<string, AuthAgency>): StaffUser {
  const a = u.agencyId ? agencies.get(u.agencyId) : undefined;
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    agency: a ? { id: a.id, slug: a.slug, nameVi: a.nameVi, nameEn: a.nameEn } : null,
  };
}

export function accountView(u: User, agencies: Map<string, AuthAgency>): StaffAccount {
  return {
    ...userView(u, agencies),
    status: u.disabledAt ? "disabled" : u.activatedAt ? "active" : "pending",
    totpEnrolled: u.totpEnrolled,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

export const sessionView = (s: Session, currentId: string): StaffSession => ({
  id: s.id,
  createdAt: s.createdAt.toISOString(),
  lastVerifiedAt: s.lastVerifiedAt.toISOString(),
  expiresAt: s.expiresAt.toISOString(),
  ip: s.ip,
  userAgent: s.userAgent,
  current: s.id === currentId,
});

export const auditView = (e: AuditEntry): AuditEntryView => ({
  id: e.id,
  at: e.at.toISOString(),
  actorId: e.actorId,
  actorEmail: e.actorEmail,
  action: e.action,
  target: e.target,
  details: e.details,
  ip: e.ip,
  userAgent: e.userAgent,
});
