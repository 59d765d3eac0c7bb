//! The SQLite store: documents, footnotes, citations, people, outlets and findings.
//!
//! [`Store::open`] creates or migrates the database (schema in `schema.sql`,
//! version in `PRAGMA user_version`); [`Store::ingest`] writes one document per
//! transaction, skipping a document whose content hash is unchanged and replacing one
//! whose hash changed. A failure rolls the whole document back.
//! [`Store::ingest_batch`] writes many documents in one transaction (a document that
//! fails sends the batch through again with one savepoint per document, so a document is
//! still written fully or not at all).
//!
//! Files are opened in WAL mode: readers see the last committed batch while a scan
//! writes, and a process killed mid-write leaves the previous committed state. Writers
//! wait for each other up to [`BUSY_TIMEOUT`].

pub mod cache;
mod citekeys;
mod error;
mod ingest;
mod ledger;
mod load;
mod migrate;
mod query;
mod raw;
mod search;
mod sql;

pub use cache::CacheKey;
pub use error::StoreError;
pub use ingest::IngestOutcome;
pub use ledger::{EntryRow, HistoryRow, LedgerError, LEDGER_BUSY_TIMEOUT};
pub use migrate::{QUERY_TABLES_SINCE, SCHEMA_VERSION};
pub use query::DocumentRow;
pub use search::{fts_query, is_fts_syntax, QueryError, SearchHit, SEARCH_COLUMNS};
pub use sql::QueryResult;

use crate::lint::Finding;
use crate::model::Extraction;
use error::ResultExt;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long to wait for another process's lock before reporting [`StoreError::Locked`]:
/// long enough for another scan's batch transaction (about a second) to commit.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

thread_local! {
    /// When the current busy wait of this thread began.
    static BUSY_SINCE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// The busy timeout of this thread ([`BUSY_TIMEOUT`] unless a test shortens it).
    static BUSY_LIMIT: Cell<Duration> = const { Cell::new(BUSY_TIMEOUT) };
}

/// Shorten (or restore) the busy timeout for store calls made on this thread, so lock
/// tests need not wait [`BUSY_TIMEOUT`].
#[cfg(test)]
pub(crate) fn set_thread_busy_timeout(limit: Duration) {
    BUSY_LIMIT.with(|l| l.set(limit));
}

/// SQLite's busy handler: poll every few milliseconds until the limit. SQLite's own
/// `busy_timeout` backs off to 100 ms sleeps, which almost never catches the short gap a
/// busy writer leaves between two batches; polling this often does, so two scans on one
/// database take turns instead of one starving until it times out.
fn busy_handler(attempt: i32) -> bool {
    let now = Instant::now();
    let since = if attempt == 0 {
        BUSY_SINCE.with(|s| s.set(Some(now)));
        now
    } else {
        BUSY_SINCE.with(|s| s.get()).unwrap_or(now)
    };
    if now.duration_since(since) >= BUSY_LIMIT.with(|l| l.get()) {
        return false;
    }
    std::thread::sleep(Duration::from_millis(if attempt < 10 { 1 } else { 3 }));
    true
}

/// Copies committed pages from the write-ahead log into the database file. A scan's
/// writer hands it its checkpoints ([`Store::checkpointer`]), which took about a tenth
/// of the writer's time (reading the log back and writing the file), so that the writer
/// goes on with the next batch meanwhile.
pub struct Checkpointer {
    conn: Connection,
    path: PathBuf,
}

impl Checkpointer {
    /// Copy what the log holds (PASSIVE: never waits for, nor blocks, a writer or a
    /// reader; pages a reader still needs stay for the next call). Once everything is
    /// copied, the writer's next transaction starts the log again from its beginning.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
            .at(&self.path)
    }
}

/// One document for [`Store::ingest_batch`].
#[derive(Debug, Clone, Copy)]
pub struct BatchDocument<'a> {
    pub extraction: &'a Extraction,
    /// This document's findings (their `document` index is ignored).
    pub findings: &'a [Finding],
    /// The document's encoded extraction ([`cache::encode`]) for `ibid check --db`.
    pub cache: Option<&'a [u8]>,
}

/// What the store holds about a document, for incremental scans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub content_hash: String,
    pub footnote_count: u64,
    pub citation_count: u64,
    pub finding_count: u64,
}

/// An open ibid database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The key written with cache entries by [`Store::ingest_batch`].
    cache_key: Option<CacheKey>,
}

impl Store {
    /// Open the database at `path` for reading and writing, creating it (and its schema)
    /// if missing. Refuses a read-only file, a file that is not SQLite, a SQLite file of
    /// another program and a schema newer than [`SCHEMA_VERSION`].
    ///
    /// When another ibid is creating or upgrading the same database at this moment, SQLite
    /// can answer "busy" where its busy handler is not consulted (reading the schema while
    /// the other connection changes it): the opening is retried until [`BUSY_TIMEOUT`].
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        loop {
            match Store::open_once(path) {
                Err(StoreError::Locked { .. }) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut store = Store::connect(path, flags)?;
        // SQLite silently falls back to read-only when the file is write-protected.
        if store.conn.is_readonly("main").at(path)? {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
        // Refuse a file that is not ours before switching its journal mode.
        migrate::user_version(&store.conn, path)?;
        // WAL: readers never block the writer nor see a half-written batch; a killed
        // process leaves the last committed state. NORMAL sync is safe under WAL against
        // process crashes (only an OS crash may lose the last commits, never consistency).
        // (A file system without shared memory keeps its old mode; that only costs
        // concurrency, so the answer is not checked.)
        // 16 KiB pages for a new database (an existing one keeps its size): a scan appends
        // hundreds of MB, and bigger pages mean fewer B-tree levels, page splits and log
        // frames to write and copy back.
        store
            .conn
            .pragma_update(None, "page_size", 16384)
            .at(path)?;
        let _mode: String = store
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .at(path)?;
        store
            .conn
            .pragma_update(None, "synchronous", "NORMAL")
            .at(path)?;
        // Checkpoint when the WAL holds ~64 MB (the setting counts pages, so it follows
        // the file's page size).
        let page_size: i64 = store
            .conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .at(path)?;
        store
            .conn
            .pragma_update(None, "wal_autocheckpoint", (64 << 20) / page_size.max(512))
            .at(path)?;
        migrate::migrate(&mut store.conn, &store.path)?;
        Ok(store)
    }

    /// Open an existing database for queries only (`ibid outlets --db`, `ibid export --db`).
    /// Never creates or migrates; [`Store::ingest`] on it fails with [`StoreError::ReadOnly`].
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let store = Store::connect(path, flags)?;
        migrate::check(&store.conn, &store.path)?;
        Ok(store)
    }

    /// A fresh database in memory (for tests and one-shot runs).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().at(&path)?;
        let mut store = Store {
            conn,
            path,
            cache_key: None,
        };
        store.configure()?;
        migrate::migrate(&mut store.conn, &store.path)?;
        Ok(store)
    }

    fn connect(path: &Path, flags: OpenFlags) -> Result<Store, StoreError> {
        let conn = Connection::open_with_flags(path, flags).at(path)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            cache_key: None,
        };
        store.configure()?;
        Ok(store)
    }

    fn configure(&mut self) -> Result<(), StoreError> {
        self.conn.busy_handler(Some(busy_handler)).at(&self.path)?;
        // Statement and savepoint journals (a statement touching the search index, the
        // per-document savepoints of a failed batch's retry) stay in memory instead of a
        // temporary file written for every page touched. A page cache of 16 MB (SQLite's
        // default is 2 MB) keeps the hot index pages of a big corpus in memory while a
        // batch is written; 64 MB of 16 KiB pages doubled a 10,000-document scan's peak
        // memory (188 -> 384 MB, most of it not the cache itself).
        self.conn
            .pragma_update(None, "temp_store", "MEMORY")
            .at(&self.path)?;
        self.conn
            .pragma_update(None, "cache_size", -16384)
            .at(&self.path)?;
        self.conn
            .pragma_update(None, "foreign_keys", true)
            .at(&self.path)
    }

    /// A second connection that copies the write-ahead log into the database file, for a
    /// thread of its own (see [`Checkpointer`]). This connection keeps its own automatic
    /// checkpoint (64 MB of log): run after a commit, it then finds most pages already
    /// copied and only finishes the job, so that the next transaction starts the log
    /// again. (A checkpointer alone never catches up with a writer that starts its next
    /// transaction at once: the log never restarted and grew, and memory with it.)
    pub fn checkpointer(&self) -> Result<Checkpointer, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags).at(&self.path)?;
        Ok(Checkpointer {
            conn,
            path: self.path.clone(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Store one document's extraction and its `findings` (only this document's; their
    /// `document` index is ignored), in one transaction.
    ///
    /// Same path and content hash as stored: [`IngestOutcome::Unchanged`], nothing
    /// written. Another hash: the old rows are deleted and the new ones inserted in the
    /// same transaction ([`IngestOutcome::Replaced`]). On any error nothing changes.
    pub fn ingest(
        &mut self,
        ex: &Extraction,
        findings: &[Finding],
    ) -> Result<IngestOutcome, StoreError> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.ingest_at(ex, findings, &now)
    }

    /// [`Store::ingest`] with an explicit `scanned_at` timestamp (RFC 3339), for
    /// reproducible databases and tests.
    pub fn ingest_at(
        &mut self,
        ex: &Extraction,
        findings: &[Finding],
        scanned_at: &str,
    ) -> Result<IngestOutcome, StoreError> {
        let db = self.path.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(db)?;
        // On error `tx` is dropped, which rolls back.
        let mut sql = ingest::Statements::prepare(&tx, db)?;
        let (outcome, document_id) = ingest::Writer {
            tx: &tx,
            db,
            doc: &ex.document,
            cache: None,
            sql: &mut sql,
        }
        .write(ex, findings, scanned_at)?;
        if outcome == IngestOutcome::Replaced {
            ingest::Writer::delete_orphans(&tx, db)?;
        }
        if outcome != IngestOutcome::Unchanged {
            sql.index_written(&tx, db, &[document_id])?;
            drop(sql);
            tx.commit().at(db)?;
        }
        Ok(outcome)
    }

    /// Write cache entries with `key` from now on ([`Store::ingest_batch`]).
    pub fn set_cache_key(&mut self, key: CacheKey) {
        self.cache_key = Some(key);
    }

    /// Store many documents in ONE immediate transaction: a document that fails is rolled
    /// back alone (the batch is written again with a savepoint per document; its error is
    /// in the returned list, at its position) and the others are kept. A document is
    /// never half-written.
    ///
    /// The outer error means the transaction itself could not start or commit (another
    /// writer held the lock past [`BUSY_TIMEOUT`], disk full): then nothing was written.
    /// Cache entries are written only after [`Store::set_cache_key`].
    pub fn ingest_batch(
        &mut self,
        docs: &[BatchDocument<'_>],
        scanned_at: &str,
    ) -> Result<Vec<Result<IngestOutcome, StoreError>>, StoreError> {
        let db = self.path.as_path();
        let key = self.cache_key.as_ref().map(CacheKey::as_str);
        let write =
            |tx: &rusqlite::Connection, sql: &mut ingest::Statements<'_>, d: &BatchDocument<'_>| {
                ingest::Writer {
                    tx,
                    db,
                    doc: &d.extraction.document,
                    cache: key.zip(d.cache),
                    sql,
                }
                .write(d.extraction, d.findings, scanned_at)
            };
        // The new and replaced documents into the search index. `sql`: the statements
        // that wrote the whole batch, which know the ids they gave (the index then reads
        // the new rows by id range); `None` after the retry with a savepoint per document.
        let index = |tx: &rusqlite::Connection,
                     sql: Option<&ingest::Statements<'_>>,
                     written: &[Result<(IngestOutcome, i64), StoreError>]| {
            let new_rows: Vec<i64> = written
                .iter()
                .filter_map(|w| match w {
                    Ok((IngestOutcome::New | IngestOutcome::Replaced, id)) => Some(*id),
                    _ => None,
                })
                .collect();
            match sql {
                Some(sql) => sql.index_written(tx, db, &new_rows),
                None => ingest::index_for_search(tx, db, &new_rows),
            }
        };
        let finish = |tx: rusqlite::Transaction<'_>,
                      written: Vec<Result<(IngestOutcome, i64), StoreError>>| {
            if written
                .iter()
                .any(|w| matches!(w, Ok((IngestOutcome::Replaced, _))))
            {
                ingest::Writer::delete_orphans(&tx, db)?;
            }
            tx.commit().at(db)?;
            Ok(written
                .into_iter()
                .map(|w| w.map(|(outcome, _)| outcome))
                .collect())
        };
        // Fast path: the whole batch in one transaction without savepoints (a savepoint
        // per document costs more than the document's inserts once the page cache is
        // large). Documents almost never fail to write; when one does, the batch is
        // rolled back and written again with a savepoint per document.
        //
        // A batch of paths the store does not hold yet (a fresh scan's) is written
        // without foreign-key checks: each inserted row's parents are rows the writer
        // has just written itself, and checking them was ~6% of its instructions. Only
        // replacing a document needs foreign keys (its rows go by cascade): a document
        // another process stored meanwhile fails the fast path, and the retry below runs
        // with them on. (The setting cannot change inside a transaction.)
        let unchecked = !any_stored(&self.conn, db, docs)?;
        if unchecked {
            self.conn
                .pragma_update(None, "foreign_keys", false)
                .at(db)?;
        }
        let fast = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .at(db)?;
            let mut outcomes = Vec::with_capacity(docs.len());
            let mut sql = ingest::Statements::prepare(&tx, db)?;
            sql.cascades = !unchecked;
            for d in docs {
                match write(&tx, &mut sql, d) {
                    Ok(o) => outcomes.push(Ok(o)),
                    Err(_) => break,
                }
            }
            if outcomes.len() == docs.len() {
                index(&tx, Some(&sql), &outcomes)?;
                drop(sql);
                return finish(tx, outcomes).map(Some);
            }
            // Dropping `tx` rolls the batch back.
            Ok(None)
        })();
        if unchecked {
            self.conn.pragma_update(None, "foreign_keys", true).at(db)?;
        }
        if let Some(outcomes) = fast? {
            return Ok(outcomes);
        }
        let mut tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(db)?;
        let mut outcomes = Vec::with_capacity(docs.len());
        for d in docs {
            let sp = tx.savepoint().at(db)?;
            // Rare (a document failed to write): statements prepared per document.
            let written =
                ingest::Statements::prepare(&sp, db).and_then(|mut sql| write(&sp, &mut sql, d));
            match written {
                Ok(outcome) => {
                    sp.commit().at(db)?;
                    outcomes.push(Ok(outcome));
                }
                // Dropping the savepoint rolls this document back.
                Err(e) => outcomes.push(Err(e)),
            }
        }
        index(&tx, None, &outcomes)?;
        finish(tx, outcomes)
    }

    /// Every stored document by path, with its hash and row counts, in one query.
    pub fn stored_documents(&self) -> Result<HashMap<String, StoredDocument>, StoreError> {
        let db = &self.path;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.path, d.content_hash, d.footnote_count, d.citation_count,
                        (SELECT count(*) FROM findings AS f WHERE f.document_id = d.id)
                 FROM documents AS d",
            )
            .at(db)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    StoredDocument {
                        content_hash: r.get(1)?,
                        footnote_count: r.get::<_, i64>(2)?.max(0) as u64,
                        citation_count: r.get::<_, i64>(3)?.max(0) as u64,
                        finding_count: r.get::<_, i64>(4)?.max(0) as u64,
                    },
                ))
            })
            .at(db)?;
        rows.collect::<Result<_, _>>().at(db)
    }

    /// The cached extraction of the document stored at `path` with `content_hash`,
    /// written under `key`; `None` when there is none or it was written by another
    /// ibid version, cache format or registry.
    pub fn cached_extraction(
        &self,
        path: &str,
        content_hash: &str,
        key: &CacheKey,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        use rusqlite::OptionalExtension;
        let db = &self.path;
        self.conn
            .prepare_cached(
                "SELECT c.extraction FROM documents AS d
                 JOIN extraction_cache AS c ON c.document_id = d.id
                 WHERE d.path = ?1 AND d.content_hash = ?2 AND c.cache_key = ?3",
            )
            .at(db)?
            .query_row([path, content_hash, key.as_str()], |r| r.get(0))
            .optional()
            .at(db)
    }

    /// Delete the stored documents at `paths` (with all their rows) in one transaction;
    /// returns how many were stored.
    pub fn delete_documents(&mut self, paths: &[String]) -> Result<usize, StoreError> {
        let db = self.path.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(db)?;
        let mut deleted = 0;
        {
            let mut stmt = tx
                .prepare_cached("DELETE FROM documents WHERE path = ?1")
                .at(db)?;
            for p in paths {
                deleted += stmt.execute([p]).at(db)?;
            }
        }
        if deleted > 0 {
            ingest::Writer::delete_orphans(&tx, db)?;
        }
        tx.commit().at(db)?;
        Ok(deleted)
    }
}

/// Whether the store holds any of the `docs`' paths (read outside a transaction: see
/// [`Store::ingest_batch`], which checks again inside it).
fn any_stored(
    conn: &Connection,
    db: &Path,
    docs: &[BatchDocument<'_>],
) -> Result<bool, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM documents WHERE path = ?1)")
        .at(db)?;
    for d in docs {
        let stored: bool = stmt
            .query_row([&d.extraction.document.path], |r| r.get(0))
            .at(db)?;
        if stored {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests;
