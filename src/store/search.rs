//! Full-text search over the stored citations and footnotes (`ibid search`).
//!
//! The FTS5 table `search_index` (see `schema.sql`) holds one row per citation (title,
//! authors, outlet as written, canonical outlet name) and one per footnote (its text);
//! triggers keep it in step with every insert and delete.
//!
//! What the user types is turned into an FTS5 query by [`fts_query`]: plain words are
//! quoted, so punctuation (`N.Y. Times`, `U.S.-Taliban`) is just text, and every word must
//! match; `"a phrase"` must match as a phrase and `word*` matches as a prefix. A query that
//! uses FTS5 operators (`AND`, `OR`, `NOT`, `NEAR(…)`) or a column filter (`title:`,
//! `authors:`, `outlet:`, `outlet_name:`, `note:`) is passed to FTS5 as written.

use super::error::{ResultExt, StoreError};
use super::Store;
use rusqlite::OptionalExtension;
use serde::Serialize;

/// The indexed columns, in table order.
pub const SEARCH_COLUMNS: [&str; 5] = ["title", "authors", "outlet", "outlet_name", "note"];

/// Marks around the matched words in [`SearchHit::snippet`].
pub const MATCH_START: &str = "«";
pub const MATCH_END: &str = "»";

/// One place a search matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// The document's path as stored.
    pub document: String,
    /// The footnote's number, `None` for a non-numeric marker.
    pub footnote: Option<i64>,
    /// The footnote's marker as printed.
    pub footnote_label: String,
    /// Index of the citation in its footnote; `None` when the footnote's own text matched
    /// (and none of its citations did).
    pub citation: Option<i64>,
    /// 1-based line and column of the citation (or of the footnote).
    pub line: i64,
    pub column: i64,
    /// The indexed columns holding a matched word (`title`, `authors`, `outlet`,
    /// `outlet_name`, `note`).
    pub fields: Vec<&'static str>,
    /// A short excerpt of the best-matching column, matches between `«` and `»`.
    pub snippet: String,
    /// FTS5's bm25 score (rounded to 3 decimals): lower is a better match.
    pub score: f64,
}

/// Why a search string cannot be turned into a query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("nothing to search for: give at least one word with a letter or digit")]
    Empty,
}

/// Whether `input` uses FTS5 syntax (operators or column filters) and is passed as written.
pub fn is_fts_syntax(input: &str) -> bool {
    input.split_whitespace().any(|token| {
        let token = token.trim_start_matches(['(', '-']);
        matches!(token, "AND" | "OR" | "NOT")
            || token.starts_with("NEAR(")
            || token.starts_with('{')
            || token.split_once(':').is_some_and(|(column, _)| {
                SEARCH_COLUMNS.contains(&column.to_ascii_lowercase().as_str())
            })
    })
}

/// The FTS5 query for what the user typed (see the module documentation).
pub fn fts_query(input: &str) -> Result<String, QueryError> {
    if is_fts_syntax(input) {
        return Ok(input.trim().to_string());
    }
    let mut terms: Vec<String> = Vec::new();
    let mut rest = input;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let (term, phrase, after) = if let Some(inner) = rest.strip_prefix('"') {
            // A quoted phrase; an unclosed quote runs to the end.
            match inner.find('"') {
                Some(end) => (&inner[..end], true, &inner[end + 1..]),
                None => (inner, true, ""),
            }
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..end], false, &rest[end..])
        };
        rest = after;
        let (body, prefix) = match term.strip_suffix('*') {
            Some(body) if !phrase => (body, true),
            _ => (term, false),
        };
        if !body.chars().any(char::is_alphanumeric) {
            continue;
        }
        let mut quoted = format!("\"{}\"", body.replace('"', "\"\""));
        if prefix {
            quoted.push('*');
        }
        terms.push(quoted);
    }
    if terms.is_empty() {
        return Err(QueryError::Empty);
    }
    Ok(terms.join(" "))
}

/// Column weights for bm25, in [`SEARCH_COLUMNS`] order: a match in a title counts most.
const WEIGHTS: &str = "4.0, 3.0, 2.0, 2.0, 1.0";

impl Store {
    /// The schema version recorded in the database (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        super::migrate::user_version(&self.conn, &self.path)
    }

    /// The best `limit` matches of the FTS5 query `fts` (see [`fts_query`]), best first.
    /// A footnote whose text matched is left out when one of its citations matched too.
    pub fn search(&self, fts: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let db = &self.path;
        let bad = |e: rusqlite::Error| match &e {
            rusqlite::Error::SqliteFailure(_, Some(message))
                if message.contains("fts5")
                    || message.contains("no such column")
                    || message.contains("unterminated")
                    || message.contains("syntax error") =>
            {
                StoreError::BadSearch {
                    query: fts.to_string(),
                    message: message.clone(),
                }
            }
            _ => StoreError::from_sqlite(db, e),
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "WITH hits AS MATERIALIZED (
                     SELECT rowid AS id, bm25(search_index, {WEIGHTS}) AS score
                     FROM search_index WHERE search_index MATCH ?1
                 ),
                 -- Footnotes with a matching citation: their own text hit is left out.
                 cited AS MATERIALIZED (
                     SELECT c.footnote_id FROM hits JOIN citations AS c ON c.id = hits.id
                     WHERE hits.id > 0
                 ),
                 top AS MATERIALIZED (
                     SELECT id, score FROM hits
                     WHERE id > 0 OR -id NOT IN (SELECT footnote_id FROM cited)
                     ORDER BY score, id LIMIT ?2
                 )
                 SELECT h.id, d.path, f.number, f.label, c.ordinal,
                        coalesce(c.line, f.line), coalesce(c.\"column\", f.\"column\"), h.score
                 FROM top AS h
                 LEFT JOIN citations AS c ON h.id > 0 AND c.id = h.id
                 JOIN footnotes AS f ON f.id = CASE WHEN h.id > 0 THEN c.footnote_id ELSE -h.id END
                 JOIN documents AS d ON d.id = f.document_id
                 ORDER BY h.score, d.path, f.ordinal, c.ordinal IS NOT NULL, c.ordinal"
            ))
            .at(db)?;
        let rows = stmt
            .query_map(rusqlite::params![fts, limit], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    SearchHit {
                        document: r.get(1)?,
                        footnote: r.get(2)?,
                        footnote_label: r.get(3)?,
                        citation: r.get(4)?,
                        line: r.get(5)?,
                        column: r.get(6)?,
                        fields: Vec::new(),
                        snippet: String::new(),
                        score: (r.get::<_, f64>(7)? * 1000.0).round() / 1000.0,
                    },
                ))
            })
            .map_err(bad)?;
        let mut hits: Vec<(i64, SearchHit)> = rows.collect::<Result<_, _>>().map_err(bad)?;
        // Snippets only for the hits shown.
        let mut detail = self
            .conn
            .prepare_cached(&format!(
                "SELECT snippet(search_index, -1, '{MATCH_START}', '{MATCH_END}', '…', 16),
                        {}
                 FROM search_index WHERE search_index MATCH ?1 AND rowid = ?2",
                (0..SEARCH_COLUMNS.len())
                    .map(|i| format!(
                        "coalesce(instr(highlight(search_index, {i}, char(1), char(2)), char(1)), 0) > 0"
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .at(db)?;
        for (id, hit) in &mut hits {
            let found = detail
                .query_row(rusqlite::params![fts, *id], |r| {
                    let mut fields = Vec::new();
                    for (i, name) in SEARCH_COLUMNS.iter().enumerate() {
                        if r.get::<_, bool>(i + 1)? {
                            fields.push(*name);
                        }
                    }
                    Ok((r.get::<_, Option<String>>(0)?, fields))
                })
                .optional()
                .map_err(bad)?;
            if let Some((snippet, fields)) = found {
                hit.snippet = snippet
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                hit.fields = fields;
            }
        }
        Ok(hits.into_iter().map(|(_, h)| h).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_quoted() {
        assert_eq!(fts_query("N.Y. Times").unwrap(), r#""N.Y." "Times""#);
        assert_eq!(
            fts_query("U.S.-Taliban  deal").unwrap(),
            r#""U.S.-Taliban" "deal""#
        );
        assert_eq!(fts_query("o'brien").unwrap(), r#""o'brien""#);
    }

    #[test]
    fn quoted_phrases_and_prefixes_are_kept() {
        assert_eq!(
            fts_query(r#""civilian casualties" rise"#).unwrap(),
            r#""civilian casualties" "rise""#
        );
        assert_eq!(fts_query("Tali*").unwrap(), r#""Tali"*"#);
        // An unclosed quote runs to the end; a quote inside a word is escaped.
        assert_eq!(fts_query(r#""peace talks"#).unwrap(), r#""peace talks""#);
        assert_eq!(fts_query(r#"say"what"#).unwrap(), r#""say""what""#);
    }

    #[test]
    fn punctuation_alone_is_dropped_and_nothing_left_is_an_error() {
        assert_eq!(
            fts_query("Browne & Atwood").unwrap(),
            r#""Browne" "Atwood""#
        );
        assert_eq!(fts_query(" & — "), Err(QueryError::Empty));
        assert_eq!(fts_query(""), Err(QueryError::Empty));
    }

    #[test]
    fn fts_syntax_is_passed_through() {
        for q in [
            "taliban OR afghanistan",
            "taliban NOT deal",
            "NEAR(peace talks, 3)",
            "title:taliban",
            "outlet_name:times deal",
            "{title authors}:mashal",
            "(a OR b) deal",
        ] {
            assert!(is_fts_syntax(q), "{q}");
            assert_eq!(fts_query(q).unwrap(), q.trim());
        }
        for q in ["or and not", "N.Y. Times", "time: 10:30", "Notes"] {
            assert!(!is_fts_syntax(q), "{q}");
        }
    }
}
