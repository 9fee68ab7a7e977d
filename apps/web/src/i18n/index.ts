// UI strings: one pair of files per feature, src/i18n/ui/{vi,en}/<feature>.json, flat dotted keys
// prefixed with the feature ("check.verdict.phishing"). The files are imported one by one, not
// globbed, so that UIKey is the union of their keys and a mistyped key fails `astro check`.
// Adding a file: import both languages below and add them to `files`.
import type { Lang } from "@portal/contracts";
import { fill } from "./fill.ts";
import enAlerts from "./ui/en/alerts.json";
import enBreach from "./ui/en/breach.json";
import enCheck from "./ui/en/check.json";
import enContent from "./ui/en/content.json";
import enCore from "./ui/en/core.json";
import enPartners from "./ui/en/partners.json";
import enReports from "./ui/en/reports.json";
import enStaff from "./ui/en/staff.json";
import viAlerts from "./ui/vi/alerts.json";
import viBreach from "./ui/vi/breach.json";
import viCheck from "./ui/vi/check.json";
import viContent from "./ui/vi/content.json";
import viCore from "./ui/vi/core.json";
import viPartners from "./ui/vi/partners.json";
import viReports from "./ui/vi/reports.json";
import viStaff from "./ui/vi/staff.json";

/** Every key of the string files. */
export type UIKey =
  | keyof typeof viAlerts
  | keyof typeof viBreach
  | keyof typeof viCheck
  | keyof typeof viContent
  | keyof typeof viCore
  | keyof typeof viPartners
  | keyof typeof viReports
  | keyof typeof viStaff;

/** Every prefix of a key: "legal" and "legal.status" for "legal.status.in-force". */
type Prefixes<K extends string> = K extends `${infer Head}.${infer Rest}` ? Head | `${Head}.${Prefixes<Rest>}` : never;
/** A prefix that at least one key has: what stringsFor() takes. */
export type KeyPrefix = Prefixes<UIKey>;
/** The keys under a prefix: KeysUnder<"check"> is every "check.…" key. */
export type KeysUnder<P extends string> = Extract<UIKey, `${P}.${string}`>;
/** A feature's strings in one language, as a view hands them to its island. */
export type Strings<P extends KeyPrefix> = Readonly<Record<KeysUnder<P>, string>>;

// The compiler checks that each English file has every key of its Vietnamese one; checkStrings()
// below checks the other direction, empty strings and NFC when this module loads.
const files = {
  vi: {
    "./ui/vi/alerts.json": viAlerts,
    "./ui/vi/breach.json": viBreach,
    "./ui/vi/check.json": viCheck,
    "./ui/vi/content.json": viContent,
    "./ui/vi/core.json": viCore,
    "./ui/vi/partners.json": viPartners,
    "./ui/vi/reports.json": viReports,
    "./ui/vi/staff.json": viStaff,
  },
  en: {
    "./ui/en/alerts.json": enAlerts satisfies Record<keyof typeof viAlerts, string>,
    "./ui/en/breach.json": enBreach satisfies Record<keyof typeof viBreach, string>,
    "./ui/en/check.json": enCheck satisfies Record<keyof typeof viCheck, string>,
    "./ui/en/content.json": enContent satisfies Record<keyof typeof viContent, string>,
    "./ui/en/core.json": enCore satisfies Record<keyof typeof viCore, string>,
    "./ui/en/partners.json": enPartners satisfies Record<keyof typeof viPartners, string>,
    "./ui/en/reports.json": enReports satisfies Record<keyof typeof viReports, string>,
    "./ui/en/staff.json": enStaff satisfies Record<keyof typeof viStaff, string>,
  },
};

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
const strings: Record<Lang, Record<string, string>> = {
  vi: mergeStrings(files.vi, mergeProblems),
  en: mergeStrings(files.en, mergeProblems),
};

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
  // The key's type is checked; this still stops `astro build` should a cast let a wrong one through.
  if (s === undefined) throw new Error(`Unknown UI string "${key}": add it to a file in src/i18n/ui/vi/ and src/i18n/ui/en/`);
  return fill(s, vars);
}

/**
 * The strings under the given key prefixes in `lang`, as one flat record: the one way a view hands
 * a feature's strings to its island (`stringsFor(lang, "check")`), keys in the files' order.
 */
export function stringsFor<P extends KeyPrefix>(lang: Lang, ...prefixes: P[]): Strings<P> {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(strings[lang])) {
    if (prefixes.some((p) => key.startsWith(`${p}.`))) picked[key] = value;
  }
  // The record holds exactly the keys of KeysUnder<P>: every key of the files under those prefixes.
  return picked as Strings<P>;
}
