//! The record of published citekeys (`citekeys` table): once `ibid export --db` has given
//! a work a key, later exports reuse it, whatever the pattern or the other works.

use super::error::{ResultExt, StoreError};
use super::Store;
use rusqlite::TransactionBehavior;
use std::collections::HashMap;

impl Store {
    /// Every recorded key: work identity → key.
    pub fn citekeys(&self) -> Result<HashMap<String, String>, StoreError> {
        let db = &self.path;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT identity, key FROM citekeys")
            .at(db)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).at(db)?;
        rows.collect::<Result<_, _>>().at(db)
    }

    /// Record `(identity, key)` pairs in one transaction. A key already recorded under
    /// another identity (the work's identity changed, e.g. a second author list appeared)
    /// moves to the new identity; a recorded identity keeps its key.
    pub fn record_citekeys(
        &mut self,
        records: &[(String, String)],
        assigned_at: &str,
    ) -> Result<(), StoreError> {
        if records.is_empty() {
            return Ok(());
        }
        let db = self.path.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(db)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO citekeys (identity, key, assigned_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (identity) DO NOTHING
                     ON CONFLICT (key) DO UPDATE SET identity = excluded.identity",
                )
                .at(db)?;
            for (identity, key) in records {
                stmt.execute([identity, key, assigned_at]).at(db)?;
            }
        }
        tx.commit().at(db)
    }
}
