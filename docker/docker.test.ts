// Static validation of the production container setup. No Docker engine is needed: compose.yaml is
// checked against the Compose Specification schema and dclint, the Dockerfile with the VS Code
// Docker validator (dockerfile-utils) and its AST, and the health probes are run against stub servers.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, matchesGlob, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject } from "ajv";
import { DCLinter } from "dclint";
import { DockerfileParser, type Instruction } from "dockerfile-ast";
import { validate as validateDockerfile } from "dockerfile-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument, parse as parseYaml } from "yaml";
import { loadEnv } from "../apps/api/src/env.ts";

const dockerDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(dockerDir, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

const composeText = read("docker/compose.yaml");
const dockerfileText = read("docker/Dockerfile");
const envExampleText = read("docker/.env.example");
const dockerignoreText = read(".dockerignore");

type Env = Record<string, string | undefined>;
// dclint's bundled .d.ts files use extensionless imports that NodeNext cannot follow, so its
// result messages are typed here.
type LintMessage = { rule: string; message: string };
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// ---------------------------------------------------------------------------------------------
// Compose variable interpolation, as the Compose Specification defines it ($$, $VAR, ${VAR},
// ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+a}, ${VAR+a}); enough to see what compose sees.

class InterpolationError extends Error {}

const VARIABLE = /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

function interpolate(text: string, env: Env): string {
  const out = text.replace(VARIABLE, (whole, braced: string | undefined, op: string | undefined, arg: string | undefined, bare) => {
    if (whole === "$$") return "\u0000"; // restored below so the result is not scanned again
    const name = (braced ?? bare) as string;
    const value = env[name];
    const unset = value === undefined;
    const empty = unset || value === "";
    switch (op) {
      case undefined:
        return value ?? "";
      case ":-":
        return empty ? (arg ?? "") : (value as string);
      case "-":
        return unset ? (arg ?? "") : (value as string);
      case ":?":
        if (empty) throw new InterpolationError(`${name}: ${arg}`);
        return value as string;
      case "?":
        if (unset) throw new InterpolationError(`${name}: ${arg}`);
        return value as string;
      case ":+":
        return empty ? "" : (arg ?? "");
      case "+":
        return unset ? "" : (arg ?? "");
      default:
        throw new InterpolationError(`unsupported operator ${op} in ${whole}`);
    }
  });
  // Anything left (nested or malformed references) is syntax this helper does not understand.
  if (out.includes("${")) throw new InterpolationError(`unsupported interpolation in ${JSON.stringify(text)}`);
  return out.replaceAll("\u0000", "$");
}

function mapStrings(node: Json, fn: (s: string) => string): Json {
  if (typeof node === "string") return fn(node);
  if (Array.isArray(node)) return node.map((n) => mapStrings(n, fn));
  if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, mapStrings(v, fn)]));
  return node;
}

function referencedVariables(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(VARIABLE)) {
    const name = m[1] ?? m[4];
    if (name) names.add(name);
  }
  return names;
}

function parseDotenv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(trimmed);
    if (!m) throw new Error(`not a KEY=VALUE line in .env.example: ${line}`);
    vars[m[1] as string] = m[2] as string;
  }
  return vars;
}

const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL/i;
const exampleEnv = parseDotenv(envExampleText);
// What an operator fills in: the example file plus values for the secrets it leaves blank.
const filledEnv: Env = {
  ...exampleEnv,
  MEILI_MASTER_KEY: "test-only-master-key-0123456789abcdef",
  TOTP_KEY: Buffer.alloc(32, 7).toString("base64"),
  PUBLIC_ORIGIN: "https://portal.example.vn",
  TLS_CERT_DIR: "/etc/letsencrypt/live/portal.example.vn",
};

// ---------------------------------------------------------------------------------------------
// Compose model helpers

interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
}
interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number; published?: string | number; host_ip?: string })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  networks?: string[] | Record<string, unknown>;
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: Healthcheck;
  restart?: string;
}
interface Compose {
  name?: string;
  version?: string;
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { internal?: boolean } | null>;
}

const composeRaw = parseYaml(composeText) as Compose;
const composeFilled = mapStrings(composeRaw as unknown as Json, (s) => interpolate(s, filledEnv)) as unknown as Compose;

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const i = entry.indexOf("=");
        return i === -1 ? [entry, ""] : [entry.slice(0, i), entry.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? "" : String(v)]));
}

function networksOf(service: Service): string[] {
  if (!service.networks) return ["default"];
  return Array.isArray(service.networks) ? service.networks : Object.keys(service.networks);
}

/** Short-syntax volume "source:target[:mode]" or long syntax, as {source, target}. */
function mountsOf(service: Service): { source: string | undefined; target: string }[] {
  return (service.volumes ?? []).map((v) => {
    if (typeof v !== "string") return { source: v.source, target: v.target };
    const [source, target] = v.split(":");
    return target === undefined ? { source: undefined, target: source as string } : { source, target };
  });
}

/** Published ports in short syntax "[ip:]host:container" or long syntax, as {hostIp, published, target}. */
function portsOf(service: Service): { hostIp: string | undefined; published: string | undefined; target: string }[] {
  return (service.ports ?? []).map((p) => {
    if (typeof p === "object") return { hostIp: p.host_ip, published: p.published?.toString(), target: String(p.target) };
    const parts = String(p).split(":");
    const target = (parts.pop() as string).replace(/\/(tcp|udp)$/, "");
    const published = parts.pop();
    const hostIp = parts.length > 0 ? parts.join(":") : undefined;
    return { hostIp, published, target };
  });
}

/** image reference → { name, tag, digest } (tag is after the last ':' of the last path segment). */
function splitImage(ref: string): { name: string; tag: string | undefined; digest: string | undefined } {
  const [withoutDigest, digest] = ref.split("@") as [string, string | undefined];
  const slash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  if (colon > slash) return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
  return { name: withoutDigest, tag: undefined, digest };
}

const FLOATING_TAGS = new Set(["latest", "stable", "edge", "main", "master", "nightly", "dev", "beta", "canary", "lts", "current"]);

// ---------------------------------------------------------------------------------------------
// Dockerfile model helpers

const dockerfile = DockerfileParser.parse(dockerfileText);

interface Stage {
  name: string | null;
  from: string;
  instructions: Instruction[];
}

const stages: Stage[] = [];
for (const instruction of dockerfile.getInstructions()) {
  if (instruction.getKeyword() === "FROM") {
    const from = dockerfile.getFROMs().find((f) => f.getRange().start.line === instruction.getRange().start.line);
    stages.push({ name: from?.getBuildStage() ?? null, from: from?.getImage() ?? "", instructions: [] });
  } else {
    stages.at(-1)?.instructions.push(instruction);
  }
}
const runtime = stages.at(-1) as Stage;
const byKeyword = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.getKeyword() === keyword);
const flagsOf = (i: Instruction) =>
  "getFlags" in i && typeof i.getFlags === "function" ? (i.getFlags() as { getName(): string; getValue(): string | null }[]) : [];

/** The exec-form array of a CMD/HEALTHCHECK instruction. */
function execForm(i: Instruction): string[] {
  const content = (i.getArgumentsContent() ?? "").replace(/^CMD\s+/, "");
  const parsed = JSON.parse(content) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === "string")) throw new Error(`not exec form: ${content}`);
  return parsed;
}

/** ENV key=value pairs of a stage, later ones winning. */
function envOfStage(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of byKeyword(stage, "ENV")) {
    for (const p of (i as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) {
      env[p.getName()] = p.getValue() ?? "";
    }
  }
  return env;
}
const imageEnv = envOfStage(runtime);

// ---------------------------------------------------------------------------------------------
// Health probes are run for real against stub HTTP servers.

const run = (file: string, args: string[], env: Env = {}) =>
  new Promise<number>((done) => {
    execFile(file, args, { env: { PATH: process.env.PATH, ...env }, timeout: 15_000 }, (err) => {
      done(err ? (typeof err.code === "number" ? err.code : 1) : 0);
    });
  });

let stub: Server;
let stubPort = 0;
let stubStatus = 200;
const stubPaths: string[] = [];

beforeAll(async () => {
  stub = createServer((req, res) => {
    stubPaths.push(req.url ?? "");
    res.writeHead(stubStatus, { "content-type": "application/json" }).end('{"status":"ok"}');
  });
  await new Promise<void>((ok) => stub.listen(0, "127.0.0.1", ok));
  stubPort = (stub.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((ok) => stub.close(() => ok())));

/** A port nothing listens on: a freshly closed listener's. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, "127.0.0.1", ok));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

// =============================================================================================

describe("docker/compose.yaml", () => {
  const require = createRequire(import.meta.url);
  const schemaPath = join(dirname(require.resolve("dclint/package.json")), "schemas", "compose.schema.json");
  const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as { title?: string; $id?: string };
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  // The schema names draft-07 by its https address; register Ajv's own draft-07 meta-schema under it
  // so the schema itself is checked too, instead of switching that check off.
  const draft07 = require("ajv/dist/refs/json-schema-draft-07.json") as Record<string, unknown>;
  ajv.addMetaSchema({ ...draft07, $id: "https://json-schema.org/draft-07/schema" });
  const validateCompose = ajv.compile(schema);
  const schemaErrors = (doc: unknown) =>
    validateCompose(doc) ? [] : (validateCompose.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message}`);

  it("is well-formed YAML without duplicate keys", () => {
    const doc = parseDocument(composeText);
    expect(doc.errors.map(String)).toEqual([]);
    expect(doc.warnings.map(String)).toEqual([]);
  });

  it("uses the Compose Specification: no obsolete `version`, a project name", () => {
    expect(composeRaw).not.toHaveProperty("version");
    expect(composeRaw.name).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
  });

  it("the bundled schema is the Compose Specification and rejects a broken file", () => {
    expect(schema.title).toBe("Compose Specification");
    expect(schema.$id).toBe("compose_spec.json");
    // Controls: the validator must catch a misspelt key and a value outside an enum.
    expect(schemaErrors({ services: { a: { image: "x:1", helthcheck: {} } } })).not.toEqual([]);
    expect(schemaErrors({ services: { a: { image: "x:1", depends_on: { b: { condition: "whenever" } } } } })).not.toEqual([]);
  });

  it("validates against the Compose Specification schema as written", () => {
    expect(schemaErrors(composeRaw)).toEqual([]);
  });

  it("validates against the schema after interpolation with docker/.env.example", () => {
    expect(schemaErrors(composeFilled)).toEqual([]);
  });

  it("refuses to interpolate without MEILI_MASTER_KEY", () => {
    expect(() => mapStrings(composeRaw as unknown as Json, (s) => interpolate(s, exampleEnv))).toThrow(
      /MEILI_MASTER_KEY: set MEILI_MASTER_KEY/,
    );
  });

  it("refuses to interpolate without TOTP_KEY, which seals the staff accounts' second factor", () => {
    const withMeili = { ...exampleEnv, MEILI_MASTER_KEY: filledEnv.MEILI_MASTER_KEY as string };
    expect(() => mapStrings(composeRaw as unknown as Json, (s) => interpolate(s, withMeili))).toThrow(/TOTP_KEY: set TOTP_KEY/);
  });

  it("refuses to interpolate without PUBLIC_ORIGIN, from which every link in the alert feeds and CSAF is built", () => {
    const withSecrets = { ...exampleEnv, MEILI_MASTER_KEY: filledEnv.MEILI_MASTER_KEY as string, TOTP_KEY: filledEnv.TOTP_KEY as string };
    expect(() => mapStrings(composeRaw as unknown as Json, (s) => interpolate(s, withSecrets))).toThrow(/PUBLIC_ORIGIN: set PUBLIC_ORIGIN/);
  });

  it("passes every dclint rule once interpolated", () => {
    const dir = mkdtempSync(join(tmpdir(), "compose-lint-"));
    try {
      const file = join(dir, "compose.yaml");
      writeFileSync(file, interpolate(composeText, filledEnv));
      // Every rule on; only the quote style is set to this file's double quotes.
      const linter = new DCLinter({
        rules: { "require-quotes-in-ports": [2, { quoteType: "double" }] },
        quiet: true,
        debug: false,
        exclude: [],
      });
      const [result] = linter.lintFiles([file], false);
      expect(result?.messages.map((m: LintMessage) => `${m.rule}: ${m.message}`)).toEqual([]);

      // Control: the linter flags a floating image tag.
      const bad = join(dir, "compose.bad.yaml");
      writeFileSync(bad, 'name: x\nservices:\n  a:\n    image: "nginx:latest"\n');
      const [badResult] = linter.lintFiles([bad], false);
      expect(badResult?.messages.map((m: LintMessage) => m.rule)).toContain("service-image-require-explicit-tag");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("has the four services, each with a working healthcheck and a restart policy", () => {
    expect(Object.keys(composeRaw.services).sort()).toEqual(["libsql", "meilisearch", "portal", "proxy"]);
    for (const [name, service] of Object.entries(composeRaw.services)) {
      const hc = service.healthcheck;
      expect(hc, name).toBeDefined();
      expect(hc?.disable, name).not.toBe(true);
      expect(Array.isArray(hc?.test) ? hc?.test[0] : "CMD-SHELL", name).toMatch(/^CMD(-SHELL)?$/);
      expect(hc?.interval, name).toMatch(/^\d+(ms|s|m)$/);
      expect(hc?.timeout, name).toMatch(/^\d+(ms|s|m)$/);
      expect(hc?.retries, name).toBeGreaterThan(0);
      expect(["always", "unless-stopped", "on-failure"], name).toContain(service.restart);
    }
  });

  it("pins every image to an explicit version tag", () => {
    for (const [name, service] of Object.entries(composeRaw.services)) {
      if (service.image === undefined) {
        expect(service.build, `${name} has neither image nor build`).toBeDefined();
        continue;
      }
      const { tag, digest } = splitImage(service.image);
      expect(tag ?? digest, `${name}: ${service.image} has no tag`).toBeDefined();
      if (tag) {
        expect(FLOATING_TAGS.has(tag), `${name}: floating tag ${tag}`).toBe(false);
        expect(tag, `${name}: ${service.image}`).toMatch(/^v?\d+\.\d+\.\d+/);
      }
    }
    expect(splitImage(composeRaw.services.meilisearch?.image ?? "").name).toBe("getmeili/meilisearch");
    expect(splitImage(composeRaw.services.libsql?.image ?? "").name).toBe("ghcr.io/tursodatabase/libsql-server");
  });

  it("builds the portal from docker/Dockerfile with the repository root as context", () => {
    const build = composeRaw.services.portal?.build;
    expect(typeof build).toBe("object");
    const { context = ".", dockerfile: file = "Dockerfile" } = build as { context?: string; dockerfile?: string };
    const contextDir = resolve(dockerDir, context);
    expect(contextDir).toBe(root);
    expect(resolve(contextDir, file)).toBe(join(dockerDir, "Dockerfile"));
  });

  it("holds no secret literal: secrets come only from required or empty-default variables", () => {
    for (const [name, service] of Object.entries(composeRaw.services)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        if (!SECRET_NAME.test(key)) continue;
        // `${VAR}`, `${VAR:?msg}`, `${VAR?msg}` or `${VAR:-}`: never a literal or a non-empty default.
        expect(value, `${name}.${key}`).toMatch(/^\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*|:-|-)?\}$/);
      }
    }
    // Both services that need the Meilisearch key read the same variable and insist on it.
    for (const name of ["meilisearch", "portal"]) {
      expect(environmentOf(composeRaw.services[name] as Service).MEILI_MASTER_KEY).toMatch(/^\$\{MEILI_MASTER_KEY:\?/);
    }
  });

  it("docker/.env.example lists exactly the variables compose reads, with secrets left blank", () => {
    expect(Object.keys(exampleEnv).sort()).toEqual([...referencedVariables(composeText)].sort());
    for (const [key, value] of Object.entries(exampleEnv)) {
      if (SECRET_NAME.test(key)) expect(value, key).toBe("");
    }
  });

  it("wires the portal to libsql and meilisearch by service name, once both are healthy", () => {
    const services = composeFilled.services;
    const portal = services.portal as Service;
    const env = environmentOf(portal);

    const db = new URL(env.DATABASE_URL ?? "");
    expect(db.protocol).toMatch(/^(https?|libsql|wss?):$/);
    expect(db.hostname).toBe("libsql");
    expect(db.port).toBe("8080"); // sqld's HTTP listener in the image
    const meili = new URL(env.MEILI_URL ?? "");
    expect(meili.hostname).toBe("meilisearch");
    expect(meili.port).toBe("7700");

    for (const dep of ["libsql", "meilisearch"]) {
      expect(portal.depends_on).toMatchObject({ [dep]: { condition: "service_healthy" } });
      const shared = networksOf(portal).filter((n) => networksOf(services[dep] as Service).includes(n));
      expect(shared, `portal and ${dep} share no network`).not.toEqual([]);
    }
    // The container must listen on all interfaces; the image sets HOST and compose must not undo it.
    expect(env.HOST ?? imageEnv.HOST).toBe("0.0.0.0");
  });

  it("gives the portal an environment the server itself accepts", () => {
    const env = loadEnv({ ...imageEnv, ...environmentOf(composeFilled.services.portal as Service) });
    expect(env).toMatchObject({
      HOST: "0.0.0.0",
      PORT: 8080,
      DATA_DIR: "/data",
      DATABASE_URL: "http://libsql:8080",
      MEILI_URL: "http://meilisearch:7700",
      MEILI_MASTER_KEY: filledEnv.MEILI_MASTER_KEY,
      TOTP_KEY: filledEnv.TOTP_KEY,
      LOG_LEVEL: "info",
      TRUST_PROXY: true,
    });
    expect(env.DATABASE_AUTH_TOKEN).toBeUndefined(); // blank means none, not an empty token
  });

  it("publishes only the proxy's ports 80 and 443, on the configured interface; the portal is reached through it", () => {
    const services = composeFilled.services;
    expect(portsOf(services.proxy as Service)).toEqual([
      { hostIp: "0.0.0.0", published: "80", target: "80" },
      { hostIp: "0.0.0.0", published: "443", target: "443" },
    ]);
    expect(services.portal?.ports).toBeUndefined();
    expect(services.proxy?.depends_on).toMatchObject({ portal: { condition: "service_healthy" } });
    expect(mountsOf(services.proxy as Service).map((m) => m.target)).toEqual(["/etc/nginx/nginx.conf", "/etc/nginx/tls"]);
    expect(services.libsql?.ports).toBeUndefined();
    expect(services.meilisearch?.ports).toBeUndefined();
    // The backing services sit only on an internal network: no published ports, no way out.
    expect(composeRaw.networks?.backend?.internal).toBe(true);
    expect(networksOf(services.libsql as Service)).toEqual(["backend"]);
    expect(networksOf(services.meilisearch as Service)).toEqual(["backend"]);
  });

  it("keeps state in declared named volumes at each image's data path", () => {
    const expected: Record<string, string> = { libsql: "/var/lib/sqld", meilisearch: "/meili_data", portal: imageEnv.DATA_DIR ?? "" };
    const declared = Object.keys(composeRaw.volumes ?? {});
    for (const [name, target] of Object.entries(expected)) {
      const mount = mountsOf(composeRaw.services[name] as Service).find((m) => m.target === target);
      expect(mount, `${name} has no volume at ${target}`).toBeDefined();
      expect(declared, `${name}: volume ${mount?.source} is not declared`).toContain(mount?.source);
    }
  });

  it("configures meilisearch for production and libsql as a primary", () => {
    expect(environmentOf(composeRaw.services.meilisearch as Service)).toMatchObject({
      MEILI_ENV: "production",
      MEILI_NO_ANALYTICS: "true",
    });
    expect(environmentOf(composeRaw.services.libsql as Service)).toMatchObject({ SQLD_NODE: "primary" });
  });
});

// =============================================================================================

describe("health probes", () => {
  const probe = (service: string) => {
    const test = composeRaw.services[service]?.healthcheck?.test;
    if (!Array.isArray(test) || test[0] !== "CMD") throw new Error(`${service}: expected exec-form CMD healthcheck`);
    return test.slice(1);
  };
  /** Points a probe that names a fixed port at the stub server instead. */
  const retarget = (args: string[], from: string, to: string) => {
    const out = args.map((a) => a.replaceAll(from, to));
    expect(out, `probe does not contain ${from}`).not.toEqual(args);
    return out;
  };

  it("the compose portal probe is the image's HEALTHCHECK", () => {
    const [hc] = byKeyword(runtime, "HEALTHCHECK");
    expect(hc).toBeDefined();
    expect(execForm(hc as Instruction)).toEqual(probe("portal"));
  });

  it("portal: passes on 200, fails on 503 and when nothing listens", async () => {
    const [cmd, ...args] = probe("portal") as [string, ...string[]];
    expect(cmd).toBe("node");
    stubStatus = 200;
    stubPaths.length = 0;
    expect(await run(process.execPath, args, { PORT: String(stubPort) })).toBe(0);
    expect(stubPaths).toEqual(["/api/v1/health"]);
    stubStatus = 503;
    expect(await run(process.execPath, args, { PORT: String(stubPort) })).not.toBe(0);
    expect(await run(process.execPath, args, { PORT: String(await closedPort()) })).not.toBe(0);
  });

  it("libsql: bash /dev/tcp probe passes on 200 and fails on 503", async () => {
    const [cmd, ...args] = retarget(probe("libsql"), "127.0.0.1/8080", `127.0.0.1/${stubPort}`) as [string, ...string[]];
    expect(cmd).toBe("bash");
    stubStatus = 200;
    stubPaths.length = 0;
    expect(await run("bash", args)).toBe(0);
    expect(stubPaths).toEqual(["/health"]);
    stubStatus = 503;
    expect(await run("bash", args)).not.toBe(0);
  });

  const hasCurl = (process.env.PATH ?? "").split(":").some((d) => existsSync(join(d, "curl")));
  it.skipIf(!hasCurl)("meilisearch: curl probe passes on 200 and fails on 500", async () => {
    const [cmd, ...args] = retarget(probe("meilisearch"), "127.0.0.1:7700", `127.0.0.1:${stubPort}`) as [string, ...string[]];
    expect(cmd).toBe("curl");
    stubStatus = 200;
    stubPaths.length = 0;
    expect(await run("curl", args)).toBe(0);
    expect(stubPaths).toEqual(["/health"]);
    stubStatus = 500;
    expect(await run("curl", args)).not.toBe(0);
  });
});

// =============================================================================================

describe("docker/Dockerfile", () => {
  const pkg = JSON.parse(read("package.json")) as { packageManager: string };
  const runLines = stages.flatMap((s) => byKeyword(s, "RUN").map((i) => i.getArgumentsContent() ?? ""));

  it("has no lint diagnostics (dockerfile-utils, the VS Code Docker validator)", () => {
    expect(validateDockerfile(dockerfileText).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    // Control: the validator does report a broken file.
    expect(validateDockerfile("FROM node:24 AS a\nHEALTHCHECK --interval=soon CMD true\nEXPOSE http\n")).not.toEqual([]);
  });

  it("is multi-stage with uniquely named stages", () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const names = stages.map((s) => s.name);
    expect(names.every((n) => n !== null)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it("pins base images to the Node version of tools/bootstrap.mjs on bookworm-slim", () => {
    const bootstrapNode = /const NODE_VERSION = "(\d+\.\d+\.\d+)"/.exec(read("tools/bootstrap.mjs"))?.[1];
    expect(bootstrapNode).toMatch(/^24\./);
    const stageNames = new Set(stages.map((s) => s.name));
    const external = stages.filter((s) => !stageNames.has(s.from));
    expect(external.length).toBeGreaterThan(0);
    for (const stage of external) {
      const { name, tag } = splitImage(stage.from);
      expect(name, stage.from).toBe("node");
      expect(tag, stage.from).toBe(`${bootstrapNode}-bookworm-slim`);
    }
    // The runtime starts from a clean base image, not from a stage with build tools in it.
    expect(stageNames.has(runtime.from)).toBe(false);
  });

  it("installs the pinned pnpm through npm, never corepack, and never pipes a download into a shell", () => {
    const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, "");
    const argDefault = byKeyword(stages[0] as Stage, "ARG")
      .map((i) => /^PNPM_VERSION=(\S+)$/.exec(i.getArgumentsContent() ?? "")?.[1])
      .find(Boolean);
    expect(argDefault).toBe(pnpmVersion);
    expect(runLines.some((l) => /npm install (--global|-g)\b.*pnpm@\$\{PNPM_VERSION\}/.test(l))).toBe(true);
    expect(dockerfileText).not.toMatch(/^\s*(RUN|CMD|ENTRYPOINT)\b.*corepack/im);
    for (const line of runLines) expect(line).not.toMatch(/(curl|wget)\b[^|]*\|\s*(ba|da|z)?sh\b/);
    expect(byKeyword(runtime, "ADD")).toEqual([]);
  });

  it("installs from the lockfile only: frozen for the build, frozen and --prod for the runtime", () => {
    expect(runLines.some((l) => /^pnpm install\b(?!.*--prod)(?=.*--frozen-lockfile)/.test(l))).toBe(true);
    expect(runLines.some((l) => /^pnpm install\b(?=.*--prod)(?=.*--frozen-lockfile)/.test(l))).toBe(true);
    for (const line of runLines.filter((l) => /^pnpm install\b/.test(l))) expect(line).toContain("--frozen-lockfile");
  });

  it("builds a workspace package that exists and has a build script, into the WEB_DIST the runtime reads", () => {
    const filter = runLines.map((l) => /pnpm --filter (\S+) build/.exec(l)?.[1]).find(Boolean);
    expect(filter).toBe("@portal/web");
    const web = JSON.parse(read("apps/web/package.json")) as { name: string; scripts?: Record<string, string> };
    expect(web.name).toBe(filter);
    expect(web.scripts?.build).toBeTruthy();
    expect(imageEnv.WEB_DIST).toBe("/app/apps/web/dist");
  });

  it("runtime stage: unprivileged user, container env, /data volume, port 8080, health check, entry point", () => {
    const users = byKeyword(runtime, "USER").map((i) => i.getArgumentsContent() ?? "");
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)?.split(":")[0]).not.toMatch(/^(root|0)$/);
    expect(imageEnv).toMatchObject({ HOST: "0.0.0.0", PORT: "8080", DATA_DIR: "/data", NODE_ENV: "production" });
    expect(imageEnv.NODE_OPTIONS).toContain("--disable-warning=ExperimentalWarning");
    expect(byKeyword(runtime, "VOLUME").map((i) => i.getArgumentsContent())).toContain("/data");
    expect(byKeyword(runtime, "EXPOSE").map((i) => i.getArgumentsContent())).toContain(imageEnv.PORT);

    const [hc] = byKeyword(runtime, "HEALTHCHECK");
    const probe = execForm(hc as Instruction);
    expect(probe.slice(0, 2)).toEqual(["node", "-e"]);
    expect(probe[2]).toContain("/api/v1/health");
    expect(flagsOf(hc as Instruction).map((f) => f.getName())).toEqual(expect.arrayContaining(["interval", "timeout", "retries"]));

    const cmds = byKeyword(runtime, "CMD");
    expect(cmds).toHaveLength(1);
    expect(execForm(cmds[0] as Instruction)).toEqual(["node", "apps/api/src/main.ts"]);
    expect(existsSync(join(root, "apps/api/src/main.ts"))).toBe(true);
    // Nothing gets installed at run time; the image is complete.
    expect(byKeyword(runtime, "RUN").map((i) => i.getArgumentsContent())).not.toContainEqual(
      expect.stringMatching(/\b(npm|pnpm|apt-get) install\b/),
    );
  });

  it("keeps secrets out of ENV and ARG", () => {
    for (const stage of stages) {
      for (const i of [...byKeyword(stage, "ENV"), ...byKeyword(stage, "ARG")]) {
        expect(i.getArgumentsContent() ?? "").not.toMatch(SECRET_NAME);
      }
    }
  });
});

// =============================================================================================

describe(".dockerignore", () => {
  const patterns = dockerignoreText
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));

  /** Docker's rule: the last matching pattern wins; a match on a parent directory excludes its contents. */
  const ignored = (path: string) => {
    const parts = path.split("/");
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
    let excluded = false;
    for (const pattern of patterns) {
      const negate = pattern.startsWith("!");
      const glob = (negate ? pattern.slice(1) : pattern).replace(/^\/+/, "").replace(/\/+$/, "");
      if (candidates.some((c) => matchesGlob(c, glob))) excluded = !negate;
    }
    return excluded;
  };

  it("excludes host-built, installed and secret files", () => {
    for (const path of [
      ".git/HEAD",
      ".tools/bin/node",
      "node_modules/x",
      "apps/web/node_modules/x",
      "apps/web/dist/client/index.html",
      "data/portal.db",
      "docker/.env",
      ".env",
      "test-results/a",
    ]) {
      expect(ignored(path), path).toBe(true);
    }
  });

  it("keeps everything the image build copies", () => {
    const copied = stages.flatMap((s) =>
      byKeyword(s, "COPY")
        .filter((i) => !flagsOf(i).some((f) => f.getName() === "from"))
        .flatMap((i) =>
          i
            .getArguments()
            .slice(0, -1)
            .map((a) => a.getValue()),
        ),
    );
    expect(copied).toContain("pnpm-lock.yaml");
    for (const path of copied.filter((p) => p !== ".")) {
      expect(existsSync(join(root, path)), path).toBe(true);
      expect(ignored(path), path).toBe(false);
    }
    for (const path of [
      "package.json",
      "pnpm-lock.yaml",
      "pnpm-workspace.yaml",
      "apps/api/src/main.ts",
      "apps/web/package.json",
      "packages/db/package.json",
      "docker/.env.example",
    ]) {
      expect(ignored(path), path).toBe(false);
    }
  });
});
