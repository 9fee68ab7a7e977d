import { normaliseCitizenIdentifier } from "@portal/breach/normalise";
import { type AccountRange, type Breach, type Lang, paths } from "@portal/contracts";
import { useId, useRef, useState } from "react";
import { fill } from "../../i18n/fill.ts";
import { getJson } from "../../lib/api.ts";
import { formatDay } from "../../lib/format.ts";
import { type BreachStrings, dataClassLabel, rangeFailure, sha1Hex } from "./breach.ts";
import PrivateCheckForm, { Advice, PrivateResult, usePrivateCheck } from "./PrivateCheckForm.tsx";

interface Props {
  lang: Lang;
  strings: BreachStrings;
  guidanceHref: string;
}

type Result = { kind: "found"; breaches: Breach[] } | { kind: "clean" };

/**
 * The identifier is normalised and hashed here, in the browser (same rules as the importer:
 * packages/breach/src/normalise.ts); only the first 6 hex digits of its SHA-1 are sent.
 */
export default function AccountCheck({ lang, strings: s, guidanceHref }: Props) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const { resultRef, ready, fieldError, setFieldError, result, check } = usePrivateCheck<Result>(s);
  // Set when what was typed is a number but not a mobile one (a bank account, a landline…): the
  // error then says where such a number can be checked.
  const [wrongTool, setWrongTool] = useState(false);

  async function onSubmit(e: { preventDefault(): void }) {
    e.preventDefault();
    const field = input.current;
    if (!field) return;
    // Only an e-mail address or a Vietnamese mobile number: anything else would be hashed, found
    // nowhere and answered "not found" — a false all-clear for a bank account number.
    const ident = normaliseCitizenIdentifier(field.value);
    setWrongTool(ident.kind === "invalid" && ident.reason === "notEmailOrMobile");
    if (ident.kind === "invalid") {
      setFieldError(s[`breach.account.invalid.${ident.reason}`]);
      field.focus();
      return;
    }
    field.value = "";
    await check(async () => {
      const hash = await sha1Hex(ident.value);
      const range = await getJson<AccountRange>(paths.api.accountRange(hash.slice(0, 6)));
      if (!range.ok) return rangeFailure(range, s);
      const body = range.data;
      const names = body.matches.find((m) => m.suffix === hash.slice(6))?.breaches ?? [];
      const breaches = names
        .map((n) => body.breaches.find((b) => b.name === n))
        .filter((b): b is Breach => Boolean(b))
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
        label={s["breach.account.label"]}
        hint={s["breach.account.hint"]}
        submitLabel={s["breach.account.submit"]}
        checkingLabel={s["breach.password.checking"]}
        errorSummaryTitle={s["breach.error.summary"]}
        errorPrefix={s["breach.error.prefix"]}
        errorTitle={s["breach.error.title"]}
        fieldError={fieldError}
        errorDetail={
          wrongTool && (
            <p className="breach-number-check">
              {s["breach.account.numberCheckLead"]} <a href={paths.page("numberCheck", lang)}>{s["breach.account.numberCheckLink"]}</a>
            </p>
          )
        }
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
                : fill(s["breach.account.found"], { count: result.breaches.length })}
            </p>
            <ul className="breach-hits">
              {result.breaches.map((b) => (
                <li key={b.name}>
                  <h3>
                    {b.title}
                    {b.isDemo && <span className="badge badge-demo">{s["breach.flag.demo"]}</span>}
                  </h3>
                  <p>{fill(s["breach.result.breachDate"], { date: formatDay(b.breachDate, lang) })}</p>
                  <p>{fill(s["breach.result.leaked"], { classes: b.dataClasses.map((c) => dataClassLabel(c, s)).join(", ") })}</p>
                  <p>
                    <a href={paths.breach(lang, b.name)}>{fill(s["breach.result.more"], { title: b.title })}</a>
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
        <Advice s={s} guidanceHref={guidanceHref} lang={lang} found={result.kind === "found"} />
      </PrivateResult>
    </div>
  );
}
