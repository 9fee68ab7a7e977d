// Operations: what keeps the data safe rather than what citizens see — the record of import runs
// (`status`), backups and restores (`backup DIR`, `restore DIR`, built-in CLI commands in
// cli/index.ts over backup.ts here), and the server's pid file that lets a restore refuse to
// replace the data of a running portal.
import type { Feature } from "../types.ts";
import { writePidFile } from "./pid-file.ts";

export const operationsFeature: Feature = {
  name: "operations",
  start: (deps) => writePidFile(deps.paths.dataDir),
};
