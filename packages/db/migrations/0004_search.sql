-- Every searchable document, whatever its domain: the source of truth for both search engines.
-- content_hash decides what changed; meili_hash records what Meilisearch has, so documents
-- changed while it was down are sent when it is back.
CREATE TABLE search_documents (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('vi', 'en')),
  title TEXT NOT NULL,
  url TEXT NOT NULL,
  summary TEXT NOT NULL,
  body TEXT NOT NULL,
  topic TEXT,
  audience TEXT,          -- JSON array
  status TEXT,
  updated TEXT,
  exact_text TEXT NOT NULL, -- lower-cased NFC title + summary + body, for exact-accent ranking
  content_hash TEXT NOT NULL,
  meili_hash TEXT,
  indexed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX search_documents_type ON search_documents (type);

-- The fallback engine: FTS5 over the Vietnamese-folded text (lower case, no marks, đ → d),
-- one row per document, rowid = search_documents.rowid.
CREATE VIRTUAL TABLE search_fts USING fts5(title, summary, body, tokenize = 'unicode61 remove_diacritics 0');
