// The words the feeds and documents use for an alert's kind and state, in both languages, and the
// portal's own name. Written in our own words; Vietnamese in NFC.
import type { AlertKind, Lang } from "@portal/contracts";

type Localised = Record<Lang, string>;

/** The portal as a publisher (Atom feed author, CSAF publisher, OpenPGP key owner). Matches site.name in apps/web. */
export const PORTAL_NAME: Localised = { vi: "Cổng An toàn không gian mạng", en: "Cyberspace Safety Portal" };

export const KIND_LABELS: Record<AlertKind, Localised> = {
  scam_campaign: { vi: "Chiến dịch lừa đảo", en: "Scam campaign" },
  malware: { vi: "Mã độc", en: "Malware" },
  vulnerability: { vi: "Lỗ hổng bảo mật", en: "Vulnerability" },
  data_leak: { vi: "Lộ lọt dữ liệu", en: "Data leak" },
  advice: { vi: "Khuyến nghị an toàn", en: "Safety advice" },
};

export const FEED_TITLES: Localised = {
  vi: "Cảnh báo an toàn thông tin — Cổng An toàn không gian mạng",
  en: "Security alerts — Cyberspace Safety Portal",
};

export const CAP_FEED_TITLES: Localised = {
  vi: "Cảnh báo theo chuẩn CAP 1.2 — Cổng An toàn không gian mạng",
  en: "CAP 1.2 alerts — Cyberspace Safety Portal",
};

/** Put before the title of demo alerts wherever they are shown, as the breach catalogue does. */
export const DEMO_PREFIX: Localised = { vi: "[Dữ liệu minh hoạ] ", en: "[Demo data] " };
/** Put before the title of a withdrawn alert in feeds. */
export const WITHDRAWN_PREFIX: Localised = { vi: "[Đã thu hồi] ", en: "[Withdrawn] " };

/** A title as feeds show it: labelled when it is demo data or withdrawn. */
export function feedTitle(title: string, opts: { lang: Lang; isDemo: boolean; withdrawn: boolean }): string {
  return `${opts.withdrawn ? WITHDRAWN_PREFIX[opts.lang] : ""}${opts.isDemo ? DEMO_PREFIX[opts.lang] : ""}${title}`;
}
