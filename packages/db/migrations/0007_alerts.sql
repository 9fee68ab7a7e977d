-- Security alerts from agencies (packages/alerts, issue 14). Times are ISO 8601 UTC strings written
-- from the application's clock, as in 0005. User ids carry no foreign key: accounts are disabled,
-- never deleted, and a published version must outlive any change to them.

-- One row per alert: the working copy staff edit (draft*) and which version the public sees.
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  agency_id TEXT NOT NULL REFERENCES agencies (id),
  tracking_id TEXT UNIQUE,              -- VN-ATTT-2026-0001: given at the first publication, kept by every version
  year INTEGER,                         -- year of the first publication in Vietnam time (the tracking ID's year)
  public_status TEXT CHECK (public_status IN ('published', 'withdrawn')),  -- NULL until first published
  public_version INTEGER NOT NULL DEFAULT 0,  -- the alert_versions row the public sees; 0 before publication
  kind TEXT,                            -- kind, severity and TLP of the public version, for the list filters
  severity TEXT,
  tlp TEXT CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'RED')),  -- only CLEAR is ever shown to the public
  first_published_at TEXT,
  last_published_at TEXT,               -- of the latest version, a correction or the withdrawal included
  withdrawn_at TEXT,
  draft_status TEXT CHECK (draft_status IN ('draft', 'in_review')),  -- NULL when nothing waits to be published
  draft TEXT,                           -- JSON AlertContent of the working copy (a new alert or a correction)
  draft_note TEXT,                      -- JSON {vi, en}: what a correction changes
  draft_author_id TEXT,                 -- who started the working copy
  draft_contributors TEXT NOT NULL DEFAULT '[]',  -- JSON array of user ids who wrote any of it; none of them may publish it
  submitted_by TEXT,
  submitted_at TEXT,
  is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),  -- demo data, labelled wherever shown
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (public_status IS NOT NULL OR draft_status IS NOT NULL),
  CHECK ((draft_status IS NULL) = (draft IS NULL)),
  CHECK ((public_status IS NULL) = (tracking_id IS NULL))
);
-- The public list and its filters (kind, severity, agency, year), newest first; only published rows are indexed.
CREATE INDEX alerts_public ON alerts (first_published_at) WHERE public_status IS NOT NULL;
CREATE INDEX alerts_public_kind ON alerts (kind, first_published_at) WHERE public_status IS NOT NULL;
CREATE INDEX alerts_public_severity ON alerts (severity, first_published_at) WHERE public_status IS NOT NULL;
CREATE INDEX alerts_public_agency ON alerts (agency_id, first_published_at) WHERE public_status IS NOT NULL;
CREATE INDEX alerts_public_year ON alerts (year, first_published_at) WHERE public_status IS NOT NULL;
-- The staff lists: one agency's alerts, or everything, most recently changed first.
CREATE INDEX alerts_agency_updated ON alerts (agency_id, updated_at);
CREATE INDEX alerts_updated ON alerts (updated_at);

-- Every public message of an alert: the first publication, each correction and the withdrawal. Append-only.
CREATE TABLE alert_versions (
  alert_id TEXT NOT NULL REFERENCES alerts (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  change TEXT NOT NULL CHECK (change IN ('initial', 'correction', 'withdrawal')),  -- CAP msgType Alert, Update, Cancel
  content TEXT NOT NULL,                -- JSON AlertContent as the public saw it from this version on
  note TEXT,                            -- JSON {vi, en}: a correction's change note or the withdrawal's reason
  author_id TEXT,                       -- who started the working copy that became this version
  published_by TEXT,                    -- the reviewer who published it (or who withdrew the alert)
  published_at TEXT NOT NULL,
  PRIMARY KEY (alert_id, version)
) WITHOUT ROWID;

CREATE TRIGGER alert_versions_no_update BEFORE UPDATE ON alert_versions
BEGIN
  SELECT RAISE(ABORT, 'alert_versions is append-only: a published version cannot be changed');
END;

CREATE TRIGGER alert_versions_no_delete BEFORE DELETE ON alert_versions
BEGIN
  SELECT RAISE(ABORT, 'alert_versions is append-only: a published version cannot be deleted');
END;

-- The indicators a published TLP:CLEAR alert currently puts into the checks (source alert:<id>); replaced by a correction, removed by a withdrawal.
CREATE TABLE alert_indicators (
  alert_id TEXT NOT NULL REFERENCES alerts (id),
  kind TEXT NOT NULL CHECK (kind IN ('url', 'domain', 'hash', 'phone', 'bank_account')),
  value TEXT NOT NULL,                  -- as published; a bank account as "<bank>\t<account>"
  PRIMARY KEY (alert_id, kind, value)
) WITHOUT ROWID;
CREATE INDEX alert_indicators_value ON alert_indicators (kind, value);

-- The last tracking number given in each year (Vietnam time): VN-ATTT-<year>-<number, 4 digits or more>.
CREATE TABLE alert_tracking_counters (
  year INTEGER PRIMARY KEY,
  last INTEGER NOT NULL CHECK (last >= 1)
);
