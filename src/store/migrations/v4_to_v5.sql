-- Version 4 → 5: `findings.severity` is checked without an IN list.
--
-- `CHECK (severity IN ('info', 'warning', 'error'))` made SQLite build (and zero, and
-- drop) a temporary B-tree of the three values for every finding inserted: with a scan
-- writing about 27 findings per document, that was a twentieth of the writer's
-- instructions. The same rule spelled with OR is checked by three comparisons. SQLite
-- cannot change a table's CHECK constraint in place, so the table is rebuilt with the same
-- columns and rows (ids included); its index and the view reading it are created again.
DROP VIEW v_findings;
ALTER TABLE findings RENAME TO findings_v4;

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
INSERT INTO findings (id, document_id, code, rule, severity, span_start, span_end, line,
                      "column", end_line, end_column, footnote, message, help)
SELECT id, document_id, code, rule, severity, span_start, span_end, line,
       "column", end_line, end_column, footnote, message, help
FROM findings_v4;
DROP TABLE findings_v4;
CREATE INDEX findings_by_document ON findings (document_id, line, "column");

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

PRAGMA user_version = 5;
