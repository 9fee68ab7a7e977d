// For tests: a real libSQL file in a temporary folder with every migration applied (not a mock),
// agencies and staff accounts made through @portal/auth's own functions, and an IdentifierSink that
// records what it is told — the reports package that will implement it is being written alongside.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAgency, createUser, type Role } from "@portal/auth";
import type { AlertDraftRequest } from "@portal/contracts";
import { type Client, type Database, migrate, openDatabase, resolveDatabaseUrl } from "@portal/db";
import { type AlertActor, type AlertRecord, createAlert, publishAlert, submitAlert, updateAlert } from "./alerts.ts";
import type { AlertIdentifierKind, IdentifierMeta, IdentifierSink, IdentifierValues } from "./indicators.ts";

export interface TempDb extends Database {
  dir: string;
  cleanup(): void;
}

export async function tempDb(): Promise<TempDb> {
  const dir = mkdtempSync(join(tmpdir(), "portal-alerts-"));
  const db = await openDatabase(resolveDatabaseUrl(undefined, dir));
  await migrate(db.client);
  return {
    ...db,
    dir,
    cleanup() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const T0 = new Date("2026-11-29T03:00:00.000Z"); // 10:00 in Hà Nội

let counter = 0;

export async function makeAgency(client: Client, slug = `agency-${++counter}`, names = { nameVi: "Cơ quan thử", nameEn: "Test agency" }) {
  const made = await createAgency(client, { slug, ...names }, { actorId: null }, T0);
  if (!made.ok) throw new Error(made.reason);
  return made.agency;
}

/** A staff account (never activated: the alert functions take the account as the session gives it). */
export async function makeStaff(client: Client, role: Role, agencyId: string | null = null): Promise<AlertActor> {
  const made = await createUser(
    client,
    { email: `staff-${++counter}@example.gov.vn`, name: "Nguyễn Văn A", role, agencyId },
    { actorId: null },
    T0,
  );
  if (!made.ok) throw new Error(made.reason);
  return { id: made.user.id, role, agencyId, ip: "203.0.113.7", userAgent: "test" };
}

export interface SinkCall {
  op: "confirm" | "retire";
  kind?: AlertIdentifierKind;
  value?: IdentifierValues[AlertIdentifierKind];
  source: string;
  meta?: IdentifierMeta;
}

/** Stands in for the reports package's confirmed identifiers: an in-memory set per source, and a log of calls. */
export function recordingSink(): IdentifierSink & { calls: SinkCall[]; confirmed: Map<string, string[]> } {
  const calls: SinkCall[] = [];
  const confirmed = new Map<string, string[]>();
  return {
    calls,
    confirmed,
    confirm(kind, value, source, meta) {
      calls.push({ op: "confirm", kind, value, source, meta });
      const text = typeof value === "string" ? `phone:${value}` : `bank:${(value as { bank: string; account: string }).account}`;
      confirmed.set(source, [...(confirmed.get(source) ?? []), text]);
    },
    retireSource(source) {
      calls.push({ op: "retire", source });
      confirmed.delete(source);
    },
  };
}

/** Drafts for tests, one per shape the formats must handle. */
export const DRAFTS = {
  scam: {
    kind: "scam_campaign",
    severity: "severe",
    urgency: "immediate",
    certainty: "observed",
    tlp: "CLEAR",
    title: { vi: "Trang giả mạo ngân hàng <Ví dụ> & đồng bọn", en: "Fake bank pages <Example> & co" },
    summary: { vi: "Tin nhắn dẫn tới trang đăng nhập giả.", en: "Messages lead to a fake sign-in page." },
    body: { vi: "## Diễn biến\n\nKẻ gian gửi **tin nhắn**.", en: "## What happens\n\nCriminals send **messages**." },
    recommendations: { vi: "- Không bấm vào đường dẫn.", en: "- Do not follow the link." },
    indicators: {
      urls: ["https://bank-verify.example/login"],
      domains: ["bank-xacminh.example"],
      hashes: ["275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"],
      phones: ["0000 111 222"],
      bankAccounts: [{ bank: "Ngân hàng Ví Dụ", account: "0000 1111 2222" }],
    },
  },
  vulnerability: {
    kind: "vulnerability",
    severity: "extreme",
    urgency: "immediate",
    certainty: "observed",
    tlp: "CLEAR",
    title: { vi: "Lỗ hổng thực thi mã từ xa trong Log4j", en: "Remote code execution in Log4j" },
    summary: { vi: "Cập nhật Log4j ngay.", en: "Update Log4j now." },
    body: { vi: "Chuỗi `$jndi` trong nhật ký.", en: "A `$jndi` string in a log." },
    recommendations: { vi: "Cập nhật lên 2.17.1.", en: "Update to 2.17.1." },
    cves: [
      { id: "CVE-2021-44228", cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", cvssScore: 10 },
      { id: "cve-2021-45046", cvssVector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H" },
    ],
    products: [
      { vendor: "Apache", product: "Log4j", versions: ["2.14.1", "< 2.15.0"] },
      { vendor: "Apache", product: "Solr" },
    ],
    references: ["https://logging.apache.org/log4j/2.x/security.html"],
  },
  advice: {
    kind: "advice",
    severity: "minor",
    urgency: "future",
    certainty: "possible",
    tlp: "CLEAR",
    title: { vi: "Bật xác thực hai lớp", en: "Turn on two-step verification" },
    summary: { vi: "Hãy bật xác thực hai lớp.", en: "Turn on two-step verification." },
    body: { vi: "Nội dung.", en: "Text." },
  },
} satisfies Record<string, AlertDraftRequest>;

export interface Team {
  agency: { id: string; slug: string };
  author: AlertActor;
  reviewer: AlertActor;
}

export async function makeTeam(client: Client, slug?: string): Promise<Team> {
  const agency = await makeAgency(client, slug);
  return { agency, author: await makeStaff(client, "publisher", agency.id), reviewer: await makeStaff(client, "publisher", agency.id) };
}

/** Drafts, submits and publishes an alert through the real workflow. */
export async function publishedAlert(
  client: Client,
  team: Team,
  draft: AlertDraftRequest,
  opts: { now?: Date; identifiers?: IdentifierSink; isDemo?: boolean } = {},
): Promise<AlertRecord> {
  const now = opts.now ?? T0;
  const created = await createAlert(client, draft, team.author, { now, isDemo: opts.isDemo });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const submitted = await submitAlert(client, created.alert.id, team.author, { now });
  if (!submitted.ok) throw new Error(submitted.reason);
  const published = await publishAlert(client, created.alert.id, team.reviewer, { now, identifiers: opts.identifiers });
  if (!published.ok) throw new Error(published.reason);
  return published.alert;
}

/** Corrects a published alert (author edits with a note, reviewer publishes). */
export async function correctedAlert(
  client: Client,
  team: Team,
  id: string,
  patch: Record<string, unknown>,
  opts: { now?: Date; identifiers?: IdentifierSink } = {},
): Promise<AlertRecord> {
  const now = opts.now ?? T0;
  const updated = await updateAlert(client, id, { changeNote: "Sửa lại / Corrected.", ...patch }, team.author, { now });
  if (!updated.ok) throw new Error(JSON.stringify(updated));
  const submitted = await submitAlert(client, id, team.author, { now });
  if (!submitted.ok) throw new Error(submitted.reason);
  const published = await publishAlert(client, id, team.reviewer, { now, identifiers: opts.identifiers });
  if (!published.ok) throw new Error(published.reason);
  return published.alert;
}
