// What an alert is, as stored and as the other modules read it (CAP, CSAF, Atom, indicators,
// views). Kept apart from the workflow in alerts.ts so that those modules and the workflow do not
// import each other.
import type { Role } from "@portal/auth";
import type { AlertChange, AlertContent, AlertDraftStatus, AlertPublicStatus } from "@portal/contracts";

export type Localised = { vi: string; en: string };

/** Who is asking: a staff account as the session gives it (the fields of @portal/auth's User that matter here). */
export interface AlertViewer {
  id: string;
  role: Role;
  /** The publisher's agency; null for administrators and analysts. */
  agencyId: string | null;
}

/** Who is acting, and from where (for the audit row). */
export interface AlertActor extends AlertViewer {
  ip?: string | null;
  userAgent?: string | null;
}

export interface AlertVersionRecord {
  version: number;
  change: AlertChange;
  content: AlertContent;
  note: Localised | null;
  authorId: string | null;
  publishedBy: string | null;
  publishedAt: Date;
}

/** One alert as stored: its working copy, its public state and every published version. */
export interface AlertRecord {
  id: string;
  agency: { id: string; slug: string; nameVi: string; nameEn: string };
  trackingId: string | null;
  /** Year of the first publication (Vietnam time); null before. */
  year: number | null;
  publicStatus: AlertPublicStatus | null;
  /** The version the public sees; 0 before the first publication. */
  publicVersion: number;
  /** The content of that version; null before the first publication. */
  published: AlertContent | null;
  firstPublishedAt: Date | null;
  lastPublishedAt: Date | null;
  withdrawnAt: Date | null;
  withdrawalReason: Localised | null;
  draftStatus: AlertDraftStatus | null;
  draft: AlertContent | null;
  draftNote: Localised | null;
  draftAuthorId: string | null;
  /** Everyone who wrote part of the working copy; none of them may publish it. */
  contributors: string[];
  submittedBy: string | null;
  submittedAt: Date | null;
  isDemo: boolean;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Oldest first. */
  versions: AlertVersionRecord[];
}
