-- The OpenPGP signature (.asc) of each CSAF document the portal has served (packages/alerts,
-- issue 14). openpgp salts every signature, so signing the same bytes twice gives two different
-- files; a mirror or aggregator that fetched one must keep seeing it. One row per document version,
-- keyed by the exact bytes signed and the key that signed them: a new PUBLIC_ORIGIN (other URLs in
-- the document) or a new key makes a new row instead of serving a signature that would not verify.
CREATE TABLE alert_signatures (
  alert_id TEXT NOT NULL REFERENCES alerts (id),
  version INTEGER NOT NULL,             -- the alert_versions row the document was built from
  sha256 TEXT NOT NULL,                 -- hex SHA-256 of the document's bytes as served
  fingerprint TEXT NOT NULL,            -- the signing key's, upper-case hex
  signature TEXT NOT NULL,              -- the detached, armored signature
  signed_at TEXT NOT NULL,
  PRIMARY KEY (alert_id, version, sha256, fingerprint)
) WITHOUT ROWID;
