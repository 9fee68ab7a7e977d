// @portal/partners: API keys for partners (banks, browser extensions, ISPs) with their own quotas —
// issued and revoked by administrators (audited), stored as SHA-256 only, use counted per day.
export { type Admission, PartnerGate, type Resolved } from "./gate.ts";
export {
  type DayUsage,
  findKeyBySecret,
  getKey,
  hashKey,
  type IssueResult,
  issueKey,
  KEY_PATTERN,
  KEY_PREFIX,
  listKeys,
  MAX_PER_DAY,
  MAX_PER_MINUTE,
  PARTNER_KINDS,
  type PartnerKey,
  type PartnerKeyInput,
  type PartnerKeyWithUsage,
  type PartnerKind,
  type RevokeResult,
  revokeKey,
  usedOn,
  utcDay,
} from "./keys.ts";
