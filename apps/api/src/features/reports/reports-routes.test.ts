import { createHash } from "node:crypto";
import { checkUrl, loadUrlIndex } from "@portal/threat-intel";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type App, createApp } from "../../app.ts";
import { makeTestDeps, type TestDeps } from "../../testing/deps.ts";
import { sameOrigin, sessionCookie, type TestStaff, testStaff } from "../../testing/staff.ts";

let deps: TestDeps;
let app: App;
let analyst: TestStaff;
let admin: TestStaff;

beforeAll(async () => {
  deps = await makeTestDeps({ meiliUrl: inject("meiliUrl"), meiliKey: inject("meiliKey"), env: { REPORTS_PER_HOUR: "0" } });
  app = createApp(deps);
  analyst = await testStaff(deps, "analyst");
  admin = await testStaff(deps, "admin");
});
afterAll(() => deps?.cleanup());

/** A real 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

const phishing = (url: string, extra: Record<string, string> = {}) => ({
  category: "phishing",
  description: "Tin nhắn giả ngân hàng gửi đường link đăng nhập.",
  url,
  contactMethod: "sms",
  consent: "true",
  anonymous: "true",
  ...extra,
});

function form(fields: Record<string, string>, files: { name: string; bytes: Uint8Array; type?: string }[] = []): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append("evidence", new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "application/octet-stream" }), f.name);
  return fd;
}

const submit = (body: FormData | object, headers: Record<string, string> = {}) =>
  app.request("/api/v1/reports", {
    method: "POST",
    body: body instanceof FormData ? body : JSON.stringify(body),
    headers: body instanceof FormData ? headers : { "content-type": "application/json", ...headers },
  });
const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;
const status = (code: string, key: string) => app.request(`/api/v1/reports/${code}`, { headers: { "x-status-key": key } });

describe("sending a report", () => {
  it("takes a multipart report with a picture, acknowledges it with a code and a key, and keeps the file with its SHA-256", async () => {
    const res = await submit(form(phishing("https://vcb-xacthuc.example/login"), [{ name: "anh chup.png", bytes: PNG }]));
    expect(res.status).toBe(201);
    const { trackingCode, statusKey } = await json<{ trackingCode: string; statusKey: string }>(res);
    expect(trackingCode).toMatch(/^VN-\d{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(statusKey.replace(/-/g, "").length).toBeGreaterThanOrEqual(26);
    const seen = await status(trackingCode, statusKey);
    expect(seen.status).toBe(200);
    expect(await json(seen)).toMatchObject({ trackingCode, category: "phishing", status: "new" });
    const rows = await deps.db.client.execute("SELECT sha256, size FROM report_evidence");
    expect(rows.rows.some((r) => r.sha256 === createHash("sha256").update(PNG).digest("hex") && Number(r.size) === PNG.length)).toBe(true);
  });

  it("takes a form whose file input was left empty (the browser sends an empty part with no file name)", async () => {
    const fd = form(phishing("https://no-file.example/"));
    fd.append("evidence", new Blob([]), "");
    const res = await submit(fd);
    expect(res.status).toBe(201);
  });

  it("answers a wrong key exactly like an unknown code", async () => {
    const res = await submit(phishing("https://another-fake.example/"));
    expect(res.status).toBe(201);
    const { trackingCode } = await json<{ trackingCode: string }>(res);
    const wrongKey = await status(trackingCode, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG");
    const unknown = await status("VN-2026-0000-0000", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG");
    const missing = await app.request(`/api/v1/reports/${trackingCode}`);
    expect([wrongKey.status, unknown.status, missing.status]).toEqual([404, 404, 404]);
    const bodies = [await json(wrongKey), await json(unknown), await json(missing)];
    expect(bodies[0]).toEqual(bodies[1]);
    expect(bodies[1]).toEqual(bodies[2]);
  });

  it("names every bad field of a report in details.issues", async () => {
    const res = await submit({ category: "scam", consent: false, anonymous: true });
    expect(res.status).toBe(400);
    const body = await json<{ error: { code: string; details: { issues: { path: string }[] } } }>(res);
    expect(body.error.code).toBe("invalid_request");
    const paths = body.error.details.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["consent", "description"]));
  });

  it("refuses a file whose bytes are not an accepted type (415), whatever its name and claimed type", async () => {
    const zip = Buffer.from("504b0304140000000800", "hex");
    const res = await submit(form(phishing("https://x-fake.example/"), [{ name: "anh.png", bytes: zip, type: "image/png" }]));
    expect(res.status).toBe(415);
    expect(await json(res)).toMatchObject({ error: { code: "unsupported_media_type" } });
    expect((await deps.db.client.execute("SELECT count(*) AS n FROM reports WHERE url LIKE '%x-fake%'")).rows[0]?.n ?? 0).toBe(0);
  });

  it("refuses six files, and stops reading a body that passes 30 MB before it ends (413)", async () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, bytes: PNG }));
    const tooMany = await submit(form(phishing("https://six.example/"), six));
    expect(tooMany.status).toBe(413);
    expect(await json(tooMany)).toMatchObject({ error: { code: "payload_too_large", details: { reason: "too_many_files" } } });

    // A streamed body with no declared length: 31 MB of a PNG-headed file, produced lazily.
    const boundary = "----portal-test-boundary";
    let produced = 0;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\nphishing\r\n--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    const chunk = Buffer.alloc(1024 * 1024, 0);
    const body = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (produced === 0) {
          ctrl.enqueue(new Uint8Array(Buffer.concat([head, PNG])));
          produced = 1;
        } else if (produced < 32) {
          ctrl.enqueue(new Uint8Array(chunk));
          produced++;
        } else ctrl.close();
      },
    });
    const res = await app.request("/api/v1/reports", {
      method: "POST",
      body,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(produced).toBeLessThan(32);
  });

  it("refuses a multipart body without its boundary as a bad request, not a failure of the server", async () => {
    for (const type of ["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; charset=utf-8"]) {
      const res = await app.request("/api/v1/reports", {
        method: "POST",
        body: '{"category":"phishing"}',
        headers: { "content-type": type },
      });
      expect(res.status, type).toBe(400);
      expect(await json(res), type).toMatchObject({ error: { code: "invalid_request" } });
    }
  });

  it("refuses a filled honeypot and a form sent faster than a person can fill it", async () => {
    expect((await submit(phishing("https://h.example/", { website: "http://spam.example" }))).status).toBe(400);
    expect((await submit(phishing("https://h.example/", { formStartedAt: String(Date.now()) }))).status).toBe(400);
    expect((await submit(phishing("https://h.example/", { formStartedAt: String(Date.now() - 60_000) }))).status).toBe(201);
  });

  it("makes one report of a double click: the same idempotency key and answers give the first code and key", async () => {
    const body = phishing("https://double.example/", { idempotencyKey: "double-click-key-0001" });
    const first = await json<{ trackingCode: string; statusKey: string }>(await submit(body));
    const again = await submit(body);
    expect(again.status).toBe(200);
    expect(await json(again)).toMatchObject({ trackingCode: first.trackingCode, statusKey: first.statusKey, duplicate: true });
    const other = await submit({ ...body, description: "Một nội dung khác hẳn." });
    expect(other.status).toBe(409);
  });
});

describe("the public number check and statistics", () => {
  it("answers a phone number in any form, and refuses what is neither a number nor an account", async () => {
    const res = await app.request("/api/v1/scam-identifiers/check?phone=0912%20345%20678");
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ confirmed: false });
    expect((await app.request("/api/v1/scam-identifiers/check?phone=hello")).status).toBe(400);
    expect((await app.request("/api/v1/scam-identifiers/check")).status).toBe(400);
  });

  it("serves the statistics with every small count as '< 5'", async () => {
    const res = await app.request("/api/v1/stats");
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('"< 5"');
  });
});

describe("the analysts' console", () => {
  it("takes a report from the queue through a status change the reporter sees, and blocks its link so the check names the report", async () => {
    const url = `https://bao-cao-${Date.now()}.example/dang-nhap`;
    const sent = await json<{ trackingCode: string; statusKey: string }>(await submit(phishing(url)));
    const cookie = await sessionCookie(deps, analyst.user);
    const queue = await json<{ reports: { id: string; trackingCode: string }[] }>(
      await app.request(`/api/v1/staff/reports?q=${encodeURIComponent(sent.trackingCode)}`, { headers: { cookie } }),
    );
    const id = queue.reports.find((r) => r.trackingCode === sent.trackingCode)?.id as string;
    expect(id).toBeTruthy();
    const change = await app.request(`/api/v1/staff/reports/${id}/status`, {
      method: "POST",
      headers: sameOrigin(cookie),
      body: JSON.stringify({ status: "triaging", publicNote: "Chúng tôi đang xem xét đường dẫn này." }),
    });
    expect(change.status).toBe(200);
    const seen = await json<{ status: string; notes: { text: string }[] }>(await status(sent.trackingCode, sent.statusKey));
    expect(seen.status).toBe("triaging");
    expect(seen.notes.map((n) => n.text)).toContain("Chúng tôi đang xem xét đường dẫn này.");

    const before = await checkUrl(deps.db.client, await loadUrlIndex(deps.db.client), url);
    expect("verdict" in before && before.verdict).toBe("unknown");
    const protect = await app.request(`/api/v1/staff/reports/${id}/protect`, {
      method: "POST",
      headers: sameOrigin(cookie),
      body: JSON.stringify({ kind: "url", value: url }),
    });
    expect(protect.status).toBe(200);
    const check = await json<{ verdict: string; matches: { source: string }[] }>(
      await app.request(`/api/v1/url/check?url=${encodeURIComponent(url)}`),
    );
    expect(check.verdict).toBe("phishing");
    expect(check.matches.map((m) => m.source)).toContain(`report:${sent.trackingCode}`);

    const undo = await app.request(`/api/v1/staff/reports/${id}/protect`, { method: "DELETE", headers: sameOrigin(cookie) });
    expect(undo.status).toBe(200);
    const after = await json<{ verdict: string }>(await app.request(`/api/v1/url/check?url=${encodeURIComponent(url)}`));
    expect(after.verdict).toBe("unknown");
  });

  it("serves evidence only as an attachment, never to be rendered", async () => {
    const sent = await json<{ trackingCode: string }>(
      await submit(form(phishing("https://ev.example/"), [{ name: "<b>x</b>.png", bytes: PNG }])),
    );
    const cookie = await sessionCookie(deps, analyst.user);
    const queue = await json<{ reports: { id: string; trackingCode: string }[] }>(
      await app.request(`/api/v1/staff/reports?q=${sent.trackingCode}`, { headers: { cookie } }),
    );
    const id = queue.reports[0]?.id as string;
    const detail = await json<{ evidence: { id: string }[] }>(await app.request(`/api/v1/staff/reports/${id}`, { headers: { cookie } }));
    const file = await app.request(`/api/v1/staff/reports/${id}/evidence/${detail.evidence[0]?.id}`, { headers: { cookie } });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-type")).toBe("application/octet-stream");
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("exports the queue as CSV, with contact details for administrators only", async () => {
    await submit(phishing("https://csv.example/", { anonymous: "false", contactName: "Trần Thị C", contactEmail: "c@example.vn" }));
    const analystCookie = await sessionCookie(deps, analyst.user);
    const plain = await app.request("/api/v1/staff/reports.csv", { headers: { cookie: analystCookie } });
    expect(plain.status).toBe(200);
    expect(await plain.text()).not.toContain("c@example.vn");
    expect((await app.request("/api/v1/staff/reports.csv?contact=1", { headers: { cookie: analystCookie } })).status).toBe(403);
    const adminCookie = await sessionCookie(deps, admin.user);
    const full = await app.request("/api/v1/staff/reports.csv?contact=1", { headers: { cookie: adminCookie } });
    expect(await full.text()).toContain("c@example.vn");
  });
});
