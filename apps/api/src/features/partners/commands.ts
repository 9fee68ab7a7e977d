// The operators' side of partner keys: `npm run portal -- partner issue|list|revoke`. The CLI is a
// process of its own: a key it revokes is refused by a running server within its 10 s key cache.
import { userInfo } from "node:os";
import type { AuditContext } from "@portal/auth";
import { issueKey, listKeys, PARTNER_KINDS, type PartnerKind, revokeKey } from "@portal/partners";
import type { CliCommand } from "../types.ts";

function operator(): AuditContext {
  let name = "unknown";
  try {
    name = userInfo().username;
  } catch {}
  return { actorId: null, ip: null, userAgent: `cli:${name}` };
}

const text = (v: string | true | undefined) => (typeof v === "string" ? v : undefined);

const USAGE = `partner issue --name "N" --kind bank|extension|isp|other --per-minute N --per-day N
  partner list | partner revoke --id ID`;

export const partnerCommand: CliCommand = {
  usage: "partner <issue|list|revoke>",
  description: `partner API keys with their own quotas:\n${USAGE}`,
  async run({ deps, args, options, out, err }) {
    const client = deps.db.client;
    const [sub] = args;
    if (sub === "list") {
      const keys = await listKeys(client);
      if (keys.length === 0) out("No partner keys yet.");
      for (const k of keys)
        out(
          `${k.id}\t${k.revokedAt ? "revoked" : "active"}\t${k.kind}\t${k.hint}\t${k.perMinute}/min\t${k.perDay}/day\ttoday ${k.today.requests} requests, ${k.today.items} units, ${k.today.refused} refused\t${k.name}`,
        );
      return 0;
    }
    if (sub === "issue") {
      const name = text(options.name);
      const kind = text(options.kind);
      const perMinute = Number(text(options["per-minute"]));
      const perDay = Number(text(options["per-day"]));
      if (!name || !kind || !(PARTNER_KINDS as readonly string[]).includes(kind)) {
        err(`Usage: ${USAGE}`);
        return 2;
      }
      const r = await issueKey(client, { name, kind: kind as PartnerKind, perMinute, perDay }, operator());
      if (!r.ok) {
        err(r.reason === "invalid_quota" ? "--per-minute and --per-day must be whole numbers of at least 1." : `Not issued: ${r.reason}.`);
        return 1;
      }
      out(`Issued key ${r.key.id} for ${r.key.name} (${r.key.perMinute} a minute, ${r.key.perDay} a day).`);
      out("The key, shown this once (only its SHA-256 is kept) — give it to the partner over a safe channel:");
      out(r.secret);
      return 0;
    }
    if (sub === "revoke") {
      const id = text(options.id);
      if (!id) {
        err(`Usage: ${USAGE}`);
        return 2;
      }
      const r = await revokeKey(client, id, operator());
      if (!r.ok) {
        err(r.reason === "not_found" ? `No partner key has the id ${id}.` : `The key ${id} is already revoked.`);
        return 1;
      }
      out(`Revoked key ${id} (${r.key.name}). A running server refuses it within 10 s.`);
      return 0;
    }
    err(`Usage: ${USAGE}`);
    return 2;
  },
};
