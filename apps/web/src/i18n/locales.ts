// The site's languages as the reader sees them: Vietnamese is the default and lives at the root.
// Small and free of strings, so islands may import it (lib/format.ts does).
import type { Lang } from "@portal/contracts";

export const locales = {
  vi: { label: "Tiếng Việt", htmlLang: "vi", intlLocale: "vi-VN" },
  en: { label: "English", htmlLang: "en", intlLocale: "en-GB" },
} as const satisfies Record<Lang, { label: string; htmlLang: string; intlLocale: string }>;
