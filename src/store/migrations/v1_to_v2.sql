-- Schema version 1 → 2. Every object added to `schema.sql` in version 2 is created here
-- too (a test compares an upgraded database with a fresh one).

-- ---- Extraction cache (issue 8: `ibid check --db` reuses stored extractions) ----
-- A document's complete extraction (everything but its text, which is re-read from disk
-- to compute the hash anyway), encoded by `src/store/cache.rs`. `cache_key` names the ibid
-- version, the cache format and the outlet registry in force; an entry with another key
-- is ignored, never trusted.
CREATE TABLE extraction_cache (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    cache_key   TEXT    NOT NULL,
    extraction  BLOB    NOT NULL
);

PRAGMA user_version = 2;
