//! Read queries the CLI needs (`ibid outlets --db`, `ibid scan` summaries).

use super::error::ResultExt;
use super::{Store, StoreError};

/// One stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub id: i64,
    pub path: String,
    /// `text`, `markdown`, `html`, `latex`, `docx`.
    pub format: String,
    /// Hex SHA-256 of the document's bytes when it was scanned.
    pub content_hash: String,
    /// RFC 3339, UTC.
    pub scanned_at: String,
    pub footnote_count: u64,
    pub citation_count: u64,
}

/// Row counts are never negative; clamp defensively instead of failing.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    /// Every stored document, by path.
    pub fn documents(&self) -> Result<Vec<DocumentRow>, StoreError> {
        let db = &self.path;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, path, format, content_hash, scanned_at, footnote_count, citation_count
                 FROM documents ORDER BY path",
            )
            .at(db)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(DocumentRow {
                    id: r.get(0)?,
                    path: r.get(1)?,
                    format: r.get(2)?,
                    content_hash: r.get(3)?,
                    scanned_at: r.get(4)?,
                    footnote_count: count(r.get(5)?),
                    citation_count: count(r.get(6)?),
                })
            })
            .at(db)?;
        rows.collect::<Result<_, _>>().at(db)
    }

    /// Every outlet spelling across the corpus with how often it was written:
    /// `(registry outlet id or None when unknown, spelling, count)`, ordered by outlet
    /// id (unknown last), then most frequent spelling first.
    pub fn outlet_spellings(&self) -> Result<Vec<(Option<String>, String, u64)>, StoreError> {
        let db = &self.path;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT outlet_id, spelling, count FROM outlet_spellings
                 ORDER BY outlet_id IS NULL, outlet_id, count DESC, spelling",
            )
            .at(db)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, count(r.get(2)?))))
            .at(db)?;
        rows.collect::<Result<_, _>>().at(db)
    }

    /// Short forms counted for the outlet of the citation they resolve to:
    /// `(outlet id, spelling of the antecedent's outlet, count)`.
    pub fn short_form_outlets(&self) -> Result<Vec<(Option<String>, String, u64)>, StoreError> {
        let db = &self.path;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT t.outlet_id, t.outlet_as_written, count(*)
                 FROM citations AS s
                 JOIN footnotes AS fs ON fs.id = s.footnote_id
                 JOIN footnotes AS ft ON ft.document_id = fs.document_id
                                     AND ft.number = s.short_form_target_footnote
                 JOIN citations AS t ON t.footnote_id = ft.id
                                    AND t.ordinal = s.short_form_target_citation
                 WHERE s.short_form_type IS NOT NULL AND t.outlet_as_written IS NOT NULL
                 GROUP BY t.outlet_id, t.outlet_as_written",
            )
            .at(db)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, count(r.get(2)?))))
            .at(db)?;
        rows.collect::<Result<_, _>>().at(db)
    }

    /// Registry outlets cited somewhere in the store: `(id, canonical name)`, by id.
    pub fn outlets(&self) -> Result<Vec<(String, String)>, StoreError> {
        let db = &self.path;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM outlets ORDER BY id")
            .at(db)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).at(db)?;
        rows.collect::<Result<_, _>>().at(db)
    }

    /// `(documents, footnotes, citations, findings)` stored.
    pub fn counts(&self) -> Result<(u64, u64, u64, u64), StoreError> {
        let db = &self.path;
        self.conn
            .prepare_cached(
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM footnotes),
                        (SELECT count(*) FROM citations), (SELECT count(*) FROM findings)",
            )
            .at(db)?
            .query_row([], |r| {
                Ok((
                    count(r.get(0)?),
                    count(r.get(1)?),
                    count(r.get(2)?),
                    count(r.get(3)?),
                ))
            })
            .at(db)
    }
}
