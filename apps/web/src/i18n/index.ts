import en from "./ui/en.json";
import vi from "./ui/vi.json";

/** The site's languages; Vietnamese is the default and lives at the root. */
export const locales = {
  vi: { label: "Tiếng Việt", htmlLang: "vi", dateLocale: "vi-VN" },
  en: { label: "English", htmlLang: "en", dateLocale: "en-GB" },
} as const;
export type Lang = keyof typeof locales;
export const defaultLang: Lang = "vi";
export const otherLang = (lang: Lang): Lang => (lang === "vi" ? "en" : "vi");

export type UIKey = keyof typeof vi;
const strings: Record<Lang, Record<string, string>> = { vi, en };

/**
 * Both string files must have exactly the same keys. Checked when this module loads, so a
 * missing or stray key fails `astro build` with the file and key named, never a page at run time.
 */
export function checkStrings(files: Record<string, Record<string, string>>): string[] {
  const problems: string[] = [];
  const all = new Set(Object.values(files).flatMap((f) => Object.keys(f)));
  for (const [name, file] of Object.entries(files)) {
    for (const key of all) {
      const v = file[key];
      if (v === undefined) problems.push(`src/i18n/ui/${name}.json is missing "${key}"`);
      else if (v.trim() === "") problems.push(`src/i18n/ui/${name}.json has an empty "${key}"`);
      else if (v !== v.normalize("NFC")) problems.push(`src/i18n/ui/${name}.json: "${key}" is not Unicode NFC`);
    }
  }
  return problems;
}

const problems = checkStrings(strings);
if (problems.length > 0) {
  throw new Error(`UI strings are incomplete — add the keys to both files:\n  ${problems.join("\n  ")}`);
}

/** The UI string `key` in `lang`; `{name}` placeholders are replaced from `vars`. */
export function t(lang: Lang, key: UIKey, vars: Record<string, string | number> = {}): string {
  const s = strings[lang][key];
  if (s === undefined) throw new Error(`Unknown UI string "${key}"`);
  return s.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}
