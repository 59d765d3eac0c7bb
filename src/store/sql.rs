//! `ibid sql`: one read-only statement over the database.

use super::error::{ResultExt, StoreError};
use super::Store;
use rusqlite::types::Value;
use std::path::Path;

/// The result of [`Store::query`]: column names and rows of values.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Store {
    /// Open an existing database for [`Store::query`]: read-only at the file level and
    /// with `PRAGMA query_only`, so no statement can change it.
    pub fn open_query_only(path: &Path) -> Result<Store, StoreError> {
        let store = Store::open_read_only(path)?;
        store
            .conn
            .pragma_update(None, "query_only", true)
            .at(path)?;
        Ok(store)
    }

    /// Run one statement that only reads. A statement that would write, several
    /// statements, or SQL that SQLite refuses is [`StoreError::BadSql`].
    pub fn query(&self, sql: &str) -> Result<QueryResult, StoreError> {
        let db = &self.path;
        let bad = |message: String| StoreError::BadSql {
            path: db.clone(),
            message,
        };
        let sqlite = |e: rusqlite::Error| match e {
            rusqlite::Error::SqliteFailure(f, message)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::Unknown | rusqlite::ErrorCode::ReadOnly
                ) || f.extended_code == rusqlite::ffi::SQLITE_READONLY =>
            {
                bad(message.unwrap_or_else(|| f.to_string()))
            }
            rusqlite::Error::SqlInputError { msg, .. } => bad(msg),
            rusqlite::Error::MultipleStatement => bad("give one statement at a time".to_string()),
            rusqlite::Error::Empty => bad("no statement given".to_string()),
            e => StoreError::from_sqlite(db, e),
        };
        let mut stmt = self.conn.prepare(sql).map_err(sqlite)?;
        if !stmt.readonly() {
            return Err(bad(
                "the database is opened read-only: only statements that read (SELECT, WITH, read-only PRAGMA) are allowed".to_string(),
            ));
        }
        let columns: Vec<String> = stmt.column_names().map(String::from).collect();
        let n = columns.len();
        let mut rows = Vec::new();
        let mut cursor = stmt.query([]).map_err(sqlite)?;
        while let Some(row) = cursor.next().map_err(sqlite)? {
            let mut values = Vec::with_capacity(n);
            for i in 0..n {
                values.push(row.get::<_, Value>(i).map_err(sqlite)?);
            }
            rows.push(values);
        }
        Ok(QueryResult { columns, rows })
    }
}
