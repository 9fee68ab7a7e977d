// For tests: a real libSQL file in a temporary folder, migrated with every migration (not a mock),
// and a helper that takes a staff account through the real activation flow.
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import type { Client } from "@portal/db";
import { tempDb as temp } from "@portal/db/testing";
import { createAgency } from "./agencies.ts";
import { randomBytes } from "./random.ts";
import { totpStep } from "./totp.ts";
import type { Role, User } from "./user-record.ts";
import { beginEnrolment, completeEnrolment, createUser } from "./users.ts";

export type { TempDb } from "@portal/db/testing";
export const tempDb = () => temp("auth");

/** A fixed key for tests; the app reads its own with loadOrCreateKey. */
export const TEST_KEY = randomBytes(32);

/** The six-digit code an authenticator app would show for this secret at this instant (RFC 6238), `steps` steps away. */
export function codeAt(secret: Uint8Array, at: Date, steps = 0): string {
  return generateHOTP(secret, BigInt(totpStep(at) + steps), 6);
}

/** The secret inside an otpauth:// URI, as an authenticator app reads it. */
export function secretFromUri(uri: string): Uint8Array {
  const secret = new URL(uri).searchParams.get("secret");
  if (!secret) throw new Error(`no secret in ${uri}`);
  return decodeBase32IgnorePadding(secret);
}

export interface TestUser {
  user: User;
  email: string;
  password: string;
  secret: Uint8Array;
  recoveryCodes: string[];
}

let agencyCounter = 0;

/** Creates, activates and enrols an account through the public functions (one argon2 hash). */
export async function enrolledUser(
  client: Client,
  options: { email?: string; password?: string; role?: Role; now?: Date } = {},
): Promise<TestUser> {
  const now = options.now ?? new Date("2025-03-01T08:00:00.000Z");
  const email = options.email ?? `staff-${Buffer.from(randomBytes(4)).toString("hex")}@example.gov.vn`;
  const password = options.password ?? "một mật khẩu đủ dài";
  const role = options.role ?? "analyst";
  let agencyId: string | null = null;
  if (role === "publisher") {
    agencyCounter += 1;
    const made = await createAgency(
      client,
      { slug: `agency-${agencyCounter}-${Date.now()}`, nameVi: "Cơ quan", nameEn: "Agency" },
      { actorId: null },
      now,
    );
    if (!made.ok) throw new Error(made.reason);
    agencyId = made.agency.id;
  }
  const created = await createUser(client, { email, name: "Nguyễn Văn A", role, agencyId }, { actorId: null }, now);
  if (!created.ok) throw new Error(created.reason);
  const begun = await beginEnrolment(client, created.activation.token, TEST_KEY, now);
  if (!begun.ok) throw new Error(begun.reason);
  const secret = secretFromUri(begun.keyUri);
  const done = await completeEnrolment(
    client,
    { token: created.activation.token, password, totp: codeAt(secret, now) },
    { totpKey: TEST_KEY },
    { ip: "203.0.113.1", userAgent: "test" },
    now,
  );
  if (!done.ok) throw new Error(done.reason);
  return { user: done.user, email, password, secret, recoveryCodes: done.recoveryCodes };
}
