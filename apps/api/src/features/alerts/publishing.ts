// What follows a public change (a publication, a correction, a withdrawal) beyond the domain's own
// transaction: the confirmed scam identifiers through the reports package, the link check's index
// reloaded at once, and the alerts' search documents synced — so the checks and search name the
// alert as soon as the staff member sees "published".
import {
  type AlertIdentifierKind,
  alertSearchDocuments,
  type IdentifierMeta,
  type IdentifierSink,
  type IdentifierValues,
} from "@portal/alerts";
import { confirmIdentifier, type IdentifierInput, retireIdentifier } from "@portal/reports";
import type { Deps } from "../../deps.ts";

/** The search type of alert documents (the type facet, search.type.alert on the site). */
export const ALERT_SEARCH_TYPE = "alert";

/**
 * The alerts' phone numbers and bank accounts as the reports package confirms them: one row per
 * identifier and source (`alert:<id>`), retired with the source. Both calls are idempotent, as
 * the domain's IdentifierSink requires (a retry after a crash repeats them). Never logs a value.
 */
export function identifierSink(deps: Pick<Deps, "db" | "log">): IdentifierSink {
  const client = deps.db.client;
  return {
    async confirm<K extends AlertIdentifierKind>(kind: K, value: IdentifierValues[K], source: string, meta: IdentifierMeta) {
      const input: IdentifierInput =
        kind === "phone"
          ? { kind: "phone", value: value as IdentifierValues["phone"] }
          : { kind: "bank_account", ...(value as IdentifierValues["bank_account"]) };
      const r = await confirmIdentifier(client, input, { kinds: [meta.scamKind], source, addedBy: meta.addedBy, now: meta.at });
      // The alert's schema and the reports package's normaliser may disagree on an odd number (the
      // demo alert's is one no one can hold): the rest of the alert still goes out.
      if (!r.ok) deps.log.debug("an alert's identifier was not confirmed", { source, kind, reason: r.reason });
    },
    async retireSource(source) {
      await retireIdentifier(client, source);
    },
  };
}

/** Makes search hold exactly the public alerts (both languages); FTS answers at once, Meilisearch follows. */
export async function syncAlertSearch(deps: Deps): Promise<void> {
  await deps.searchService.sync(ALERT_SEARCH_TYPE, await alertSearchDocuments(deps.db.client), { waitForEngine: false });
}

/**
 * After the domain has committed a public change and put or retired the indicators: the link index
 * reloads now rather than at its next poll, and search learns of the alert. A failure here is
 * logged, not answered: the change is made, and the pollers catch up within seconds.
 */
export async function afterPublicChange(deps: Deps): Promise<void> {
  await Promise.all([
    deps.urlIndex.refresh().catch((err) => deps.log.warn("url index refresh after an alert change failed", { err })),
    syncAlertSearch(deps).catch((err) => deps.log.warn("alert search sync failed", { err })),
  ]);
}
