// UI strings: one pair of files per feature, src/i18n/ui/{vi,en}/<feature>.json, flat dotted keys
// prefixed with the feature ("url.verdict.phishing"). Merged here; see checkStrings below.
const viFiles = import.meta.glob<Record<string, string>>("./ui/vi/*.json", { eager: true, import: "default" });
const enFiles = import.meta.glob<Record<string, string>>("./ui/en/*.json", { eager: true, import: "default" });

/** Merges one language's files; a key defined in two files is an error, named with both files. */
export function mergeStrings(files: Record<string, Record<string, string>>, problems: string[]): Record<string, string> {
  const merged: Record<string, string> = {};
  const from: Record<string, string> = {};
  for (const [file, strings] of Object.entries(files)) {
    for (const [key, value] of Object.entries(strings)) {
      if (key in merged) problems.push(`"${key}" is defined in both ${from[key]} and ${file}`);
      merged[key] = value;
      from[key] = file;
    }
  }
  return merged;
}

const mergeProblems: string[] = [];
const vi = mergeStrings(viFiles, mergeProblems);
const en = mergeStrings(enFiles, mergeProblems);

/** The site's languages; Vietnamese is the default and lives at the root. */
export const locales = {
  vi: { label: "Tiếng Việt", htmlLang: "vi", dateLocale: "vi-VN" },
  en: { label: "English", htmlLang: "en", dateLocale: "en-GB" },
} as const;
export type Lang = keyof typeof locales;
export const defaultLang: Lang = "vi";
export const otherLang = (lang: Lang): Lang => (lang === "vi" ? "en" : "vi");

/** Any key of the string files; a wrong one fails at build time through t() below. */
export type UIKey = string;
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
      if (v === undefined) problems.push(`src/i18n/ui/${name}/ is missing "${key}"`);
      else if (v.trim() === "") problems.push(`src/i18n/ui/${name}/ has an empty "${key}"`);
      else if (v !== v.normalize("NFC")) problems.push(`src/i18n/ui/${name}/: "${key}" is not Unicode NFC`);
    }
  }
  return problems;
}

const problems = [...mergeProblems, ...checkStrings(strings)];
if (problems.length > 0) {
  throw new Error(`UI strings are incomplete — add the keys to both files:\n  ${problems.join("\n  ")}`);
}

/** The UI string `key` in `lang`; `{name}` placeholders are replaced from `vars`. */
export function t(lang: Lang, key: UIKey, vars: Record<string, string | number> = {}): string {
  const s = strings[lang][key];
  // Pages are prerendered, so an unknown key stops `astro build` rather than reaching a reader.
  if (s === undefined) throw new Error(`Unknown UI string "${key}": add it to a file in src/i18n/ui/vi/ and src/i18n/ui/en/`);
  return s.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}
