// The account check with k-anonymity: the browser sends the first 6 hex digits of the SHA-1 of a
// normalised e-mail or phone number and compares the suffixes itself; the portal never sees either.
import { createRoute } from "@hono/zod-openapi";
import { accountRange } from "@portal/breach";
import { AccountPrefix, AccountRangeResponse } from "@portal/contracts";
import type { Deps } from "../../deps.ts";
import { errorResponse, router, z } from "../../http/router.ts";
import { sendJson } from "../../http/send.ts";

const route = createRoute({
  method: "get",
  path: "/accounts/range/{prefix}",
  tags: ["Breaches"],
  summary: "Account range (k-anonymity)",
  description:
    "Normalise the e-mail (trimmed, lower-case, +tag removed, Gmail dots removed) or phone number (E.164, e.g. +84912345678), take its SHA-1 in upper-case hex, and send the first 6 digits. The answer lists every stored account hash with that prefix (its other 34 digits) and the breaches it is in, with those breaches' details. Sensitive and retired breaches are never returned. Limited to 10 requests a minute per address unless the operator sets otherwise (see RateLimit-Policy).",
  request: {
    params: z.object({
      prefix: AccountPrefix.meta({ param: { name: "prefix", in: "path" }, example: "A1B2C3" }),
    }),
  },
  responses: {
    200: {
      content: {
        "application/json": {
          schema: AccountRangeResponse,
        },
      },
      description: "The range (matches is empty when no stored account has this prefix)",
    },
    400: errorResponse("The prefix is not 6 hexadecimal digits"),
  },
});

export function accountRoutes(deps: Deps) {
  const app = router();
  // Rate-limited by http/guards/limits.ts: LIMIT_ACCOUNT_RANGES_PER_MINUTE, 10 by default, as
  // HIBP's lowest paid tier allows, per client address.
  app.openapi(route, async (c) => {
    const prefix = c.req.valid("param").prefix.toUpperCase();
    const { matches, breaches } = await accountRange(deps.db.client, prefix);
    deps.checks.count("account", "range");
    return sendJson(c, { prefix, matches, breaches });
  });
  return app;
}
