// Date-times as the alert formats want them. Vietnam keeps UTC+07:00 all year (no daylight saving),
// so a fixed offset is exact. CAP 1.2 §3.3.2 requires "2002-05-24T16:49:00-07:00": an offset and no
// fractional seconds — JavaScript's toISOString() ("…T09:00:00.000Z") is not a valid CAP dateTime.

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

/** "2026-11-29T10:00:00+07:00": Vietnam time, whole seconds, explicit offset (CAP 1.2, RFC 3339, RFC 4287). */
export function vnDateTime(at: Date): string {
  const shifted = new Date(Math.floor(at.getTime() / 1000) * 1000 + VN_OFFSET_MS);
  return `${shifted.toISOString().slice(0, 19)}+07:00`;
}

/** The calendar year in Vietnam at that instant: the year of a tracking ID and of the CSAF folder. */
export function vnYear(at: Date): number {
  return new Date(at.getTime() + VN_OFFSET_MS).getUTCFullYear();
}
