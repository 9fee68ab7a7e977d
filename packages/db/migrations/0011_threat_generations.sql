-- Imports of link and file-hash feeds without a long write lock (issue 15, item 11). Every row of
-- url_entries, url_domains and hash_entries belongs to a generation of its source; readers see only
-- the rows of each source's one 'active' generation. An import writes a new 'staging' generation in
-- short transactions that no reader sees, makes it active in one short transaction (two UPDATEs of
-- this table: the old generation becomes 'retired'), and deletes the retired rows in short chunks
-- afterwards. A killed import leaves a 'staging' generation whose process (host, pid) is gone: the
-- next import deletes it, and the source keeps its active one.
CREATE TABLE threat_generations (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('staging', 'active', 'retired')),
  host TEXT NOT NULL,                   -- the process that writes a staging generation, as import_runs does
  pid INTEGER NOT NULL,
  started_at TEXT NOT NULL
);
CREATE UNIQUE INDEX threat_generations_active ON threat_generations (source) WHERE state = 'active';

INSERT INTO threat_generations (source, state, host, pid, started_at)
  SELECT source, 'active', 'migration', 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM (SELECT source FROM url_entries UNION SELECT source FROM url_domains UNION SELECT source FROM hash_entries);

-- The same tables with the generation in each row (and in the key: a staging generation holds the
-- same entries as the active one). url_entries' index on (source, last_seen) becomes one on
-- (generation, last_seen): what a source's count and retirement look up now.
CREATE TABLE url_entries_g (
  hash BLOB NOT NULL,
  prefix INTEGER NOT NULL,
  expression TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('malicious', 'phishing', 'suspicious')),
  threat TEXT NOT NULL,
  source TEXT NOT NULL,
  target TEXT,
  reference TEXT,
  tags TEXT,
  added_by TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  expires_at TEXT,
  generation INTEGER NOT NULL,          -- threat_generations.id
  PRIMARY KEY (hash, generation)
) WITHOUT ROWID;
INSERT INTO url_entries_g
  SELECT e.hash, e.prefix, e.expression, e.verdict, e.threat, e.source, e.target, e.reference, e.tags, e.added_by, e.first_seen, e.last_seen, e.expires_at, g.id
  FROM url_entries e JOIN threat_generations g ON g.source = e.source;
DROP TABLE url_entries;
ALTER TABLE url_entries_g RENAME TO url_entries;
CREATE INDEX url_entries_prefix ON url_entries (prefix);
CREATE INDEX url_entries_generation ON url_entries (generation, last_seen);

CREATE TABLE url_domains_g (
  domain TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('trusted', 'protected', 'exempt')),
  source TEXT NOT NULL,
  name TEXT,
  category TEXT,
  added_by TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  generation INTEGER NOT NULL,
  PRIMARY KEY (domain, kind, generation)
) WITHOUT ROWID;
INSERT INTO url_domains_g
  SELECT d.domain, d.kind, d.source, d.name, d.category, d.added_by, d.first_seen, d.last_seen, g.id
  FROM url_domains d JOIN threat_generations g ON g.source = d.source;
DROP TABLE url_domains;
ALTER TABLE url_domains_g RENAME TO url_domains;

CREATE TABLE hash_entries_g (
  hash BLOB NOT NULL,
  source TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('malicious', 'known_good')),
  md5 TEXT,
  sha1 TEXT,
  sha256 TEXT,
  family TEXT,
  file_name TEXT,
  file_type TEXT,
  file_size INTEGER,
  tags TEXT,
  reference TEXT,
  added_by TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  expires_at TEXT,
  generation INTEGER NOT NULL,
  PRIMARY KEY (hash, generation)
) WITHOUT ROWID;
INSERT INTO hash_entries_g
  SELECT h.hash, h.source, h.verdict, h.md5, h.sha1, h.sha256, h.family, h.file_name, h.file_type, h.file_size, h.tags, h.reference, h.added_by, h.first_seen, h.last_seen, h.expires_at, g.id
  FROM hash_entries h JOIN threat_generations g ON g.source = h.source;
DROP TABLE hash_entries;
ALTER TABLE hash_entries_g RENAME TO hash_entries;
