// Bad requests made from the API's own OpenAPI document (e2e/bad-input.test.ts sends them): for
// every operation, each parameter and body field given wrong values — wrong types, empty, too long,
// odd Unicode, numbers out of range, arrays for scalars — plus broken JSON, wrong content types,
// deep nesting, bodies near the size limit, odd headers, other methods, and valid-looking requests.
// Everything comes from one seeded generator, so a failure is reproduced by its seed and number.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
  example?: unknown;
  default?: unknown;
}

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
  tags?: string[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
  servers?: { url: string }[];
}

/** One operation of the document, with its $refs resolved. */
export interface Operation {
  key: string;
  method: string;
  /** The path template, e.g. /staff/users/{id}. */
  template: string;
  params: Parameter[];
  body?: { required: boolean; types: Record<string, Schema> };
  /** Under /staff: behind the cross-site check and the session. */
  staff: boolean;
  /** Needs a session (declares a security requirement). */
  secured: boolean;
}

/** A request ready to send: `context` names whose session and origin headers the sender adds. */
export interface FuzzRequest {
  n: number;
  op: string;
  variant: string;
  context: string;
  method: string;
  /** Path and query, already percent-encoded (some on purpose wrongly). */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Values planted in bodies and queries that must never reach the server's log. */
export interface Canaries {
  password: string;
  email: string;
  text: string;
}

export interface GenerateOptions {
  seed: number;
  /** Prefix of every path, the document's server URL (/api/v1). */
  base: string;
  /** The contexts each operation is sent in (e.g. every role for staff operations). */
  contexts: (op: Operation) => string[];
  canaries: Canaries;
  /** The API's body ceiling: bodies just under and just over it are sent. */
  bodyLimit: number;
  /**
   * Real values of path parameters, by the path up to the parameter ("/staff/users/{id}"): the
   * valid-looking requests mostly name a real record, so they reach the code behind the lookup.
   */
  known?: Record<string, string[]>;
}

/** The key of `known` for a path parameter of a template: the template up to that parameter. */
export const knownKey = (template: string, param: string) => template.slice(0, template.indexOf(`{${param}}`) + param.length + 2);

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const chance = (p: number) => next() < p;
  /** Up to k items of xs, in their order, chosen at random. */
  const some = <T>(xs: readonly T[], k: number): T[] => {
    if (xs.length <= k) return [...xs];
    const idx = new Set<number>();
    while (idx.size < k) idx.add(Math.floor(next() * xs.length));
    return [...idx].sort((x, y) => x - y).map((i) => xs[i] as T);
  };
  return { next, int, pick, chance, some };
}
export type Rng = ReturnType<typeof prng>;

const METHODS = ["get", "post", "put", "patch", "delete"];

/** Every operation of the document, staff ones marked. */
export function operations(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      const types = Object.fromEntries(Object.entries(content).map(([t, c]) => [t, resolve(doc, c.schema ?? {})]));
      ops.push({
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        params: (op.parameters ?? []).map((p) => ({ ...p, schema: resolve(doc, p.schema ?? {}) })),
        ...(op.requestBody ? { body: { required: op.requestBody.required === true, types } } : {}),
        staff: template === "/staff" || template.startsWith("/staff/"),
        secured: (op.security ?? []).length > 0,
      });
    }
  }
  return ops;
}

/** The schema with every $ref replaced by its component (recursively, cycles cut at depth 12). */
function resolve(doc: OpenApiDocument, s: Schema, depth = 0): Schema {
  if (depth > 12) return {};
  if (s.$ref) {
    const name = s.$ref.replace("#/components/schemas/", "");
    return resolve(doc, doc.components?.schemas?.[name] ?? {}, depth + 1);
  }
  const out: Schema = { ...s };
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, resolve(doc, v, depth + 1)]));
  if (s.items) out.items = resolve(doc, s.items, depth + 1);
  for (const k of ["anyOf", "oneOf", "allOf"] as const) {
    const list = s[k];
    if (list) out[k] = list.map((x) => resolve(doc, x, depth + 1));
  }
  return out;
}

const typesOf = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** A string matching a simple pattern (classes, literals, quantifiers), or undefined. */
function fromPattern(rng: Rng, pattern: string): string | undefined {
  const src = pattern.replace(/^\^/, "").replace(/\$$/, "");
  let out = "";
  let i = 0;
  while (i < src.length) {
    let chars: string[];
    const ch = src[i] as string;
    if (ch === "[") {
      const end = src.indexOf("]", i + 1);
      if (end < 0) return undefined;
      chars = expandClass(src.slice(i + 1, end));
      i = end + 1;
    } else if (ch === "\\") {
      const e = src[i + 1];
      chars = e === "d" ? [..."0123456789"] : e === "w" ? [..."abcxyz019_"] : e === "s" ? [" "] : [e ?? ""];
      i += 2;
    } else if ("()|?*+{".includes(ch)) {
      return undefined;
    } else {
      chars = [ch];
      i += 1;
    }
    let lo = 1;
    let hi = 1;
    const q = /^\{(\d+)(?:,(\d*))?\}|^[+*?]/.exec(src.slice(i));
    if (q) {
      if (q[0] === "+") [lo, hi] = [1, 4];
      else if (q[0] === "*") [lo, hi] = [0, 3];
      else if (q[0] === "?") [lo, hi] = [0, 1];
      else [lo, hi] = [Number(q[1]), q[2] === undefined ? Number(q[1]) : q[2] === "" ? Number(q[1]) + 3 : Number(q[2])];
      i += q[0].length;
    }
    const n = rng.int(lo, Math.min(hi, lo + 12));
    for (let k = 0; k < n; k++) out += rng.pick(chars);
  }
  try {
    return new RegExp(pattern, "u").test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

function expandClass(body: string): string[] {
  const chars: string[] = [];
  const s = [...body];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && s[i + 1]) {
      const e = s[i + 1] as string;
      chars.push(...(e === "d" ? [..."0123456789"] : [e]));
      i++;
    } else if (s[i + 1] === "-" && s[i + 2] !== undefined) {
      const a = (s[i] as string).codePointAt(0) as number;
      const b = (s[i + 2] as string).codePointAt(0) as number;
      for (let c = a; c <= b && c - a < 64; c++) chars.push(String.fromCodePoint(c));
      i += 2;
    } else chars.push(s[i] as string);
  }
  return chars.length ? chars : ["a"];
}

/** A value the schema accepts, as far as a generator can tell: the "valid-looking" baseline. */
export function sample(rng: Rng, s: Schema, canaries: Canaries, name = "", depth = 0): Json {
  if (s.const !== undefined) return s.const as Json;
  if (s.enum?.length) return rng.pick(s.enum) as Json;
  const branches = s.anyOf ?? s.oneOf;
  if (branches?.length) {
    const nonNull = branches.filter((b) => !typesOf(b).includes("null"));
    return sample(rng, rng.pick(nonNull.length ? nonNull : branches), canaries, name, depth);
  }
  if (s.allOf?.length) {
    const merged: Schema = {};
    for (const part of s.allOf) Object.assign(merged, part, { properties: { ...merged.properties, ...part.properties } });
    return sample(rng, merged, canaries, name, depth);
  }
  const types = typesOf(s).filter((t) => t !== "null");
  const type = types.length ? rng.pick(types) : s.properties ? "object" : "string";
  if (s.example !== undefined && type !== "object" && type !== "array" && rng.chance(0.6)) return s.example as Json;
  switch (type) {
    case "integer":
    case "number": {
      const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : lo + 100);
      return rng.int(Math.ceil(lo), Math.max(Math.ceil(lo), Math.floor(hi)));
    }
    case "boolean":
      return rng.chance(0.5);
    case "array": {
      const n = rng.int(s.minItems ?? 0, Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)));
      return Array.from({ length: n }, () => sample(rng, s.items ?? {}, canaries, name, depth + 1));
    }
    case "object": {
      const out: Record<string, Json> = {};
      const required = new Set(s.required ?? []);
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (required.has(k) || (depth < 4 && rng.chance(0.6))) out[k] = sample(rng, v, canaries, k, depth + 1);
      }
      return out;
    }
    default:
      return sampleString(rng, s, canaries, name);
  }
}

function sampleString(rng: Rng, s: Schema, canaries: Canaries, name: string): string {
  const max = s.maxLength ?? 200;
  const fit = (v: string) => (v.length <= max && v.length >= (s.minLength ?? 0) ? v : undefined);
  if (/password/i.test(name) && fit(canaries.password)) return canaries.password;
  if (/e-?mail/i.test(name) && fit(canaries.email)) return canaries.email;
  if (s.pattern) {
    const v = fromPattern(rng, s.pattern);
    if (v !== undefined) return v;
    if (typeof s.default === "string") return s.default;
  }
  switch (s.format) {
    case "email":
      return canaries.email;
    case "uri":
    case "url":
      return "https://vi-du.example.vn/dang-nhap";
    case "date-time":
      return "2026-03-14T08:30:00.000Z";
    case "date":
      return "2026-03-14";
    case "uuid":
      return "0b6f3a4e-2c1d-4e5f-8a9b-0c1d2e3f4a5b";
  }
  if (/url|link/i.test(name)) return "https://vi-du.example.vn/dang-nhap";
  if (/phone/i.test(name)) return "0912345678";
  const words = ["Cảnh báo lừa đảo", "ngân hàng", "tài khoản", canaries.text, "mã OTP", "khẩn cấp"];
  let v = rng.some(words, rng.int(1, 3)).join(" ");
  if (v.length > max) v = v.slice(0, max);
  while (v.length < (s.minLength ?? 0)) v += "a";
  return v;
}

// --- bad values -------------------------------------------------------------------------------

/**
 * Bad values for a parameter, as they go on the wire (already percent-encoded, some wrongly): the
 * core every parameter gets, and `extras` more drawn from the rest.
 */
function badParamValues(rng: Rng, s: Schema, inPath: boolean, extras: number): [string, string][] {
  const e = encodeURIComponent;
  const max = s.maxLength ?? 256;
  const core: [string, string][] = [
    ["empty", ""],
    ["just over maxLength", e("a".repeat(max + 1))],
    ["huge", "x".repeat(rng.pick([2048, 4000, 7000]))],
    // Nine bytes a letter once encoded: past maxLength where that still fits Node's 16 kB request
    // head (a longer head is a raw-socket 431, not this corpus's concern).
    (max + 1) * 9 <= 12_000 ? ["multi-byte over maxLength", e("ệ".repeat(max + 1))] : ["multi-byte, long", e("ệ".repeat(1300))],
    ["NFD Vietnamese", e("Nguye\u0302\u0303n Va\u0306n A")],
    ["RTL override", e("\u202Eexe.txt\u202C")],
    ["NUL", "a%00b"],
    ["lone surrogate (CESU bytes)", "%ED%A0%80"],
    ["overlong slash", "%C0%AF"],
    ["invalid UTF-8 byte", "%FF%FE"],
    ["bad percent", "%zz"],
    ["negative", "-1"],
    ["huge number", "99999999999999999999999999"],
    ["float", "1.5"],
    ["JSON array", e("[1,2]")],
    ["dot dot", inPath ? "..%2F..%2Fetc%2Fpasswd" : e("../../etc/passwd")],
  ];
  const rest: [string, string][] = [
    ["space", "%20"],
    ["zero-width", e("a\u200B\u200Cb\uFEFF")],
    ["control chars", "%01%07%1B%7F"],
    ["CR LF", "a%0D%0Ab"],
    ["overlong NUL", "%C0%80"],
    ["truncated UTF-8", "%E1%BB"],
    ["lone percent", "%"],
    ["emoji", e("😀🇻🇳")],
    ["exponent", "1e309"],
    ["NaN", "NaN"],
    ["hex number", "0x10"],
    ["boolean", "true"],
    ["null", "null"],
    ["JSON object", e('{"a":1}')],
    ["comma list", "a,b,c"],
    ["SQL", e("' OR 1=1 --")],
    ["markup", e("<script>alert(1)</script>")],
    ["FTS syntax", e('"NEAR(a b) * OR -x ^')],
  ];
  if (s.enum?.length) rest.push(["enum in capitals", e(String(s.enum[0]).toUpperCase())], ["enum with space", e(` ${String(s.enum[0])} `)]);
  return [...core, ...rng.some(rest, extras)];
}

/** Wrong JSON values for a body field (raw JSON text, so lone surrogates and NULs are exact). */
function badJsonValues(rng: Rng, s: Schema, sampled: Json, k: number): [string, string][] {
  const max = s.maxLength ?? 1000;
  const all: [string, string][] = [
    ["null", "null"],
    ["true", "true"],
    ["zero", "0"],
    ["negative", "-1"],
    ["float", "1.5"],
    ["huge number", "1e308"],
    ["huge negative", "-1e308"],
    ["beyond 2^53", "9007199254740993"],
    ["long digits", "1".repeat(400)],
    ["empty string", '""'],
    ["whitespace", '"   \\t\\n "'],
    ["string over maxLength", JSON.stringify("b".repeat(max + 1))],
    ["multi-byte over maxLength", JSON.stringify("ữ".repeat(max + 1))],
    ["NFD", JSON.stringify("Nguye\u0302\u0303n")],
    ["RTL", JSON.stringify("\u202Egpj.exe")],
    ["NUL", '"a\\u0000b"'],
    ["lone surrogate", '"\\ud800x"'],
    ["reversed surrogates", '"\\udc00\\ud800"'],
    ["number as string", '"12"'],
    ["empty array", "[]"],
    ["array of the value", `[${JSON.stringify(sampled)}]`],
    ["empty object", "{}"],
    ["object", '{"value":1}'],
    ["nested arrays", "[[[[[[]]]]]]"],
  ];
  return rng.some(all, k);
}

/** The canary-free text of a JSON value with one leaf replaced by raw JSON text. */
function withRaw(value: Json, path: (string | number)[], raw: string): string {
  const marker = "\u0001RAW\u0001";
  const copy = structuredClone(value) as Json;
  if (path.length === 0) return raw;
  let cur = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, Json>;
  cur[path[path.length - 1] as string | number] = marker;
  return JSON.stringify(copy).replace(JSON.stringify(marker), raw);
}

/** Paths of the leaves (and nested objects) of a sampled value, with their schemas. */
function leaves(value: Json, s: Schema, path: (string | number)[] = [], out: [(string | number)[], Schema, Json][] = []) {
  if (path.length > 0) out.push([path, s, value]);
  if (path.length >= 4) return out;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) leaves(v, s.items ?? {}, [...path, i], out);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) leaves(v, s.properties?.[k] ?? pickBranch(s, k), [...path, k], out);
  }
  return out;
}

const pickBranch = (s: Schema, k: string): Schema => (s.anyOf ?? s.oneOf ?? []).find((b) => b.properties?.[k])?.properties?.[k] ?? {};

// --- the generator ------------------------------------------------------------------------------

interface Draft {
  variant: string;
  method?: string;
  params?: Record<string, string>;
  /** Raw query string (without "?"), replacing the sampled one. */
  query?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Sent in one of the operation's contexts only (the large bodies: the same bytes each time). */
  oneContext?: boolean;
}

const json = "application/json";

/** Every bad (and valid-looking) request for every operation, in a fixed order for the seed. */
export function generate(doc: OpenApiDocument, opts: GenerateOptions): FuzzRequest[] {
  const rng = prng(opts.seed);
  const out: FuzzRequest[] = [];
  for (const op of operations(doc)) {
    const drafts = draftsFor(rng, op, opts);
    const contexts = opts.contexts(op);
    const once = new Map(drafts.map((d) => [d, rng.pick(contexts)]));
    for (const context of contexts) {
      for (const d of drafts) if (!d.oneContext || once.get(d) === context) out.push(build(op, d, context, opts, out.length));
    }
  }
  return out;
}

function build(op: Operation, d: Draft, context: string, opts: GenerateOptions, n: number): FuzzRequest {
  const path = op.template.replace(/\{([^}]+)\}/g, (_, name: string) => d.params?.[name] ?? "x");
  const headers: Record<string, string> = { ...d.headers };
  const body = d.body === undefined ? undefined : typeof d.body === "string" ? Buffer.from(d.body, "utf8") : d.body;
  if (typeof d.body === "string") d.body = body; // the next contexts share these bytes
  return {
    n,
    op: op.key,
    variant: d.variant,
    context,
    method: d.method ?? op.method,
    path: `${opts.base}${path}${d.query ? `?${d.query}` : ""}`,
    headers,
    ...(body ? { body } : {}),
  };
}

function draftsFor(rng: Rng, op: Operation, opts: GenerateOptions): Draft[] {
  const { canaries } = opts;
  const e = encodeURIComponent;
  const pathParams = op.params.filter((p) => p.in === "path");
  const queryParams = op.params.filter((p) => p.in === "query");
  const headerParams = op.params.filter((p) => p.in === "header");

  // The valid-looking baseline every variant starts from.
  // No canaries in paths: the request log keeps the path (without the query), by design.
  const plain: Canaries = { password: "mat-khau", email: "hop-thu", text: "mau" };
  const baseParam = (p: Parameter) => {
    const real = opts.known?.[knownKey(op.template, p.name)] ?? [];
    const made = String(sample(rng, p.schema ?? {}, plain, p.name));
    return e(real.length && rng.chance(0.8) ? rng.pick(real) : made);
  };
  const baseParams = () => Object.fromEntries(pathParams.map((p) => [p.name, baseParam(p)]));
  const baseQuery = (all = false) =>
    queryParams
      .filter((p) => p.required || all || rng.chance(0.4))
      .map((p) => `${e(p.name)}=${e(String(sample(rng, p.schema ?? {}, canaries, p.name)))}`)
      .join("&");
  const bodyType = op.body ? (Object.keys(op.body.types).includes(json) ? json : (Object.keys(op.body.types)[0] as string)) : undefined;
  const bodySchema = bodyType ? (op.body?.types[bodyType] ?? {}) : undefined;
  const baseBody = () => (bodySchema ? sample(rng, bodySchema, canaries) : undefined);
  // A staff operation goes out in five contexts, so it draws fewer of the optional variants (each
  // operation its own draw, so together they still cover every kind).
  const thin = <T>(list: readonly T[], k: number): T[] => (op.staff ? rng.some(list, k) : [...list]);
  const extras = op.staff ? 2 : 20;
  const drafts: Draft[] = [];
  const add = (d: Draft) => {
    const params = { ...baseParams(), ...d.params };
    const query = d.query ?? baseQuery();
    let headers = d.headers;
    let body = d.body;
    if (body === undefined && bodyType && !("body" in d)) {
      body = encodeBody(bodyType, baseBody());
      headers = { "content-type": contentTypeFor(bodyType), ...headers };
    }
    drafts.push({ ...d, params, query, ...(headers ? { headers } : {}), ...(body !== undefined ? { body: body } : {}) });
  };

  // Valid-looking requests, a few of each (fresh samples each time).
  for (let i = 0; i < 4; i++) add({ variant: "valid-looking", query: baseQuery(i > 1) });

  // Each parameter, every bad value.
  for (const p of pathParams) {
    for (const [label, v] of badParamValues(rng, p.schema ?? {}, true, extras)) {
      if (v === "") continue; // an empty segment is a different path, sent below
      add({ variant: `path ${p.name}: ${label}`, params: { [p.name]: v } });
    }
    add({ variant: `path ${p.name}: empty segment`, params: { [p.name]: "" } });
    add({ variant: `path ${p.name}: encoded slash`, params: { [p.name]: "a%2Fb" } });
  }
  for (const p of queryParams) {
    for (const [label, v] of badParamValues(rng, p.schema ?? {}, false, extras))
      add({ variant: `query ${p.name}: ${label}`, query: `${e(p.name)}=${v}` });
    const good = e(String(sample(rng, p.schema ?? {}, canaries, p.name)));
    const shapes: [string, string][] = [
      ["repeated", `${e(p.name)}=${good}&${e(p.name)}=${good}x`],
      ["brackets array", `${e(p.name)}[]=${good}&${e(p.name)}[]=2`],
      ["brackets object", `${e(p.name)}[a]=${good}`],
      ["no value", e(p.name)],
    ];
    for (const [label, query] of thin(shapes, 2)) add({ variant: `query ${p.name}: ${label}`, query });
  }
  for (const p of queryParams.filter((q) => q.required)) {
    add({
      variant: `query ${p.name}: missing`,
      query: queryParams
        .filter((q) => q !== p && q.required)
        .map((q) => `${e(q.name)}=a`)
        .join("&"),
    });
  }
  add({ variant: "query: unknown parameter", query: `${baseQuery()}&zz_unknown=1&__proto__[x]=1&constructor=1` });
  add({
    variant: "query: canary e-mail and password",
    query: `email=${e(canaries.email)}&password=${e(canaries.password)}&q=${e(canaries.text)}`,
  });
  add({ variant: "query: 300 parameters", query: Array.from({ length: 300 }, (_, i) => `p${i}=${i}`).join("&") });
  for (const p of headerParams) {
    for (const [label, v] of [
      ["empty", ""],
      ["long", "k".repeat(3000)],
      ["latin-1 bytes (UTF-8 sent raw)", Buffer.from("khoá ệ", "utf8").toString("latin1")],
      ["list", "true, false"],
      ["canary", canaries.password],
      ["number", "-1"],
    ] as const) {
      add({ variant: `header ${p.name}: ${label}`, headers: { [p.name]: v } });
    }
  }

  // Odd headers every operation should shrug off.
  const odd: [string, Record<string, string>][] = [
    ["accept text/html", { accept: "text/html" }],
    ["accept-encoding gzip, br", { "accept-encoding": "gzip, br;q=0.5, *;q=0" }],
    ["bogus range", { range: "bytes=abc-" }],
    ["if-none-match garbage", { "if-none-match": '"\u00ff"*, W/' }],
    ["x-forwarded-for garbage", { "x-forwarded-for": "not-an-ip, ::ffff:999.1.1.1, " }],
    ["garbage cookie", { cookie: "portal_session=%%%; __Host-portal_session=\u00ff\u00fe; a" }],
    ["long user-agent", { "user-agent": "U".repeat(4000) }],
  ];
  for (const [label, headers] of thin(odd, 3)) add({ variant: `header: ${label}`, headers });

  // Another method on the same path.
  add({ variant: "method: PUT", method: "PUT" });
  add({ variant: "method: PROPFIND", method: "PROPFIND" });
  if (op.method === "GET") add({ variant: "method: POST with JSON", method: "POST", headers: { "content-type": json }, body: "{}" });

  if (!op.body) {
    // A body where none is expected.
    add({
      variant: "unexpected JSON body",
      headers: { "content-type": json },
      body: `{"a":1,"password":${JSON.stringify(canaries.password)}}`,
    });
    if (op.method !== "GET") add({ variant: "unexpected broken body", headers: { "content-type": json }, body: '{"a":' });
    return drafts;
  }

  const type = bodyType as string;
  const schema = bodySchema as Schema;
  const enc = (v: Json) => encodeBody(type, v);
  const withType = () => ({ "content-type": contentTypeFor(type) });

  // Missing and extra fields.
  for (const field of schema.required ?? []) {
    const v = baseBody() as Record<string, Json>;
    delete v[field];
    const body = enc(v);
    add({ variant: `body: missing required ${field}`, headers: withType(), body });
  }
  for (const [label, extra] of [
    ["extra field", { zz_unknown: "x" }],
    ["__proto__", JSON.parse('{"__proto__":{"isAdmin":true,"role":"admin"}}') as Json],
    ["constructor.prototype", { constructor: { prototype: { polluted: true } } }],
    ["every property null", Object.fromEntries(Object.keys(schema.properties ?? {}).map((k) => [k, null]))],
  ] as const) {
    const v = { ...(baseBody() as Record<string, Json>), ...(extra as Record<string, Json>) };
    const body = label === "__proto__" ? Buffer.from(JSON.stringify(baseBody()).replace(/^\{/, '{"__proto__":{"isAdmin":true},')) : enc(v);
    add({ variant: `body: ${label}`, headers: withType(), body });
  }

  // Each field, wrong values (JSON bodies; multipart sends the raw text of the value as a field).
  const sampled = baseBody() ?? null;
  for (const [path, s, v] of thin(leaves(sampled, schema), 10)) {
    for (const [label, raw] of badJsonValues(rng, s, v, op.staff ? 5 : 14)) {
      const text = withRaw(sampled, path, raw);
      const body = type === json ? text : encodeBody(type, safeParse(text) ?? sampled);
      add({ variant: `body ${path.join(".")}: ${label}`, headers: withType(), body });
    }
  }

  // The body as a whole: wrong JSON types, broken JSON, wrong content types.
  const good = JSON.stringify(baseBody());
  const wholes: [string, string | Buffer, string][] = [
    ["JSON null", "null", json],
    ["JSON array", `[${good}]`, json],
    ["JSON string", '"x"', json],
    ["JSON number", "1", json],
    ["JSON true", "true", json],
    ["empty object", "{}", json],
    ["empty body", "", json],
    ["whitespace body", " \r\n\t", json],
    ["truncated JSON", good.slice(0, Math.max(1, Math.floor(good.length * rng.next()))), json],
    ["single quotes", "{'a':1}", json],
    ["trailing comma", '{"a":1,}', json],
    ["trailing garbage", `${good}x`, json],
    ["two documents", `${good}${good}`, json],
    ["NaN literal", '{"a":NaN}', json],
    ["comment", `/* c */${good}`, json],
    ["duplicate keys", good.replace(/^\{/, '{"category":1,"email":[],'), json],
    ["byte order mark", `\uFEFF${good}`, json],
    ["invalid UTF-8 in a string", Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc0, 0xaf, 0xff, 0xfe]), Buffer.from('"}')]), json],
    ["UTF-16LE JSON", Buffer.from(good, "utf16le"), "application/json; charset=utf-16le"],
    ["lone surrogate escapes", good.replace(/"([^"\\]{2,})"/, '"\\ud83d$1\\udc00"'), json],
    ["text/plain", good, "text/plain"],
    ["form-urlencoded", "a=1&password=x", "application/x-www-form-urlencoded"],
    ["multipart without boundary", good, "multipart/form-data"],
    ["multipart junk", "--b\r\nnot a part\r\n", "multipart/form-data; boundary=b"],
    ["xml", "<a>1</a>", "application/xml"],
    ["charset latin-1", good, "application/json; charset=iso-8859-1"],
    ["bad parameters", good, "application/json;;;charset"],
    ["capitals", good, "APPLICATION/JSON"],
    ["json-like", good, "application/jsonx"],
    ["vendor json", good, "application/vnd.api+json"],
    ["no content type", good, ""],
    ["gzip claimed", good, json],
    ["deep array", constant("deep array", () => `${"[".repeat(60_000)}${"]".repeat(60_000)}`), json],
    ["deep object", constant("deep object", () => `${'{"a":'.repeat(30_000)}1${"}".repeat(30_000)}`), json],
    ["deep field", `{"deep":${"[".repeat(20_000)}${"]".repeat(20_000)},${good.slice(1)}`, json],
    [
      "many keys",
      constant("many keys", () => JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])))),
      json,
    ],
  ];
  for (const [label, body, ct] of thin(wholes, 16)) {
    const headers: Record<string, string> = ct ? { "content-type": ct } : {};
    if (label === "gzip claimed") headers["content-encoding"] = "gzip";
    add({ variant: `body: ${label}`, headers, body });
  }
  if (type !== json) {
    add({ variant: "body: JSON on a form route", headers: { "content-type": json }, body: good });
    for (const [label, body] of multipartOddities(sampled, canaries)) {
      add({ variant: `multipart: ${label}`, headers: { "content-type": "multipart/form-data; boundary=fuzzB" }, body });
    }
  }

  // Near and over the body ceiling.
  const pad = (size: number) => {
    const head = JSON.stringify({ ...(baseBody() as Record<string, Json>), zz_padding: "" });
    const at = head.indexOf('"zz_padding":""') + 14;
    return Buffer.concat([
      Buffer.from(head.slice(0, at)),
      Buffer.alloc(Math.max(0, size - Buffer.byteLength(head)), "p"),
      Buffer.from(head.slice(at)),
    ]);
  };
  const big = { headers: { "content-type": json }, oneContext: true };
  add({ ...big, variant: "body: just under the limit", body: pad(opts.bodyLimit - 64) });
  add({ ...big, variant: "body: just over the limit", body: pad(opts.bodyLimit + 1) });
  add({
    ...big,
    variant: "body: big array near the limit",
    body: constant(`ones ${opts.bodyLimit}`, () => `[${"1,".repeat(Math.floor(opts.bodyLimit / 2) - 8)}1]`),
  });
  return drafts;
}

const constants = new Map<string, Buffer>();
/** A large body that is the same for every operation: made once, its bytes shared. */
function constant(name: string, make: () => string): Buffer {
  const found = constants.get(name);
  if (found) return found;
  const made = Buffer.from(make());
  constants.set(name, made);
  return made;
}

function safeParse(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

const BOUNDARY = "fuzzB";

function contentTypeFor(type: string): string {
  return type.startsWith("multipart/") ? `multipart/form-data; boundary=${BOUNDARY}` : type;
}

function encodeBody(type: string, value: Json | undefined): string {
  if (!type.startsWith("multipart/")) return JSON.stringify(value ?? null);
  const fields = value && typeof value === "object" && !Array.isArray(value) ? value : { value };
  let out = "";
  for (const [k, v] of Object.entries(fields)) {
    out += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${typeof v === "string" ? v : JSON.stringify(v)}\r\n`;
  }
  return `${out}--${BOUNDARY}--\r\n`;
}

function multipartOddities(sampled: Json, canaries: Canaries): [string, string | Buffer][] {
  const good = encodeBody("multipart/form-data", sampled);
  const part = (headers: string, content: string | Buffer) =>
    Buffer.concat([Buffer.from(`--${BOUNDARY}\r\n${headers}\r\n\r\n`), Buffer.from(content), Buffer.from("\r\n")]);
  const end = Buffer.from(`--${BOUNDARY}--\r\n`);
  const withPart = (p: Buffer) => Buffer.concat([Buffer.from(good.replace(/--fuzzB--\r\n$/, "")), p, end]);
  return [
    ["no closing boundary", good.replace(/--fuzzB--\r\n$/, "")],
    ["truncated mid-part", good.slice(0, Math.floor(good.length / 2))],
    ["no parts", `--${BOUNDARY}--\r\n`],
    ["empty", ""],
    ["part without a name", withPart(part("Content-Disposition: form-data", "x"))],
    ["part without headers", withPart(part("", "x"))],
    [
      "file with a traversal name",
      withPart(part('Content-Disposition: form-data; name="evidence"; filename="../../etc/passwd"\r\nContent-Type: text/plain', "hi")),
    ],
    [
      "file with NUL and RTL in the name",
      withPart(part('Content-Disposition: form-data; name="evidence"; filename="a\u0000\u202Egpj.exe"', "hi")),
    ],
    [
      "file of no bytes",
      withPart(part('Content-Disposition: form-data; name="evidence"; filename="e.png"\r\nContent-Type: image/png', "")),
    ],
    [
      "file that lies about its type",
      withPart(part('Content-Disposition: form-data; name="evidence"; filename="e.png"\r\nContent-Type: image/png', "MZ\x90\x00not a png")),
    ],
    [
      "six files",
      withPart(
        Buffer.concat(
          Array.from({ length: 6 }, (_, i) =>
            part(`Content-Disposition: form-data; name="evidence"; filename="f${i}.txt"\r\nContent-Type: text/plain`, "chữ"),
          ),
        ),
      ),
    ],
    ["a file field with no file name", withPart(part('Content-Disposition: form-data; name="evidence"', "x"))],
    ["the same field twice", withPart(part('Content-Disposition: form-data; name="category"', "scam"))],
    [
      "400 small fields",
      withPart(Buffer.concat(Array.from({ length: 400 }, (_, i) => part(`Content-Disposition: form-data; name="f${i}"`, "v")))),
    ],
    ["a long field", withPart(part('Content-Disposition: form-data; name="description"', "d".repeat(200_000)))],
    ["a long part header", withPart(part(`Content-Disposition: form-data; name="${"n".repeat(20_000)}"`, "x"))],
    [
      "invalid UTF-8 in a field",
      withPart(part('Content-Disposition: form-data; name="description"', Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]))),
    ],
    ["canary in contact fields", withPart(part('Content-Disposition: form-data; name="contactEmail"', canaries.email))],
  ];
}
