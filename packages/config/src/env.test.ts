import { describe, expect, it } from "vitest";
import { z } from "zod";
import { commonEnv, EnvError, parseEnv, portSchema } from "./env.ts";

describe("parseEnv", () => {
  const shape = { ...commonEnv, PORT: portSchema.default(8080) };

  it("fills defaults when nothing is set", () => {
    const env = parseEnv(shape, {});
    expect(env.PORT).toBe(8080);
    expect(env.DATA_DIR).toBe("./data");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.LOG_LEVEL).toBe("info");
  });

  it("treats an empty variable as unset", () => {
    const env = parseEnv(shape, { MEILI_URL: "", DATABASE_URL: " ", PORT: "", DATA_DIR: "" });
    expect(env.MEILI_URL).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(8080);
    expect(env.DATA_DIR).toBe("./data");
  });

  it("names every wrong variable and what it should be", () => {
    const bad = () => parseEnv(shape, { PORT: "eighty", LOG_LEVEL: "loud", DATABASE_URL: "postgres://x" });
    expect(bad).toThrow(EnvError);
    try {
      bad();
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('PORT: must be a whole number (got "eighty")');
      expect(msg).toContain("LOG_LEVEL: must be one of debug, info, warn, error, silent");
      expect(msg).toContain("DATABASE_URL: must start with file:");
    }
  });

  it("never prints the value of a secret", () => {
    const s = { MEILI_MASTER_KEY: z.string().min(16, "must be at least 16 characters") };
    expect(() => parseEnv(s, { MEILI_MASTER_KEY: "short-secret" })).toThrow(/MEILI_MASTER_KEY: .*\(got \(hidden\)\)/);
  });

  it("accepts libSQL server URLs unchanged", () => {
    for (const url of ["libsql://db.example.org", "http://127.0.0.1:8081", "file:/tmp/x.db"]) {
      expect(parseEnv(shape, { DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
  });
});
