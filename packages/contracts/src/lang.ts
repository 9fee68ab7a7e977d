// The portal's languages. Vietnamese is the default and lives at the site's root.
import { z } from "zod";

export const LANGS = ["vi", "en"] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = "vi";

export const LangSchema = z.enum(LANGS);
export const otherLang = (lang: Lang): Lang => (lang === "vi" ? "en" : "vi");
export const isLang = (s: string): s is Lang => s === "vi" || s === "en";
