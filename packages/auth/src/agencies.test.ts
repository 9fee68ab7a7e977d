import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgency, getAgency, getAgencyBySlug, listAgencies } from "./agencies.ts";
import { listAudit } from "./audit.ts";
import { type TempDb, tempDb } from "./test-db.ts";

const NOW = new Date("2025-03-01T08:00:00.000Z");
const admin = { actorId: "admin-1", ip: "192.0.2.1", userAgent: "test" };

let db: TempDb;
beforeAll(async () => {
  db = await tempDb();
});
afterAll(() => db.cleanup());

describe("agencies", () => {
  it("creates an agency, finds it by id and slug, and lists agencies by slug", async () => {
    const made = await createAgency(db.client, { slug: "vncert", nameVi: "Trung tâm VNCERT/CC", nameEn: "VNCERT/CC" }, admin, NOW);
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    await createAgency(db.client, { slug: "a05-bo-cong-an", nameVi: "Cục A05", nameEn: "Department A05" }, admin, NOW);
    expect(await getAgency(db.client, made.agency.id)).toEqual(made.agency);
    expect((await getAgencyBySlug(db.client, "vncert"))?.nameVi).toBe("Trung tâm VNCERT/CC");
    expect((await listAgencies(db.client)).map((a) => a.slug)).toEqual(["a05-bo-cong-an", "vncert"]);
  });

  it("refuses a slug that is not lower-case a-z, 0-9 and single hyphens", async () => {
    for (const slug of ["VNCERT", "bộ-công-an", "a", "-lead", "trail-", "two--hyphens", "with space", "x".repeat(65), "under_score"]) {
      expect(await createAgency(db.client, { slug, nameVi: "Tên", nameEn: "Name" }, admin, NOW), slug).toEqual({
        ok: false,
        reason: "invalid_slug",
      });
    }
  });

  it("refuses a slug already taken and an empty name", async () => {
    await createAgency(db.client, { slug: "taken", nameVi: "Một", nameEn: "One" }, admin, NOW);
    expect(await createAgency(db.client, { slug: "taken", nameVi: "Hai", nameEn: "Two" }, admin, NOW)).toEqual({
      ok: false,
      reason: "slug_taken",
    });
    expect(await createAgency(db.client, { slug: "blank", nameVi: "  ", nameEn: "Blank" }, admin, NOW)).toEqual({
      ok: false,
      reason: "invalid_name",
    });
  });

  it("writes an agency.create audit row with the actor", async () => {
    const made = await createAgency(db.client, { slug: "audited", nameVi: "Có ghi", nameEn: "Audited" }, admin, NOW);
    if (!made.ok) throw new Error(made.reason);
    const log = await listAudit(db.client, { action: "agency.create" });
    const row = log.rows.find((r) => r.target === `agency:${made.agency.id}`);
    expect(row).toMatchObject({ actorId: "admin-1", ip: "192.0.2.1", details: { slug: "audited" } });
  });

  it("is also guarded by the database: a bad slug written directly is refused", async () => {
    await expect(
      db.client.execute(
        "INSERT INTO agencies (id, slug, name_vi, name_en, created_at) VALUES ('x', 'Bad Slug', 'a', 'b', '2025-01-01T00:00:00.000Z')",
      ),
    ).rejects.toThrow(/CHECK constraint/);
  });
});
