import { useEffect, useId, useRef, useState } from "react";
import type { Lang } from "../i18n/index.ts";
import { fetchRange, fill, formatCount, formatDay, sha1Hex } from "../lib/breach.ts";
import PrivateCheckForm, { Advice, PrivateResult, usePrivateCheck } from "./PrivateCheckForm.tsx";

interface Props {
  lang: Lang;
  strings: Record<string, string>;
  guidanceHref: string;
}

interface Corpus {
  kind: "demo" | "import";
  label: string;
  count: number;
  builtAt: string;
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
  const [corpus, setCorpus] = useState<Corpus | null | undefined>(undefined);

  useEffect(() => {
    // Where the counts come from, said plainly (demo list or an operator's import).
    fetch("/api/v1/passwords/corpus")
      .then((r) => (r.ok ? (r.json() as Promise<{ sha1: Corpus | null }>) : Promise.reject(new Error(String(r.status)))))
      .then((b) => setCorpus(b.sha1))
      .catch(() => setCorpus(undefined));
  }, []);

  async function onSubmit(e: { preventDefault(): void }) {
    e.preventDefault();
    const field = input.current;
    if (!field) return;
    const password = field.value;
    field.value = "";
    if (password === "") {
      setFieldError(s["breach.password.empty"] as string);
      field.focus();
      return;
    }
    await check(async () => {
      const hash = await sha1Hex(password);
      const range = await fetchRange(`/api/v1/passwords/range/${hash.slice(0, 5)}`, s, { headers: { "Add-Padding": "true" } });
      if (!range.ok) return { kind: "error", message: range.message };
      const suffix = hash.slice(5);
      let count = 0;
      for (const line of (await range.res.text()).split("\n")) {
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
        label={s["breach.password.label"] as string}
        hint={s["breach.password.hint"] as string}
        submitLabel={s["breach.password.submit"] as string}
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
            <p className="breach-result-title">{fill(s["breach.password.found"] as string, { count: formatCount(result.count, lang) })}</p>
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
        <Advice s={s} guidanceHref={guidanceHref} />
      </PrivateResult>
      {corpus !== undefined && (
        <p className="meta breach-corpus" data-corpus={corpus?.kind ?? "none"}>
          {corpus === null
            ? s["breach.corpus.none"]
            : fill(s[`breach.corpus.${corpus.kind}`] as string, {
                count: formatCount(corpus.count, lang),
                label: corpus.label,
                date: formatDay(corpus.builtAt, lang),
              })}
        </p>
      )}
    </div>
  );
}
