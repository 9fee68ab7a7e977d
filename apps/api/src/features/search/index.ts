// Search: owns GET /search and the search page's locals. The documents come from every feature's
// searchSources (kept in step by sync.ts); this feature may not read another feature's tables.
import type { Feature } from "../types.ts";
import { searchRoutes } from "./routes.ts";

export const searchFeature: Feature = {
  name: "search",
  routes: { at: "/", build: searchRoutes },
  locals: (deps) => ({ search: (params) => deps.searchService.search(params) }),
};
