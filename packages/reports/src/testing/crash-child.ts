// Run by evidence.test.ts in a separate process. It submits one report for real (acknowledged:
// its code is printed), then stores the files of a second one (fsynced), opens that report's write
// transaction, inserts its rows, and kills itself with SIGKILL before the commit — a real crash
// between the files' fsync and the database commit.
import { ReportSubmissionSchema } from "@portal/contracts";
import { openDatabase } from "@portal/db";
import { EvidenceUpload, FolderEvidenceStore } from "../evidence.ts";
import { submitReport } from "../intake.ts";

const [dbUrl, dir] = process.argv.slice(2) as [string, string];
const db = await openDatabase(dbUrl);
const store = new FolderEvidenceStore(dir);
const text = async function* (s: string) {
  yield Buffer.from(s);
};

const first = new EvidenceUpload(store);
await first.add(text("Tin nhắn của báo cáo đã được xác nhận.\n"), "da-gui.txt");
const input = ReportSubmissionSchema.parse({
  category: "scam",
  description: "Báo cáo được gửi trọn vẹn trước khi máy sập.",
  contactMethod: "sms",
  anonymous: true,
  consent: true,
});
const made = await submitReport(db.client, store, input, first.files);
if (!made.ok) throw new Error("the first report was refused");

const second = new EvidenceUpload(store);
for (const s of ["Tin nhắn lừa đảo thứ nhất.\n", "Tin nhắn lừa đảo thứ hai.\n"]) await second.add(text(s), "tin-nhan.txt");
const tx = await db.client.transaction("write");
await tx.execute({
  sql: `INSERT INTO reports (id, tracking_code, status_key_hash, category, status, description, anonymous, consent_at, search_text, created_at, updated_at)
        VALUES ('crashed', 'VN-2026-CRSH-0000', x'00', 'scam', 'new', 'never committed', 1, '', '', '', '')`,
});
for (const f of second.files)
  await tx.execute({
    sql: "INSERT INTO report_evidence (id, report_id, sha256, size, mime, ext, kind, created_at) VALUES (?, 'crashed', ?, ?, ?, ?, ?, '')",
    args: [f.id, f.sha256, f.size, f.mime, f.ext, f.kind],
  });
const ack = { trackingCode: made.trackingCode, files: first.files.map((f) => f.id), orphans: second.files.map((f) => f.id) };
process.stdout.write(`${JSON.stringify(ack)}\n`, () => process.kill(process.pid, "SIGKILL"));
