// Staff accounts as they cross HTTP (/api/v1/staff/*) and the staff pages: sign-in, the signed-in
// person, sessions, users, agencies and the audit log.
import { z } from "zod";
import { isCalendarDay } from "./reports.ts";

export const ROLES = ["admin", "analyst", "publisher"] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

/** Lower-case letters, digits and hyphens: the agency's stable name in URLs and the CLI. */
export const AgencySlug = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]{2,64}$/, "2 to 64 lower-case letters, digits and hyphens");

export const AgencySchema = z
  .object({
    id: z.string(),
    slug: z.string().meta({ example: "vncert" }),
    nameVi: z.string(),
    nameEn: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Agency" });
export type Agency = z.infer<typeof AgencySchema>;

export const StaffUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    agency: z.object({ id: z.string(), slug: z.string(), nameVi: z.string(), nameEn: z.string() }).nullable(),
  })
  .meta({ id: "StaffUser", description: "A staff account as its owner and the other staff see it" });
export type StaffUser = z.infer<typeof StaffUserSchema>;

/** What an administrator sees of an account: its state as well. */
export const StaffAccountSchema = StaffUserSchema.extend({
  status: z.enum(["pending", "active", "disabled"]).meta({ description: "pending: the activation link has not been used yet" }),
  totpEnrolled: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}).meta({ id: "StaffAccount" });
export type StaffAccount = z.infer<typeof StaffAccountSchema>;

const email = z.string().trim().min(3, "enter an e-mail address").max(254, "an e-mail address is at most 254 characters");

export const SignInRequest = z.object({
  email,
  password: z.string().min(1, "enter your password").max(1024),
  totp: z.string().trim().min(1, "enter the code from your authenticator app").max(64),
});
export type SignInRequest = z.infer<typeof SignInRequest>;
export const SignInResponse = z.object({ user: StaffUserSchema });

export const StaffSessionSchema = z
  .object({
    id: z.string(),
    createdAt: z.iso.datetime(),
    lastVerifiedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean().meta({ description: "The session this request came with" }),
  })
  .meta({ id: "StaffSession" });
export type StaffSession = z.infer<typeof StaffSessionSchema>;
export const StaffSessionsResponse = z.object({ sessions: z.array(StaffSessionSchema) });

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});
export const RecoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()) });

export const CreateUserRequest = z.object({
  email,
  name: z.string().trim().min(1, "enter the person's name").max(200),
  role: RoleSchema,
  /** The agency's slug; required for a publisher, refused for the other roles. */
  agency: AgencySlug.optional(),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** An activation (or TOTP re-enrolment) link, shown to the administrator once. */
export const LinkSchema = z.object({
  url: z.string().meta({ description: "Site-relative link to give the person; valid once" }),
  expiresAt: z.iso.datetime(),
});
export const CreateUserResponse = z.object({ user: StaffAccountSchema, activation: LinkSchema });

export const UpdateUserRequest = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: RoleSchema.optional(),
    agency: AgencySlug.nullable().optional(),
    disabled: z.boolean().optional(),
    /** Ends every session of the account now (a lost laptop). */
    endSessions: z.literal(true).optional(),
    /** Removes the TOTP secret and recovery codes, ends the sessions and gives a new enrolment link. */
    resetTotp: z.literal(true).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "say what to change");
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;
export const UpdateUserResponse = z.object({ user: StaffAccountSchema, sessionsEnded: z.number().int(), enrolment: LinkSchema.optional() });
export const UsersResponse = z.object({ users: z.array(StaffAccountSchema) });

export const CreateAgencyRequest = z.object({
  slug: AgencySlug,
  nameVi: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
});
export const AgenciesResponse = z.object({ agencies: z.array(AgencySchema) });

/** A link token from an activation e-mail: 52 lower-case base32 characters. */
export const LinkToken = z.string().regex(/^[a-z2-7]{52}$/, "not a valid link");
export const ActivationRequest = z.object({
  token: LinkToken,
  password: z.string().min(1).max(1024),
  totp: z.string().trim().min(1).max(16),
});
export const ActivationInfoResponse = z.object({
  kind: z.enum(["activate", "totp_reset"]),
  email: z.string(),
  name: z.string(),
  keyUri: z.string().meta({ description: "otpauth:// URI for the authenticator app" }),
  manualKey: z.string().meta({ description: "The secret in base32, to type in by hand" }),
  qrSvg: z.string().meta({ description: "The key URI as an SVG QR code" }),
});
export type ActivationInfo = z.infer<typeof ActivationInfoResponse>;
export const ActivationResponse = z.object({ user: StaffUserSchema, recoveryCodes: z.array(z.string()) });

// A real calendar day: 2026-13-45 has the right digits but no date, and would fail the query later.
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
  .refine(isCalendarDay, "a date as YYYY-MM-DD");
export const AuditQuery = z.object({
  actor: z.string().trim().max(254).optional().meta({ description: "The actor's e-mail address or user id" }),
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_*]+)?$/, 'an action such as "user.create" or "session.*"')
    .optional(),
  from: day.optional().meta({ description: "First day (UTC), inclusive" }),
  to: day.optional().meta({ description: "Last day (UTC), inclusive" }),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime(),
    actorId: z.string().nullable(),
    actorEmail: z.string().nullable(),
    action: z.string(),
    target: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: "AuditEntry" });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditResponse = z.object({
  entries: z.array(AuditEntrySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
