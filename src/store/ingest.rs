//! Writing one document's extraction and findings inside a caller's transaction.

use super::error::{ResultExt, StoreError};
use super::raw::StaticStatement;
use crate::lint::Finding;
use crate::model::{Callout, Citation, Document, Extraction, Person, Span};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
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
WHERE id IN (SELECT c.id FROM footnotes AS f JOIN citation_rows AS c ON c.footnote_id = f.id
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
FROM citation_rows AS c
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
    conn: &'c Connection,
    existing: Statement<'c>,
    delete_document: Statement<'c>,
    document: Statement<'c>,
    footnote: MultiInsert<'c>,
    citation: MultiInsert<'c>,
    citation_author: MultiInsert<'c>,
    outlet: Statement<'c>,
    find_person: Statement<'c>,
    person: Statement<'c>,
    callout: MultiInsert<'c>,
    finding: MultiInsert<'c>,
    cache: StaticStatement<'c>,
    /// The id the next footnote and citation row gets (see [`NextId`]).
    next_footnote: NextId,
    next_citation: NextId,
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

    /// Fail unless the last row inserted on `conn` got the id [`NextId`] foretold for the
    /// last one added here (see [`NextId`]).
    fn check_last(
        &self,
        conn: &Connection,
        db: &Path,
        table: &'static str,
    ) -> Result<(), StoreError> {
        match self.last {
            Some(expected) if conn.last_insert_rowid() != expected => {
                Err(StoreError::UnexpectedRowId {
                    path: db.to_path_buf(),
                    table,
                    expected,
                    got: conn.last_insert_rowid(),
                })
            }
            _ => Ok(()),
        }
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

/// Columns of a `footnotes` and of a `citations` row as [`Writer`] writes them.
const FOOTNOTE_COLUMNS: usize = 9;
const CITATION_COLUMNS: usize = 25;

/// Most rows one INSERT statement writes (2^4 = 16): [`MultiInsert`] keeps a statement of
/// each power of two up to this, so that any number of rows takes a few statements.
/// Writing 300 documents of the bench corpus (callgrind, `ingest_batch`): one row a
/// statement 1,555 M instructions, 64 rows 1,466 M, 8 rows 1,401 M, when every bound text
/// was copied (the copies of a bigger statement outgrew SQLite's lookaside slots and went
/// through malloc). Bound in place ([`StaticStatement`]), 16 rows beat 8: each statement
/// opens a cursor on its table and on each of its indexes, and closes them again (1,000
/// documents, `benches/ingest.rs`: the row inserts 2,040 M -> 1,983 M instructions with
/// 16 rows and NULLs left unbound, of which `sqlite3_bind_null` was 27 M).
const MOST_ROWS_LOG2: usize = 4;

/// An INSERT of many rows per statement (`INSERT … VALUES (…), (…), …`). A statement
/// executed once per row paid, for every row, the step's start and end (transaction
/// check, statement journal), opening the table's and each index's cursor and seeking
/// it, and closing them all at the reset: more than a tenth of a scan's writing. Rows
/// are given as their values one after the other, [`MultiInsert::columns`] a row; they
/// go in statements of 16, 8, 4, 2 and 1 rows (prepared on first use, per transaction).
struct MultiInsert<'c> {
    /// `INSERT INTO table (columns)`, without `VALUES`.
    head: &'static str,
    columns: usize,
    /// `by_log2[k]`: the statement writing `2^k` rows.
    by_log2: [Option<StaticStatement<'c>>; MOST_ROWS_LOG2 + 1],
}

impl<'c> MultiInsert<'c> {
    fn new(head: &'static str, columns: usize) -> MultiInsert<'c> {
        MultiInsert {
            head,
            columns,
            by_log2: Default::default(),
        }
    }

    /// Insert the rows whose values are `values` (a multiple of [`MultiInsert::columns`]).
    fn insert(
        &mut self,
        conn: &'c Connection,
        db: &Path,
        values: &[ToSqlOutput<'_>],
    ) -> Result<(), StoreError> {
        debug_assert_eq!(values.len() % self.columns, 0);
        let mut rest = values;
        while !rest.is_empty() {
            let rows = rest.len() / self.columns;
            let log2 = (rows.ilog2() as usize).min(MOST_ROWS_LOG2);
            let stmt = match &mut self.by_log2[log2] {
                Some(stmt) => stmt,
                slot => slot.insert(prepare_rows(conn, db, self.head, self.columns, 1 << log2)?),
            };
            let (now, later) = rest.split_at(self.columns << log2);
            // Texts are bound in place, not copied (see `StaticStatement`).
            stmt.execute(now).at(db)?;
            rest = later;
        }
        Ok(())
    }
}

/// The statement `head VALUES (?, …), …` inserting `rows` rows of `columns` values.
fn prepare_rows<'c>(
    conn: &'c Connection,
    db: &Path,
    head: &str,
    columns: usize,
    rows: usize,
) -> Result<StaticStatement<'c>, StoreError> {
    let row = format!("({})", vec!["?"; columns].join(", "));
    let sql = format!("{head} VALUES {}", vec![row; rows].join(", "));
    StaticStatement::prepare(conn, &sql).at(db)
}

/// The row id the next row of a table gets: SQLite gives a new row the largest id in the
/// table plus one, so the ids of rows written many to a statement are known beforehand
/// (their children's rows refer to them) by reading the largest id once and counting up.
/// The rows are inserted WITHOUT their ids all the same: an explicit id is checked to be
/// an integer, which may abort the statement, and SQLite then keeps a statement journal
/// (a copy of every page the statement changes), which cost more than the statements
/// saved; the last id SQLite gave is compared with the one foretold
/// ([`Written::check_last`]). Forgotten when a document is deleted (it may have held the
/// largest ids).
#[derive(Debug, Default, Clone, Copy)]
struct NextId(Option<i64>);

impl NextId {
    fn take(
        &mut self,
        conn: &Connection,
        db: &Path,
        table: &'static str,
    ) -> Result<i64, StoreError> {
        let id = match self.0 {
            Some(id) => id,
            None => {
                let sql = match table {
                    "footnotes" => "SELECT coalesce(max(id), 0) FROM footnotes",
                    _ => "SELECT coalesce(max(id), 0) FROM citation_rows",
                };
                let max: i64 = conn.query_row(sql, [], |r| r.get(0)).at(db)?;
                max.checked_add(1).ok_or_else(|| StoreError::OutOfRange {
                    path: db.to_path_buf(),
                    what: table,
                    value: u128::from(max.unsigned_abs()) + 1,
                })?
            }
        };
        // At the largest id, the next one is looked up again (and fails).
        self.0 = id.checked_add(1);
        Ok(id)
    }

    fn forget(&mut self) {
        self.0 = None;
    }
}

/// A value to bind: text borrowed from the extraction, or NULL.
fn text(s: Option<&str>) -> ToSqlOutput<'_> {
    match s {
        Some(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        None => ToSqlOutput::Borrowed(ValueRef::Null),
    }
}

/// A value to bind: an integer, or NULL.
fn integer(i: Option<i64>) -> ToSqlOutput<'static> {
    match i {
        Some(i) => ToSqlOutput::Owned(Value::Integer(i)),
        None => ToSqlOutput::Borrowed(ValueRef::Null),
    }
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
            footnote: MultiInsert::new(
                "INSERT OR FAIL INTO footnotes (document_id, ordinal, number, label, text, span_start, span_end, line, \"column\")",
                FOOTNOTE_COLUMNS,
            ),
            citation: MultiInsert::new(
                "INSERT OR FAIL INTO citation_rows (
                    footnote_id, ordinal, raw_text, text_start, text_end,
                    span_start, span_end, line, \"column\",
                    kind, parsed, signal, short_form_type, short_form_note,
                    short_form_target_footnote, short_form_target_citation,
                    authors_as_written, title, outlet_as_written, outlet_id,
                    date_as_written, date_iso, date_precision, url, pinpoint)",
                CITATION_COLUMNS,
            ),
            citation_author: MultiInsert::new(
                "INSERT OR FAIL INTO citation_authors (citation_id, person_id, position)",
                3,
            ),
            outlet: prepare(
                "INSERT INTO outlets (id, name) VALUES (?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE name <> excluded.name",
            )?,
            find_person: prepare(
                "SELECT id FROM persons WHERE family = ?1 AND coalesce(given, '') = coalesce(?2, '')",
            )?,
            person: prepare("INSERT INTO persons (given, family) VALUES (?1, ?2)")?,
            callout: MultiInsert::new(
                "INSERT OR FAIL INTO callouts (document_id, ordinal, number, label, span_start, span_end, line, \"column\")",
                8,
            ),
            finding: MultiInsert::new(
                "INSERT OR FAIL INTO findings (document_id, code, rule, severity, span_start, span_end, line, \"column\",
                                       end_line, end_column, footnote, message, help)",
                13,
            ),
            cache: StaticStatement::prepare(
                conn,
                "INSERT INTO extraction_cache (document_id, cache_key, extraction) VALUES (?1, ?2, ?3)
                 ON CONFLICT (document_id) DO UPDATE SET cache_key = excluded.cache_key,
                     extraction = excluded.extraction
                 WHERE cache_key <> excluded.cache_key OR extraction <> excluded.extraction",
            )
            .at(db)?,
            next_footnote: NextId::default(),
            next_citation: NextId::default(),
            conn,
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
                self.sql.next_footnote.forget();
                self.sql.next_citation.forget();
                IngestOutcome::Replaced
            }
            None => IngestOutcome::New,
        };

        let document_id = self.insert_document(ex, scanned_at)?;
        self.insert_notes(document_id, ex)?;
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
        self.insert_callouts(document_id, &ex.callouts)?;
        self.insert_findings(document_id, findings)?;
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
            .execute(&[
                integer(Some(document_id)),
                text(Some(key)),
                ToSqlOutput::Borrowed(ValueRef::Blob(blob)),
            ])
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

    /// The document's footnotes, their citations and their citations' authors, each
    /// table many rows to a statement (see [`MultiInsert`]); parents before children.
    fn insert_notes(&mut self, document_id: i64, ex: &Extraction) -> Result<(), StoreError> {
        let (conn, db) = (self.sql.conn, self.db);
        let citation_count = ex.citation_count();
        let mut footnotes = Vec::with_capacity(ex.footnotes.len() * FOOTNOTE_COLUMNS);
        let mut citations = Vec::with_capacity(citation_count * CITATION_COLUMNS);
        let mut authors = Vec::with_capacity(citation_count * 3);
        let mut seen = Seen::default();
        for (ordinal, footnote) in ex.footnotes.iter().enumerate() {
            let footnote_id = self.sql.next_footnote.take(conn, db, "footnotes")?;
            self.sql.footnotes.add(footnote_id);
            let (start, end, line, column) = self.locate(footnote.span)?;
            footnotes.extend([
                integer(Some(document_id)),
                integer(Some(self.int("footnote ordinal", ordinal)?)),
                integer(footnote.number.map(i64::from)),
                text(Some(&footnote.label)),
                text(Some(&footnote.text)),
                integer(Some(start)),
                integer(Some(end)),
                integer(Some(line)),
                integer(Some(column)),
            ]);
            // Where the note's previous citation ended (see [`text_in_note`]).
            let mut from = 0;
            for (ordinal, c) in footnote.citations.iter().enumerate() {
                let citation_id = self.sql.next_citation.take(conn, db, "citations")?;
                self.sql.citations.add(citation_id);
                let slice = text_in_note(&footnote.text, &c.text, from);
                if let Some((_, end)) = slice {
                    from = end;
                }
                self.citation_row(footnote_id, slice, ordinal, c, &mut seen, &mut citations)?;
                for (position, person) in c.authors.iter().enumerate() {
                    let person_id = self.person_id(person)?;
                    authors.extend([
                        integer(Some(citation_id)),
                        integer(Some(person_id)),
                        integer(Some(self.int("author position", position)?)),
                    ]);
                }
            }
        }
        if !footnotes.is_empty() {
            self.sql.footnote.insert(conn, db, &footnotes)?;
            self.sql.footnotes.check_last(conn, db, "footnotes")?;
        }
        if !citations.is_empty() {
            self.sql.citation.insert(conn, db, &citations)?;
            self.sql.citations.check_last(conn, db, "citations")?;
        }
        self.sql.citation_author.insert(conn, db, &authors)?;
        Ok(())
    }

    /// The values of one `citation_rows` row (upserting its outlet on first sight), its
    /// text as the byte offsets `slice` into its footnote's text when it is a slice of it.
    fn citation_row<'e>(
        &mut self,
        footnote_id: i64,
        slice: Option<(usize, usize)>,
        ordinal: usize,
        c: &'e Citation,
        seen: &mut Seen<'e>,
        row: &mut Vec<ToSqlOutput<'e>>,
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
        let date = c.date.as_ref();
        let slice = match slice {
            Some((start, end)) => Some((
                self.int("citation text start", start)?,
                self.int("citation text end", end)?,
            )),
            None => None,
        };
        row.extend([
            integer(Some(footnote_id)),
            integer(Some(self.int("citation ordinal", ordinal)?)),
            text(if slice.is_some() {
                None
            } else {
                Some(c.text.as_str())
            }),
            integer(slice.map(|(start, _)| start)),
            integer(slice.map(|(_, end)| end)),
            integer(Some(start)),
            integer(Some(end)),
            integer(Some(line)),
            integer(Some(column)),
            text(Some(c.kind.as_str())),
            integer(Some(i64::from(c.parsed))),
            text(c.signal.as_deref()),
            text(short.map(|s| s.kind.as_str())),
            integer(short.and_then(|s| s.note).map(i64::from)),
            integer(target.map(|t| i64::from(t.footnote))),
            integer(target_citation),
            text(c.authors_as_written.as_deref()),
            text(c.title.as_deref()),
            text(c.outlet.as_ref().map(|o| o.as_written.as_str())),
            text(outlet_id),
            text(date.map(|d| d.as_written.as_str())),
            text(date.and_then(|d| d.iso.as_deref())),
            text(date.and_then(|d| d.precision).map(date_precision)),
            text(c.url.as_deref()),
            text(c.pinpoint.as_deref()),
        ]);
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

    fn insert_callouts(
        &mut self,
        document_id: i64,
        callouts: &[Callout],
    ) -> Result<(), StoreError> {
        let mut rows = Vec::with_capacity(callouts.len() * 8);
        for (ordinal, callout) in callouts.iter().enumerate() {
            let (start, end, line, column) = self.locate(callout.span)?;
            rows.extend([
                integer(Some(document_id)),
                integer(Some(self.int("callout ordinal", ordinal)?)),
                integer(callout.number.map(i64::from)),
                text(Some(&callout.label)),
                integer(Some(start)),
                integer(Some(end)),
                integer(Some(line)),
                integer(Some(column)),
            ]);
        }
        self.sql.callout.insert(self.sql.conn, self.db, &rows)
    }

    fn insert_findings(
        &mut self,
        document_id: i64,
        findings: &[Finding],
    ) -> Result<(), StoreError> {
        let mut rows = Vec::with_capacity(findings.len() * 13);
        for f in findings {
            let (start, end, line, column) = self.locate(f.span)?;
            let end_pos = self.doc.position(f.span.end);
            rows.extend([
                integer(Some(document_id)),
                text(Some(f.code)),
                text(Some(f.rule)),
                text(Some(f.severity.as_str())),
                integer(Some(start)),
                integer(Some(end)),
                integer(Some(line)),
                integer(Some(column)),
                integer(Some(self.int("line", end_pos.line)?)),
                integer(Some(self.int("column", end_pos.column)?)),
                integer(f.footnote.map(i64::from)),
                text(Some(&f.message)),
                text(f.help.as_deref()),
            ]);
        }
        self.sql.finding.insert(self.sql.conn, self.db, &rows)
    }

    /// Persons and outlets no stored citation refers to any more. What keeps
    /// `citation_authors.person_id` and `citation_rows.outlet_id` pointing at rows: they
    /// have no foreign keys and no index (schema.sql), so each sweep is one pass over the
    /// child table (`NOT IN` builds the set of ids once), not one look-up per parent.
    /// (`outlet_id` may be NULL, and `NOT IN` a set holding NULL is never true.)
    pub fn delete_orphans(tx: &Connection, db: &Path) -> Result<(), StoreError> {
        for sql in [
            "DELETE FROM persons WHERE id NOT IN (SELECT person_id FROM citation_authors)",
            "DELETE FROM outlets WHERE id NOT IN
                 (SELECT outlet_id FROM citation_rows WHERE outlet_id IS NOT NULL)",
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

/// Where `text` occurs in `note`, as byte offsets (`start`, `end`): how `citation_rows`
/// stores a citation's text, which the extractor cuts out of its note (the view
/// `citations` reads it back with `substr` over the note's bytes). The first occurrence
/// at or after `from` (where the note's previous citation ended: citations come in note
/// order), else the first one in the note; any occurrence reads back the same text.
/// `None` when the text is no slice of the note: it is then stored as it is.
///
/// A byte search by hand: `memchr::memmem::find` built a searcher for every citation,
/// which cost more than the whole row's INSERT (callgrind, `benches/ingest.rs`: 986 M of
/// 5,636 M instructions), while the text is almost always right at `from`.
fn text_in_note(note: &str, text: &str, from: usize) -> Option<(usize, usize)> {
    let (hay, needle) = (note.as_bytes(), text.as_bytes());
    let Some(&first) = needle.first() else {
        return Some((0, 0));
    };
    for start in [from, 0] {
        let mut at = start;
        while let Some(i) = hay.get(at..).and_then(|rest| memchr::memchr(first, rest)) {
            let found = at + i;
            // A match of valid UTF-8 in valid UTF-8 starts and ends on character
            // boundaries (a first byte is never a continuation byte).
            if hay[found..].starts_with(needle) {
                return Some((found, found + needle.len()));
            }
            at = found + 1;
        }
        if start == 0 {
            break;
        }
    }
    None
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
    use super::{text_in_note, Written};

    #[test]
    fn a_citation_text_is_found_in_its_note_as_byte_offsets() {
        let note = "Voir « Café » — Roe, News (2020); Id.; Id.";
        let (start, end) = text_in_note(note, "Roe, News (2020)", 0).unwrap();
        assert_eq!(&note[start..end], "Roe, News (2020)");
        assert_eq!(start, "Voir « Café » — ".len());
        assert_ne!(start, "Voir « Café » — ".chars().count());
        // The first occurrence from `from` on; else from the start of the note.
        let first = note.find("Id.").unwrap();
        let second = note.rfind("Id.").unwrap();
        assert_eq!(text_in_note(note, "Id.", 0), Some((first, first + 3)));
        assert_eq!(text_in_note(note, "Id.", end), Some((first, first + 3)));
        assert_eq!(
            text_in_note(note, "Id.", first + 3),
            Some((second, second + 3))
        );
        assert_eq!(text_in_note(note, "Voir", end), Some((0, 4)));
        assert_eq!(
            text_in_note(note, "Id.", note.len()),
            Some((first, first + 3))
        );
        assert_eq!(
            text_in_note(note, "Id.", note.len() + 5),
            Some((first, first + 3))
        );
        // A multi-byte first character; the empty text at the start.
        assert_eq!(
            text_in_note(note, "» —", 0),
            note.find("» —").map(|s| (s, s + "» —".len()))
        );
        assert_eq!(text_in_note(note, "", 9), Some((0, 0)));
        // Not a slice (whitespace differs, or past the note's end): stored as text.
        assert_eq!(text_in_note(note, "Roe,  News", 0), None);
        assert_eq!(text_in_note(note, "Id.; Id.; Id.", 0), None);
        assert_eq!(text_in_note("", "Roe", 0), None);
    }

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
