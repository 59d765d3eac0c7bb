//! A write statement that binds text and blobs without copying them.
//!
//! rusqlite binds every text and blob with `SQLITE_TRANSIENT`: SQLite allocates a copy of
//! each value, copies it, and frees it again at the next bind, although the row it goes
//! into is built from the bound values (another copy) during the very step that follows.
//! For a scan's writer, which binds millions of strings, that was about a twentieth of its
//! instructions (callgrind, `benches/ingest.rs`: `sqlite3_bind_text64` 4.8%,
//! `sqlite3_clear_bindings` 1.4%). [`StaticStatement`] binds them with `SQLITE_STATIC`
//! (SQLite reads the caller's bytes in place) and makes that sound by binding, stepping,
//! resetting and unbinding in ONE call ([`StaticStatement::execute`]): no pointer to the
//! caller's values survives the call.

use rusqlite::ffi;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::Connection;
use std::ffi::{c_char, c_int, c_void, CString};
use std::marker::PhantomData;
use std::ptr::NonNull;

/// A prepared statement that returns no rows (an INSERT, an upsert), held as SQLite's own
/// handle and finalized on drop. It borrows its connection, which therefore outlives it.
pub(crate) struct StaticStatement<'c> {
    stmt: NonNull<ffi::sqlite3_stmt>,
    db: NonNull<ffi::sqlite3>,
    _conn: PhantomData<&'c Connection>,
}

impl<'c> StaticStatement<'c> {
    /// Prepare `sql` (one statement) on `conn` with `SQLITE_PREPARE_PERSISTENT`, as
    /// rusqlite's statement cache does: SQLite then keeps long-lived statements out of its
    /// small lookaside allocator, which every row's values need.
    pub fn prepare(conn: &'c Connection, sql: &str) -> rusqlite::Result<StaticStatement<'c>> {
        let c_sql = CString::new(sql).map_err(rusqlite::Error::NulError)?;
        let len = c_int::try_from(c_sql.as_bytes_with_nul().len()).map_err(|_| {
            rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_TOOBIG), None)
        })?;
        // SAFETY: `conn.handle()` is the open connection's handle, valid while `conn` is
        // borrowed (for 'c, which this statement cannot outlive); `c_sql` is a
        // NUL-terminated string whose length (terminator included) is `len`.
        unsafe {
            let db = conn.handle();
            let mut stmt: *mut ffi::sqlite3_stmt = std::ptr::null_mut();
            let rc = ffi::sqlite3_prepare_v3(
                db,
                c_sql.as_ptr(),
                len,
                ffi::SQLITE_PREPARE_PERSISTENT as _,
                &mut stmt,
                std::ptr::null_mut(),
            );
            let (Some(stmt), Some(db)) = (NonNull::new(stmt), NonNull::new(db)) else {
                return Err(error(
                    db,
                    if rc == ffi::SQLITE_OK {
                        ffi::SQLITE_MISUSE
                    } else {
                        rc
                    },
                ));
            };
            if rc != ffi::SQLITE_OK {
                ffi::sqlite3_finalize(stmt.as_ptr());
                return Err(error(db.as_ptr(), rc));
            }
            Ok(StaticStatement {
                stmt,
                db,
                _conn: PhantomData,
            })
        }
    }

    /// Bind `values` to parameters 1, 2, … (as many as the statement has), run the
    /// statement once to completion, and leave it reset with no value bound. A NULL is
    /// not bound: an unbound parameter is NULL already (a scan's rows are mostly empty
    /// fields; binding them was half a percent of the writer's instructions).
    pub fn execute(&mut self, values: &[ToSqlOutput<'_>]) -> rusqlite::Result<()> {
        let stmt = self.stmt.as_ptr();
        // SAFETY: `stmt` is a live statement of a live connection (see `prepare`). Texts
        // and blobs are bound SQLITE_STATIC: SQLite reads them in place while they are
        // bound, and they are bound only within this call, in which `values` (and the
        // bytes its entries borrow or own) stay alive and unchanged: before returning,
        // on every path, `sqlite3_reset` ends the step and `sqlite3_clear_bindings`
        // unbinds every parameter, so SQLite keeps no pointer into them.
        unsafe {
            let mut rc = ffi::SQLITE_OK;
            for (i, value) in values.iter().enumerate() {
                let Ok(index) = c_int::try_from(i + 1) else {
                    rc = ffi::SQLITE_RANGE;
                    break;
                };
                // Every parameter is NULL here (prepared so, or cleared by the last call).
                if is_null(value) {
                    continue;
                }
                rc = bind(stmt, index, value);
                if rc != ffi::SQLITE_OK {
                    break;
                }
            }
            if rc == ffi::SQLITE_OK {
                rc = match ffi::sqlite3_step(stmt) {
                    ffi::SQLITE_DONE => ffi::SQLITE_OK,
                    // A statement here returns no rows; one that does is a misuse.
                    ffi::SQLITE_ROW => ffi::SQLITE_MISUSE,
                    rc => rc,
                };
            }
            // The error message is read before the reset, which may replace it.
            let result = if rc == ffi::SQLITE_OK {
                Ok(())
            } else {
                Err(error(self.db.as_ptr(), rc))
            };
            ffi::sqlite3_reset(stmt);
            ffi::sqlite3_clear_bindings(stmt);
            result
        }
    }
}

impl Drop for StaticStatement<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared on a connection that outlives it and is
        // finalized only here, once.
        unsafe {
            ffi::sqlite3_finalize(self.stmt.as_ptr());
        }
    }
}

/// Whether `value` is NULL, which an unbound parameter already is.
fn is_null(value: &ToSqlOutput<'_>) -> bool {
    matches!(
        value,
        ToSqlOutput::Borrowed(ValueRef::Null) | ToSqlOutput::Owned(rusqlite::types::Value::Null)
    )
}

/// Bind one value to parameter `index` of `stmt`, texts and blobs in place.
///
/// # Safety
/// `stmt` must be a live statement, and the bytes of a text or blob `value` must stay
/// valid and unchanged until the parameter is bound again or cleared.
unsafe fn bind(stmt: *mut ffi::sqlite3_stmt, index: c_int, value: &ToSqlOutput<'_>) -> c_int {
    let value = match value {
        ToSqlOutput::Borrowed(v) => *v,
        ToSqlOutput::Owned(v) => ValueRef::from(v),
        // Not made by the ingest (zero blobs, arrays, pointers): refuse.
        _ => return ffi::SQLITE_MISUSE,
    };
    match value {
        ValueRef::Null => ffi::sqlite3_bind_null(stmt, index),
        ValueRef::Integer(i) => ffi::sqlite3_bind_int64(stmt, index, i),
        ValueRef::Real(r) => ffi::sqlite3_bind_double(stmt, index, r),
        ValueRef::Text(s) => ffi::sqlite3_bind_text64(
            stmt,
            index,
            nonempty(s).cast::<c_char>(),
            s.len() as ffi::sqlite3_uint64,
            ffi::SQLITE_STATIC(),
            ffi::SQLITE_UTF8 as _,
        ),
        ValueRef::Blob([]) => ffi::sqlite3_bind_zeroblob64(stmt, index, 0),
        ValueRef::Blob(b) => ffi::sqlite3_bind_blob64(
            stmt,
            index,
            b.as_ptr().cast::<c_void>(),
            b.len() as ffi::sqlite3_uint64,
            ffi::SQLITE_STATIC(),
        ),
    }
}

/// The bytes' address, or a static one for the empty slice (whose own address is only
/// a dangling marker; SQLite reads no byte of either).
fn nonempty(s: &[u8]) -> *const u8 {
    if s.is_empty() {
        c"".as_ptr().cast()
    } else {
        s.as_ptr()
    }
}

/// The error SQLite reports for `rc` on `db`, with its message.
///
/// # Safety
/// `db` must be a live connection handle (or null).
unsafe fn error(db: *mut ffi::sqlite3, rc: c_int) -> rusqlite::Error {
    let message = if db.is_null() {
        None
    } else {
        let m = ffi::sqlite3_errmsg(db);
        (!m.is_null()).then(|| std::ffi::CStr::from_ptr(m).to_string_lossy().into_owned())
    };
    rusqlite::Error::SqliteFailure(ffi::Error::new(rc), message)
}

#[cfg(test)]
mod tests {
    use super::StaticStatement;
    use rusqlite::types::{ToSqlOutput, Value, ValueRef};
    use rusqlite::Connection;

    #[test]
    fn a_null_after_a_value_is_stored_as_null() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a, b, c)").unwrap();
        let mut insert = StaticStatement::prepare(&conn, "INSERT INTO t VALUES (?, ?, ?)").unwrap();
        let text = |s: &'static str| ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()));
        insert
            .execute(&[text("x"), ToSqlOutput::Owned(Value::Integer(7)), text("y")])
            .unwrap();
        // The same parameters left NULL, both ways a NULL is given, then bound again.
        insert
            .execute(&[
                ToSqlOutput::Borrowed(ValueRef::Null),
                ToSqlOutput::Owned(Value::Null),
                text("z"),
            ])
            .unwrap();
        insert
            .execute(&[text("w"), ToSqlOutput::Borrowed(ValueRef::Null), text("")])
            .unwrap();
        drop(insert);
        let rows: Vec<(Option<String>, Option<i64>, Option<String>)> = conn
            .prepare("SELECT a, b, c FROM t ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            rows,
            vec![
                (Some("x".into()), Some(7), Some("y".into())),
                (None, None, Some("z".into())),
                (Some("w".into()), None, Some(String::new())),
            ]
        );
    }
}
