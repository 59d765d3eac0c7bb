-- Version 2 → 3: drop indexes no ibid query reads.
--
-- `citations (outlet_as_written)`, `citations (url)` and `findings (code)` were kept for
-- `ibid sql` users, but every citation and finding a scan writes had to be inserted into
-- them at a random place (URLs and spellings are spread over the whole key space): about a
-- third of the writer's time in a fresh scan. An ad-hoc query that filters on those
-- columns now reads the table instead (milliseconds for a corpus of thousands of
-- documents); a user who queries them often can create the index again with the sqlite3
-- shell, and later scans keep it up to date.
DROP INDEX IF EXISTS citations_by_outlet_spelling;
DROP INDEX IF EXISTS citations_by_url;
DROP INDEX IF EXISTS findings_by_code;

-- A version-2 database made before the search index was tuned writes out a segment per
-- megabyte of pending terms; let a scan batch make one (as `schema.sql` does).
INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 33554432);

PRAGMA user_version = 3;
