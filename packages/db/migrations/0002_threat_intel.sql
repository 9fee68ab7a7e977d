-- Threat intelligence for the link and file checks (packages/threat-intel).

-- Block-list entries for links, stored the Safe Browsing way: the SHA-256 of a host-suffix/
-- path-prefix expression ("evil.example/", "evil.example/login/", "1.2.3.4/x.sh"), one row per
-- expression and source, with where it came from and when.
CREATE TABLE url_entries (
  hash BLOB NOT NULL,                 -- SHA-256 of `expression` (32 bytes)
  prefix INTEGER NOT NULL,            -- its first 4 bytes, big-endian, unsigned: the in-memory prefix set and /url/hashes
  expression TEXT NOT NULL,           -- canonical host + path (+ ?query), as Safe Browsing v4 builds them
  verdict TEXT NOT NULL CHECK (verdict IN ('malicious', 'phishing', 'suspicious')),
  threat TEXT NOT NULL,               -- the feed's own label: malware_download, phishing, scam, …
  source TEXT NOT NULL,               -- feed or list name: urlhaus, phishtank, openphish, chongluadao, metamask, analyst list …
  target TEXT,                        -- brand or organisation impersonated, when the feed says
  reference TEXT,                     -- the feed's page for this entry, when it has one
  tags TEXT,                          -- comma-separated tags from the feed
  added_by TEXT NOT NULL,             -- who imported it: cli:<user>, demo-seed, staff:<id>
  first_seen TEXT NOT NULL,           -- ISO 8601 UTC; the feed's date when it gives one
  last_seen TEXT NOT NULL,            -- ISO 8601 UTC; the last import that listed it
  expires_at TEXT,                    -- ISO 8601 UTC; ignored by checks after this time
  PRIMARY KEY (hash, source)
) WITHOUT ROWID;
CREATE INDEX url_entries_prefix ON url_entries (prefix);
CREATE INDEX url_entries_source ON url_entries (source, last_seen);

-- Domains analysts vouch for or protect. 'trusted': verified Vietnamese banks, e-wallets and
-- government sites (verdict "trusted", and targets of look-alike detection). 'protected': only a
-- look-alike target (e.g. MetaMask's fuzzylist). 'exempt': never reported as a look-alike (e.g.
-- MetaMask's whitelist) — this does not make a domain trusted.
CREATE TABLE url_domains (
  domain TEXT NOT NULL,               -- canonical host: lower-case, punycode
  kind TEXT NOT NULL CHECK (kind IN ('trusted', 'protected', 'exempt')),
  source TEXT NOT NULL,
  name TEXT,                          -- organisation, e.g. "Vietcombank"
  category TEXT,                      -- bank, e-wallet, government, …
  added_by TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  PRIMARY KEY (domain, kind, source)
) WITHOUT ROWID;
CREATE INDEX url_domains_source ON url_domains (source, last_seen);

-- File hashes: one row per digest and source. A feed that gives a sample's MD5, SHA-1 and
-- SHA-256 yields three rows that share the same details, so a lookup by any of them finds it.
CREATE TABLE hash_entries (
  hash BLOB NOT NULL,                 -- the raw digest: 16 (MD5), 20 (SHA-1) or 32 (SHA-256) bytes
  source TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('malicious', 'known_good')),
  md5 TEXT,                           -- the sample's digests in hex, when the feed gives them
  sha1 TEXT,
  sha256 TEXT,
  family TEXT,                        -- malware family or signature (MalwareBazaar "signature")
  file_name TEXT,
  file_type TEXT,
  file_size INTEGER,
  tags TEXT,
  reference TEXT,
  added_by TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  expires_at TEXT,
  PRIMARY KEY (hash, source)
) WITHOUT ROWID;
-- No index on source: removing a source scans the table (seconds for millions of rows), and every
-- index would slow the bulk imports that feeds need.

-- Bumped on every change to url_entries or url_domains (import, retire). Each server polls it and
-- rebuilds its in-memory prefix set when it moves, so a CLI import reaches a running portal.
INSERT INTO app_meta (key, value) VALUES ('threat_intel.url_version', '0');
