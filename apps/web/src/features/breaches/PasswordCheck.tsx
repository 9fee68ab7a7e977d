import { type Lang, type PasswordCorpus, type PasswordCorpusResponse, paths } from "@portal/contracts";
import { useEffect, useId, useRef, useState } from "react";
import { fill } from "../../i18n/fill.ts";
import { type Answer, getJson, getText } from "../../lib/api.ts";
import { formatDay, formatNumber } from "../../lib/format.ts";
import { type BreachStrings, foundMessage, rangeFailure, sha1Hex } from "./breach.ts";
import PrivateCheckForm, { Advice, PrivateResult, usePrivateCheck } from "./PrivateCheckForm.tsx";

interface Props {
  lang: Lang;
  strings: BreachStrings;
  guidanceHref: string;
}

type Result = { kind: "found"; count: number } | { kind: "clean" };

/**
 * The password never enters React state: it is read from the field once, the field is cleared,
 * and only the first 5 hex digits of its SHA-1 are sent (with Add-Padding, so the response size
 * says nothing either).
 */
export default function PasswordCheck({ lang, strings: s, guidanceHref }: Props) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const { resultRef, ready, fieldError, setFieldError, result, check } = usePrivateCheck<Result>(s);
  const [corpus, setCorpus] = useState<PasswordCorpus | null | undefined>(undefined);

  useEffect(() => {
    // Where the counts come from, said plainly (demo list or an operator's import).
    getJson<Answer<typeof PasswordCorpusResponse>>(paths.api.passwordCorpus).then((answer) =>
      setCorpus(answer.ok ? answer.data.sha1 : undefined),
    );
  }, []);

  async function onSubmit(e: { preventDefault(): void }) {
    e.preventDefault();
    const field = input.current;
    if (!field) return;
    const password = field.value;
    field.value = "";
    if (password === "") {
      setFieldError(s["breach.password.empty"]);
      field.focus();
      return;
    }
    await check(async () => {
      const hash = await sha1Hex(password);
      const range = await getText(paths.api.passwordRange(hash.slice(0, 5)), { headers: { "Add-Padding": "true" } });
      if (!range.ok) return rangeFailure(range, s);
      const suffix = hash.slice(5);
      let count = 0;
      for (const line of range.data.split("\n")) {
        const [sfx, n] = line.trim().split(":");
        if (sfx === suffix) count = Number(n);
      }
      return count > 0 ? { kind: "found", count } : { kind: "clean" };
    });
  }

  return (
    <div className="breach-tool">
      <PrivateCheckForm
        id={id}
        field="password"
        inputType="password"
        inputRef={input}
        label={s["breach.password.label"]}
        hint={s["breach.password.hint"]}
        submitLabel={s["breach.password.submit"]}
        checkingLabel={s["breach.password.checking"]}
        errorSummaryTitle={s["breach.error.summary"]}
        errorPrefix={s["breach.error.prefix"]}
        errorTitle={s["breach.error.title"]}
        fieldError={fieldError}
        ready={ready}
        checking={result.kind === "checking"}
        onSubmit={onSubmit}
      />
      <PrivateResult result={result} resultRef={resultRef}>
        {result.kind === "found" && (
          <>
            <p className="breach-result-title">{foundMessage(result.count, corpus, lang, s)}</p>
            <p>{s["breach.password.foundLead"]}</p>
          </>
        )}
        {result.kind === "clean" && (
          <>
            <p className="breach-result-title">{s["breach.password.notFound"]}</p>
            <p>{s["breach.password.notFoundHint"]}</p>
          </>
        )}
        <p className="breach-cleared">{s["breach.password.cleared"]}</p>
        <Advice s={s} guidanceHref={guidanceHref} lang={lang} found={result.kind === "found"} />
      </PrivateResult>
      {corpus !== undefined && (
        <p className="meta breach-corpus" data-corpus={corpus?.kind ?? "none"}>
          {corpus === null
            ? s["breach.corpus.none"]
            : fill(s[`breach.corpus.${corpus.kind}`], {
                count: formatNumber(corpus.count, lang),
                label: corpus.label,
                date: formatDay(corpus.builtAt, lang),
              })}
        </p>
      )}
    </div>
  );
}
