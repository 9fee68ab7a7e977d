// The file check. The file is read and hashed here, in the browser, in slices (hash-wasm's
// streaming MD5, SHA-1 and SHA-256 in one pass), so files of several GB work and never leave the
// device: only the three digests are sent. Without JavaScript, a plain GET form takes a pasted hash
// to the on-demand result page.
import { type HashBulkResponse, type HashCheck, isDigest, type Lang, otherLang, paths } from "@portal/contracts";
import { type DragEvent, type FormEvent, useEffect, useId, useRef, useState } from "react";
import { fill } from "../../i18n/fill.ts";
import { type Answer, postJson } from "../../lib/api.ts";
import ErrorSummary from "../../ui/error-summary/ErrorSummary.tsx";
import { ResultActions, showResultUrl, useFocusOnOutcome, VerdictRegion } from "./CheckParts.tsx";
import { type CheckStrings, combineHashResults, type HashOutcome, type HelpContact } from "./check.ts";
import { HashVerdictCard } from "./VerdictCard.tsx";

interface Props {
  lang: Lang;
  strings: CheckStrings;
  /** The on-demand result page the hash form submits to without JavaScript. */
  action: string;
  initialHash?: string;
  initial?: HashOutcome | null;
  /** Who to call, for the help box of a dangerous verdict. */
  help?: readonly HelpContact[];
}

const resultUrl = (lang: Lang, hash: string) => `${paths.page("fileResult", lang)}?hash=${encodeURIComponent(hash)}`;

/** Bytes read per step: large enough for speed, small enough to keep memory flat and progress smooth. */
const SLICE = 8 * 1024 * 1024;

type Phase = { kind: "idle" } | { kind: "hashing"; name: string; percent: number };

export default function FileCheck({ lang, strings: s, action, initialHash = "", initial = null, help = [] }: Props) {
  const id = useId();
  const fileId = `${id}-file`;
  const hashId = `${id}-hash`;
  const hashHintId = `${id}-hash-hint`;
  const resultHeading = `${id}-result`;
  const [ready, setReady] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [outcome, setOutcome] = useState<HashOutcome | null>(initial);
  const [hash, setHash] = useState(initialHash);
  const [dragging, setDragging] = useState(false);
  const cancelled = useRef(false);
  const { resultRef, summaryRef } = useFocusOnOutcome(outcome);

  useEffect(() => setReady(true), []);

  /** The verdicts for some digests; throws when there is no answer (each caller says why in its words). */
  async function lookUp(hashes: string[]): Promise<HashCheck[]> {
    const answer = await postJson<Answer<typeof HashBulkResponse>>(paths.api.hashBulk, { hashes });
    if (!answer.ok) throw new Error(answer.code);
    return answer.data.results;
  }

  async function onFile(file: File | undefined) {
    if (!file) return;
    cancelled.current = false;
    setOutcome(null);
    setPhase({ kind: "hashing", name: file.name, percent: 0 });
    try {
      // Loaded on first use: the page itself stays small. hash-wasm compiles WebAssembly, which
      // the portal's CSP allows with 'wasm-unsafe-eval' (apps/api/src/http/security.ts).
      const { createMD5, createSHA1, createSHA256 } = await import("hash-wasm");
      const [md5, sha1, sha256] = await Promise.all([createMD5(), createSHA1(), createSHA256()]);
      for (const h of [md5, sha1, sha256]) h.init();
      for (let offset = 0; offset < file.size; offset += SLICE) {
        if (cancelled.current) {
          setPhase({ kind: "idle" });
          return;
        }
        const chunk = new Uint8Array(await file.slice(offset, offset + SLICE).arrayBuffer());
        md5.update(chunk);
        sha1.update(chunk);
        sha256.update(chunk);
        setPhase({ kind: "hashing", name: file.name, percent: Math.floor((100 * Math.min(offset + SLICE, file.size)) / file.size) });
      }
      const digests = { md5: md5.digest("hex"), sha1: sha1.digest("hex"), sha256: sha256.digest("hex") };
      setPhase({ kind: "hashing", name: file.name, percent: 100 });
      const results = await lookUp([digests.sha256, digests.sha1, digests.md5]);
      setOutcome({
        kind: "result",
        result: combineHashResults(results, digests.sha256),
        file: { name: file.name, size: file.size, ...digests },
      });
      showResultUrl(resultUrl(lang, digests.sha256), resultUrl(otherLang(lang), digests.sha256));
    } catch {
      setOutcome({ kind: "error", message: s["check.file.error.read"] });
    } finally {
      setPhase({ kind: "idle" });
    }
  }

  async function onHashSubmit(e: FormEvent) {
    e.preventDefault();
    const h = hash.trim();
    if (h === "") return setOutcome({ kind: "error", message: s["check.hash.error.empty"] });
    if (!isDigest(h)) return setOutcome({ kind: "error", message: s["check.hash.error.invalid"] });
    try {
      const [r] = await lookUp([h]);
      if (r) {
        setOutcome({ kind: "result", result: r });
        showResultUrl(resultUrl(lang, r.hash), resultUrl(otherLang(lang), r.hash));
      }
    } catch {
      setOutcome({ kind: "error", message: s["check.link.error.network"] });
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    if (ready && phase.kind === "idle") void onFile(e.dataTransfer.files[0]);
  }

  const error = outcome?.kind === "error" ? outcome.message : null;
  return (
    <div className="check-tool">
      {error && (
        <ErrorSummary
          title={s["check.error.title"]}
          message={error}
          fieldId={phase.kind === "idle" && hash ? hashId : fileId}
          summaryRef={summaryRef}
        />
      )}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop zone only adds drag-and-drop; the file input inside is the keyboard and screen-reader path */}
      <div
        className={dragging ? "dropzone dropzone-active" : "dropzone"}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label className="form-label" htmlFor={fileId}>
          {s["check.file.choose"]}
        </label>
        <p className="form-hint">{s["check.file.drop"]}</p>
        <input
          id={fileId}
          type="file"
          className="file-upload"
          disabled={!ready || phase.kind === "hashing"}
          onChange={(e) => {
            void onFile(e.target.files?.[0]);
            e.target.value = "";
          }}
        />
        {phase.kind === "hashing" && (
          <div className="hash-progress">
            <label htmlFor={`${id}-progress`}>{s["check.file.progress"]}</label>
            <progress id={`${id}-progress`} max={100} value={phase.percent}>
              {phase.percent}%
            </progress>
            <p aria-live="polite" className="hash-progress-text">
              {fill(s["check.file.hashing"], { percent: phase.percent })}
            </p>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                cancelled.current = true;
              }}
            >
              {s["check.file.cancel"]}
            </button>
          </div>
        )}
      </div>
      <form className="check-form" method="get" action={action} onSubmit={onHashSubmit} noValidate>
        <label className="form-label" htmlFor={hashId}>
          {s["check.hash.label"]}
        </label>
        <p className="form-hint" id={hashHintId}>
          {s["check.hash.hint"]}
        </p>
        <div className="form-row">
          <input
            id={hashId}
            name="hash"
            type="text"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            className="form-input form-input-code"
            aria-describedby={hashHintId}
            value={hash}
            maxLength={200}
            onChange={(e) => setHash(e.target.value)}
          />
          <button type="submit" className="button">
            {s["check.hash.submit"]}
          </button>
        </div>
      </form>
      <VerdictRegion verdict={outcome?.kind === "result" ? outcome.result.verdict : null} headingId={resultHeading} resultRef={resultRef}>
        {outcome?.kind === "result" && (
          <>
            <HashVerdictCard result={outcome.result} file={outcome.file} lang={lang} s={s} headingId={resultHeading} help={help} />
            <ResultActions
              s={s}
              text={fill(s["check.share.text"], {
                label: s[`check.fileVerdict.${outcome.result.verdict}.label`],
                target: outcome.file ? outcome.file.name : outcome.result.hash,
              })}
            />
          </>
        )}
      </VerdictRegion>
    </div>
  );
}
