-- Version 5 → 6: the search index merges its segments sixteen at a time, in leaves that
-- fill a 16 KiB page.
--
-- A scan batch is written into the index as one segment (`hashsize`, schema.sql), and
-- FTS5 merged the segments of a level as soon as four were there (`automerge` 4): a
-- 10,000-document scan (about 40 batches) copied every posting about three times, a tenth
-- of the scan writer's time. With `automerge` 16 a posting is copied about once, and
-- leaves of 16,000 bytes (`pgsz`, default 4,050) make a quarter of the rows to write and
-- read back when merging. Both are settings of how the index is laid out: the terms, the
-- rows they point to, what a search finds and its bm25 ranking stay the same. Segments
-- already written keep their leaf size; merges and new segments use the new one.
INSERT INTO search_index (search_index, rank) VALUES ('automerge', 16);
INSERT INTO search_index (search_index, rank) VALUES ('pgsz', 16000);

PRAGMA user_version = 6;
