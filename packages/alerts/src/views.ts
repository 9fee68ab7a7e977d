// Alerts as they cross HTTP: the stored record mapped to the contract's shapes — the public alert
// (only ever a published version of a TLP:CLEAR alert) and the staff's views with the working copy.
import {
  type Alert,
  type AlertSummary,
  type AlertVersion,
  CAP_MSG_TYPES,
  type Lang,
  paths,
  type StaffAlert,
  type StaffAlertItem,
} from "@portal/contracts";
import { type AlertRecord, type AlertViewer, canManageAlerts, canPublishAlert } from "./alerts.ts";
import { csafDocumentPath } from "./csaf.ts";
import { renderMarkdown } from "./markdown.ts";

/** True when the public may see the alert: published or withdrawn, and TLP:CLEAR. */
export function isPublic(alert: AlertRecord): boolean {
  return alert.publicStatus !== null && alert.published?.tlp === "CLEAR" && alert.trackingId !== null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function publicHistory(alert: AlertRecord): AlertVersion[] {
  return alert.versions.map((v) => ({
    version: v.version,
    change: v.change,
    msgType: CAP_MSG_TYPES[v.change],
    publishedAt: v.publishedAt.toISOString(),
    note: v.note,
  }));
}

/** The list item; null for an alert the public may not see. */
export function toAlertSummary(alert: AlertRecord, lang: Lang = "vi"): AlertSummary | null {
  if (!isPublic(alert) || !alert.published || !alert.trackingId || !alert.firstPublishedAt || !alert.lastPublishedAt) return null;
  const c = alert.published;
  return {
    id: alert.id,
    trackingId: alert.trackingId,
    status: alert.publicStatus as "published" | "withdrawn",
    version: alert.publicVersion,
    kind: c.kind,
    severity: c.severity,
    urgency: c.urgency,
    certainty: c.certainty,
    agency: { slug: alert.agency.slug, nameVi: alert.agency.nameVi, nameEn: alert.agency.nameEn },
    title: c.title,
    summary: c.summary,
    firstPublishedAt: alert.firstPublishedAt.toISOString(),
    updatedAt: alert.lastPublishedAt.toISOString(),
    withdrawnAt: iso(alert.withdrawnAt),
    isDemo: alert.isDemo,
    url: paths.alert(lang, alert.trackingId),
  };
}

/** The whole public alert, its Markdown rendered and sanitised; null for an alert the public may not see. */
export function toPublicAlert(alert: AlertRecord, lang: Lang = "vi"): Alert | null {
  const summary = toAlertSummary(alert, lang);
  if (!summary || !alert.published || !alert.trackingId) return null;
  const c = alert.published;
  const html = (t: { vi: string; en: string }) => ({ vi: renderMarkdown(t.vi), en: renderMarkdown(t.en) });
  return {
    ...summary,
    tlp: "CLEAR",
    audience: c.audience,
    body: c.body,
    bodyHtml: html(c.body),
    recommendations: c.recommendations,
    recommendationsHtml: c.recommendations ? html(c.recommendations) : null,
    cves: c.cves,
    products: c.products,
    references: c.references,
    indicators: c.indicators,
    withdrawalReason: alert.withdrawalReason,
    history: publicHistory(alert),
    links: {
      page: { vi: paths.alert("vi", alert.trackingId), en: paths.alert("en", alert.trackingId) },
      cap: paths.api.alertCap(alert.id),
      csaf: csafDocumentPath(alert),
    },
  };
}

/** A row of the staff list, with what the person asking may do with it. */
export function toStaffAlertItem(alert: AlertRecord, viewer: AlertViewer): StaffAlertItem {
  const c = alert.draft ?? alert.published;
  if (!c) throw new Error(`alert ${alert.id} has neither a working copy nor a published version`);
  return {
    id: alert.id,
    trackingId: alert.trackingId,
    agency: alert.agency,
    title: c.title,
    kind: c.kind,
    severity: c.severity,
    tlp: c.tlp,
    publicStatus: alert.publicStatus,
    draftStatus: alert.draftStatus,
    version: alert.publicVersion,
    authorId: alert.draftAuthorId,
    isDemo: alert.isDemo,
    createdAt: alert.createdAt.toISOString(),
    updatedAt: alert.updatedAt.toISOString(),
    canEdit: canManageAlerts(viewer, alert.agency.id) && alert.publicStatus !== "withdrawn",
    canPublish: canPublishAlert(viewer, alert),
  };
}

/** The staff's whole view: working copy, published version and full history. */
export function toStaffAlert(alert: AlertRecord, viewer: AlertViewer): StaffAlert {
  return {
    ...toStaffAlertItem(alert, viewer),
    draft: alert.draft,
    changeNote: alert.draftNote,
    contributors: alert.contributors,
    submittedAt: iso(alert.submittedAt),
    published: alert.published,
    withdrawalReason: alert.withdrawalReason,
    history: alert.versions.map((v) => ({
      version: v.version,
      change: v.change,
      msgType: CAP_MSG_TYPES[v.change],
      publishedAt: v.publishedAt.toISOString(),
      note: v.note,
      authorId: v.authorId,
      publishedBy: v.publishedBy,
    })),
  };
}
