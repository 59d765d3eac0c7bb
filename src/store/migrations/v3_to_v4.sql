-- Version 3 → 4: the search index keeps no copy of the text it indexes.
--
-- Version 3's `search_index` stored the title, authors, outlets and note text it indexed in
-- its own content table: a fifth of a database, and a fifth of the index's writing time in
-- a scan. Version 4 makes it an external-content index over the view `search_source`, which
-- reads the same values from `citations`, `citation_authors`, `persons`, `outlets` and
-- `footnotes`; snippets read the text back through the view. The index is rebuilt from the
-- stored rows (the same rows and values as before, so searches find the same hits).
DROP TRIGGER IF EXISTS search_index_citation_update;
DROP TRIGGER IF EXISTS search_index_citation_delete;
DROP TRIGGER IF EXISTS search_index_footnote_update;
DROP TRIGGER IF EXISTS search_index_footnote_delete;
DROP TRIGGER IF EXISTS search_index_outlet_rename;
DROP TABLE IF EXISTS search_index;

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
FROM citations AS c
LEFT JOIN outlets AS o ON o.id = c.outlet_id
UNION ALL
SELECT -f.id, NULL, NULL, NULL, NULL, f.text
FROM footnotes AS f;
-- So that the search index finds a footnote's row of `search_source` by its id.
CREATE INDEX footnotes_by_search_id ON footnotes (-id);

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
    WHERE id IN (SELECT c.id FROM footnotes AS f JOIN citations AS c ON c.footnote_id = f.id
                 WHERE f.document_id = OLD.id
                 UNION ALL
                 SELECT -id FROM footnotes WHERE document_id = OLD.id)
    ORDER BY id;
END;

CREATE TRIGGER search_index_footnote_delete BEFORE DELETE ON footnotes
WHEN EXISTS (SELECT 1 FROM documents WHERE id = OLD.document_id) BEGIN
    INSERT INTO search_index (search_index, rowid, title, authors, outlet, outlet_name, note)
    SELECT 'delete', id, title, authors, outlet, outlet_name, note FROM search_source
    WHERE id IN (SELECT id FROM citations WHERE footnote_id = OLD.id UNION ALL SELECT -OLD.id)
    ORDER BY id;
END;

CREATE TRIGGER search_index_citation_delete BEFORE DELETE ON citations
WHEN EXISTS (SELECT 1 FROM footnotes WHERE id = OLD.footnote_id) BEGIN
    INSERT INTO search_index (search_index, rowid, title, authors, outlet, outlet_name, note)
    SELECT 'delete', id, title, authors, outlet, outlet_name, note FROM search_source
    WHERE id = OLD.id;
END;

CREATE TRIGGER search_index_citation_unindex
BEFORE UPDATE OF title, authors_as_written, outlet_as_written, outlet_id ON citations BEGIN
    INSERT INTO search_index (search_index, rowid, title, authors, outlet, outlet_name, note)
    SELECT 'delete', id, title, authors, outlet, outlet_name, note FROM search_source
    WHERE id = OLD.id;
END;

CREATE TRIGGER search_index_citation_reindex
AFTER UPDATE OF title, authors_as_written, outlet_as_written, outlet_id ON citations BEGIN
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
    WHERE id IN (SELECT id FROM citations WHERE outlet_id = OLD.id)
    ORDER BY id;
END;

CREATE TRIGGER search_index_outlet_reindex AFTER UPDATE OF name ON outlets BEGIN
    INSERT INTO search_index (rowid, title, authors, outlet, outlet_name, note)
    SELECT id, title, authors, outlet, outlet_name, note FROM search_source
    WHERE id IN (SELECT id FROM citations WHERE outlet_id = NEW.id)
    ORDER BY id;
END;

INSERT INTO search_index (search_index) VALUES ('rebuild');

PRAGMA user_version = 4;
