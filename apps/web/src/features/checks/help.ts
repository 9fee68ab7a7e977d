// The help contacts (content/help-contacts) for the verdict cards' help box, in one language.
// Server-side only: page frontmatter reads the collection and hands the island plain props.

import { getCollection } from "astro:content";
import type { Lang } from "@portal/contracts";
import type { HelpContact } from "./check.ts";

/** The contacts shown on dangerous and suspicious verdicts, in the editors' order. */
export async function verdictHelp(lang: Lang): Promise<HelpContact[]> {
  const all = await getCollection("helpContacts");
  return all
    .map((e) => e.data)
    .filter((d) => d.onVerdicts)
    .sort((a, b) => a.order - b.order)
    .map((d) => ({ number: d.number, url: d.url, name: d.name[lang], purpose: d.purpose[lang] }));
}
