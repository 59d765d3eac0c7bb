//! Writing one document's extraction and findings inside a caller's transaction.

use super::error::{ResultExt, StoreError};
use crate::lint::Finding;
use crate::model::{Callout, Citation, Document, Extraction, Footnote, Person, Span};
use rusqlite::{params, Connection, OptionalExtension, Statement};
use std::path::Path;

/// What [`Store::ingest`](super::Store::ingest) did with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IngestOutcome {
    /// The path was not in the store; its rows were added.
    New,
    /// The path was stored with another content hash; its rows were replaced.
    Replaced,
    /// The path was stored with the same content hash; nothing was written.
    Unchanged,
}

impl IngestOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            IngestOutcome::New => "new",
            IngestOutcome::Replaced => "replaced",
            IngestOutcome::Unchanged => "unchanged",
        }
    }
}

/// The citations and footnotes of a set of documents into the search index: their rows of
/// the view `search_source` (schema.sql), which the external-content index reads its text
/// back from. One statement, in ascending rowid order: FTS5 writes its pending terms out
/// as a new segment (and may merge segments) at the end of every statement AND whenever a
/// rowid is not above the one before; footnotes (rowid -id) written in id order flushed
/// once per note, which made indexing most of a scan's writing time. The filter is one
/// `id IN (…)`, which SQLite pushes into both arms of the view's UNION ALL (with an OR of
/// two such terms it scanned the whole view). The document ids are spliced in where
/// `{ids}` stands.
const INDEX_DOCUMENTS: &str =
    "INSERT INTO search_index (rowid, title, authors, outlet, outlet_name, note)
SELECT id, title, authors, outlet, outlet_name, note FROM search_source
WHERE id IN (SELECT c.id FROM footnotes AS f JOIN citations AS c ON c.footnote_id = f.id
             WHERE f.document_id IN {ids}
             UNION ALL
             SELECT -id FROM footnotes WHERE document_id IN {ids})
ORDER BY id";

/// The rows of `search_source` (schema.sql) for the footnotes with `id >= ?1` and the
/// citations with `id >= ?2` (NULL: none), in ascending rowid order: the view's two arms written out
/// with their own ranges, so that SQLite reads the footnotes through
/// `footnotes_by_search_id` (ascending `-id`) and the citations by rowid and merges the
/// two ordered streams — no list of ids to build, no probe of each id in both arms, no
/// sort of the batch's text (see [`index_for_search`]'s query, which the view's
/// `WHERE id IN (…)` costs). The expressions are the view's, verbatim: an external-content
/// index must be given exactly the values the view shows (the store tests run FTS5's
/// `integrity-check`, which compares them).
const INDEX_NEW_ROWS: &str =
    "INSERT INTO search_index (rowid, title, authors, outlet, outlet_name, note)
SELECT -f.id, NULL, NULL, NULL, NULL, f.text
FROM footnotes AS f
WHERE -f.id <= -?1
UNION ALL
SELECT c.id                 AS id,
       c.title              AS title,
       coalesce(c.authors_as_written,
                (SELECT group_concat(name, '; ')
                 FROM (SELECT coalesce(p.given || ' ', '') || p.family AS name
                       FROM citation_authors AS a JOIN persons AS p ON p.id = a.person_id
                       WHERE a.citation_id = c.id ORDER BY a.position))) AS authors,
       c.outlet_as_written  AS outlet,
       o.name               AS outlet_name,
       NULL                 AS note
FROM citations AS c
LEFT JOIN outlets AS o ON o.id = c.outlet_id
WHERE c.id >= ?2
ORDER BY 1";

/// Add the citations and notes of the documents just written to the full-text index
/// (`ibid search`): one statement for a whole batch. Indexing row by row (triggers) or
/// document by document made a scan several times slower.
pub(crate) fn index_for_search(
    conn: &rusqlite::Connection,
    db: &Path,
    document_ids: &[i64],
) -> Result<(), StoreError> {
    if document_ids.is_empty() {
        return Ok(());
    }
    // Row ids are integers formatted here, so the list is safe to splice into the SQL.
    let ids: Vec<String> = document_ids.iter().map(i64::to_string).collect();
    let list = format!("({})", ids.join(","));
    conn.execute(&INDEX_DOCUMENTS.replace("{ids}", &list), [])
        .at(db)?;
    Ok(())
}

/// The outlets one document's writing has already stored (most documents cite the same
/// few outlets again and again): each needs one statement per document, not one per
/// citation. (Persons are remembered for the whole transaction: [`Statements::persons`].)
/// Keys borrow the document's strings.
#[derive(Default)]
struct Seen<'e> {
    outlets: foldhash::HashSet<&'e str>,
}

/// The statements writing a document runs, prepared once per transaction: a scan batch
/// writes ~100,000 rows, and looking each row's SQL up in the connection's statement
/// cache (hashing the text, then returning the statement) cost a tenth of the writing.
pub(crate) struct Statements<'c> {
    existing: Statement<'c>,
    delete_document: Statement<'c>,
    document: Statement<'c>,
    footnote: Statement<'c>,
    citation: Statement<'c>,
    citation_author: Statement<'c>,
    outlet: Statement<'c>,
    find_person: Statement<'c>,
    person: Statement<'c>,
    callout: Statement<'c>,
    finding: Statement<'c>,
    cache: Statement<'c>,
    /// Person ids already looked up or inserted in this transaction, keyed by
    /// [`person_key`]: a batch's documents cite the same people again and again, and the
    /// look-up through `persons_unique` cost a twentieth of the writing. Only valid for
    /// this transaction (a rollback drops it with the statements; no row is deleted from
    /// `persons` before the batch's orphan sweep, which runs after the last document).
    persons: foldhash::HashMap<Box<str>, i64>,
    /// Scratch buffer for [`person_key`].
    key: String,
    /// The footnotes and citations written with these statements: see [`Written`].
    footnotes: Written,
    citations: Written,
    /// Whether the connection enforces foreign keys in this transaction (see
    /// `Store::ingest_batch`). Without them a stored document cannot be replaced (its
    /// rows go by cascade): [`Writer::write`] then refuses with
    /// [`StoreError::StoredMeanwhile`].
    pub cascades: bool,
}

/// The row ids one table was given in a transaction. SQLite gives a new row the largest
/// id in the table plus one: while every id is above the one before, no row with an id
/// from the first one up was there before the transaction, so the rows it wrote (and
/// still holds) are exactly those from the first id up.
#[derive(Debug, Default, Clone, Copy)]
struct Written {
    first: Option<i64>,
    last: Option<i64>,
    /// Some id was not above the one before (a deleted document held the largest ids,
    /// or the table reached the largest rowid): the ids are no range.
    out_of_order: bool,
}

impl Written {
    fn add(&mut self, id: i64) {
        if self.last.is_some_and(|last| id <= last) {
            self.out_of_order = true;
        }
        self.first.get_or_insert(id);
        self.last = Some(id);
    }

    /// Whether the rows written are those from [`Written::first`] up (none at all when
    /// `first` is `None`).
    fn is_range(&self) -> bool {
        !self.out_of_order
    }
}

/// The key of a person in [`Statements::persons`]: `persons_unique` treats a missing
/// given name as an empty one, and the family name's length keeps two different pairs
/// from running together.
fn person_key(buf: &mut String, person: &Person) {
    use std::fmt::Write;
    buf.clear();
    let _ = write!(buf, "{}:", person.family.len());
    buf.push_str(&person.family);
    buf.push_str(person.given.as_deref().unwrap_or(""));
}

impl<'c> Statements<'c> {
    pub fn prepare(conn: &'c Connection, db: &Path) -> Result<Statements<'c>, StoreError> {
        // PERSISTENT, as the statement cache does: SQLite then keeps these long-lived
        // statements out of its small lookaside allocator, which every row's values need.
        let prepare = |sql: &str| {
            conn.prepare_with_flags(sql, rusqlite::PrepFlags::SQLITE_PREPARE_PERSISTENT)
                .at(db)
        };
        Ok(Statements {
            existing: prepare("SELECT id, content_hash FROM documents WHERE path = ?1")?,
            delete_document: prepare("DELETE FROM documents WHERE id = ?1")?,
            document: prepare(
                "INSERT INTO documents (path, format, content_hash, scanned_at, footnote_count, citation_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            footnote: prepare(
                "INSERT INTO footnotes (document_id, ordinal, number, label, text, span_start, span_end, line, \"column\")
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?,
            citation: prepare(
                "INSERT INTO citations (
                    footnote_id, ordinal, raw_text, span_start, span_end, line, \"column\",
                    kind, parsed, signal, short_form_type, short_form_note,
                    short_form_target_footnote, short_form_target_citation,
                    authors_as_written, title, outlet_as_written, outlet_id,
                    date_as_written, date_iso, date_precision, url, pinpoint)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
            )?,
            citation_author: prepare(
                "INSERT INTO citation_authors (citation_id, person_id, position) VALUES (?1, ?2, ?3)",
            )?,
            outlet: prepare(
                "INSERT INTO outlets (id, name) VALUES (?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE name <> excluded.name",
            )?,
            find_person: prepare(
                "SELECT id FROM persons WHERE family = ?1 AND coalesce(given, '') = coalesce(?2, '')",
            )?,
            person: prepare("INSERT INTO persons (given, family) VALUES (?1, ?2)")?,
            callout: prepare(
                "INSERT INTO callouts (document_id, ordinal, number, label, span_start, span_end, line, \"column\")
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            finding: prepare(
                "INSERT INTO findings (document_id, code, rule, severity, span_start, span_end, line, \"column\",
                                       end_line, end_column, footnote, message, help)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?,
            cache: prepare(
                "INSERT INTO extraction_cache (document_id, cache_key, extraction) VALUES (?1, ?2, ?3)
                 ON CONFLICT (document_id) DO UPDATE SET cache_key = excluded.cache_key,
                     extraction = excluded.extraction
                 WHERE cache_key <> excluded.cache_key OR extraction <> excluded.extraction",
            )?,
            persons: foldhash::HashMap::default(),
            key: String::new(),
            footnotes: Written::default(),
            citations: Written::default(),
            cascades: true,
        })
    }

    /// Add what these statements wrote (the documents `document_ids`) to the search
    /// index: by id range when the new rows' ids are one ([`Written`]), else by document
    /// through [`index_for_search`].
    pub fn index_written(
        &self,
        conn: &Connection,
        db: &Path,
        document_ids: &[i64],
    ) -> Result<(), StoreError> {
        if document_ids.is_empty() {
            return Ok(());
        }
        if !(self.footnotes.is_range() && self.citations.is_range()) {
            return index_for_search(conn, db, document_ids);
        }
        // A table nothing was written to binds NULL: its arm then selects no row.
        conn.prepare(INDEX_NEW_ROWS)
            .at(db)?
            .execute([self.footnotes.first, self.citations.first])
            .at(db)?;
        Ok(())
    }
}

/// Writes one document; holds what every insert needs.
pub(crate) struct Writer<'a, 'c> {
    /// The caller's open transaction (or a savepoint inside a batch transaction).
    pub tx: &'a Connection,
    /// The database file, for error messages.
    pub db: &'a Path,
    pub doc: &'a Document,
    /// The encoded extraction and its cache key, stored for `ibid check --db`
    /// (see [`super::cache`]); `None` stores no cache entry.
    pub cache: Option<(&'a str, &'a [u8])>,
    /// The transaction's prepared statements.
    pub sql: &'a mut Statements<'c>,
}

impl Writer<'_, '_> {
    /// Write `ex` and its `findings`, replacing a stored version with another hash.
    /// The caller commits unless the outcome is [`IngestOutcome::Unchanged`], and after a
    /// [`IngestOutcome::Replaced`] calls [`Writer::delete_orphans`] (once per transaction
    /// is enough: a batch of documents shares one sweep) and [`index_for_search`] with
    /// the returned document id.
    pub fn write(
        &mut self,
        ex: &Extraction,
        findings: &[Finding],
        scanned_at: &str,
    ) -> Result<(IngestOutcome, i64), StoreError> {
        let existing: Option<(i64, String)> = self
            .sql
            .existing
            .query_row([&self.doc.path], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .at(self.db)?;
        let outcome = match existing {
            Some((id, hash)) if hash == self.doc.content_hash => {
                // Unchanged rows stay; only a missing or stale cache entry is refreshed.
                self.write_cache(id)?;
                return Ok((IngestOutcome::Unchanged, id));
            }
            Some(_) if !self.sql.cascades => {
                return Err(StoreError::StoredMeanwhile {
                    path: self.db.to_path_buf(),
                    document: self.doc.path.clone(),
                });
            }
            Some((id, _)) => {
                // Cascades to footnotes, citations, authors, callouts and findings.
                self.sql.delete_document.execute([id]).at(self.db)?;
                IngestOutcome::Replaced
            }
            None => IngestOutcome::New,
        };

        let document_id = self.insert_document(ex, scanned_at)?;
        let mut seen = Seen::default();
        for (ordinal, footnote) in ex.footnotes.iter().enumerate() {
            self.insert_footnote(document_id, ordinal, footnote, &mut seen)?;
        }
        // The fact-checking ledger keeps statuses across this replacement (keyed by path
        // and content, not by the citation rows just re-inserted). A document nobody has
        // verified anything in has no ledger yet: `ibid verify` starts it from the stored
        // rows, so a corpus scan does not write a second copy of every citation.
        if super::ledger::tracks(self.tx, self.db, &self.doc.path)? {
            super::ledger::reconcile(
                self.tx,
                self.db,
                &self.doc.path,
                &crate::ledger::located(&ex.footnotes),
                scanned_at,
            )?;
        }
        for (ordinal, callout) in ex.callouts.iter().enumerate() {
            self.insert_callout(document_id, ordinal, callout)?;
        }
        for finding in findings {
            self.insert_finding(document_id, finding)?;
        }
        self.write_cache(document_id)?;
        Ok((outcome, document_id))
    }

    /// Store the cached extraction of the document `document_id`, if one was given.
    fn write_cache(&mut self, document_id: i64) -> Result<(), StoreError> {
        let Some((key, blob)) = self.cache else {
            return Ok(());
        };
        self.sql
            .cache
            .execute(params![document_id, key, blob])
            .at(self.db)?;
        Ok(())
    }

    fn insert_document(&mut self, ex: &Extraction, scanned_at: &str) -> Result<i64, StoreError> {
        let doc = self.doc;
        self.sql
            .document
            .execute(params![
                doc.path,
                doc.format.as_str(),
                doc.content_hash,
                scanned_at,
                self.int("footnote count", ex.footnotes.len())?,
                self.int("citation count", ex.citation_count())?,
            ])
            .at(self.db)?;
        Ok(self.tx.last_insert_rowid())
    }

    fn insert_footnote<'e>(
        &mut self,
        document_id: i64,
        ordinal: usize,
        footnote: &'e Footnote,
        seen: &mut Seen<'e>,
    ) -> Result<(), StoreError> {
        let (start, end, line, column) = self.locate(footnote.span)?;
        self.sql
            .footnote
            .execute(params![
                document_id,
                self.int("footnote ordinal", ordinal)?,
                footnote.number,
                footnote.label,
                footnote.text,
                start,
                end,
                line,
                column,
            ])
            .at(self.db)?;
        let footnote_id = self.tx.last_insert_rowid();
        self.sql.footnotes.add(footnote_id);
        for (ordinal, citation) in footnote.citations.iter().enumerate() {
            self.insert_citation(footnote_id, ordinal, citation, seen)?;
        }
        Ok(())
    }

    fn insert_citation<'e>(
        &mut self,
        footnote_id: i64,
        ordinal: usize,
        c: &'e Citation,
        seen: &mut Seen<'e>,
    ) -> Result<(), StoreError> {
        let (start, end, line, column) = self.locate(c.span)?;
        let outlet_id = match &c.outlet {
            Some(outlet) => match &outlet.id {
                Some(id) => {
                    let name = outlet.name.as_deref().unwrap_or(&outlet.as_written);
                    if !seen.outlets.contains(id.as_str()) {
                        self.upsert_outlet(id, name)?;
                        seen.outlets.insert(id.as_str());
                    }
                    Some(id.as_str())
                }
                None => None,
            },
            None => None,
        };
        let short = c.short_form.as_ref();
        let target = short.and_then(|s| s.resolves_to);
        let target_citation = match target {
            Some(t) => Some(self.int("short-form target citation", t.citation)?),
            None => None,
        };
        self.sql
            .citation
            .execute(params![
                footnote_id,
                self.int("citation ordinal", ordinal)?,
                c.text,
                start,
                end,
                line,
                column,
                c.kind.as_str(),
                c.parsed,
                c.signal,
                short.map(|s| s.kind.as_str()),
                short.and_then(|s| s.note),
                target.map(|t| t.footnote),
                target_citation,
                c.authors_as_written,
                c.title,
                c.outlet.as_ref().map(|o| o.as_written.as_str()),
                outlet_id,
                c.date.as_ref().map(|d| d.as_written.as_str()),
                c.date.as_ref().and_then(|d| d.iso.as_deref()),
                c.date
                    .as_ref()
                    .and_then(|d| d.precision)
                    .map(date_precision),
                c.url,
                c.pinpoint,
            ])
            .at(self.db)?;
        let citation_id = self.tx.last_insert_rowid();
        self.sql.citations.add(citation_id);
        for (position, person) in c.authors.iter().enumerate() {
            let person_id = self.person_id(person)?;
            self.sql
                .citation_author
                .execute(params![
                    citation_id,
                    person_id,
                    self.int("author position", position)?
                ])
                .at(self.db)?;
        }
        Ok(())
    }

    fn upsert_outlet(&mut self, id: &str, name: &str) -> Result<(), StoreError> {
        self.sql.outlet.execute([id, name]).at(self.db)?;
        Ok(())
    }

    /// The row id of `person`, inserting it on first sight.
    fn person_id(&mut self, person: &Person) -> Result<i64, StoreError> {
        person_key(&mut self.sql.key, person);
        if let Some(&id) = self.sql.persons.get(self.sql.key.as_str()) {
            return Ok(id);
        }
        let id = self.find_or_insert_person(person)?;
        self.sql
            .persons
            .insert(Box::from(self.sql.key.as_str()), id);
        Ok(id)
    }

    fn find_or_insert_person(&mut self, person: &Person) -> Result<i64, StoreError> {
        let found: Option<i64> = self
            .sql
            .find_person
            .query_row(params![person.family, person.given], |r| r.get(0))
            .optional()
            .at(self.db)?;
        if let Some(id) = found {
            return Ok(id);
        }
        self.sql
            .person
            .execute(params![person.given, person.family])
            .at(self.db)?;
        Ok(self.tx.last_insert_rowid())
    }

    fn insert_callout(
        &mut self,
        document_id: i64,
        ordinal: usize,
        callout: &Callout,
    ) -> Result<(), StoreError> {
        let (start, end, line, column) = self.locate(callout.span)?;
        self.sql
            .callout
            .execute(params![
                document_id,
                self.int("callout ordinal", ordinal)?,
                callout.number,
                callout.label,
                start,
                end,
                line,
                column,
            ])
            .at(self.db)?;
        Ok(())
    }

    fn insert_finding(&mut self, document_id: i64, f: &Finding) -> Result<(), StoreError> {
        let (start, end, line, column) = self.locate(f.span)?;
        let end_pos = self.doc.position(f.span.end);
        self.sql
            .finding
            .execute(params![
                document_id,
                f.code,
                f.rule,
                f.severity.as_str(),
                start,
                end,
                line,
                column,
                self.int("line", end_pos.line)?,
                self.int("column", end_pos.column)?,
                f.footnote,
                f.message,
                f.help,
            ])
            .at(self.db)?;
        Ok(())
    }

    /// Persons and outlets no stored citation refers to any more.
    pub fn delete_orphans(tx: &Connection, db: &Path) -> Result<(), StoreError> {
        for sql in [
            "DELETE FROM persons WHERE NOT EXISTS
                 (SELECT 1 FROM citation_authors AS a WHERE a.person_id = persons.id)",
            "DELETE FROM outlets WHERE NOT EXISTS
                 (SELECT 1 FROM citations AS c WHERE c.outlet_id = outlets.id)",
        ] {
            tx.prepare_cached(sql).at(db)?.execute([]).at(db)?;
        }
        Ok(())
    }

    /// Span offsets and the 1-based line:column of its start.
    fn locate(&self, span: Span) -> Result<(i64, i64, i64, i64), StoreError> {
        let pos = self.doc.position(span.start);
        Ok((
            self.int("span start", span.start)?,
            self.int("span end", span.end)?,
            self.int("line", pos.line)?,
            self.int("column", pos.column)?,
        ))
    }

    fn int(&self, what: &'static str, value: usize) -> Result<i64, StoreError> {
        i64::try_from(value).map_err(|_| StoreError::OutOfRange {
            path: self.db.to_path_buf(),
            what,
            value: value as u128,
        })
    }
}

fn date_precision(p: crate::model::DatePrecision) -> &'static str {
    use crate::model::DatePrecision::*;
    match p {
        Year => "year",
        Month => "month",
        Day => "day",
    }
}

#[cfg(test)]
mod tests {
    use super::Written;

    #[test]
    fn ids_each_above_the_one_before_are_a_range_from_the_first() {
        let mut w = Written::default();
        assert!(w.is_range());
        assert_eq!(w.first, None);
        for id in [41, 42, 57] {
            w.add(id);
        }
        assert!(w.is_range());
        assert_eq!(w.first, Some(41));
    }

    #[test]
    fn an_id_not_above_the_one_before_is_no_range() {
        // A document written earlier in the transaction was deleted again, and SQLite
        // handed its ids out a second time.
        let mut w = Written::default();
        for id in [41, 42, 41] {
            w.add(id);
        }
        assert!(!w.is_range());
        let mut same = Written::default();
        same.add(7);
        same.add(7);
        assert!(!same.is_range());
    }
}
