//! Store errors: each names the database file and says what to do about it.

use rusqlite::ErrorCode;
use std::path::{Path, PathBuf};

/// Why the store could not do its job.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds a lock longer than the busy timeout.
    #[error(
        "{}: database is locked by another process; retry or use --db",
        path.display()
    )]
    Locked { path: PathBuf },

    /// The file (or its directory) cannot be written.
    #[error(
        "{}: database is read-only; check the file's permissions or use --db",
        path.display()
    )]
    ReadOnly { path: PathBuf },

    /// The file exists but is not SQLite at all.
    #[error(
        "{} is not an ibid database (file is not a database); move it away or pass --db",
        path.display()
    )]
    NotADatabase { path: PathBuf },

    /// The file is SQLite but damaged.
    #[error(
        "{} is not an ibid database (the database file is corrupt); move it away or pass --db",
        path.display()
    )]
    Corrupt { path: PathBuf },

    /// A SQLite database that belongs to some other program.
    #[error(
        "{} is not an ibid database (it is a SQLite database with other tables); move it away or pass --db",
        path.display()
    )]
    ForeignDatabase { path: PathBuf },

    /// Opened read-only, but the file holds no ibid schema yet.
    #[error(
        "{} is not an ibid database (it holds no ibid tables); run `ibid scan` first or pass --db",
        path.display()
    )]
    Empty { path: PathBuf },

    /// Written by a newer ibid.
    #[error(
        "{}: database schema version {found} is newer than this ibid supports ({supported}); upgrade ibid or pass --db",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// The file could not be opened or created (missing directory, permissions).
    #[error("{}: cannot open database: {source}", path.display())]
    CannotOpen {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    /// A batch written without foreign-key checks met a document another process stored
    /// meanwhile; replacing it needs the cascades, so the batch is written again with
    /// them (`Store::ingest_batch` handles this; it never reaches a user).
    #[error("{}: {document} was stored meanwhile by another process; write it again", path.display())]
    StoredMeanwhile { path: PathBuf, document: String },

    /// A number too large to store as SQLite's i64.
    #[error("{}: {what} {value} is too large to store", path.display())]
    OutOfRange {
        path: PathBuf,
        what: &'static str,
        value: u128,
    },

    /// SQLite gave an inserted row another id than the one its children's rows were
    /// written with (see `NextId` in `ingest.rs`); the document is rolled back.
    #[error("{}: a new {table} row got id {got}, not {expected}; nothing of the document was kept", path.display())]
    UnexpectedRowId {
        path: PathBuf,
        table: &'static str,
        expected: i64,
        got: i64,
    },

    /// A search string FTS5 cannot read.
    #[error(
        "search query `{query}` is not valid: {message}; quote words that contain operators or see `ibid search --help`"
    )]
    BadSearch { query: String, message: String },

    /// `ibid sql`: a statement SQLite refused, or one that would write.
    #[error("{}: {message}", path.display())]
    BadSql { path: PathBuf, message: String },

    /// Any other SQLite failure.
    #[error("{}: database error: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// Classify a SQLite error for the database at `path`.
    pub(crate) fn from_sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
        let path = path.to_path_buf();
        match source.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                StoreError::Locked { path }
            }
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt { path },
            Some(ErrorCode::CannotOpen) => StoreError::CannotOpen { path, source },
            _ => StoreError::Sqlite { path, source },
        }
    }
}

/// Attach the database path to SQLite results.
pub(crate) trait ResultExt<T> {
    fn at(self, path: &Path) -> Result<T, StoreError>;
}

impl<T> ResultExt<T> for Result<T, rusqlite::Error> {
    fn at(self, path: &Path) -> Result<T, StoreError> {
        self.map_err(|e| StoreError::from_sqlite(path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn sqlite_codes_map_to_actionable_errors() {
        let p = Path::new("x.db");
        assert!(matches!(
            StoreError::from_sqlite(p, failure(rusqlite::ffi::SQLITE_BUSY)),
            StoreError::Locked { .. }
        ));
        assert!(matches!(
            StoreError::from_sqlite(p, failure(rusqlite::ffi::SQLITE_READONLY)),
            StoreError::ReadOnly { .. }
        ));
        assert!(matches!(
            StoreError::from_sqlite(p, failure(rusqlite::ffi::SQLITE_NOTADB)),
            StoreError::NotADatabase { .. }
        ));
        assert!(matches!(
            StoreError::from_sqlite(p, failure(rusqlite::ffi::SQLITE_CORRUPT)),
            StoreError::Corrupt { .. }
        ));
        assert!(matches!(
            StoreError::from_sqlite(p, failure(rusqlite::ffi::SQLITE_CONSTRAINT)),
            StoreError::Sqlite { .. }
        ));
    }

    #[test]
    fn messages_name_the_file_and_the_remedy() {
        let path = PathBuf::from("refs/ibid.db");
        let locked = StoreError::Locked { path: path.clone() }.to_string();
        assert_eq!(
            locked,
            "refs/ibid.db: database is locked by another process; retry or use --db"
        );
        let notdb = StoreError::NotADatabase { path: path.clone() }.to_string();
        assert_eq!(
            notdb,
            "refs/ibid.db is not an ibid database (file is not a database); move it away or pass --db"
        );
        let newer = StoreError::NewerSchema {
            path,
            found: 7,
            supported: 1,
        }
        .to_string();
        assert!(
            newer.contains("version 7 is newer than this ibid supports (1)"),
            "{newer}"
        );
    }
}
