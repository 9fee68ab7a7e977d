// The operators' side of staff accounts: `npm run portal -- user …` and `… agency …`. The first
// administrator can only be made here; the rest usually come from the console.
import { userInfo } from "node:os";
import {
  type AuditContext,
  beginEnrolment,
  completeEnrolment,
  createAgency,
  createUser,
  getAgencyBySlug,
  getUserByEmail,
  listAgencies,
  listUsers,
  ROLES,
  type Role,
  resetTotp,
  totpCodeNow,
  totpQrTerminal,
  updateUser,
} from "@portal/auth";
import { paths } from "@portal/contracts";
import type { CliCommand } from "../types.ts";
import { accountView, agencyIndex } from "./view.ts";

const text = (v: string | true | undefined) => (typeof v === "string" ? v : undefined);

function operator(): AuditContext {
  let name = "unknown";
  try {
    name = userInfo().username;
  } catch {}
  return { actorId: null, ip: null, userAgent: `cli:${name}` };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // A trailing newline from `echo` is not part of the password; everything else is.
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

const USER_USAGE = `user create --email E --name "N" --role admin|analyst|publisher [--agency SLUG] [--password-stdin]
  user list | user disable --email E | user reset-totp --email E`;

export const userCommand: CliCommand = {
  usage: "user <create|list|disable|reset-totp>",
  description: `staff accounts:\n${USER_USAGE}`,
  async run({ deps, args, options, out, err }) {
    const client = deps.db.client;
    const [sub] = args;
    if (sub === "list") {
      const agencies = await agencyIndex(client);
      const users = (await listUsers(client, { includeDisabled: true })).map((u) => accountView(u, agencies));
      if (users.length === 0) out("No staff accounts yet. Create the first administrator with `user create --role admin`.");
      for (const u of users) out(`${u.email}\t${u.role}${u.agency ? `:${u.agency.slug}` : ""}\t${u.status}\t${u.name}`);
      return 0;
    }
    const email = text(options.email);
    if (!email) {
      err(`Name the account with --email. Usage:\n  ${USER_USAGE}`);
      return 2;
    }
    if (sub === "create") {
      const role = text(options.role);
      const name = text(options.name);
      if (!role || !(ROLES as readonly string[]).includes(role) || !name) {
        err(`Give --name and --role (${ROLES.join(", ")}). Usage:\n  ${USER_USAGE}`);
        return 2;
      }
      let agencyId: string | null = null;
      const slug = text(options.agency);
      if (slug) {
        const agency = await getAgencyBySlug(client, slug);
        if (!agency) {
          err(`No agency "${slug}". Add it first: npm run portal -- agency create --slug ${slug} --name-vi "…" --name-en "…"`);
          return 2;
        }
        agencyId = agency.id;
      }
      const created = await createUser(client, { email, name, role: role as Role, agencyId }, operator());
      if (!created.ok) {
        err(`Not created: ${created.reason.replace(/_/g, " ")}.`);
        return 2;
      }
      if (!options["password-stdin"]) {
        out(
          `Created ${created.user.email} (${role}). Give them this one-time activation link, valid until ${created.activation.expiresAt.toISOString()}:`,
        );
        out(`  ${deps.origin}${paths.activation("vi", created.activation.token)}`);
        return 0;
      }
      // Non-interactive: the operator sets the password and the server enrols the authenticator
      // itself, confirming with the code of this moment (spent, so it cannot be used to sign in).
      const password = await readStdin();
      const begun = await beginEnrolment(client, created.activation.token, deps.totpKey);
      if (!begun.ok) throw new Error("The new account's activation link did not open.");
      const done = await completeEnrolment(
        client,
        { token: created.activation.token, password, totp: totpCodeNow(begun.manualKey) },
        { totpKey: deps.totpKey, isBreached: deps.isPasswordBreached },
        { ip: null, userAgent: operator().userAgent ?? null },
      );
      if (!done.ok) {
        err(
          done.reason === "too_short" || done.reason === "too_long"
            ? "Not activated: a password has 12 to 128 characters. The account exists; activate it with the link from `user reset-totp`."
            : done.reason === "breached"
              ? "Not activated: that password appears in known breaches. The account exists; activate it with the link from `user reset-totp`."
              : `Not activated: ${done.reason}.`,
        );
        return 2;
      }
      out(`Created and activated ${done.user.email} (${role}).`);
      out("\nAdd it to an authenticator app — scan this code, or open the otpauth:// link on the phone:");
      out(await totpQrTerminal(begun.keyUri));
      out(begun.keyUri);
      out(`Manual key: ${begun.manualKey}`);
      out("\nRecovery codes (each works once; store them offline — they are not shown again):");
      for (const code of done.recoveryCodes) out(`  ${code}`);
      return 0;
    }
    const user = await getUserByEmail(client, email);
    if (!user) {
      err(`No staff account has the e-mail address ${email}.`);
      return 2;
    }
    if (sub === "disable") {
      const r = await updateUser(client, user.id, { disabled: true }, operator());
      if (!r.ok) throw new Error(r.reason);
      out(`Disabled ${user.email}; ${r.sessionsEnded} session(s) ended.`);
      return 0;
    }
    if (sub === "reset-totp") {
      const r = await resetTotp(client, user.id, operator());
      if (!r.ok) throw new Error(r.reason);
      out(
        `Authenticator removed from ${user.email}; ${r.sessionsEnded} session(s) ended. One-time link to enrol again, valid until ${r.enrolment.expiresAt.toISOString()}:`,
      );
      out(`  ${deps.origin}${paths.activation("vi", r.enrolment.token)}`);
      return 0;
    }
    err(`Unknown: user ${sub ?? ""}. Usage:\n  ${USER_USAGE}`);
    return 2;
  },
};

export const agencyCommand: CliCommand = {
  usage: "agency <create|list>",
  description: 'agencies that publish alerts:\nagency create --slug vncert --name-vi "…" --name-en "…" | agency list',
  async run({ deps, args, options, out, err }) {
    const [sub] = args;
    if (sub === "list") {
      for (const a of await listAgencies(deps.db.client)) out(`${a.slug}\t${a.nameVi}\t${a.nameEn}`);
      return 0;
    }
    if (sub === "create") {
      const slug = text(options.slug);
      const nameVi = text(options["name-vi"]);
      const nameEn = text(options["name-en"]);
      if (!slug || !nameVi || !nameEn) {
        err('Give --slug, --name-vi and --name-en: agency create --slug vncert --name-vi "…" --name-en "…"');
        return 2;
      }
      const r = await createAgency(deps.db.client, { slug, nameVi, nameEn }, operator());
      if (!r.ok) {
        err(`Not created: ${r.reason.replace(/_/g, " ")}.`);
        return 2;
      }
      out(`Agency "${r.agency.slug}" added.`);
      return 0;
    }
    err('Usage: agency create --slug S --name-vi "…" --name-en "…" | agency list');
    return 2;
  },
};
