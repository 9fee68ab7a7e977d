// Import formats of the breach domain: the Pwned Passwords corpus and one breach with its accounts.
import { BreachImportError, ImportError, importBreach, importPwnedPasswords, readCatalogueFile } from "@portal/breach";
import { withTransaction } from "@portal/db";
import type { Importer } from "../types.ts";

export const pwnedPasswordsImporter: Importer = {
  description: "Pwned Passwords from the HIBP downloader: one HASH:COUNT file, or a folder of per-prefix files (SHA-1; NTLM with --ntlm)",
  usage: "[--ntlm]",
  async run(ctx) {
    const dir = ctx.deps.paths.pwnedDir;
    const progress = ctx.progress("hashes");
    try {
      const r = await importPwnedPasswords(ctx.path, {
        dir,
        mode: ctx.options.ntlm ? "ntlm" : "sha1",
        onProgress: (n) => progress.set(n),
      });
      progress.set(r.hashes + r.duplicates);
      progress.done();
      const rate = Math.round((r.hashes + r.duplicates + r.skippedZero) / Math.max(r.seconds, 0.001));
      // The corpus is written to a temporary file and renamed over the old one (CorpusWriter): a
      // killed import leaves the old corpus, and the store reopens the new file within a second.
      const counts = { files: r.files, stored: r.hashes, duplicates: r.duplicates, skipped: r.skippedZero };
      const summary = `Imported ${r.hashes.toLocaleString("en-US")} ${r.mode.toUpperCase()} hashes from ${r.files.toLocaleString("en-US")} ${r.layout === "folder" ? "range files" : "file"} in ${r.seconds.toFixed(1)} s (${rate.toLocaleString("en-US")} lines/s)${r.duplicates ? `; ${r.duplicates} duplicates merged` : ""}${r.skippedZero ? `; ${r.skippedZero} padding lines (count 0) skipped` : ""}. The corpus at ${dir} was replaced; a running portal serves it within a second.`;
      return { source: `pwned-${r.mode}`, counts, summary };
    } catch (err) {
      progress.done();
      if (err instanceof ImportError) throw new Error(err.message);
      throw err;
    }
  },
};

export const breachImporter: Importer = {
  description: "one breach: <catalogue.json> <identifiers-file> (e-mails and phone numbers, one a line; only their SHA-1 is stored)",
  usage: "<catalogue.json> <identifiers-file>",
  async run(ctx) {
    const [catalogue, identifiers] = ctx.paths;
    if (!catalogue || !identifiers) {
      throw new Error("Name both files: npm run portal -- import breach <catalogue.json> <identifiers-file>");
    }
    const progress = ctx.progress("identifiers");
    try {
      const input = await readCatalogueFile(catalogue);
      // One transaction: a failed or killed import leaves the breach as it was (or absent).
      const r = await withTransaction(ctx.deps.db.client, (tx) => importBreach(tx, input, identifiers, (n) => progress.set(n)));
      progress.done();
      const counts = { read: r.read, stored: r.accounts, emails: r.emails, phones: r.phones, rejected: r.invalid };
      const summary = `Breach "${r.breach.name}" (${r.breach.title}): ${r.accounts.toLocaleString("en-US")} distinct accounts stored as SHA-1 hashes, from ${r.read.toLocaleString("en-US")} lines (${r.emails} e-mail addresses, ${r.phones} phone numbers, ${r.invalid} lines that were neither and were skipped). The identifiers file was read, not copied; delete it when you no longer need it.`;
      return { source: r.breach.name, counts, summary };
    } catch (err) {
      progress.done();
      if (err instanceof BreachImportError) throw new Error(err.message);
      throw err;
    }
  },
};
