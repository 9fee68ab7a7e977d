import { type Audience, type Lang, paths, type SearchResult } from "@portal/contracts";
import { type KeyboardEvent, type MouseEvent, useEffect, useMemo, useRef, useState } from "react";
import { fill } from "../../i18n/fill.ts";
import type { Strings } from "../../i18n/index.ts";
import { showAddress } from "../../lib/address.ts";
import { getJson } from "../../lib/api.ts";
import Pagination from "../../ui/pagination/Pagination.tsx";
import { paginate } from "../../ui/pagination/pagination.ts";

/** The search strings, and the labels of the facet values: topics, audiences, legal statuses. */
export type SearchStrings = Strings<"search" | "topic" | "audience" | "legal.status" | "pagination">;

export interface SearchState {
  q: string;
  type?: string | undefined;
  /** "all" = every language. */
  lang: Lang | "all";
  topic?: string | undefined;
  audience?: Audience | undefined;
  status?: string | undefined;
  page: number;
}

interface Props {
  /** The page's language (a result may be in the other one). */
  lang: Lang;
  /** Page address, e.g. "/tim-kiem/". */
  action: string;
  initialState: SearchState;
  initialResult: SearchResult | null;
  /** Every UI string this component shows, already in the page's language. */
  strings: SearchStrings;
}

export const PAGE_SIZE = 10;

function queryString(s: SearchState): string {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const k of ["type", "topic", "audience", "status"] as const) if (s[k]) p.set(k, s[k] as string);
  p.set("lang", s.lang);
  if (s.page > 1) p.set("page", String(s.page));
  return p.toString();
}

/**
 * The label of a facet value that comes from the data (a type, a topic, an audience, a status):
 * undefined for a value the string files do not name, which is then shown as it is.
 */
function labelOf(s: SearchStrings, key: string): string | undefined {
  return Object.hasOwn(s, key) ? s[key as keyof SearchStrings] : undefined;
}

/**
 * The search page. Rendered on the server with results, so it works without JavaScript (a GET
 * form, links for filters and pages); once hydrated it searches as you type, keeps the address
 * in step, and lets the arrow keys move between results.
 */
export default function SearchPanel({ lang, action, initialState, initialResult, strings: s }: Props) {
  const [state, setState] = useState<SearchState>(initialState);
  const [result, setResult] = useState<SearchResult | null>(initialResult);
  const [status, setStatus] = useState<"idle" | "loading" | "error">("idle");
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const first = useRef(true);

  // Words typed before the island hydrated are in the field but not in the state: take them up
  // (once, on hydration).
  useEffect(() => {
    const typed = inputRef.current?.value ?? "";
    if (typed !== initialState.q) setState((s) => ({ ...s, q: typed, page: 1 }));
  }, []);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      setStatus("loading");
      const qs = queryString(state);
      const api = new URLSearchParams(qs);
      if (state.lang === "all") api.delete("lang");
      api.set("pageSize", String(PAGE_SIZE));
      const answer = await getJson<SearchResult>(`${paths.api.search}?${api}`, { signal: ctrl.signal });
      // A request overtaken by newer words was aborted: its answer (or failure) is no longer wanted.
      if (ctrl.signal.aborted) return;
      if (!answer.ok) return setStatus("error");
      setResult(answer.data);
      setStatus("idle");
      showAddress(`${action}?${qs}`, { replace: true });
    }, 200);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [state, action]);

  const go = (next: Partial<SearchState>) => (e: MouseEvent) => {
    e.preventDefault();
    setState((s) => ({ ...s, page: 1, ...next }));
  };
  const hrefFor = (next: Partial<SearchState>) => `${action}?${queryString({ ...state, page: 1, ...next })}`;

  const resultLinks = () => Array.from(listRef.current?.querySelectorAll<HTMLAnchorElement>("h2 a") ?? []);
  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      resultLinks()[0]?.focus();
    }
  };
  const onListKey = (e: KeyboardEvent<HTMLOListElement>) => {
    const links = resultLinks();
    const i = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (e.key === "ArrowDown" && i >= 0) {
      e.preventDefault();
      links[Math.min(i + 1, links.length - 1)]?.focus();
    } else if (e.key === "ArrowUp" && i >= 0) {
      e.preventDefault();
      if (i === 0) inputRef.current?.focus();
      else links[i - 1]?.focus();
    } else if (e.key === "Escape") {
      inputRef.current?.focus();
    }
  };

  const pages = result ? Math.max(1, Math.ceil(Math.min(result.total, 500 * PAGE_SIZE) / PAGE_SIZE)) : 1;
  // Best bet: the search service puts the tool a query asks for ("kiểm tra đường dẫn") at the top of
  // the first page; it is shown as the tool to use, above the articles. Only the first result: a
  // tool further down was ranked there by the engine and is an ordinary result.
  const bestBets = result?.query && result.page === 1 && result.hits[0]?.type === "tool" ? 1 : 0;
  const facetRows = useMemo(() => {
    const f = result?.facets ?? {};
    return [
      { key: "type" as const, label: s["search.filterType"], values: Object.keys(f.type ?? {}) },
      { key: "topic" as const, label: s["search.filterTopic"], values: Object.keys(f.topic ?? {}) },
    ].filter((r) => r.values.length > 0 || state[r.key]);
  }, [result, s, state]);

  // Describes the results on screen, which may lag the words typed by one request.
  const summary = !result
    ? ""
    : result.total === 0 && result.query
      ? fill(s["search.none"], { q: result.query })
      : result.query
        ? fill(s["search.resultsFor"], { total: result.total, q: result.query })
        : fill(s["search.results"], { total: result.total });

  return (
    <div>
      <search aria-label={s["search.title"]}>
        <form
          className="search-form"
          action={action}
          method="get"
          onSubmit={(e) => {
            // Searching happens as you type; Enter searches at once with what the field holds.
            e.preventDefault();
            const typed = inputRef.current?.value ?? "";
            setState((s) => (s.q === typed ? s : { ...s, q: typed, page: 1 }));
          }}
        >
          <label className="form-label" htmlFor="search-q">
            {s["search.label"]}
          </label>
          <div className="form-row">
            <input
              id="search-q"
              className="form-input"
              ref={inputRef}
              type="search"
              name="q"
              maxLength={200}
              autoComplete="off"
              aria-describedby="search-hint"
              value={state.q}
              onChange={(e) => setState((s) => ({ ...s, q: e.target.value, page: 1 }))}
              onKeyDown={onInputKey}
            />
            {state.type && <input type="hidden" name="type" value={state.type} />}
            {state.topic && <input type="hidden" name="topic" value={state.topic} />}
            {state.audience && <input type="hidden" name="audience" value={state.audience} />}
            {state.status && <input type="hidden" name="status" value={state.status} />}
            <input type="hidden" name="lang" value={state.lang} />
            <button type="submit" className="button">
              {s["search.button"]}
            </button>
          </div>
        </form>
      </search>
      <p id="search-hint" className="form-hint">
        {s["search.hint"]} <span className="keyboard-hint">{s["search.keyboard"]}</span>
      </p>

      {/* On a phone the filters fold into a one-line disclosure, so the results come first; a
          wider screen always shows them (search.css). */}
      <details className="search-filters">
        <summary>{s["search.filters"]}</summary>
        <fieldset className="facets">
          <legend className="visually-hidden">{s["search.filters"]}</legend>
          <div className="facet-row">
            <span>{s["search.filterLang"]}:</span>
            {(["vi", "en", "all"] as const).map((l) => (
              <a
                key={l}
                className="chip"
                href={hrefFor({ lang: l })}
                aria-current={state.lang === l ? "true" : undefined}
                onClick={go({ lang: l })}
              >
                {l === "all" ? s["search.any"] : s[`search.lang.${l}`]}
              </a>
            ))}
          </div>
          {facetRows.map((row) => (
            <div className="facet-row" key={row.key}>
              <span>{row.label}:</span>
              <a
                className="chip"
                href={hrefFor({ [row.key]: undefined })}
                aria-current={!state[row.key] ? "true" : undefined}
                onClick={go({ [row.key]: undefined })}
              >
                {s["search.any"]}
              </a>
              {row.values.map((v) => (
                <a
                  key={v}
                  className="chip"
                  href={hrefFor({ [row.key]: v })}
                  aria-current={state[row.key] === v ? "true" : undefined}
                  onClick={go({ [row.key]: v })}
                >
                  {labelOf(s, row.key === "type" ? `search.type.${v}` : `topic.${v}`) ?? v} ({result?.facets[row.key]?.[v] ?? 0})
                </a>
              ))}
            </div>
          ))}
          {(state.audience || state.status) && (
            <div className="facet-row">
              <a
                className="chip"
                href={hrefFor({ audience: undefined, status: undefined })}
                onClick={go({ audience: undefined, status: undefined })}
              >
                {s["search.removeFilter"]}:{" "}
                {labelOf(s, `audience.${state.audience}`) ?? labelOf(s, `legal.status.${state.status}`) ?? state.audience ?? state.status}
              </a>
            </div>
          )}
        </fieldset>
      </details>

      <output className="search-summary" aria-live="polite" aria-atomic="true">
        {status === "loading" ? s["search.loading"] : status === "error" ? s["search.error"] : summary}
      </output>
      {result?.engine === "fts" && <p className="notice">{s["search.fallback"]}</p>}
      {result && result.total === 0 && result.query && <p>{s["search.noneTips"]}</p>}

      {result && result.hits.length > 0 && (
        <ol className="results" ref={listRef} onKeyDown={onListKey}>
          {result.hits.map((h, i) => {
            const best = i < bestBets;
            return (
              <li key={h.id} lang={h.lang} className={best ? "best-bet" : undefined}>
                {best && (
                  <p className="best-bet-label" lang={lang}>
                    {s["search.bestBet"]}
                  </p>
                )}
                <h2>
                  <a href={h.url}>{h.title}</a>
                </h2>
                {/* The excerpt is HTML-escaped on the server; only <mark> is added. */}
                <p dangerouslySetInnerHTML={{ __html: h.excerpt }} />
                <ul className="tags">
                  {!best && <li>{labelOf(s, `search.type.${h.type}`) ?? h.type}</li>}
                  {h.topic && <li>{labelOf(s, `topic.${h.topic}`) ?? h.topic}</li>}
                  <li>{s[`search.lang.${h.lang}`]}</li>
                </ul>
              </li>
            );
          })}
        </ol>
      )}

      {result && (
        <Pagination
          model={paginate(state.page, pages, (n) => `${action}?${queryString({ ...state, page: n })}`)}
          labels={{ nav: s["search.pagination"], prev: s["pagination.prev"], next: s["pagination.next"], page: s["pagination.page"] }}
          onGo={(n, e) => {
            e.preventDefault();
            setState((s) => ({ ...s, page: n }));
          }}
        />
      )}
    </div>
  );
}
