// Agencies that publish security alerts; each publisher account is bound to one of them.
import type { Client } from "@portal/db";
import { type AuditContext, auditStatement } from "./audit.ts";
import { randomId } from "./random.ts";

/** Lower-case letters, digits and single hyphens between them, 2–64 characters: "vncert", "bo-cong-an". */
export const AGENCY_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface Agency {
  id: string;
  slug: string;
  nameVi: string;
  nameEn: string;
  createdAt: Date;
}

export interface AgencyInput {
  slug: string;
  nameVi: string;
  nameEn: string;
}

export type CreateAgencyResult = { ok: true; agency: Agency } | { ok: false; reason: "invalid_slug" | "invalid_name" | "slug_taken" };

function agencyFromRow(r: Record<string, unknown>): Agency {
  return {
    id: String(r.id),
    slug: String(r.slug),
    nameVi: String(r.name_vi),
    nameEn: String(r.name_en),
    createdAt: new Date(String(r.created_at)),
  };
}

function cleanName(name: string): string | null {
  const n = name.normalize("NFC").trim().replace(/\s+/g, " ");
  return n.length > 0 && n.length <= 200 ? n : null;
}

/** Adds an agency and the audit row for it, together. */
export async function createAgency(
  client: Client,
  input: AgencyInput,
  actor: AuditContext,
  now: Date = new Date(),
): Promise<CreateAgencyResult> {
  const slug = input.slug.trim();
  if (slug.length < 2 || slug.length > 64 || !AGENCY_SLUG.test(slug)) return { ok: false, reason: "invalid_slug" };
  const nameVi = cleanName(input.nameVi);
  const nameEn = cleanName(input.nameEn);
  if (!nameVi || !nameEn) return { ok: false, reason: "invalid_name" };
  if (await getAgencyBySlug(client, slug)) return { ok: false, reason: "slug_taken" };

  const agency: Agency = { id: randomId(), slug, nameVi, nameEn, createdAt: now };
  try {
    await client.batch(
      [
        {
          sql: "INSERT INTO agencies (id, slug, name_vi, name_en, created_at) VALUES (?, ?, ?, ?, ?)",
          args: [agency.id, slug, nameVi, nameEn, now.toISOString()],
        },
        auditStatement({ ...actor, action: "agency.create", target: `agency:${agency.id}`, details: { slug } }, now),
      ],
      "write",
    );
  } catch (err) {
    // Another request created the same slug between our check and the insert.
    if (await getAgencyBySlug(client, slug)) return { ok: false, reason: "slug_taken" };
    throw err;
  }
  return { ok: true, agency };
}

/** All agencies, by slug. */
export async function listAgencies(client: Client): Promise<Agency[]> {
  const res = await client.execute("SELECT * FROM agencies ORDER BY slug");
  return res.rows.map((r) => agencyFromRow(r as Record<string, unknown>));
}

export async function getAgency(client: Client, id: string): Promise<Agency | null> {
  const res = await client.execute({ sql: "SELECT * FROM agencies WHERE id = ?", args: [id] });
  const row = res.rows[0];
  return row ? agencyFromRow(row as Record<string, unknown>) : null;
}

export async function getAgencyBySlug(client: Client, slug: string): Promise<Agency | null> {
  const res = await client.execute({ sql: "SELECT * FROM agencies WHERE slug = ?", args: [slug] });
  const row = res.rows[0];
  return row ? agencyFromRow(row as Record<string, unknown>) : null;
}
