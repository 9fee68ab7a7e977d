-- Staff accounts, sessions and the audit log (packages/auth). Every time is an ISO 8601 UTC string
-- ('2025-01-31T08:00:00.000Z') written from the application's clock, so tests can move time and the
-- strings sort in time order; the same form strftime('%Y-%m-%dT%H:%M:%fZ','now') gives.

-- Agencies whose publishers write security alerts; slug is the stable name used in URLs.
CREATE TABLE agencies (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 2 AND 64 AND slug NOT GLOB '*[^a-z0-9-]*'),
  name_vi TEXT NOT NULL CHECK (length(name_vi) > 0),
  name_en TEXT NOT NULL CHECK (length(name_en) > 0),
  created_at TEXT NOT NULL
);

-- Staff accounts: usable for sign-in only when activated, not disabled and enrolled in TOTP.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE CHECK (email = lower(trim(email))),  -- normalised (NFC, lower-case) by the code
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'publisher')),
  agency_id TEXT REFERENCES agencies (id),  -- the publisher's agency; NULL for the other roles
  password_hash TEXT,                       -- argon2id PHC string; NULL until activation
  totp_secret_enc BLOB,                     -- AES-256-GCM sealed TOTP secret; NULL until enrolled
  totp_last_step INTEGER,                   -- RFC 6238 time step of the last accepted code (replay guard)
  activated_at TEXT,
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- A publisher speaks for exactly one agency; admins and analysts for none.
  CHECK ((role = 'publisher' AND agency_id IS NOT NULL) OR (role <> 'publisher' AND agency_id IS NULL))
);
CREATE INDEX users_agency ON users (agency_id);

-- Sessions, as in the Lucia reference design: the token is "<id>.<secret>" and only SHA-256(secret) is kept.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  secret_hash BLOB NOT NULL,          -- SHA-256 of the 32-byte secret
  created_at TEXT NOT NULL,           -- start of the absolute lifetime
  last_verified_at TEXT NOT NULL,     -- start of the inactivity timeout; refreshed at most once a minute
  ip TEXT,
  user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time recovery codes (lookup secrets), SHA-256 of the normalised code; used_at set when spent.
CREATE TABLE recovery_codes (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash BLOB NOT NULL,
  created_at TEXT NOT NULL,
  used_at TEXT,
  PRIMARY KEY (user_id, code_hash)
) WITHOUT ROWID;

-- One-time links that activate an account (kind 'activate') or re-enrol its TOTP ('totp_reset').
CREATE TABLE activation_tokens (
  token_hash BLOB PRIMARY KEY,        -- SHA-256 of the 256-bit token in the link
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('activate', 'totp_reset')),
  totp_secret_enc BLOB,               -- the TOTP secret offered on the enrolment page, until confirmed
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX activation_tokens_user ON activation_tokens (user_id);

-- Failed sign-ins per account (normalised e-mail, known or not), kept for the lockout window only.
CREATE TABLE sign_in_failures (
  account TEXT NOT NULL,              -- SHA-256 (hex) of the normalised e-mail as typed
  at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_account ON sign_in_failures (account, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);

-- Accounts locked after too many failures, shared by every process that signs people in.
CREATE TABLE sign_in_locks (
  account TEXT PRIMARY KEY,           -- as in sign_in_failures
  locked_until TEXT NOT NULL
);

-- Append-only log of staff actions and sign-ins (OWASP ASVS 5.0 V16); triggers refuse UPDATE and DELETE.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor_id TEXT,                      -- users.id, NULL for anonymous events; no foreign key: a row outlives what it names
  action TEXT NOT NULL,               -- dotted name: session.sign_in, user.create, agency.create …
  target TEXT,                        -- what was acted on: user:<id>, agency:<id>, email:<address> …
  details TEXT NOT NULL DEFAULT '{}', -- JSON object; never passwords, codes, tokens or secrets
  ip TEXT,
  user_agent TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_action ON audit_log (action, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted');
END;
