-- Breach catalogue, with the fields Have I Been Pwned publishes for each breach
-- (https://haveibeenpwned.com/API/v3#BreachModel), plus is_demo for the demo data.
CREATE TABLE breaches (
  name TEXT PRIMARY KEY,              -- stable identifier, letters and digits (HIBP "Name")
  title TEXT NOT NULL,
  domain TEXT NOT NULL DEFAULT '',
  breach_date TEXT NOT NULL,          -- YYYY-MM-DD, when the breach happened
  added_date TEXT NOT NULL,           -- ISO 8601 UTC, when the portal added it
  modified_date TEXT NOT NULL,        -- ISO 8601 UTC, last change
  pwn_count INTEGER NOT NULL,         -- accounts in the breach
  description_vi TEXT NOT NULL,       -- plain text, never HTML
  description_en TEXT NOT NULL,
  data_classes TEXT NOT NULL,         -- JSON array of HIBP data class names ("Email addresses", …)
  is_verified INTEGER NOT NULL DEFAULT 0,
  is_fabricated INTEGER NOT NULL DEFAULT 0,
  is_sensitive INTEGER NOT NULL DEFAULT 0,  -- never returned by the public account range
  is_retired INTEGER NOT NULL DEFAULT 0,    -- data removed; never returned by the account range
  is_spam_list INTEGER NOT NULL DEFAULT 0,
  logo_path TEXT,
  is_demo INTEGER NOT NULL DEFAULT 0        -- fictional demo data, labelled as such wherever shown
);
CREATE INDEX breaches_added ON breaches (added_date DESC);

-- Accounts in breaches, as SHA-1 of the normalised e-mail or E.164 phone number only: the
-- identifiers themselves are never stored. Split at the 6-hex k-anonymity prefix the API serves.
CREATE TABLE breach_accounts (
  prefix TEXT NOT NULL,               -- first 6 upper-case hex digits of the SHA-1
  suffix TEXT NOT NULL,               -- the other 34
  breach TEXT NOT NULL REFERENCES breaches (name) ON DELETE CASCADE,
  PRIMARY KEY (prefix, suffix, breach)
) WITHOUT ROWID;
