// The alerts' machine-read addresses outside the API (RFC 8615 /.well-known/): the CSAF 2.0
// trusted-provider distribution — provider metadata, the TLP:CLEAR documents with their hashes
// and OpenPGP signatures, index.txt, changes.csv, the ROLIE feed, the public key — and RFC 9116's
// security.txt pointing at it. Every absolute URL from Deps.origin, never the Host header.
import {
  type CsafEntry,
  checksumLine,
  csafBytes,
  csafChangesCsv,
  csafEntries,
  csafIndexTxt,
  csafProviderMetadata,
  csafRolieFeed,
  getPublicAlertRecord,
  listPublicAlertRecords,
  securityEmail,
  storedSignature,
} from "@portal/alerts";
import { paths } from "@portal/contracts";
import { type Context, Hono } from "hono";
import type { AppEnv, Deps } from "../../deps.ts";
import { ApiError } from "../../http/errors.ts";
import { sendBody } from "../../http/send.ts";
import { LIVE_CACHE } from "./public-routes.ts";

/** Where people report a security problem: SECURITY_CONTACT, or mailto:security@ the public host. */
export const securityContact = (deps: Pick<Deps, "env" | "origin">): string =>
  deps.env.SECURITY_CONTACT ?? `mailto:${securityEmail(deps.origin)}`;

/** How far ahead security.txt's Expires is: under a year (RFC 9116 §2.5.5 recommends less than a year). */
const EXPIRES_DAYS = 364;

/** RFC 9116 security.txt, with the CSAF provider metadata on a CSAF: line (CSAF 2.0 §7.1.8, requirement 8). */
export function securityTxt(deps: Pick<Deps, "env" | "origin">, now: Date = new Date()): string {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const expires = new Date(day + EXPIRES_DAYS * 86_400_000).toISOString();
  const at = (path: string) => `${deps.origin}${path}`;
  return [
    "# Cổng An toàn không gian mạng — Cyberspace Safety Portal",
    "# Báo lỗ hổng bảo mật của cổng tại đây; cảnh báo an toàn thông tin ở CSAF bên dưới.",
    "# Report a security problem with the portal here; security advisories are in CSAF below.",
    `Contact: ${securityContact(deps)}`,
    `Expires: ${expires}`,
    "Preferred-Languages: vi, en",
    `Canonical: ${at(paths.securityTxt)}`,
    `Policy: ${at(paths.securityPolicy("vi"))}`,
    `Policy: ${at(paths.securityPolicy("en"))}`,
    `CSAF: ${at(paths.csaf.providerMetadata)}`,
    "",
  ].join("\n");
}

/** CSAF files may be fetched by any site's script (a viewer such as Secvisogram); they hold nothing private. */
const OPEN = { "access-control-allow-origin": "*", "cache-control": LIVE_CACHE };
const TYPES = {
  json: "application/json; charset=utf-8",
  text: "text/plain; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  signature: "application/pgp-signature",
  key: "application/pgp-keys",
} as const;

/** <year>/<name>.json and the files beside it (CSAF 2.0 §7.1.11, §7.1.18–19). */
const DOCUMENT = /^([+\-a-z0-9_]+\.json)(\.sha256|\.sha512|\.asc)?$/;

export function wellKnownRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const client = deps.db.client;
  const contact = () => securityContact(deps);
  const entries = async (): Promise<CsafEntry[]> =>
    csafEntries(await listPublicAlertRecords(client), { origin: deps.origin, contact: contact() });
  const send = (c: Context, body: string | Uint8Array<ArrayBuffer>, type: string) =>
    sendBody(c, body, 200, { "content-type": type, ...OPEN });

  app.get(paths.securityTxt, (c) =>
    sendBody(c, securityTxt(deps), 200, { "content-type": TYPES.text, "cache-control": "public, max-age=3600" }),
  );

  app.get(paths.csaf.providerMetadata, async (c) => {
    const [list, key] = await Promise.all([entries(), deps.csafKey()]);
    const metadata = csafProviderMetadata({
      origin: deps.origin,
      keys: [{ fingerprint: key.fingerprint }],
      lastUpdated: list[0]?.currentReleaseDate ?? deps.startedAt,
      contact: contact(),
    });
    return send(c, `${JSON.stringify(metadata, null, 2)}\n`, TYPES.json);
  });
  app.get(paths.csaf.indexTxt, async (c) => send(c, csafIndexTxt(await entries()), TYPES.text));
  app.get(paths.csaf.changesCsv, async (c) => send(c, csafChangesCsv(await entries()), TYPES.csv));
  app.get(paths.csaf.rolieFeed, async (c) => {
    const feed = csafRolieFeed(await entries(), { origin: deps.origin, now: deps.startedAt });
    return send(c, `${JSON.stringify(feed, null, 2)}\n`, TYPES.json);
  });
  // /.well-known/csaf/openpgp/<FINGERPRINT>.asc: the folder from paths, the name from the key.
  const keyFolder = paths.csaf.openpgpKey("").replace(/\.asc$/, "");
  app.get(`${keyFolder}:file{[0-9A-Fa-f]{40}\\.asc}`, async (c) => {
    const key = await deps.csafKey();
    const file = c.req.param("file") ?? "";
    if (file.slice(0, -".asc".length).toUpperCase() !== key.fingerprint) throw new ApiError(404, "not_found", "No such key.");
    return send(c, key.publicKeyArmored, TYPES.key);
  });

  app.get(`${paths.csaf.clear}:year{[0-9]{4}}/:file`, async (c) => {
    const m = DOCUMENT.exec(c.req.param("file") ?? "");
    if (!m) throw new ApiError(404, "not_found", "No such CSAF document.");
    const [, fileName, extra] = m as unknown as [string, string, string | undefined];
    // The name is the tracking ID lower-cased (CSAF 2.0 §5.1); a tracking ID has no "_" to restore.
    const alert = await getPublicAlertRecord(client, fileName.slice(0, -".json".length).toUpperCase());
    const entry = alert ? csafEntries([alert], { origin: deps.origin, contact: contact() })[0] : undefined;
    if (!alert || !entry || entry.path !== c.req.path.replace(/\.(sha256|sha512|asc)$/, ""))
      throw new ApiError(404, "not_found", "No such CSAF document.");
    const bytes = csafBytes(entry.document);
    if (extra === undefined) return send(c, new Uint8Array(bytes), TYPES.json);
    if (extra === ".asc") {
      const signature = await storedSignature(client, await deps.csafKey(), { alertId: alert.id, version: alert.publicVersion, bytes });
      return send(c, signature, TYPES.signature);
    }
    return send(c, checksumLine(extra === ".sha256" ? "sha256" : "sha512", bytes, fileName), TYPES.text);
  });
  return app;
}
