-- One row per `npm run portal -- import` (issue 15): when it started and finished, what it counted
-- and how it ended, shown by `npm run portal -- status`. The run row is committed before the import's
-- own transaction begins, so a killed import leaves it 'running'; the next import or status marks
-- such a row 'interrupted' once its process (pid on host) is gone. Times are ISO 8601 UTC strings.
CREATE TABLE import_runs (
  id INTEGER PRIMARY KEY,
  format TEXT NOT NULL,                 -- the importer's name (urlhaus, list, pwned-passwords, breach …)
  source TEXT NOT NULL,                 -- what the run replaces or adds to: a feed source, a breach name, a corpus
  started_at TEXT NOT NULL,
  finished_at TEXT,                     -- NULL while running, and for a run that never finished
  outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'failed', 'interrupted')),
  counts TEXT,                          -- JSON object of numbers: read, stored, new, rejected, removed …
  message TEXT,                         -- the error of a failed run (never an imported item's text)
  host TEXT NOT NULL,                   -- where the importing process ran, with its pid: how a dead run is told apart
  pid INTEGER NOT NULL,
  added_by TEXT NOT NULL
);
CREATE INDEX import_runs_started ON import_runs (started_at DESC);
