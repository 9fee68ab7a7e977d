// The alert contracts in @portal/contracts (alerts.ts): what the API will accept and answer.
import {
  AlertCreatedResponse,
  AlertDraftRequest,
  AlertListQuery,
  AlertListResponse,
  AlertPatchRequest,
  AlertSchema,
  AlertWithdrawRequest,
  cvss31BaseScore,
  cvssSeverity,
  StaffAlertListResponse,
  StaffAlertResponse,
} from "@portal/contracts";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getStaffAlert } from "./alerts.ts";
import { getPublicAlert, listPublicAlerts } from "./public.ts";
import { DRAFTS, makeTeam, publishedAlert, tempDb } from "./test-db.ts";
import { toStaffAlert } from "./views.ts";

describe("CVSS v3.1 base scores", () => {
  it.each([
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "CRITICAL"],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10, "CRITICAL"],
    ["CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H", 9, "CRITICAL"],
    ["CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, "HIGH"],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5, "HIGH"],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, "MEDIUM"],
    ["CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 6.5, "MEDIUM"],
    ["CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N", 4.3, "MEDIUM"],
    ["CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N", 0, "NONE"],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C", 9.8, "CRITICAL"],
  ])("scores %s as %s (%s), as FIRST's calculator does", (vector, score, severity) => {
    expect(cvss31BaseScore(vector)).toBe(score);
    expect(cvssSeverity(score)).toBe(severity);
  });

  it("refuses what is not a v3.1 vector with the base metrics in order", () => {
    expect(cvss31BaseScore("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toBeNull();
    expect(cvss31BaseScore("CVSS:3.1/AC:L/AV:N/PR:N/UI:N/S:U/C:H/I:H/A:H")).toBeNull();
    expect(cvss31BaseScore("AV:N/AC:L/Au:N/C:P/I:P/A:P")).toBeNull();
  });
});

describe("the draft request", () => {
  it("takes the issue's example shape, with optional parts left out", () => {
    const full = AlertDraftRequest.safeParse({
      ...DRAFTS.scam,
      cves: [],
      products: [{ vendor: "Ví dụ", product: "Ứng dụng", versions: [] }],
      references: [],
      indicators: { urls: [], domains: [], hashes: [], phones: [], bankAccounts: [{ bank: "Ngân hàng", account: "0123 456 789" }] },
    });
    expect(full.success).toBe(true);
    expect(AlertDraftRequest.safeParse(DRAFTS.advice).success).toBe(true);
  });

  it("normalises texts to NFC and trims them, and refuses what is empty, too long or out of the lists", () => {
    const decomposed = { vi: "  Vie\u0302\u0323t Nam  ", en: "Viet Nam" };
    const parsed = AlertDraftRequest.parse({ ...DRAFTS.advice, title: decomposed });
    expect(parsed.title.vi).toBe("Việt Nam");
    const bad = AlertDraftRequest.safeParse({
      ...DRAFTS.advice,
      severity: "Severe",
      tlp: "WHITE",
      title: { vi: "", en: "x".repeat(161) },
      references: ["javascript:alert(1)"],
      cves: [{ id: "CVE-21-1" }, { id: "CVE-2021-1234", cvssScore: 5 }],
      indicators: { hashes: ["abc"], phones: ["12"], domains: ["http://x.example/"] },
    });
    expect(bad.success).toBe(false);
    const paths = bad.success ? [] : bad.error.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining([
        "severity",
        "tlp",
        "title.vi",
        "title.en",
        "references.0",
        "cves.0.id",
        "cves.1.cvssVector",
        "indicators.hashes.0",
        "indicators.phones.0",
        "indicators.domains.0",
      ]),
    );
  });

  it("lets a PATCH name any part, and a note be one text or one per language", () => {
    expect(AlertPatchRequest.safeParse({}).success).toBe(false);
    expect(AlertPatchRequest.safeParse({ severity: "extreme" }).success).toBe(true);
    expect(AlertPatchRequest.safeParse({ changeNote: "Sửa lỗi chính tả." }).success).toBe(true);
    expect(AlertWithdrawRequest.safeParse({ reason: { vi: "Trùng lặp.", en: "Duplicate." } }).success).toBe(true);
    expect(AlertWithdrawRequest.safeParse({ reason: "" }).success).toBe(false);
  });

  it("reads list queries as they come in a URL", () => {
    expect(AlertListQuery.parse({ year: "2026", page: "2", kind: "malware" })).toEqual({ year: 2026, page: 2, kind: "malware" });
    expect(AlertListQuery.safeParse({ kind: "spam" }).success).toBe(false);
  });

  it("can be described in JSON Schema for the OpenAPI document", () => {
    for (const schema of [AlertDraftRequest, AlertPatchRequest, AlertWithdrawRequest, AlertListQuery]) {
      expect(() => z.toJSONSchema(schema, { io: "input" })).not.toThrow();
    }
    for (const schema of [AlertSchema, AlertListResponse, StaffAlertResponse, StaffAlertListResponse, AlertCreatedResponse]) {
      expect(() => z.toJSONSchema(schema)).not.toThrow();
    }
  });
});

describe("the answers", () => {
  it("match their contract schemas", async () => {
    const db = await tempDb();
    try {
      const team = await makeTeam(db.client);
      const a = await publishedAlert(db.client, team, DRAFTS.vulnerability);
      expect(AlertSchema.parse(await getPublicAlert(db.client, a.id))).toBeTruthy();
      expect(AlertListResponse.parse(await listPublicAlerts(db.client)).total).toBe(1);
      const staff = await getStaffAlert(db.client, a.id, team.author);
      if (!staff.ok) throw new Error(staff.reason);
      expect(StaffAlertResponse.parse({ alert: toStaffAlert(staff.alert, team.author) })).toBeTruthy();
    } finally {
      db.cleanup();
    }
  });
});
