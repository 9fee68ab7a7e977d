// A real, migrated libSQL file for tests, in a temporary folder (not a mock).
import { tempDb as temp } from "@portal/db/testing";

export type { TempDb } from "@portal/db/testing";
export const tempDb = () => temp("ti");
