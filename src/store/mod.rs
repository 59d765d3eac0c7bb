//! The SQLite store: documents, footnotes, citations, people, outlets and findings.
//!
//! [`Store::open`] creates or migrates the database (schema in `schema.sql`,
//! version in `PRAGMA user_version`); [`Store::ingest`] writes one document per
//! transaction, skipping a document whose content hash is unchanged and replacing one
//! whose hash changed. A failure rolls the whole document back.

mod citekeys;
mod error;
mod ingest;
mod load;
mod migrate;
mod query;
mod search;
mod sql;

pub use error::StoreError;
pub use ingest::IngestOutcome;
pub use migrate::SCHEMA_VERSION;
pub use query::DocumentRow;
pub use search::{fts_query, is_fts_syntax, QueryError, SearchHit, SEARCH_COLUMNS};
pub use sql::QueryResult;

use crate::lint::Finding;
use crate::model::Extraction;
use error::ResultExt;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long to wait for another process's lock before reporting [`StoreError::Locked`].
pub const BUSY_TIMEOUT: Duration = Duration::from_millis(200);

/// An open ibid database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Open the database at `path` for reading and writing, creating it (and its schema)
    /// if missing. Refuses a read-only file, a file that is not SQLite, a SQLite file of
    /// another program and a schema newer than [`SCHEMA_VERSION`].
    pub fn open(path: &Path) -> Result<Store, StoreError> {
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
        let mut store = Store { conn, path };
        store.configure()?;
        migrate::migrate(&mut store.conn, &store.path)?;
        Ok(store)
    }

    fn connect(path: &Path, flags: OpenFlags) -> Result<Store, StoreError> {
        let conn = Connection::open_with_flags(path, flags).at(path)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        Ok(store)
    }

    fn configure(&self) -> Result<(), StoreError> {
        self.conn.busy_timeout(BUSY_TIMEOUT).at(&self.path)?;
        self.conn
            .pragma_update(None, "foreign_keys", true)
            .at(&self.path)
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
        let writer = ingest::Writer {
            tx: &tx,
            db,
            doc: &ex.document,
        };
        // On error `tx` is dropped, which rolls back.
        let outcome = writer.write(ex, findings, scanned_at)?;
        if outcome != IngestOutcome::Unchanged {
            tx.commit().at(db)?;
        }
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests;
