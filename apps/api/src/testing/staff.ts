// Real staff accounts for tests: created, activated and enrolled through @portal/auth exactly as
// the console does it (the test plays the authenticator app with totpCodeNow), then signed in.
import {
  beginEnrolment,
  completeEnrolment,
  createAgency,
  createSession,
  createUser,
  getAgencyBySlug,
  type Role,
  totpCodeNow,
  type User,
} from "@portal/auth";
import type { Deps } from "../deps.ts";
import { LOCAL_COOKIE, SECURE_COOKIE } from "../http/guards/session.ts";

export interface TestStaff {
  user: User;
  email: string;
  password: string;
  /** The authenticator secret as base32, for totpCodeNow. */
  manualKey: string;
  recoveryCodes: string[];
}

let counter = 0;

/** An agency by slug, made on first use. */
export async function testAgency(deps: Deps, slug: string): Promise<string> {
  const found = await getAgencyBySlug(deps.db.client, slug);
  if (found) return found.id;
  const made = await createAgency(deps.db.client, { slug, nameVi: `Cơ quan ${slug}`, nameEn: `Agency ${slug}` }, { actorId: null });
  if (!made.ok) throw new Error(made.reason);
  return made.agency.id;
}

/** An active, enrolled account (publishers get `agency`, default "agency-a"). */
export async function testStaff(
  deps: Deps,
  role: Role,
  opts: { agency?: string; email?: string; password?: string } = {},
): Promise<TestStaff> {
  counter += 1;
  const email = opts.email ?? `${role}-${counter}-${process.pid}@example.gov.vn`;
  const password = opts.password ?? `mật khẩu thử nghiệm số ${counter}`;
  const agencyId = role === "publisher" ? await testAgency(deps, opts.agency ?? "agency-a") : null;
  const created = await createUser(deps.db.client, { email, name: `Cán bộ ${counter}`, role, agencyId }, { actorId: null });
  if (!created.ok) throw new Error(created.reason);
  const begun = await beginEnrolment(deps.db.client, created.activation.token, deps.totpKey);
  if (!begun.ok) throw new Error(begun.reason);
  const done = await completeEnrolment(
    deps.db.client,
    { token: created.activation.token, password, totp: totpCodeNow(begun.manualKey) },
    { totpKey: deps.totpKey },
    { ip: null, userAgent: "test" },
  );
  if (!done.ok) throw new Error(done.reason);
  return { user: done.user, email, password, manualKey: begun.manualKey, recoveryCodes: done.recoveryCodes };
}

/**
 * A fresh session for the account, as the Cookie header a browser would send: named __Host- when
 * PUBLIC_ORIGIN is https (http/guards/session.ts), plain over a local http:// run.
 */
export async function sessionCookie(deps: Deps, user: User): Promise<string> {
  const { token } = await createSession(deps.db.client, user.id, { ip: null, userAgent: "test" });
  return `${deps.publicOrigin?.startsWith("https:") ? SECURE_COOKIE : LOCAL_COOKIE}=${token}`;
}

/** Headers of a request from the portal's own page (Fetch Metadata), with a session when given. */
export const sameOrigin = (cookie?: string): Record<string, string> => ({
  "sec-fetch-site": "same-origin",
  "content-type": "application/json",
  ...(cookie ? { cookie } : {}),
});
