import { normaliseIdentifier } from "@portal/breach/normalise";
import { useId, useRef } from "react";
import type { Lang } from "../i18n/index.ts";
import { dataClassLabel, fetchRange, fill, formatDay, sha1Hex } from "../lib/breach.ts";
import PrivateCheckForm, { Advice, PrivateResult, usePrivateCheck } from "./PrivateCheckForm.tsx";

interface BreachSummary {
  name: string;
  title: string;
  breachDate: string;
  dataClasses: string[];
  isDemo: boolean;
}

interface Props {
  lang: Lang;
  strings: Record<string, string>;
  guidanceHref: string;
  /** Site path of a breach's page, with "{name}" in place of its name. */
  breachHrefTemplate: string;
}

type Result = { kind: "found"; breaches: BreachSummary[] } | { kind: "clean" };

/**
 * The identifier is normalised and hashed here, in the browser (same rules as the importer:
 * packages/breach/src/normalise.ts); only the first 6 hex digits of its SHA-1 are sent.
 */
export default function AccountCheck({ lang, strings: s, guidanceHref, breachHrefTemplate }: Props) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const { resultRef, ready, fieldError, setFieldError, result, check } = usePrivateCheck<Result>(s);

  async function onSubmit(e: { preventDefault(): void }) {
    e.preventDefault();
    const field = input.current;
    if (!field) return;
    const ident = normaliseIdentifier(field.value);
    if (ident.kind === "invalid") {
      setFieldError(s[`breach.account.invalid.${ident.reason}`] as string);
      field.focus();
      return;
    }
    field.value = "";
    await check(async () => {
      const hash = await sha1Hex(ident.value);
      const range = await fetchRange(`/api/v1/accounts/range/${hash.slice(0, 6)}`, s);
      if (!range.ok) return { kind: "error", message: range.message };
      const body = (await range.res.json()) as { matches: { suffix: string; breaches: string[] }[]; breaches: BreachSummary[] };
      const names = body.matches.find((m) => m.suffix === hash.slice(6))?.breaches ?? [];
      const breaches = names
        .map((n) => body.breaches.find((b) => b.name === n))
        .filter((b): b is BreachSummary => Boolean(b))
        .sort((a, b) => (a.breachDate < b.breachDate ? 1 : -1));
      return breaches.length > 0 ? { kind: "found", breaches } : { kind: "clean" };
    });
  }

  return (
    <div className="breach-tool">
      <PrivateCheckForm
        id={id}
        field="account"
        inputType="text"
        inputRef={input}
        label={s["breach.account.label"] as string}
        hint={s["breach.account.hint"] as string}
        submitLabel={s["breach.account.submit"] as string}
        checkingLabel={s["breach.password.checking"] as string}
        errorSummaryTitle={s["breach.error.summary"] as string}
        fieldError={fieldError}
        ready={ready}
        checking={result.kind === "checking"}
        onSubmit={onSubmit}
      />
      <PrivateResult result={result} resultRef={resultRef}>
        {result.kind === "found" && (
          <>
            <p className="breach-result-title">
              {result.breaches.length === 1
                ? s["breach.account.foundOne"]
                : fill(s["breach.account.found"] as string, { count: result.breaches.length })}
            </p>
            <ul className="breach-hits">
              {result.breaches.map((b) => (
                <li key={b.name}>
                  <h3>
                    {b.title}
                    {b.isDemo && <span className="badge badge-demo">{s["breach.flag.demo"]}</span>}
                  </h3>
                  <p>{fill(s["breach.result.breachDate"] as string, { date: formatDay(b.breachDate, lang) })}</p>
                  <p>{fill(s["breach.result.leaked"] as string, { classes: b.dataClasses.map((c) => dataClassLabel(c, s)).join(", ") })}</p>
                  <p>
                    <a href={breachHrefTemplate.replace("{name}", encodeURIComponent(b.name))}>
                      {fill(s["breach.result.more"] as string, { title: b.title })}
                    </a>
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
        {result.kind === "clean" && (
          <>
            <p className="breach-result-title">{s["breach.account.notFound"]}</p>
            <p>{s["breach.account.notFoundHint"]}</p>
          </>
        )}
        <Advice s={s} guidanceHref={guidanceHref} />
      </PrivateResult>
    </div>
  );
}
