-- Version 7 → 8: no index on `citation_rows.outlet_id` or `citation_authors.person_id`,
-- and no foreign keys through them; `footnotes_by_search_id` in ascending `id`.
--
-- The two indexes served only the orphan sweep, the outlet-rename triggers and the foreign
-- keys' parent checks, and keeping them cost a fresh scan's writer 6.5% and 6.4% of its
-- instructions (callgrind, `benches/ingest.rs`). Without them the sweep deletes the
-- persons and outlets no citation names in one pass over each child table
-- (`NOT IN (SELECT …)`), not one look-up per row; the outlet triggers read the citations
-- of a renamed outlet in one pass too. The foreign keys `citation_authors.person_id →
-- persons` and `citation_rows.outlet_id → outlets` go with them: SQLite checks a parent's
-- delete by looking for its children, which without the index is a scan of the child
-- table per deleted parent. The writer stores only ids it has just inserted or found, and
-- the sweep keeps the tables consistent after every delete.
--
-- `footnotes_by_search_id` is on `-id DESC` instead of `-id`: the same order as `id`, so
-- the footnotes a scan writes are appended at the index's right edge; on ascending `-id`
-- each went in at the left edge, where full pages are split in half (-1.2% of the
-- writer's instructions). Look-ups by `-id` use it as before.
--
-- SQLite cannot drop a foreign key in place, so both tables are rebuilt as version 6 → 7
-- did: the objects that name them go first and come back unchanged; the tables are renamed
-- aside, copied (row ids kept, so the search index is unchanged) and dropped, children
-- first, so that dropping them cascades nowhere.
DROP VIEW citations;
DROP VIEW document_outlet_spellings;
DROP VIEW outlet_spellings;
DROP VIEW v_citations;
DROP VIEW v_footnotes;
DROP TRIGGER search_index_document_delete;
DROP TRIGGER search_index_footnote_delete;
DROP TRIGGER search_index_citation_delete;
DROP TRIGGER search_index_citation_unindex;
DROP TRIGGER search_index_citation_reindex;
DROP TRIGGER search_index_outlet_unindex;
DROP TRIGGER search_index_outlet_reindex;
DROP VIEW search_source;
DROP INDEX citations_by_outlet;
DROP INDEX citation_authors_by_person;
DROP INDEX footnotes_by_search_id;

ALTER TABLE citation_authors RENAME TO citation_authors_v7;
ALTER TABLE citation_rows RENAME TO citation_rows_v7;

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
INSERT INTO citation_rows (id, footnote_id, ordinal, raw_text, text_start, text_end, span_start, span_end, line, "column", kind, parsed, signal, short_form_type, short_form_note, short_form_target_footnote, short_form_target_citation, authors_as_written, title, outlet_as_written, outlet_id, date_as_written, date_iso, date_precision, url, pinpoint)
SELECT id, footnote_id, ordinal, raw_text, text_start, text_end, span_start, span_end, line, "column", kind, parsed, signal, short_form_type, short_form_note, short_form_target_footnote, short_form_target_citation, authors_as_written, title, outlet_as_written, outlet_id, date_as_written, date_iso, date_precision, url, pinpoint
FROM citation_rows_v7 ORDER BY id;

CREATE TABLE citation_authors (
    citation_id INTEGER NOT NULL REFERENCES citation_rows (id) ON DELETE CASCADE,
    -- A `persons` id (no REFERENCES clause, no index: see `outlets` above).
    person_id   INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (citation_id, position)
) WITHOUT ROWID;
INSERT INTO citation_authors (citation_id, person_id, position)
SELECT citation_id, person_id, position FROM citation_authors_v7 ORDER BY citation_id, position;

DROP TABLE citation_authors_v7;
DROP TABLE citation_rows_v7;
CREATE INDEX footnotes_by_search_id ON footnotes (-id DESC);

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

CREATE VIEW document_outlet_spellings AS
SELECT f.document_id      AS document_id,
       c.outlet_id        AS outlet_id,
       c.outlet_as_written AS spelling,
       count(*)           AS count
FROM citation_rows AS c
JOIN footnotes AS f ON f.id = c.footnote_id
WHERE c.outlet_as_written IS NOT NULL
GROUP BY f.document_id, c.outlet_id, c.outlet_as_written;

CREATE VIEW outlet_spellings AS
SELECT c.outlet_id         AS outlet_id,
       c.outlet_as_written AS spelling,
       count(*)            AS count
FROM citation_rows AS c
WHERE c.outlet_as_written IS NOT NULL
GROUP BY c.outlet_id, c.outlet_as_written;

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

PRAGMA user_version = 8;
