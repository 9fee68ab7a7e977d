-- Partner API keys (banks, browser extensions, ISPs): each key has its own quota instead of the
-- per-address rate limits. Only the SHA-256 of a key is stored; the key itself is shown once.
CREATE TABLE partner_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('bank', 'extension', 'isp', 'other')),
  -- SHA-256 of the whole key, lower-case hex.
  key_hash TEXT NOT NULL UNIQUE,
  -- The key's first characters, so that a partner and an admin can tell keys apart.
  key_hint TEXT NOT NULL,
  per_minute INTEGER NOT NULL CHECK (per_minute > 0),
  per_day INTEGER NOT NULL CHECK (per_day > 0),
  created_at TEXT NOT NULL,
  created_by TEXT,
  revoked_at TEXT,
  revoked_by TEXT,
  last_used_at TEXT
);

-- Every use, per key and UTC day: requests admitted, items they asked about (a batch of 500 links
-- is 500), and requests refused for being over the quota.
CREATE TABLE partner_key_usage (
  key_id TEXT NOT NULL REFERENCES partner_keys (id),
  day TEXT NOT NULL,
  requests INTEGER NOT NULL DEFAULT 0,
  items INTEGER NOT NULL DEFAULT 0,
  refused INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (key_id, day)
) WITHOUT ROWID;

-- The CSP report sink prunes by age (features/csp-reports).
CREATE INDEX csp_reports_last_seen ON csp_reports (last_seen);
