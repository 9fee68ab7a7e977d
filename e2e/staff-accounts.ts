// What the browser tests that need staff accounts share: the CLI as the README gives it, the next
// authenticator code, and a form submission that waits for the page it leads to.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { totpCodeNow } from "@portal/auth";
import type { Page, Response } from "playwright-core";
import { expect, inject } from "vitest";

const root = join(import.meta.dirname, "..");

/**
 * The CLI as the README gives it — `printf '%s' "$PASSWORD" | node apps/api/src/cli/index.ts …` —
 * run by a shell against the e2e portal's DATA_DIR (or `dataDir`), with this Node first on the
 * PATH. Returns the authenticator's manual key it prints. A publisher needs `agency` (its slug).
 */
export function createWithCli(
  email: string,
  name: string,
  role: string,
  password: string,
  opts: { dataDir?: string; agency?: string } = {},
): string {
  const agency = opts.agency ? ` --agency ${opts.agency}` : "";
  const out = runCli(`user create --email ${email} --name "${name}" --role ${role}${agency} --password-stdin`, {
    ...opts,
    stdin: password,
  });
  const key = /Manual key: ([A-Z2-7]+)/.exec(out)?.[1];
  expect(key, out).toBeTruthy();
  return key as string;
}

/** One CLI command (`args` as a shell would split them) against a DATA_DIR; expects success, returns stdout. */
export function runCli(args: string, opts: { dataDir?: string; stdin?: string } = {}): string {
  const r = spawnSync(
    "sh",
    [
      "-c",
      opts.stdin !== undefined
        ? `printf '%s' "$PASSWORD" | node apps/api/src/cli/index.ts ${args}`
        : `node apps/api/src/cli/index.ts ${args}`,
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
        DATA_DIR: opts.dataDir ?? inject("portalDataDir"),
        LOG_LEVEL: "warn",
        ...(opts.stdin !== undefined ? { PASSWORD: opts.stdin } : {}),
      },
      encoding: "utf8",
    },
  );
  expect(r.status, `${args}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/**
 * The code an authenticator app will show in 30 s: the enrolment (or the last sign-in) spent the
 * current step, a spent step is refused, and the server accepts one step either side of now.
 */
export const nextCode = (key: string) => totpCodeNow(key, new Date(Date.now() + 30_000));

/** Clicks a form's button and waits for the page it leads to (after any redirect). */
export async function submit(page: Page, button: string): Promise<Response | null> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(button)]);
  return response;
}
