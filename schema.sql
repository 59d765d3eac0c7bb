-- ibid's SQLite schema, version 8 (the current one).
--
-- Applied by `src/store` (via include_str!) inside one transaction on a new database; the
-- final `PRAGMA user_version` marks the version. This file is always the whole current
-- schema; an older database is brought up to it by the steps in `src/store/migrations/`
-- (a change here is also written there as an upgrade step).
--
-- Conventions: byte offsets (`span_start`, `span_end`) point into the document's original
-- text; `line`/`column` are 1-based and columns count characters. Integers are i64.
-- Every row hangs off its document with ON DELETE CASCADE, so replacing a changed
-- document is one DELETE of its `documents` row.

-- One row per ingested document (keyed by the path as the user gave it).
CREATE TABLE documents (
    id             INTEGER PRIMARY KEY,
    path           TEXT    NOT NULL UNIQUE,
    format         TEXT    NOT NULL,
    content_hash   TEXT    NOT NULL,
    -- RFC 3339, UTC.
    scanned_at     TEXT    NOT NULL,
    footnote_count INTEGER NOT NULL CHECK (footnote_count >= 0),
    citation_count INTEGER NOT NULL CHECK (citation_count >= 0)
);

-- Footnote and endnote bodies, in document order (`ordinal` is 0-based).
CREATE TABLE footnotes (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    -- Integer value of the marker; NULL when the marker is not a number (`*`, `[^note]`).
    number      INTEGER,
    label       TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    line        INTEGER NOT NULL,
    "column"    INTEGER NOT NULL,
    UNIQUE (document_id, ordinal)
);
-- (No index on `number`: the one query that looks a note up by number, resolving short
-- forms for `ibid outlets --db`, finds it among its document's notes through the unique
-- index above; keeping one cost every footnote written a fourth index entry. See
-- migrations/v6_to_v7.sql.)

-- In-text references to notes (`Footnote 34`, `[^3]`, a superscript).
CREATE TABLE callouts (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    number      INTEGER,
    label       TEXT    NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    line        INTEGER NOT NULL,
    "column"    INTEGER NOT NULL,
    UNIQUE (document_id, ordinal)
);

-- Registry outlets that some stored citation resolved to (id and canonical name).
-- `citation_rows.outlet_id` and `citation_authors.person_id` name rows of `outlets` and
-- `persons` but declare no foreign key: SQLite checks the delete of a parent row by
-- looking its id up among the children, which without an index on the child column is a
-- scan of the whole child table per deleted row (a sweep deleting 1,000 persons would
-- read `citation_authors` 1,000 times), and those indexes cost the writer an eighth of
-- its work. The writer only stores ids it has just inserted or found, and after every
-- delete or replacement the orphan sweep (`src/store/ingest.rs`, `delete_orphans`)
-- removes the persons and outlets no citation names any more, each in one pass.
CREATE TABLE outlets (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;

-- One citation segment of a footnote (`ordinal` is its 0-based index in the footnote),
-- as stored. Queries read the view `citations` below, which shows the same columns with
-- the citation's text in `raw_text`.
CREATE TABLE citation_rows (
    id                  INTEGER PRIMARY KEY,
    footnote_id         INTEGER NOT NULL REFERENCES footnotes (id) ON DELETE CASCADE,
    ordinal             INTEGER NOT NULL,
    -- A citation's text is (almost always) a slice of its footnote's text: then it is
    -- stored as the byte offsets `text_start`..`text_end` into `footnotes.text` and
    -- `raw_text` is NULL; otherwise `raw_text` holds it and the offsets are NULL. Storing
    -- every text twice made an eighth of a database (see migrations/v6_to_v7.sql).
    raw_text            TEXT,
    text_start          INTEGER,
    text_end            INTEGER,
    span_start          INTEGER NOT NULL,
    span_end            INTEGER NOT NULL,
    line                INTEGER NOT NULL,
    "column"            INTEGER NOT NULL,
    -- news-article, journal-article, book, report, web-page, case, statute, other
    kind                TEXT    NOT NULL,
    parsed              INTEGER NOT NULL CHECK (parsed IN (0, 1)),
    signal              TEXT,
    -- id, ibid, supra, hereinafter, short; NULL for a full citation.
    short_form_type     TEXT,
    short_form_note     INTEGER,
    -- Where the short form resolved to: a footnote number and a citation index in it.
    short_form_target_footnote INTEGER,
    short_form_target_citation INTEGER,
    authors_as_written  TEXT,
    title               TEXT,
    outlet_as_written   TEXT,
    -- An `outlets` id (no REFERENCES clause: see `outlets` below).
    outlet_id           TEXT,
    date_as_written     TEXT,
    date_iso            TEXT,
    -- year, month, day
    date_precision      TEXT,
    url                 TEXT,
    pinpoint            TEXT,
    UNIQUE (footnote_id, ordinal)
);
-- No index on `outlet_id` either: only the orphan sweep and the outlet-rename triggers
-- look citations up by outlet, each in one pass over the table, while keeping the index
-- cost every citation written an index entry, 6.5% of a scan's writing (see
-- migrations/v7_to_v8.sql).
-- No index on `outlet_as_written` or `url` (nor on `findings.code`): no ibid query reads
-- them, and keeping them cost a third of a scan's writing time (see
-- migrations/v2_to_v3.sql). Create one (on `citation_rows`) with the sqlite3 shell if you
-- query them often.

-- The citations with their text: the columns of `citation_rows` but the offsets, in the
-- order version 6's table `citations` had them. The text is cut from the footnote's as
-- bytes (`substr` of a BLOB counts bytes, of a TEXT characters), and is TEXT again.
CREATE VIEW citations AS
SELECT c.id                  AS id,
       c.footnote_id         AS footnote_id,
       c.ordinal             AS ordinal,
       coalesce(c.raw_text,
                (SELECT CAST(substr(CAST(f.text AS BLOB), c.text_start + 1,
                                    c.text_end - c.text_start) AS TEXT)
                 FROM footnotes AS f WHERE f.id = c.footnote_id)) AS raw_text,
       c.span_start          AS span_start,
       c.span_end            AS span_end,
       c.line                AS line,
       c."column"            AS "column",
       c.kind                AS kind,
       c.parsed              AS parsed,
       c.signal              AS signal,
       c.short_form_type     AS short_form_type,
       c.short_form_note     AS short_form_note,
       c.short_form_target_footnote AS short_form_target_footnote,
       c.short_form_target_citation AS short_form_target_citation,
       c.authors_as_written  AS authors_as_written,
       c.title               AS title,
       c.outlet_as_written   AS outlet_as_written,
       c.outlet_id           AS outlet_id,
       c.date_as_written     AS date_as_written,
       c.date_iso            AS date_iso,
       c.date_precision      AS date_precision,
       c.url                 AS url,
       c.pinpoint            AS pinpoint
FROM citation_rows AS c;

-- People, shared across citations and documents. `given` may be NULL (a family name alone).
CREATE TABLE persons (
    id     INTEGER PRIMARY KEY,
    given  TEXT,
    family TEXT NOT NULL
);
-- NULLs are distinct in a UNIQUE constraint, so uniqueness goes through an expression.
CREATE UNIQUE INDEX persons_unique ON persons (family, coalesce(given, ''));

-- The authors of a citation, in written order (`position` is 0-based).
CREATE TABLE citation_authors (
    citation_id INTEGER NOT NULL REFERENCES citation_rows (id) ON DELETE CASCADE,
    -- A `persons` id (no REFERENCES clause, no index: see `outlets` above).
    person_id   INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (citation_id, position)
) WITHOUT ROWID;

-- Lint findings of a document, positions resolved to 1-based line:column.
CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    code        TEXT    NOT NULL,
    rule        TEXT    NOT NULL,
    -- Spelled out with OR, not `severity IN (…)`: SQLite checks an IN list of three or
    -- more values by building a temporary table for every row inserted, which was a
    -- twentieth of a scan's writing (see migrations/v4_to_v5.sql).
    severity    TEXT    NOT NULL
                CHECK (severity = 'info' OR severity = 'warning' OR severity = 'error'),
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    line        INTEGER NOT NULL,
    "column"    INTEGER NOT NULL,
    end_line    INTEGER NOT NULL,
    end_column  INTEGER NOT NULL,
    -- The footnote number concerned (not a row id: numbers may repeat in a document).
    footnote    INTEGER,
    message     TEXT    NOT NULL,
    help        TEXT
);
CREATE INDEX findings_by_document ON findings (document_id, line, "column");

-- Every spelling of an outlet with its count, per document.
CREATE VIEW document_outlet_spellings AS
SELECT f.document_id      AS document_id,
       c.outlet_id        AS outlet_id,
       c.outlet_as_written AS spelling,
       count(*)           AS count
FROM citation_rows AS c
JOIN footnotes AS f ON f.id = c.footnote_id
WHERE c.outlet_as_written IS NOT NULL
GROUP BY f.document_id, c.outlet_id, c.outlet_as_written;

-- Every spelling of an outlet with its count, across the whole corpus.
CREATE VIEW outlet_spellings AS
SELECT c.outlet_id         AS outlet_id,
       c.outlet_as_written AS spelling,
       count(*)            AS count
FROM citation_rows AS c
WHERE c.outlet_as_written IS NOT NULL
GROUP BY c.outlet_id, c.outlet_as_written;

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

-- ---------------------------------------------------------------------------------------
-- Queries (`ibid search`, `ibid sql`, `ibid export --db`): full-text index, views and the
-- record of published citekeys.
-- ---------------------------------------------------------------------------------------

-- What `ibid search` searches: one row per citation (id = citations.id: its title, its
-- authors as written or else the parsed names, the outlet as written and its canonical
-- name) and one row per footnote (id = -footnotes.id: the note's text).
CREATE VIEW search_source AS
SELECT c.id                 AS id,
       c.title              AS title,
       coalesce(c.authors_as_written,
                (SELECT group_concat(name, '; ')
                 FROM (SELECT coalesce(p.given || ' ', '') || p.family AS name
                       FROM citation_authors AS a JOIN persons AS p ON p.id = a.person_id
                       WHERE a.citation_id = c.id ORDER BY a.position))) AS authors,
       c.outlet_as_written  AS outlet,
       o.name               AS outlet_name,
       NULL                 AS note
FROM citation_rows AS c
LEFT JOIN outlets AS o ON o.id = c.outlet_id
UNION ALL
SELECT -f.id, NULL, NULL, NULL, NULL, f.text
FROM footnotes AS f;
-- So that the search index finds a footnote's row of `search_source` by its id. Descending
-- on `-id`, i.e. in ascending `id`: the footnotes a scan writes (ascending ids) are
-- appended at the index's right edge; on ascending `-id` they went in at its left edge,
-- where every full page is split in half (see migrations/v7_to_v8.sql).
CREATE INDEX footnotes_by_search_id ON footnotes (-id DESC);

-- Full-text index for `ibid search` over `search_source`. External content: the index
-- keeps no copy of the text (which was a fifth of a database and of a scan's writing);
-- snippets read it back through the view. Rows are added by the ingest
-- (`src/store/ingest.rs`, `INDEX_DOCUMENTS`): one INSERT … SELECT per batch of documents,
-- not a trigger per row (FTS5 writes out its pending terms at every statement, so row
-- triggers made a scan several times slower). Changes and deletes follow through the
-- triggers below.
CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    authors,
    outlet,
    outlet_name,
    note,
    content = 'search_source',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
-- Pending terms are written out as a segment when they pass `hashsize` bytes (default
-- 1 MB); a scan batch indexes several MB in one statement, so let it make one segment
-- instead of several that must be merged again.
INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 33554432);
-- A scan of 10,000 documents writes one segment per batch (about 40). FTS5 merges the
-- segments of a level once `automerge` of them are there (default 4): every posting was
-- then copied about three times, a tenth of the scan writer's time. With 16 it is copied
-- about once; a search reads at most a few more segments. Leaves of `pgsz` bytes (default
-- 4,050) that fill a 16 KiB database page: a quarter of the rows to write and merge.
-- Neither changes what a search finds, nor its ranking (see migrations/v5_to_v6.sql).
INSERT INTO search_index (search_index, rank) VALUES ('automerge', 16);
INSERT INTO search_index (search_index, rank) VALUES ('pgsz', 16000);

-- The triggers hand FTS5 each row's values as `search_source` shows them, as an
-- external-content index requires: a row leaves the index BEFORE it is deleted or changed
-- (its old values can still be read then) and comes back AFTER a change. FTS5 writes its
-- pending changes out whenever a rowid is not above the one before, so a row-by-row
-- delete of a document (footnote rowids are negative) wrote thousands of tiny segments:
-- a document, or a footnote, leaves the index in one statement in rowid order, and the
-- rows the cascade then deletes (whose parent is already gone) are skipped.
CREATE TRIGGER search_index_document_delete BEFORE DELETE ON documents BEGIN
    INSERT INTO search_index (search_index, rowid, title, authors, outlet, outlet_name, note)
    SELECT 'delete', id, title, authors, outlet, outlet_name, note FROM search_source
    WHERE id IN (SELECT c.id FROM footnotes AS f JOIN citation_rows AS c ON c.footnote_id = f.id
                 WHERE f.document_id = OLD.id
                 UNION ALL
                 SELECT -id FROM footnotes WHERE document_id = OLD.id)
    ORDER BY id;
END;

CREATE TRIGGER search_index_footnote_delete BEFORE DELETE ON footnotes
WHEN EXISTS (SELECT 1 FROM documents WHERE id = OLD.document_id) BEGIN
    INSERT INTO search_index (search_index, rowid, title, authors, outlet, outlet_name, note)
    SELECT 'delete', id, title, authors, outlet, outlet_name, note FROM search_source
    WHERE id IN (SELECT id FROM citation_rows WHERE footnote_id = OLD.id UNION ALL SELECT -OLD.id)
    ORDER BY id;
END;

CREATE TRIGGER search_index_citation_delete BEFORE DELETE ON citation_rows
WHEN EXISTS (SELECT 1 FROM footnotes WHERE id = OLD.footnote_id) BEGIN
    INSERT INTO search_index (search_index, rowid, title, authors, outlet, outlet_name, note)
    SELECT 'delete', id, title, authors, outlet, outlet_name, note FROM search_source
    WHERE id = OLD.id;
END;

CREATE TRIGGER search_index_citation_unindex
BEFORE UPDATE OF title, authors_as_written, outlet_as_written, outlet_id ON citation_rows BEGIN
    INSERT INTO search_index (search_index, rowid, title, authors, outlet, outlet_name, note)
    SELECT 'delete', id, title, authors, outlet, outlet_name, note FROM search_source
    WHERE id = OLD.id;
END;

CREATE TRIGGER search_index_citation_reindex
AFTER UPDATE OF title, authors_as_written, outlet_as_written, outlet_id ON citation_rows BEGIN
    INSERT INTO search_index (rowid, title, authors, outlet, outlet_name, note)
    SELECT id, title, authors, outlet, outlet_name, note FROM search_source WHERE id = NEW.id;
END;

CREATE TRIGGER search_index_footnote_unindex BEFORE UPDATE OF text ON footnotes BEGIN
    INSERT INTO search_index (search_index, rowid, note) VALUES ('delete', -OLD.id, OLD.text);
END;

CREATE TRIGGER search_index_footnote_reindex AFTER UPDATE OF text ON footnotes BEGIN
    INSERT INTO search_index (rowid, note) VALUES (-NEW.id, NEW.text);
END;

-- A registry that renames an outlet renames it in the index too.
CREATE TRIGGER search_index_outlet_unindex BEFORE UPDATE OF name ON outlets BEGIN
    INSERT INTO search_index (search_index, rowid, title, authors, outlet, outlet_name, note)
    SELECT 'delete', id, title, authors, outlet, outlet_name, note FROM search_source
    WHERE id IN (SELECT id FROM citation_rows WHERE outlet_id = OLD.id)
    ORDER BY id;
END;

CREATE TRIGGER search_index_outlet_reindex AFTER UPDATE OF name ON outlets BEGIN
    INSERT INTO search_index (rowid, title, authors, outlet, outlet_name, note)
    SELECT id, title, authors, outlet, outlet_name, note FROM search_source
    WHERE id IN (SELECT id FROM citation_rows WHERE outlet_id = NEW.id)
    ORDER BY id;
END;

-- Citekeys once exported (`ibid export --db`), so a published key never changes: the
-- work's grouping identity (normalized title|outlet|date, see src/export/works.rs) and the
-- key first given to it, suffix included.
CREATE TABLE citekeys (
    identity    TEXT PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    -- RFC 3339, UTC.
    assigned_at TEXT NOT NULL
) WITHOUT ROWID;

-- One row per citation with where it is and what it says.
CREATE VIEW v_citations AS
SELECT c.id                  AS citation_id,
       d.path                AS document,
       f.number              AS footnote,
       f.label               AS footnote_label,
       c.ordinal             AS citation,
       c.line                AS line,
       c."column"            AS "column",
       c.kind                AS kind,
       c.parsed              AS parsed,
       c.signal              AS signal,
       c.short_form_type     AS short_form,
       -- (group_concat over an ordered subquery: `group_concat(… ORDER BY …)` needs
       -- SQLite 3.44, and older sqlite3 shells could then not read the schema.)
       (SELECT group_concat(name, '; ')
        FROM (SELECT coalesce(p.given || ' ', '') || p.family AS name
              FROM citation_authors AS a JOIN persons AS p ON p.id = a.person_id
              WHERE a.citation_id = c.id ORDER BY a.position)) AS authors,
       c.title               AS title,
       c.outlet_as_written   AS outlet,
       c.outlet_id           AS outlet_id,
       o.name                AS outlet_name,
       c.date_as_written     AS date_as_written,
       c.date_iso            AS date,
       c.date_precision      AS date_precision,
       c.url                 AS url,
       c.pinpoint            AS pinpoint,
       coalesce(c.raw_text,
                CAST(substr(CAST(f.text AS BLOB), c.text_start + 1,
                            c.text_end - c.text_start) AS TEXT)) AS text
FROM citation_rows AS c
JOIN footnotes AS f ON f.id = c.footnote_id
JOIN documents AS d ON d.id = f.document_id
LEFT JOIN outlets AS o ON o.id = c.outlet_id;

-- One row per footnote with its document and how many citations it holds.
CREATE VIEW v_footnotes AS
SELECT f.id          AS footnote_id,
       d.path        AS document,
       f.number      AS footnote,
       f.label       AS label,
       f.line        AS line,
       f."column"    AS "column",
       (SELECT count(*) FROM citation_rows AS c WHERE c.footnote_id = f.id) AS citations,
       f.text        AS text
FROM footnotes AS f
JOIN documents AS d ON d.id = f.document_id;

-- Lint findings with their document's path.
CREATE VIEW v_findings AS
SELECT d.path      AS document,
       x.line      AS line,
       x."column"  AS "column",
       x.code      AS code,
       x.rule      AS rule,
       x.severity  AS severity,
       x.footnote  AS footnote,
       x.message   AS message,
       x.help      AS help
FROM findings AS x
JOIN documents AS d ON d.id = x.document_id;

PRAGMA user_version = 8;
