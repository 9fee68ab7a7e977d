// The editors' content lives in /content (outside the app) as Markdown with frontmatter.
// Every field is documented here; a wrong or missing field fails the build with the file named.
import { defineCollection } from "astro:content";
import { AUDIENCES, TOPICS } from "@portal/contracts";
import { glob } from "astro/loaders";
import { z } from "astro/zod";
import { isOfficialSource } from "./features/content/official-sources.ts";

const isoDate = z.coerce.date();

/** Stable keys of legal texts, used to link guidance to the texts it rests on (and back). */
const legalKey = z.string().regex(/^[a-z0-9-]+$/, "a legal text key such as 04-ct-btttt-2019");

const guidance = defineCollection({
  // content/guidance/vi/<slug>.md and content/guidance/en/<slug>.md; the file name is the URL slug.
  loader: glob({ pattern: "{vi,en}/*.md", base: "../../content/guidance" }),
  schema: z.object({
    /** Same value in the Vietnamese and English files of one article: pairs the two languages. */
    key: z.string().regex(/^[a-z0-9-]+$/),
    /** Page title, in the file's language. */
    title: z.string().min(10).max(120),
    /** One or two sentences shown in lists, search results and social previews. */
    summary: z.string().min(40).max(300),
    /** Who the article is for; at least one. */
    audience: z.array(z.enum(AUDIENCES)).min(1),
    /** The article's main topic (the list page filters on it); the search filter takes the same list. */
    topic: z.enum(TOPICS),
    /** howto: numbered steps to follow; explainer: background and advice. */
    kind: z.enum(["howto", "explainer"]),
    /** Date of the last substantive change (YYYY-MM-DD). */
    updated: isoDate,
    /** Keys of the legal texts this article rests on. */
    legal: z.array(legalKey).default([]),
    /** Keys of other guidance articles to suggest at the end. */
    related: z.array(z.string()).default([]),
  }),
});

const legal = defineCollection({
  // content/legal/vi/<slug>.md and content/legal/en/<slug>.md
  loader: glob({ pattern: "{vi,en}/*.md", base: "../../content/legal" }),
  schema: z
    .object({
      /** Same in both languages; what guidance articles cite in `legal`. */
      key: legalKey,
      /** Official number exactly as issued, e.g. "04/CT-BTTTT". */
      number: z.string().min(3),
      /** Title of the text in the file's language. */
      title: z.string().min(10),
      /** Kind of text. */
      type: z.enum(["law", "decree", "decision", "directive", "circular", "official-letter"]),
      /** Issuing body, in the file's language (the body that passed or issued it, e.g. the National Assembly). */
      issuer: z.string().min(3),
      /** Who signed it; omit when no checkable source names the signer. */
      signer: z.string().optional(),
      /** Date of issue, or of passing for a law (YYYY-MM-DD). */
      issued: isoDate,
      /** Date it took effect (YYYY-MM-DD); omit when no checkable source states it. */
      effective: isoDate.optional(),
      /**
       * Whether it still applies, as the editors confirmed it from an official source; omit when
       * they have not (the page then shows no status rather than a guess).
       */
      status: z.enum(["in-force", "amended", "expired"]).optional(),
      /** Subjects, in the file's language (short phrases). */
      subjects: z.array(z.string()).min(1),
      /** Keys of related legal texts. */
      related: z.array(legalKey).default([]),
      /**
       * The official text: the national legal database (vbpl.vn), the official gazette
       * (congbao.chinhphu.vn) or the issuing body's portal — never a commercial law site. Omit when
       * no official copy can be linked; the page then says where to look it up.
       */
      sourceUrl: z
        .url()
        .refine(isOfficialSource, "link an official source (vbpl.vn, congbao.chinhphu.vn or a .gov.vn portal), not a commercial law site")
        .optional(),
      /** Whose site sourceUrl is, in the file's language, e.g. "Công báo Chính phủ"; required with sourceUrl. */
      sourceName: z.string().min(3).optional(),
      /** One or two sentences for lists and search results. */
      summary: z.string().min(40).max(400),
    })
    .refine((d) => Boolean(d.sourceUrl) === Boolean(d.sourceName), {
      message: "give sourceUrl and sourceName together (the link and whose site it is), or neither",
      path: ["sourceName"],
    }),
});

/** Text in both languages, for a record that is one file for both (help contacts). */
const bilingual = z.object({ vi: z.string().min(3), en: z.string().min(3) });

const helpContacts = defineCollection({
  // content/help-contacts/<key>.json: one contact in both languages. Ship only contacts confirmed
  // from an official source, and say which in `source`; a bank's hotline is not listed here (each
  // person's bank has its own: the help box tells them where to find it).
  loader: glob({ pattern: "*.json", base: "../../content/help-contacts" }),
  schema: z
    .object({
      /** Place in the help box, smallest first. */
      order: z.number().int(),
      /** The number to call, digits only (e.g. "113"); give this or `url`. */
      number: z
        .string()
        .regex(/^\d{3,12}$/)
        .optional(),
      /** An official web address to go to instead of a number. */
      url: z.url().optional(),
      /** Shown in the help box of a dangerous or suspicious verdict (checks); otherwise only listed. */
      onVerdicts: z.boolean(),
      /** Who answers, in both languages. */
      name: bilingual,
      /** When to contact them, in both languages. */
      purpose: bilingual,
      /** The official source the editors confirmed the contact from, in both languages. */
      source: bilingual,
    })
    .refine((d) => Boolean(d.number) !== Boolean(d.url), { message: "give a number or a url, not both", path: ["number"] }),
});

export const collections = { guidance, legal, helpContacts };
