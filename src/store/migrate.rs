//! Schema creation and versioning through `PRAGMA user_version`.

use super::error::{ResultExt, StoreError};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = 8;

/// The first schema version with the search index (`ibid search`) and the `citekeys`
/// table: a read-only command can use them in any database from this version on.
pub const QUERY_TABLES_SINCE: i64 = 2;

/// The current schema (repository root `schema.sql`), for a new database.
const SCHEMA: &str = include_str!("../../schema.sql");

/// Upgrade steps: `UPGRADES[i]` takes a database from version `i + 1` to `i + 2`. Each
/// step ends by setting `PRAGMA user_version`. A test proves that upgrading a version-1
/// database gives the same tables, columns, indexes, views and triggers as `schema.sql`.
const UPGRADES: [&str; 7] = [
    include_str!("migrations/v1_to_v2.sql"),
    include_str!("migrations/v2_to_v3.sql"),
    include_str!("migrations/v3_to_v4.sql"),
    include_str!("migrations/v4_to_v5.sql"),
    include_str!("migrations/v5_to_v6.sql"),
    include_str!("migrations/v6_to_v7.sql"),
    include_str!("migrations/v7_to_v8.sql"),
];

/// The `user_version` recorded in the database.
pub(crate) fn user_version(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
        .at(path)
}

/// Number of tables, views, indexes and triggers not created by SQLite itself.
fn object_count(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
        [],
        |row| row.get(0),
    )
    .at(path)
}

/// Tables every version-1 database has (`citations` is a view over `citation_rows` from
/// version 7 on, with the same columns).
const TABLES: [&str; 8] = [
    "documents",
    "footnotes",
    "callouts",
    "outlets",
    "citations",
    "persons",
    "citation_authors",
    "findings",
];

/// Confirm the schema is ibid's. Reading `sqlite_schema` also surfaces a damaged file,
/// which the header-only `user_version` read does not.
fn verify_tables(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let mut stmt = conn
        .prepare("SELECT count(*) FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?1")
        .at(path)?;
    for table in TABLES {
        let n: i64 = stmt.query_row([table], |row| row.get(0)).at(path)?;
        if n != 1 {
            return Err(StoreError::ForeignDatabase {
                path: path.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Check a database opened for reading: it must already hold a schema this build knows.
pub(crate) fn check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let version = user_version(conn, path)?;
    if version > SCHEMA_VERSION {
        return Err(newer(path, version));
    }
    if version == 0 {
        return Err(if object_count(conn, path)? == 0 {
            StoreError::Empty {
                path: path.to_path_buf(),
            }
        } else {
            StoreError::ForeignDatabase {
                path: path.to_path_buf(),
            }
        });
    }
    verify_tables(conn, path)
}

/// Bring a database opened for writing to [`SCHEMA_VERSION`]: create the schema in an
/// empty file, refuse a newer one or a SQLite file that belongs to another program.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    // Reading the header is also where a non-SQLite file is first noticed.
    let version = user_version(conn, path)?;
    if version == SCHEMA_VERSION {
        return verify_tables(conn, path);
    }
    if version > SCHEMA_VERSION {
        return Err(newer(path, version));
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .at(path)?;
    // Another process may have created the schema while we waited for the lock.
    let version = user_version(&tx, path)?;
    match version {
        0 => {
            if object_count(&tx, path)? != 0 {
                return Err(StoreError::ForeignDatabase {
                    path: path.to_path_buf(),
                });
            }
            tx.execute_batch(SCHEMA).at(path)?;
        }
        SCHEMA_VERSION => verify_tables(&tx, path)?,
        v if v < SCHEMA_VERSION => {
            verify_tables(&tx, path)?;
            for step in v..SCHEMA_VERSION {
                let sql = usize::try_from(step - 1)
                    .ok()
                    .and_then(|i| UPGRADES.get(i))
                    .ok_or_else(|| newer(path, v))?;
                tx.execute_batch(sql).at(path)?;
            }
        }
        v => return Err(newer(path, v)),
    }
    tx.commit().at(path)
}

fn newer(path: &Path, found: i64) -> StoreError {
    StoreError::NewerSchema {
        path: path.to_path_buf(),
        found,
        supported: SCHEMA_VERSION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_sets_the_version_this_build_expects() {
        let mut conn = Connection::open_in_memory().unwrap();
        let path = Path::new(":memory:");
        migrate(&mut conn, path).unwrap();
        assert_eq!(user_version(&conn, path).unwrap(), SCHEMA_VERSION);
        // Idempotent.
        migrate(&mut conn, path).unwrap();
        check(&conn, path).unwrap();
    }

    #[test]
    fn schema_creates_every_table_and_view() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        let mut stmt = conn
            .prepare("SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name")
            .unwrap();
        let names: Vec<String> = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            names,
            [
                "table callouts",
                "table citation_authors",
                "table citation_rows",
                "view citations",
                "table citekeys",
                "view document_outlet_spellings",
                "table documents",
                "table extraction_cache",
                "table findings",
                "table footnotes",
                "table ledger_entries",
                "table ledger_history",
                "view outlet_spellings",
                "table outlets",
                "table persons",
                "table search_index",
                "table search_index_config",
                "table search_index_data",
                "table search_index_docsize",
                "table search_index_idx",
                "view search_source",
                "view v_citations",
                "view v_findings",
                "view v_footnotes",
            ]
        );
    }

    #[test]
    fn a_foreign_sqlite_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE songs (title TEXT)")
            .unwrap();
        let err = migrate(&mut conn, Path::new("music.db")).unwrap_err();
        assert!(matches!(err, StoreError::ForeignDatabase { .. }), "{err}");
        // Nothing was added to it.
        let n: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn, Path::new("new.db")).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::NewerSchema {
                    found: 9,
                    supported: 8,
                    ..
                }
            ),
            "{err}"
        );
        assert!(matches!(
            check(&conn, Path::new("new.db")),
            Err(StoreError::NewerSchema { .. })
        ));
    }

    #[test]
    fn a_version_without_the_tables_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE documents (x); PRAGMA user_version = 1;")
            .unwrap();
        let err = migrate(&mut conn, Path::new("odd.db")).unwrap_err();
        assert!(matches!(err, StoreError::ForeignDatabase { .. }), "{err}");
        assert!(check(&conn, Path::new("odd.db")).is_err());
    }

    /// Tables, views, indexes and triggers with their columns: what a schema consists of,
    /// independent of how its `CREATE` statements were written (`ALTER TABLE` vs fresh).
    fn shape(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT type, name, tbl_name FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name")
            .unwrap();
        let objects: Vec<(String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut shape = Vec::new();
        for (kind, name, table) in objects {
            shape.push(format!("{kind} {name} on {table}"));
            let pragma = if kind == "index" {
                "index_xinfo"
            } else {
                "table_xinfo"
            };
            let mut cols = conn
                .prepare(&format!("SELECT * FROM pragma_{pragma}(?1)"))
                .unwrap();
            let n = cols.column_count();
            let rows: Vec<String> = cols
                .query_map([&name], |r| {
                    let mut parts = Vec::new();
                    for i in 0..n {
                        parts.push(format!("{:?}", r.get_ref(i)?));
                    }
                    Ok(parts.join(" "))
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            shape.extend(rows.into_iter().map(|r| format!("  {r}")));
        }
        shape
    }

    #[test]
    fn upgrading_a_version_1_database_gives_the_current_schema() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh, Path::new("fresh.db")).unwrap();
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(include_str!("../../tests/data/schema-v1.sql"))
            .unwrap();
        assert_eq!(user_version(&old, Path::new("old.db")).unwrap(), 1);
        migrate(&mut old, Path::new("old.db")).unwrap();
        assert_eq!(
            user_version(&old, Path::new("old.db")).unwrap(),
            SCHEMA_VERSION
        );
        assert_eq!(shape(&old), shape(&fresh));
    }

    #[test]
    fn upgrading_a_version_2_database_keeps_its_rows_and_drops_the_unread_indexes() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh, Path::new("fresh.db")).unwrap();
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(include_str!("../../tests/data/schema-v2.sql"))
            .unwrap();
        old.execute_batch(
            "INSERT INTO documents VALUES (1, 'a.txt', 'text', 'h', 't', 1, 1);
             INSERT INTO footnotes VALUES (1, 1, 0, 1, '1', 'Roe, News, Gazette (2020).', 0, 10, 1, 1);
             INSERT INTO citations (id, footnote_id, ordinal, raw_text, span_start, span_end, line, \"column\", kind, parsed, url)
             VALUES (1, 1, 0, 'Roe, News, Gazette (2020)', 0, 10, 1, 1, 'news-article', 1, 'https://example.com/a');",
        )
        .unwrap();
        let indexes = |c: &Connection| -> i64 {
            c.query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index'
                 AND name IN ('citations_by_url', 'citations_by_outlet_spelling', 'findings_by_code')",
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(indexes(&old), 3);
        migrate(&mut old, Path::new("old.db")).unwrap();
        assert_eq!(
            user_version(&old, Path::new("old.db")).unwrap(),
            SCHEMA_VERSION
        );
        assert_eq!(indexes(&old), 0);
        assert_eq!(shape(&old), shape(&fresh));
        let url: String = old
            .query_row("SELECT url FROM citations WHERE id = 1", [], |r| r.get(0))
            .unwrap();
        assert_eq!(url, "https://example.com/a");
        let hashsize = |c: &Connection| -> Option<i64> {
            c.query_row(
                "SELECT v FROM search_index_config WHERE k = 'hashsize'",
                [],
                |r| r.get(0),
            )
            .ok()
        };
        assert_eq!(hashsize(&old), hashsize(&fresh));
        assert_eq!(hashsize(&old), Some(33_554_432));
    }

    #[test]
    fn upgrading_a_version_3_database_rebuilds_the_search_index_without_its_copy_of_the_text() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh, Path::new("fresh.db")).unwrap();
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(include_str!("../../tests/data/schema-v3.sql"))
            .unwrap();
        // Rows written as version 3's ingest wrote them, index included.
        old.execute_batch(
            "INSERT INTO documents VALUES (1, 'a.txt', 'text', 'h', 't', 1, 1);
             INSERT INTO footnotes VALUES (7, 1, 0, 1, '1', 'Jane Roe, Harbor News, Gazette (2020).', 0, 10, 1, 1);
             INSERT INTO outlets VALUES ('gazette', 'The Gazette');
             INSERT INTO citations (id, footnote_id, ordinal, raw_text, span_start, span_end, line, \"column\", kind, parsed, title, outlet_as_written, outlet_id)
             VALUES (3, 7, 0, 'Jane Roe, Harbor News, Gazette (2020)', 0, 10, 1, 1, 'news-article', 1, 'Harbor News', 'Gazette', 'gazette');
             INSERT INTO persons VALUES (1, 'Jane', 'Roe');
             INSERT INTO citation_authors VALUES (3, 1, 0);
             INSERT INTO search_index (rowid, title, authors, outlet, outlet_name, note)
             VALUES (3, 'Harbor News', 'Jane Roe', 'Gazette', 'The Gazette', NULL),
                    (-7, NULL, NULL, NULL, NULL, 'Jane Roe, Harbor News, Gazette (2020).');",
        )
        .unwrap();
        let content_table = |c: &Connection| -> i64 {
            c.query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'search_index_content'",
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(content_table(&old), 1);
        migrate(&mut old, Path::new("old.db")).unwrap();
        assert_eq!(
            user_version(&old, Path::new("old.db")).unwrap(),
            SCHEMA_VERSION
        );
        assert_eq!(content_table(&old), 0);
        assert_eq!(shape(&old), shape(&fresh));
        // The rebuilt index agrees with the rows it reads through `search_source`, finds
        // both rows and snippets them from the stored text.
        old.execute(
            "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
        let hits = |q: &str| -> Vec<(i64, String)> {
            let mut stmt = old
                .prepare(
                    "SELECT rowid, snippet(search_index, -1, '[', ']', '…', 8) FROM search_index
                     WHERE search_index MATCH ?1 ORDER BY rowid",
                )
                .unwrap();
            let rows = stmt.query_map([q], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
            rows.collect::<Result<_, _>>().unwrap()
        };
        assert_eq!(
            hits("harbor"),
            [
                (-7, "Jane Roe, [Harbor] News, Gazette (2020).".to_string()),
                (3, "[Harbor] News".to_string()),
            ]
        );
        assert_eq!(hits("\"the gazette\""), [(3, "[The Gazette]".to_string())]);
    }

    #[test]
    fn upgrading_a_version_4_database_keeps_its_findings_and_checks_severity_without_an_in_list() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh, Path::new("fresh.db")).unwrap();
        let mut old = Connection::open_in_memory().unwrap();
        old.pragma_update(None, "foreign_keys", true).unwrap();
        old.execute_batch(include_str!("../../tests/data/schema-v4.sql"))
            .unwrap();
        old.execute_batch(
            "INSERT INTO documents VALUES (1, 'a.txt', 'text', 'h', 't', 0, 0);
             INSERT INTO findings VALUES (9, 1, 'IB001', 'missing-url', 'warning', 3, 8, 2, 4, 2, 9, 12, 'no URL', NULL),
                                         (4, 1, 'IB002', 'future-date', 'error', 0, 1, 1, 1, 1, 2, NULL, 'future', 'fix it');",
        )
        .unwrap();
        let findings = |c: &Connection| -> Vec<String> {
            let mut stmt = c.prepare("SELECT * FROM findings ORDER BY id").unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let mut parts = Vec::new();
                    for i in 0..n {
                        parts.push(format!("{:?}", r.get_ref(i)?));
                    }
                    Ok(parts.join(" "))
                })
                .unwrap();
            rows.collect::<Result<_, _>>().unwrap()
        };
        let before = findings(&old);
        assert_eq!(before.len(), 2);
        migrate(&mut old, Path::new("old.db")).unwrap();
        assert_eq!(
            user_version(&old, Path::new("old.db")).unwrap(),
            SCHEMA_VERSION
        );
        assert_eq!(shape(&old), shape(&fresh));
        assert_eq!(findings(&old), before);
        // The same table definition as a new database's, CHECK constraint included.
        let definition = |c: &Connection| -> String {
            c.query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'findings'",
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(definition(&old), definition(&fresh));
        // The view reads the rebuilt table; the rule still holds; the cascade still runs.
        let listed: i64 = old
            .query_row(
                "SELECT count(*) FROM v_findings WHERE document = 'a.txt'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(listed, 2);
        let bad = old.execute(
            "INSERT INTO findings VALUES (10, 1, 'IB001', 'missing-url', 'fatal', 0, 1, 1, 1, 1, 2, NULL, 'm', NULL)",
            [],
        );
        assert!(bad.is_err(), "an unknown severity is refused");
        old.execute("DELETE FROM documents WHERE id = 1", [])
            .unwrap();
        assert!(findings(&old).is_empty());
        let fk: i64 = old
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0);
    }

    #[test]
    fn upgrading_a_version_5_database_merges_its_search_index_sixteen_segments_at_a_time() {
        // The same rows, indexed as the ingest indexes them, in a version-5 database
        // (upgraded) and in a new one.
        let rows = "INSERT INTO documents VALUES (1, 'a.txt', 'text', 'h', 't', 2, 2);
             INSERT INTO footnotes VALUES (7, 1, 0, 1, '1', 'Jane Roe, Harbor News, Gazette (2020).', 0, 10, 1, 1),
                                          (8, 1, 1, 2, '2', 'Harbor Lights, Daily Planet (2021).', 11, 20, 2, 1);
             INSERT INTO outlets VALUES ('gazette', 'The Gazette');
             INSERT INTO citations (id, footnote_id, ordinal, raw_text, span_start, span_end, line, \"column\", kind, parsed, title, outlet_as_written, outlet_id)
             VALUES (3, 7, 0, 'Jane Roe, Harbor News, Gazette (2020)', 0, 10, 1, 1, 'news-article', 1, 'Harbor News', 'Gazette', 'gazette'),
                    (4, 8, 0, 'Harbor Lights, Daily Planet (2021)', 11, 20, 2, 1, 'news-article', 1, 'Harbor Lights', 'Daily Planet', NULL);
             INSERT INTO persons VALUES (1, 'Jane', 'Roe');
             INSERT INTO citation_authors VALUES (3, 1, 0);
             INSERT INTO search_index (rowid, title, authors, outlet, outlet_name, note)
             SELECT id, title, authors, outlet, outlet_name, note FROM search_source ORDER BY id;";
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh, Path::new("fresh.db")).unwrap();
        // (Since version 7 citations are written to `citation_rows`, here with their text.)
        fresh
            .execute_batch(&rows.replace("INTO citations (", "INTO citation_rows ("))
            .unwrap();
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(include_str!("../../tests/data/schema-v5.sql"))
            .unwrap();
        assert_eq!(user_version(&old, Path::new("old.db")).unwrap(), 5);
        old.execute_batch(rows).unwrap();
        let config = |c: &Connection| -> Vec<(String, i64)> {
            let mut stmt = c
                .prepare("SELECT k, v FROM search_index_config ORDER BY k")
                .unwrap();
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
            rows.collect::<Result<_, _>>().unwrap()
        };
        assert!(!config(&old).iter().any(|(k, _)| k == "automerge"));
        migrate(&mut old, Path::new("old.db")).unwrap();
        assert_eq!(
            user_version(&old, Path::new("old.db")).unwrap(),
            SCHEMA_VERSION
        );
        assert_eq!(shape(&old), shape(&fresh));
        assert_eq!(config(&old), config(&fresh));
        assert!(config(&old).contains(&("automerge".to_string(), 16)));
        assert!(config(&old).contains(&("pgsz".to_string(), 16000)));
        // Rows indexed after the upgrade go in with the new settings; both indexes agree
        // with their rows and answer every query the same, ranks included.
        let more = "INSERT INTO footnotes VALUES (9, 1, 2, 3, '3', 'Roe, Harbor Days (2022).', 21, 30, 3, 1);
             INSERT INTO search_index (rowid, note) VALUES (-9, 'Roe, Harbor Days (2022).');";
        for c in [&old, &fresh] {
            c.execute_batch(more).unwrap();
            c.execute(
                "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
                [],
            )
            .unwrap();
        }
        let hits = |c: &Connection, q: &str| -> Vec<(i64, String, String)> {
            let mut stmt = c
                .prepare(
                    "SELECT rowid, snippet(search_index, -1, '[', ']', '…', 8), printf('%.6f', rank)
                     FROM search_index WHERE search_index MATCH ?1 ORDER BY rank, rowid",
                )
                .unwrap();
            let rows = stmt
                .query_map([q], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap();
            rows.collect::<Result<_, _>>().unwrap()
        };
        for q in ["harbor", "roe", "\"the gazette\"", "planet OR days"] {
            assert_eq!(hits(&old, q), hits(&fresh, q), "{q}");
        }
        assert_eq!(hits(&old, "harbor").len(), 5);
    }

    /// Every row `sql` returns, each as its values' debug forms.
    fn rows_of(c: &Connection, sql: &str) -> Vec<String> {
        let mut stmt = c.prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut parts = Vec::new();
                for i in 0..n {
                    parts.push(format!("{:?}", r.get::<_, rusqlite::types::Value>(i)?));
                }
                Ok(parts.join(" | "))
            })
            .unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn upgrading_a_version_6_database_keeps_every_query_over_citations_the_same() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh, Path::new("fresh.db")).unwrap();
        let mut old = Connection::open_in_memory().unwrap();
        old.pragma_update(None, "foreign_keys", true).unwrap();
        old.execute_batch(include_str!("../../tests/data/schema-v6.sql"))
            .unwrap();
        assert_eq!(user_version(&old, Path::new("old.db")).unwrap(), 6);
        // Citations cut from their notes after multi-byte characters (offsets are bytes,
        // `substr` of TEXT would count characters), an empty one, one whose text occurs
        // twice in its note, and one that is no slice of its note (kept as text).
        old.execute_batch(
            "INSERT INTO documents VALUES (1, 'a.txt', 'text', 'h', 't', 2, 5), (2, 'b.txt', 'text', 'g', 't', 1, 1);
             INSERT INTO footnotes VALUES
                 (7, 1, 0, 1, '1', 'Voir « Café » — Jane Roe, Harbor News, Gazette (2020); Id.; Id.', 0, 60, 1, 1),
                 (8, 1, 1, 2, '2', 'Harbor Lights, Daily Planet (2021).', 61, 90, 2, 1),
                 (9, 2, 0, NULL, '*', 'Roe, Harbor Days (2022).', 0, 20, 1, 1);
             INSERT INTO outlets VALUES ('gazette', 'The Gazette');
             INSERT INTO citations (id, footnote_id, ordinal, raw_text, span_start, span_end, line, \"column\", kind, parsed, title, outlet_as_written, outlet_id, short_form_type)
             VALUES (3, 7, 0, 'Jane Roe, Harbor News, Gazette (2020)', 20, 50, 1, 21, 'news-article', 1, 'Harbor News', 'Gazette', 'gazette', NULL),
                    (4, 7, 1, 'Id.', 52, 55, 1, 53, 'other', 1, NULL, NULL, NULL, 'id'),
                    (5, 7, 2, 'Id.', 57, 60, 1, 58, 'other', 1, NULL, NULL, NULL, 'id'),
                    (6, 8, 0, '', 61, 61, 2, 1, 'other', 0, NULL, NULL, NULL, NULL),
                    (10, 8, 1, 'Harbor  Lights,\nDaily Planet', 61, 88, 2, 1, 'news-article', 1, 'Harbor Lights', 'Daily Planet', NULL, NULL),
                    (11, 9, 0, 'Roe, Harbor Days (2022)', 0, 19, 1, 1, 'book', 1, 'Harbor Days', NULL, NULL, NULL);
             INSERT INTO persons VALUES (1, 'Jane', 'Roe'), (2, NULL, 'Roe');
             INSERT INTO citation_authors VALUES (3, 1, 0), (11, 2, 0);
             INSERT INTO findings VALUES (1, 1, 'IB201', 'missing-date', 'warning', 61, 61, 2, 1, 2, 1, 2, 'no date', NULL);
             INSERT INTO search_index (rowid, title, authors, outlet, outlet_name, note)
             SELECT id, title, authors, outlet, outlet_name, note FROM search_source ORDER BY id;",
        )
        .unwrap();
        let queries = [
            "SELECT * FROM citations ORDER BY id",
            "SELECT * FROM citations WHERE footnote_id = 7",
            "SELECT typeof(raw_text), length(raw_text), count(*) FROM citations GROUP BY 1, 2 ORDER BY 1, 2",
            "SELECT * FROM v_citations ORDER BY citation_id",
            "SELECT * FROM v_footnotes ORDER BY footnote_id",
            "SELECT * FROM outlet_spellings ORDER BY outlet_id, spelling",
            "SELECT * FROM document_outlet_spellings ORDER BY document_id, outlet_id, spelling",
            "SELECT * FROM search_source ORDER BY id",
            "SELECT * FROM citation_authors ORDER BY citation_id, position",
            "SELECT c.raw_text, f.number FROM citations AS c JOIN footnotes AS f ON f.id = c.footnote_id
             WHERE c.raw_text LIKE '%harbor%' ORDER BY c.id",
            "SELECT rowid, snippet(search_index, -1, '[', ']', '…', 8), printf('%.6f', rank)
             FROM search_index WHERE search_index MATCH 'harbor OR roe' ORDER BY rank, rowid",
        ];
        let before: Vec<Vec<String>> = queries.iter().map(|q| rows_of(&old, q)).collect();
        assert_eq!(before[0].len(), 6);
        migrate(&mut old, Path::new("old.db")).unwrap();
        assert_eq!(
            user_version(&old, Path::new("old.db")).unwrap(),
            SCHEMA_VERSION
        );
        assert_eq!(shape(&old), shape(&fresh));
        for (q, rows) in queries.iter().zip(&before) {
            assert_eq!(&rows_of(&old, q), rows, "{q}");
        }
        // Stored as offsets (bytes) where the text is a slice of its note, else as text.
        assert_eq!(
            rows_of(
                &old,
                "SELECT id, raw_text, text_start, text_end FROM citation_rows ORDER BY id"
            ),
            [
                "Integer(3) | Null | Integer(21) | Integer(58)",
                "Integer(4) | Null | Integer(60) | Integer(63)",
                "Integer(5) | Null | Integer(60) | Integer(63)",
                "Integer(6) | Null | Integer(0) | Integer(0)",
                "Integer(10) | Text(\"Harbor  Lights,\\nDaily Planet\") | Null | Null",
                "Integer(11) | Null | Integer(0) | Integer(23)",
            ]
        );
        old.execute(
            "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
        assert!(rows_of(&old, "SELECT * FROM pragma_foreign_key_check").is_empty());
        // The new tables are wired as a fresh database's: a deleted document takes its
        // citations, their authors and their index rows with it.
        old.execute("DELETE FROM documents WHERE id = 1", [])
            .unwrap();
        assert_eq!(
            rows_of(&old, "SELECT id FROM citations ORDER BY id"),
            ["Integer(11)"]
        );
        assert_eq!(
            rows_of(&old, "SELECT citation_id FROM citation_authors"),
            ["Integer(11)"]
        );
        assert_eq!(
            rows_of(
                &old,
                "SELECT rowid FROM search_index WHERE search_index MATCH 'harbor' ORDER BY rowid"
            ),
            ["Integer(-9)", "Integer(11)"]
        );
    }

    /// Every foreign key of every table, as `pragma_foreign_key_list` shows them.
    fn foreign_keys(c: &Connection) -> Vec<String> {
        rows_of(
            c,
            "SELECT m.name, k.* FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS k
             WHERE m.type = 'table' ORDER BY m.name, k.id, k.seq",
        )
    }

    #[test]
    fn upgrading_a_version_7_database_keeps_its_rows_and_drops_the_person_and_outlet_keys() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh, Path::new("fresh.db")).unwrap();
        let mut old = Connection::open_in_memory().unwrap();
        old.pragma_update(None, "foreign_keys", true).unwrap();
        old.execute_batch(include_str!("../../tests/data/schema-v7.sql"))
            .unwrap();
        assert_eq!(user_version(&old, Path::new("old.db")).unwrap(), 7);
        old.execute_batch(
            "INSERT INTO documents VALUES (1, 'a.txt', 'text', 'h', 't', 2, 5), (2, 'b.txt', 'text', 'g', 't', 1, 1);
             INSERT INTO footnotes VALUES
                 (7, 1, 0, 1, '1', 'Voir « Café » — Jane Roe, Harbor News, Gazette (2020); Id.; Id.', 0, 60, 1, 1),
                 (8, 1, 1, 2, '2', 'Harbor Lights, Daily Planet (2021).', 61, 90, 2, 1),
                 (9, 2, 0, NULL, '*', 'Roe, Harbor Days (2022).', 0, 20, 1, 1);
             INSERT INTO outlets VALUES ('gazette', 'The Gazette'), ('planet', 'Daily Planet');
             INSERT INTO citation_rows (id, footnote_id, ordinal, raw_text, text_start, text_end, span_start, span_end, line, \"column\", kind, parsed, title, outlet_as_written, outlet_id, short_form_type)
             VALUES (3, 7, 0, NULL, 21, 58, 20, 50, 1, 21, 'news-article', 1, 'Harbor News', 'Gazette', 'gazette', NULL),
                    (4, 7, 1, NULL, 60, 63, 52, 55, 1, 53, 'other', 1, NULL, NULL, NULL, 'id'),
                    (6, 8, 0, NULL, 0, 0, 61, 61, 2, 1, 'other', 0, NULL, NULL, NULL, NULL),
                    (10, 8, 1, 'Harbor  Lights,\nDaily Planet', NULL, NULL, 61, 88, 2, 1, 'news-article', 1, 'Harbor Lights', 'Daily Planet', 'planet', NULL),
                    (11, 9, 0, NULL, 0, 23, 0, 19, 1, 1, 'book', 1, 'Harbor Days', NULL, NULL, NULL);
             INSERT INTO persons VALUES (1, 'Jane', 'Roe'), (2, NULL, 'Roe'), (5, 'Ann', 'Lee');
             INSERT INTO citation_authors VALUES (3, 1, 0), (3, 5, 1), (11, 2, 0);
             INSERT INTO findings VALUES (1, 1, 'IB201', 'missing-date', 'warning', 61, 61, 2, 1, 2, 1, 2, 'no date', NULL);
             INSERT INTO search_index (rowid, title, authors, outlet, outlet_name, note)
             SELECT id, title, authors, outlet, outlet_name, note FROM search_source ORDER BY id;",
        )
        .unwrap();
        let queries = [
            "SELECT * FROM citation_rows ORDER BY id",
            "SELECT * FROM citation_authors ORDER BY citation_id, position",
            "SELECT * FROM persons ORDER BY id",
            "SELECT * FROM outlets ORDER BY id",
            "SELECT * FROM footnotes ORDER BY id",
            "SELECT * FROM citations ORDER BY id",
            "SELECT * FROM v_citations ORDER BY citation_id",
            "SELECT * FROM v_footnotes ORDER BY footnote_id",
            "SELECT * FROM outlet_spellings ORDER BY outlet_id, spelling",
            "SELECT * FROM document_outlet_spellings ORDER BY document_id, outlet_id, spelling",
            "SELECT * FROM search_source ORDER BY id",
            "SELECT rowid, snippet(search_index, -1, '[', ']', '…', 8), printf('%.6f', rank)
             FROM search_index WHERE search_index MATCH 'harbor OR roe OR planet' ORDER BY rank, rowid",
        ];
        let before: Vec<Vec<String>> = queries.iter().map(|q| rows_of(&old, q)).collect();
        assert_eq!(before[0].len(), 5);
        assert_eq!(foreign_keys(&old).len(), foreign_keys(&fresh).len() + 2);
        migrate(&mut old, Path::new("old.db")).unwrap();
        assert_eq!(
            user_version(&old, Path::new("old.db")).unwrap(),
            SCHEMA_VERSION
        );
        assert_eq!(shape(&old), shape(&fresh));
        assert_eq!(foreign_keys(&old), foreign_keys(&fresh));
        assert!(!foreign_keys(&old)
            .iter()
            .any(|k| k.contains("\"persons\"") || k.contains("\"outlets\"")));
        for (q, rows) in queries.iter().zip(&before) {
            assert_eq!(&rows_of(&old, q), rows, "{q}");
        }
        old.execute(
            "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
        assert!(rows_of(&old, "SELECT * FROM pragma_foreign_key_check").is_empty());
        // Still wired as before: a deleted document takes its citations, their authors and
        // their index rows with it; the sweep then removes the persons and outlets left.
        old.execute("DELETE FROM documents WHERE id = 1", [])
            .unwrap();
        assert_eq!(
            rows_of(&old, "SELECT citation_id FROM citation_authors"),
            ["Integer(11)"]
        );
        crate::store::ingest::Writer::delete_orphans(&old, Path::new("old.db")).unwrap();
        assert_eq!(rows_of(&old, "SELECT id FROM persons"), ["Integer(2)"]);
        assert!(rows_of(&old, "SELECT id FROM outlets").is_empty());
        assert_eq!(
            rows_of(
                &old,
                "SELECT rowid FROM search_index WHERE search_index MATCH 'harbor' ORDER BY rowid"
            ),
            ["Integer(-9)", "Integer(11)"]
        );
    }

    #[test]
    fn an_empty_file_is_not_readable_as_a_store() {
        let conn = Connection::open_in_memory().unwrap();
        assert!(matches!(
            check(&conn, Path::new("empty.db")),
            Err(StoreError::Empty { .. })
        ));
    }
}
