-- Citizen reports (packages/reports): intake with evidence, tracking by code, triage, protection of
-- others, the public scam-identifier check and the public statistics. Every time is an ISO 8601 UTC
-- string from the application's clock, as in 0005. User ids (assignee, actor, author) carry no
-- foreign key, like audit_log: a case outlives the account that worked on it.

-- One row per report: the answers under the API's field names, the tracking code, only the SHA-256 of the status key, and where the case stands; never contact data.
CREATE TABLE reports (
  id TEXT PRIMARY KEY,                -- random; staff URLs only, never shown to the reporter
  tracking_code TEXT NOT NULL UNIQUE, -- "VN-2026-7K3F-9QX2", canonical form
  status_key_hash BLOB NOT NULL,      -- SHA-256 of the canonical status key (140 random bits)
  category TEXT NOT NULL CHECK (category IN ('scam', 'phishing', 'malware', 'data_leak', 'fake_news', 'defamation', 'privacy', 'illegal_content')),
  status TEXT NOT NULL CHECK (status IN ('new', 'triaging', 'forwarded', 'resolved', 'rejected')),
  description TEXT NOT NULL,
  url TEXT,                           -- as the reporter gave it
  phone TEXT,                         -- E.164
  bank_name TEXT,                     -- as given; bank_key in report_identifiers
  bank_account TEXT,                  -- digits only
  account_holder TEXT,
  amount_lost INTEGER,                -- VND
  payment_method TEXT,
  contact_method TEXT,
  platform TEXT,
  occurred_on TEXT,                   -- YYYY-MM-DD
  anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
  consent_at TEXT NOT NULL,           -- when the reporter consented to the processing (Directive 49/CT-BTTTT)
  search_text TEXT NOT NULL,          -- folded description, link, identifiers and code: the queue's text filter
  assignee_id TEXT,                   -- users.id of the analyst working on it
  forwarded_to TEXT,                  -- the body it was forwarded to
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT,                     -- when it last became resolved or rejected; NULL while open (the retention clock)
  contact_purged_at TEXT              -- when the retention purge deleted the contact details
);
CREATE INDEX reports_created ON reports (created_at);
CREATE INDEX reports_updated ON reports (updated_at);
CREATE INDEX reports_status ON reports (status, created_at);
CREATE INDEX reports_category ON reports (category, created_at);
CREATE INDEX reports_assignee ON reports (assignee_id, created_at);
CREATE INDEX reports_closed ON reports (closed_at) WHERE closed_at IS NOT NULL;

-- The reporter's contact details, apart from the report so that the retention purge deletes them whole; no row for an anonymous report.
CREATE TABLE report_contacts (
  report_id TEXT PRIMARY KEY REFERENCES reports (id),
  name TEXT,
  email TEXT,
  phone TEXT,                         -- as given
  created_at TEXT NOT NULL
);

-- Evidence files: the store's server-made id, what the content is (decided from its bytes), its SHA-256, and the original name as display text only.
CREATE TABLE report_evidence (
  id TEXT PRIMARY KEY,                -- the file's name in the evidence store
  report_id TEXT NOT NULL REFERENCES reports (id),
  sha256 TEXT NOT NULL,               -- hex
  size INTEGER NOT NULL,
  mime TEXT NOT NULL,
  ext TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('image', 'pdf', 'audio', 'text', 'email')),
  display_name TEXT,                  -- sanitised original name; never used as a path
  created_at TEXT NOT NULL
);
CREATE INDEX report_evidence_report ON report_evidence (report_id);

-- The identifiers a report names, normalised, so that "other reports about this" is one indexed join.
CREATE TABLE report_identifiers (
  kind TEXT NOT NULL CHECK (kind IN ('host', 'phone', 'bank_account')),
  value TEXT NOT NULL,                -- registrable domain (or platform page), E.164, or "<bank>:<digits>"
  report_id TEXT NOT NULL REFERENCES reports (id),
  PRIMARY KEY (kind, value, report_id)
) WITHOUT ROWID;
CREATE INDEX report_identifiers_report ON report_identifiers (report_id);

-- Double submissions for 24 hours: the idempotency key's hash, what was submitted, and the status key sealed under a key only the client's idempotency key derives.
CREATE TABLE report_idempotency (
  key_hash BLOB PRIMARY KEY,          -- SHA-256 of the client's idempotency key (the key itself is not stored)
  fingerprint BLOB NOT NULL,          -- SHA-256 of the answers and the evidence hashes; the same key with other content is refused
  report_id TEXT NOT NULL REFERENCES reports (id),
  status_key_sealed BLOB NOT NULL,    -- AES-256-GCM (iv ‖ ciphertext ‖ tag) of the status key, key = HKDF-SHA256(idempotency key)
  created_at TEXT NOT NULL
);
CREATE INDEX report_idempotency_created ON report_idempotency (created_at);

-- The case history staff see: creation, status changes, notes, assignments, protections, in order.
CREATE TABLE report_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  report_id TEXT NOT NULL REFERENCES reports (id),
  at TEXT NOT NULL,
  actor_id TEXT,                      -- NULL for the reporter's own submission
  action TEXT NOT NULL CHECK (action IN ('created', 'status', 'note', 'assign', 'protect', 'unprotect')),
  from_status TEXT,
  to_status TEXT,
  forwarded_to TEXT,
  assignee_id TEXT,
  details TEXT NOT NULL DEFAULT '{}'  -- JSON object
);
CREATE INDEX report_history_report ON report_history (report_id, id);

-- Notes on a case: public ones are shown to the reporter with the status, private ones only to staff.
CREATE TABLE report_notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  report_id TEXT NOT NULL REFERENCES reports (id),
  at TEXT NOT NULL,
  author_id TEXT,
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
  status TEXT NOT NULL,               -- the report's status when the note was written
  text TEXT NOT NULL
);
CREATE INDEX report_notes_report ON report_notes (report_id, visibility, at);

-- What a report's "protect others" step put on the public lists (source report:<code>), to show it on the case and undo it.
CREATE TABLE report_protections (
  report_id TEXT NOT NULL REFERENCES reports (id),
  kind TEXT NOT NULL CHECK (kind IN ('url', 'phone', 'bank_account')),
  value TEXT NOT NULL,                -- block-list expression, E.164, or "<bank>:<digits>"
  created_by TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (report_id, kind, value)
) WITHOUT ROWID;

-- Scam phone numbers and bank accounts confirmed by analysts (only these are public), one row per identifier and source.
CREATE TABLE scam_identifiers (
  kind TEXT NOT NULL CHECK (kind IN ('phone', 'bank_account')),
  value TEXT NOT NULL,                -- E.164, or "<bank>:<digits>"
  source TEXT NOT NULL,               -- report:<code>, alert:<id>, import:<file>, analyst:<user id>
  kinds TEXT NOT NULL DEFAULT '[]',   -- JSON array of scam kinds (SCAM_KINDS)
  added_by TEXT NOT NULL,             -- staff:<id>, cli:<user>
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  PRIMARY KEY (kind, value, source)
) WITHOUT ROWID;
CREATE INDEX scam_identifiers_source ON scam_identifiers (source, last_seen);

-- Checks answered per day (Vietnam time), tool and verdict: counts only, never the link, hash or number checked.
CREATE TABLE check_counters (
  day TEXT NOT NULL,                  -- YYYY-MM-DD
  tool TEXT NOT NULL,                 -- url, hash, password, account, scam_identifier
  verdict TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (day, tool, verdict)
) WITHOUT ROWID;

-- Daily sizes of the public lists by source, written once a day, for the statistics' "over time" series.
CREATE TABLE list_snapshots (
  day TEXT NOT NULL,                  -- YYYY-MM-DD (Vietnam time)
  list TEXT NOT NULL CHECK (list IN ('url', 'phone', 'bank_account')),
  source TEXT NOT NULL,               -- the block list's source; every report:<code> counted as "reports"
  size INTEGER NOT NULL,
  PRIMARY KEY (day, list, source)
) WITHOUT ROWID;
