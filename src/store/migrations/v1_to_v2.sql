-- Schema version 1 → 2. Every object added to `schema.sql` in version 2 is created here
-- too (a test compares an upgraded database with a fresh one).

-- Fact-checking ledger (issue #9) ---------------------------------------------------------
-- One row per citation the ledger has seen in a document, keyed by the document's path and
-- a content fingerprint (normalized authors, title, outlet, date, URL, pinpoint; a short
-- form's target), NOT by `citations.id`: a changed document's rows are deleted and
-- re-inserted on re-scan, so those ids do not survive. Not tied to `documents` either, so a
-- document that is replaced (or pruned and scanned again) keeps its statuses.
-- `present = 0`: the citation disappeared in a later revision (kept for its history).
CREATE TABLE ledger_entries (
    id               INTEGER PRIMARY KEY,
    document_path    TEXT    NOT NULL,
    fingerprint      TEXT    NOT NULL,
    -- JSON {"fields": [{"name", "display", "key"}]}: what the fingerprint is made of.
    fields           TEXT    NOT NULL,
    present          INTEGER NOT NULL CHECK (present IN (0, 1)),
    -- Where the citation is now (or was last): footnote position in the document
    -- (0-based), its number and label, the citation's 0-based index in it, its text.
    footnote_ordinal INTEGER NOT NULL,
    footnote_number  INTEGER,
    footnote_label   TEXT    NOT NULL,
    citation_index   INTEGER NOT NULL,
    text             TEXT    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'unchecked'
                     CHECK (status IN ('unchecked', 'verified', 'problem', 'unavailable')),
    -- Who set the status, when (RFC 3339, UTC) and why; NULL while unchecked.
    status_by        TEXT,
    status_at        TEXT,
    status_note      TEXT
);
CREATE INDEX ledger_entries_by_document
    ON ledger_entries (document_path, present, footnote_ordinal, citation_index);
CREATE INDEX ledger_entries_by_fingerprint ON ledger_entries (document_path, fingerprint);

-- Every change to a ledger entry, never overwritten: `added`, `status` (ibid verify),
-- `changed` (content edited: status back to unchecked, `changes` lists the fields),
-- `moved` (renumbered or reordered), `removed`, `restored` (back after a removal).
CREATE TABLE ledger_history (
    id              INTEGER PRIMARY KEY,
    entry_id        INTEGER NOT NULL REFERENCES ledger_entries (id) ON DELETE CASCADE,
    -- RFC 3339, UTC.
    at              TEXT    NOT NULL,
    -- Who (ibid verify --by / $USER); NULL for events recorded by `ibid scan`.
    by              TEXT,
    event           TEXT    NOT NULL
                    CHECK (event IN ('added', 'status', 'changed', 'moved', 'removed', 'restored')),
    -- The entry's status after the event.
    status          TEXT    NOT NULL
                    CHECK (status IN ('unchecked', 'verified', 'problem', 'unavailable')),
    footnote_number INTEGER,
    footnote_label  TEXT    NOT NULL,
    citation_index  INTEGER NOT NULL,
    text            TEXT    NOT NULL,
    note            TEXT,
    -- JSON [{"field", "from", "to"}] for `changed` and `moved`; NULL otherwise.
    changes         TEXT
);
CREATE INDEX ledger_history_by_entry ON ledger_history (entry_id, id);

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
