// The contract's submission schema, table-driven: every category with every field it asks, every
// field it does not ask, and every bad value of every field it asks. The same schema validates the
// browser form and the API, so these are the answers both give.
import {
  CATEGORY_FIELDS,
  REPORT_CATEGORIES,
  REPORT_FIELDS,
  type ReportCategory,
  type ReportField,
  ReportSubmissionSchema,
} from "@portal/contracts";
import { describe, expect, it } from "vitest";

const VALID: Record<ReportField, unknown> = {
  description: "Tôi nhận được tin nhắn giả danh ngân hàng, yêu cầu đăng nhập để mở khoá tài khoản.",
  url: "http://vietc0mbank-xacthuc.com/dang-nhap",
  phone: "0912 345 678",
  bankName: "Vietcombank",
  bankAccount: "0071 0001 23456",
  accountHolder: "NGUYEN VAN B",
  amountLost: "1.500.000",
  paymentMethod: "bank_transfer",
  contactMethod: "sms",
  platform: "facebook",
  occurredOn: "2025-06-01",
};

const BAD: Record<ReportField, unknown[]> = {
  description: ["quá ngắn", "x".repeat(5001), "có ký tự \u0007 điều khiển lạ trong mô tả", 42],
  url: ["javascript:alert(1)", "không phải đường link", `http://a.vn/${"x".repeat(2048)}`, "localhost", "ftp://files.example.vn/a"],
  phone: ["abc", "12345", "0912-345-678-999-999-99", "+84 912 345 678 ext 2"],
  bankName: ["A", "x".repeat(101), "Vietcom\nbank"],
  bankAccount: ["12345", "abc123456", "1".repeat(21)],
  accountHolder: ["A", "x".repeat(101)],
  amountLost: ["1.5", "-100", "nhiều lắm", 1.5, -1, "9".repeat(20), "1.500,000"],
  paymentMethod: ["atm-bitcoin", 3],
  contactMethod: ["chim bồ câu"],
  platform: ["myspace"],
  occurredOn: ["2024-02-30", "15/01/2024", "2999-01-01", "1999-12-31"],
};

const base = (category: ReportCategory, fields: readonly ReportField[]) => ({
  category,
  consent: "on",
  anonymous: "true",
  ...Object.fromEntries(fields.map((f) => [f, VALID[f]])),
});

const asked = (c: ReportCategory) => [...CATEGORY_FIELDS[c].required, ...CATEGORY_FIELDS[c].optional];
const paths = (input: unknown): string[] => {
  const r = ReportSubmissionSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
};

describe.each(REPORT_CATEGORIES)("a %s report", (category) => {
  const fields = asked(category);

  it("is accepted with every field it asks, answered well", () => {
    const r = ReportSubmissionSchema.safeParse(base(category, fields));
    expect(r.success ? [] : r.error.issues).toEqual([]);
  });

  it("is accepted with only its required fields (and one of each either-or group)", () => {
    const minimal = [...CATEGORY_FIELDS[category].required, ...(CATEGORY_FIELDS[category].oneOf ?? []).map((g) => g[0] as ReportField)];
    expect(paths(base(category, minimal))).toEqual([]);
  });

  for (const f of CATEGORY_FIELDS[category].required)
    it(`is refused without ${f}, and the issue points at ${f}`, () => {
      expect(
        paths(
          base(
            category,
            fields.filter((x) => x !== f),
          ),
        ),
      ).toContain(f);
    });

  for (const group of CATEGORY_FIELDS[category].oneOf ?? [])
    it(`is refused with none of ${group.join(" / ")}`, () => {
      expect(
        paths(
          base(
            category,
            fields.filter((x) => !group.includes(x)),
          ),
        ),
      ).toContain(group[0]);
    });

  for (const f of REPORT_FIELDS.filter((x) => !fields.includes(x)))
    it(`refuses ${f}, which it does not ask for`, () => {
      expect(paths({ ...base(category, fields), [f]: VALID[f] })).toContain(f);
    });

  for (const f of fields)
    it.each(BAD[f].map((v) => [typeof v === "string" && v.length > 40 ? `${v.slice(0, 30)}… (${v.length})` : v, v]))(
      `refuses ${f} = %s, pointing at ${f}`,
      (_shown, bad) => {
        expect(paths({ ...base(category, fields), [f]: bad })).toContain(f);
      },
    );
});

describe("fields every report shares", () => {
  const scam = base("scam", asked("scam"));

  it("needs consent, given as true or a ticked box", () => {
    for (const consent of [undefined, false, "off", "", "no"]) expect(paths({ ...scam, consent }), String(consent)).toContain("consent");
    for (const consent of [true, "on", "true", "1", "yes"]) expect(paths({ ...scam, consent }), String(consent)).toEqual([]);
    expect(paths({ ...scam, consent: "maybe" })).toContain("consent");
  });

  it("drops every contact field of an anonymous report, so none can be stored", () => {
    const r = ReportSubmissionSchema.parse({
      ...scam,
      anonymous: "on",
      contactName: "Lan",
      contactEmail: "lan@example.vn",
      contactPhone: "0987654321",
    });
    expect(r.anonymous).toBe(true);
    expect(r).not.toHaveProperty("contactName");
    expect(r).not.toHaveProperty("contactEmail");
    expect(r).not.toHaveProperty("contactPhone");
  });

  it("asks a named reporter for an e-mail address or a phone number, and checks them", () => {
    expect(paths({ ...scam, anonymous: "off" })).toContain("contactEmail");
    expect(paths({ ...scam, anonymous: false, contactPhone: "0987 654 321" })).toEqual([]);
    expect(paths({ ...scam, anonymous: false, contactEmail: "lan@example.vn", contactName: "Lan" })).toEqual([]);
    expect(paths({ ...scam, anonymous: false, contactEmail: "not-an-email" })).toContain("contactEmail");
    expect(paths({ ...scam, anonymous: false, contactPhone: "phone" })).toContain("contactPhone");
    expect(paths({ ...scam, anonymous: false, contactEmail: "a@b.vn", contactName: "x".repeat(101) })).toContain("contactName");
  });

  it("reads form strings sensibly: amounts with Vietnamese separators, account digits, empty fields as not answered", () => {
    const r = ReportSubmissionSchema.parse({
      ...scam,
      amountLost: "15.000.000 đ",
      bankAccount: "0071-0001-23456",
      occurredOn: "",
      accountHolder: "  ",
    });
    expect(r.amountLost).toBe(15_000_000);
    expect(r.bankAccount).toBe("0071000123456");
    expect(r).not.toHaveProperty("occurredOn");
    expect(r).not.toHaveProperty("accountHolder");
    expect(ReportSubmissionSchema.parse({ ...scam, amountLost: 2_000_000 }).amountLost).toBe(2_000_000);
    expect(ReportSubmissionSchema.parse({ ...scam, amountLost: "1,500,000" }).amountLost).toBe(1_500_000);
  });

  it("pairs a bank account with its bank, and a holder's name with an account", () => {
    const { bankName: _b, ...noBank } = scam as Record<string, unknown>;
    expect(paths(noBank)).toContain("bankName");
    const { bankAccount: _a, ...noAccount } = scam as Record<string, unknown>;
    expect(paths(noAccount)).toContain("bankAccount");
  });

  it("takes an idempotency key of 16 to 128 safe characters", () => {
    expect(paths({ ...scam, idempotencyKey: "6f1c2e7a-4b0d-4a8e-9f3b-2d5c8e1a7b90" })).toEqual([]);
    for (const k of ["short", "x".repeat(129), "có dấu cách và chữ có dấu!!"])
      expect(paths({ ...scam, idempotencyKey: k })).toContain("idempotencyKey");
  });

  it("answers a body that is not an object with an issue, never an exception", () => {
    for (const body of [null, [], "category=scam", 42, undefined]) {
      const r = ReportSubmissionSchema.safeParse(body);
      expect(r.success, JSON.stringify(body)).toBe(false);
    }
  });

  it("refuses an unknown category, and reports every problem at once", () => {
    expect(paths({ ...scam, category: "spam" })).toContain("category");
    const all = paths({ category: "scam", description: "ngắn", phone: "x", consent: "off", platform: "facebook" });
    for (const p of ["description", "phone", "consent", "platform", "contactMethod"]) expect(all).toContain(p);
  });
});
