//! The fact-checking ledger in the database: reconciliation on ingest, `ibid verify`,
//! `ibid status`, `ibid history`, and the statuses the lint rules read.
//!
//! Tables `ledger_entries` and `ledger_history` (see `schema.sql`). Entries are keyed by
//! document path and content fingerprint, so they outlive the `citations` rows a re-scan
//! replaces; [`reconcile`] runs inside the ingest transaction of each changed document.

use super::error::{ResultExt, StoreError};
use super::Store;
use crate::ledger::matcher::{pair, Stored};
use crate::ledger::{located, Change, Content, Ledger, Located, Mark, Status};
use crate::model::{
    Citation, CitationKind, DateField, DateStyle, Footnote, OutletField, Person, ShortForm,
    ShortFormKind, ShortFormTarget, Span,
};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// How long `ibid verify` waits for another writer (another `ibid verify`, a scan).
pub const LEDGER_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a ledger command could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{db}: no stored document matches `{given}`; run `ibid scan {given}` first{known}")]
    UnknownDocument {
        db: String,
        given: String,
        known: String,
    },
    #[error("`{given}` matches several stored documents: {candidates}; give more of the path")]
    AmbiguousDocument { given: String, candidates: String },
    #[error("{path} has no footnote {footnote}{known}")]
    UnknownFootnote {
        path: String,
        footnote: String,
        known: String,
    },
    #[error("{path}: footnote {footnote} occurs {count} times; the ledger cannot tell them apart (fix the numbering and re-scan)")]
    AmbiguousFootnote {
        path: String,
        footnote: String,
        count: usize,
    },
    #[error("{path}: footnote {footnote} has no citations")]
    NoCitations { path: String, footnote: String },
    #[error(
        "{path}: footnote {footnote} has {count} citation(s); there is no {footnote}.{wanted}"
    )]
    UnknownCitation {
        path: String,
        footnote: String,
        count: usize,
        wanted: usize,
    },
    #[error("{path}: footnote {footnote} has {count} citations; name one:\n{listing}")]
    AmbiguousCitation {
        path: String,
        footnote: String,
        count: usize,
        listing: String,
    },
    #[error("`{0}` is not a footnote (`58`) or a footnote's citation (`58.2`, counted from 1)")]
    BadTarget(String),
    #[error("{db}: stored ledger entry {id} is damaged ({what}); re-scan the document")]
    Damaged { db: String, id: i64, what: String },
}

/// One ledger entry as the commands show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRow {
    pub id: i64,
    pub footnote_ordinal: i64,
    pub footnote_number: Option<i64>,
    pub footnote_label: String,
    /// 0-based.
    pub citation_index: i64,
    pub text: String,
    pub present: bool,
    pub status: Status,
    pub by: Option<String>,
    pub at: Option<String>,
    pub note: Option<String>,
}

impl EntryRow {
    /// `58.2`: the footnote's label and the citation counted from 1.
    pub fn place(&self) -> String {
        format!("{}.{}", self.footnote_label, self.citation_index + 1)
    }
}

/// One history row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub at: String,
    pub by: Option<String>,
    /// `added`, `status`, `changed`, `moved`, `removed`, `restored`.
    pub event: String,
    pub status: Status,
    pub footnote_number: Option<i64>,
    pub footnote_label: String,
    pub citation_index: i64,
    pub text: String,
    pub note: Option<String>,
    pub changes: Vec<Change>,
}

impl HistoryRow {
    pub fn place(&self) -> String {
        format!("{}.{}", self.footnote_label, self.citation_index + 1)
    }
}

fn int(db: &Path, what: &'static str, v: usize) -> Result<i64, StoreError> {
    i64::try_from(v).map_err(|_| StoreError::OutOfRange {
        path: db.to_path_buf(),
        what,
        value: v as u128,
    })
}

fn place_of(l: &Located) -> String {
    format!("{}.{}", l.footnote_label, l.citation_index + 1)
}

/// What a history row records besides the entry.
struct Event<'e> {
    at: &'e str,
    by: Option<&'e str>,
    event: &'static str,
    status: Status,
    note: Option<&'e str>,
    changes: Option<String>,
}

fn insert_history(
    conn: &Connection,
    db: &Path,
    entry: i64,
    l: &Located,
    e: Event<'_>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO ledger_history (entry_id, at, by, event, status, footnote_number,
                                     footnote_label, citation_index, text, note, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )
    .at(db)?
    .execute(params![
        entry,
        e.at,
        e.by,
        e.event,
        e.status.as_str(),
        l.footnote_number,
        l.footnote_label,
        int(db, "citation index", l.citation_index)?,
        l.text,
        e.note,
        e.changes,
    ])
    .at(db)?;
    Ok(())
}

fn changes_json(db: &Path, changes: &[Change]) -> Result<String, StoreError> {
    serde_json::to_string(changes).map_err(|e| StoreError::Sqlite {
        path: db.to_path_buf(),
        source: rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
    })
}

fn content_json(db: &Path, c: &Content) -> Result<String, StoreError> {
    serde_json::to_string(c).map_err(|e| StoreError::Sqlite {
        path: db.to_path_buf(),
        source: rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
    })
}

/// Whether this database has the ledger tables (a version-1 file opened read-only has not).
fn has_ledger(conn: &Connection, db: &Path) -> Result<bool, StoreError> {
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'ledger_entries'",
            [],
            |r| r.get(0),
        )
        .at(db)?;
    Ok(n == 1)
}

/// Bring the ledger of document `path` in line with its `current` citations (in
/// document order), inside the caller's transaction; `at` (RFC 3339) stamps the history.
///
/// Unchanged content keeps its status wherever it moved; changed content goes back to
/// `unchecked` with the changed fields listed; vanished citations are marked removed.
pub(crate) fn reconcile(
    conn: &Connection,
    db: &Path,
    path: &str,
    current: &[Located],
    at: &str,
) -> Result<(), StoreError> {
    let stored = load_stored(conn, db, path)?;
    let old: Vec<Stored> = stored.iter().map(|(_, _, s)| s.clone()).collect();
    let m = pair(&old, current);
    let update = |id: i64, l: &Located, status: Option<Status>| -> Result<(), StoreError> {
        let fields = content_json(db, &l.content)?;
        conn.prepare_cached(
            "UPDATE ledger_entries SET fingerprint = ?2, fields = ?3, present = 1,
                 footnote_ordinal = ?4, footnote_number = ?5, footnote_label = ?6,
                 citation_index = ?7, text = ?8 WHERE id = ?1",
        )
        .at(db)?
        .execute(params![
            id,
            l.fingerprint(),
            fields,
            int(db, "footnote ordinal", l.footnote_ordinal)?,
            l.footnote_number,
            l.footnote_label,
            int(db, "citation index", l.citation_index)?,
            l.text,
        ])
        .at(db)?;
        if let Some(s) = status {
            conn.prepare_cached(
                "UPDATE ledger_entries SET status = ?2, status_by = NULL, status_at = NULL,
                     status_note = NULL WHERE id = ?1",
            )
            .at(db)?
            .execute(params![id, s.as_str()])
            .at(db)?;
        }
        Ok(())
    };
    let scan_event = |event: &'static str, status: Status, changes: Option<String>| Event {
        at,
        by: None,
        event,
        status,
        note: None,
        changes,
    };
    for &(o, n) in &m.same {
        let (id, status, before) = &stored[o];
        let l = &current[n];
        update(*id, l, None)?;
        let (was, now) = (place_of(&before.located), place_of(l));
        if was != now {
            let moved = [Change {
                field: "place".to_string(),
                from: Some(was),
                to: Some(now),
            }];
            let changes = Some(changes_json(db, &moved)?);
            insert_history(conn, db, *id, l, scan_event("moved", *status, changes))?;
        }
    }
    for &(o, n) in &m.restored {
        let (id, status, _) = &stored[o];
        update(*id, &current[n], None)?;
        insert_history(
            conn,
            db,
            *id,
            &current[n],
            scan_event("restored", *status, None),
        )?;
    }
    for &(o, n) in &m.changed {
        let (id, _, before) = &stored[o];
        let l = &current[n];
        let mut changes = before.located.content.changes_to(&l.content);
        let (was, now) = (place_of(&before.located), place_of(l));
        if was != now {
            changes.push(Change {
                field: "place".to_string(),
                from: Some(was),
                to: Some(now),
            });
        }
        update(*id, l, Some(Status::Unchecked))?;
        let changes = Some(changes_json(db, &changes)?);
        insert_history(
            conn,
            db,
            *id,
            l,
            scan_event("changed", Status::Unchecked, changes),
        )?;
    }
    for &o in &m.removed {
        let (id, status, before) = &stored[o];
        conn.prepare_cached("UPDATE ledger_entries SET present = 0 WHERE id = ?1")
            .at(db)?
            .execute([id])
            .at(db)?;
        insert_history(
            conn,
            db,
            *id,
            &before.located,
            scan_event("removed", *status, None),
        )?;
    }
    for &n in &m.added {
        let l = &current[n];
        conn.prepare_cached(
            "INSERT INTO ledger_entries (document_path, fingerprint, fields, present,
                 footnote_ordinal, footnote_number, footnote_label, citation_index, text, status)
             VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, 'unchecked')",
        )
        .at(db)?
        .execute(params![
            path,
            l.fingerprint(),
            content_json(db, &l.content)?,
            int(db, "footnote ordinal", l.footnote_ordinal)?,
            l.footnote_number,
            l.footnote_label,
            int(db, "citation index", l.citation_index)?,
            l.text,
        ])
        .at(db)?;
        let id = conn.last_insert_rowid();
        insert_history(
            conn,
            db,
            id,
            l,
            scan_event("added", Status::Unchecked, None),
        )?;
    }
    Ok(())
}

/// Every stored entry of `path`: `(id, status, entry)`, by id.
fn load_stored(
    conn: &Connection,
    db: &Path,
    path: &str,
) -> Result<Vec<(i64, Status, Stored)>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, fields, present, footnote_ordinal, footnote_number, footnote_label,
                    citation_index, text, status
             FROM ledger_entries WHERE document_path = ?1 ORDER BY id",
        )
        .at(db)?;
    let rows = stmt
        .query_map([path], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<u32>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
            ))
        })
        .at(db)?
        .collect::<Result<Vec<_>, _>>()
        .at(db)?;
    rows.into_iter()
        .map(
            |(id, fields, present, ordinal, number, label, index, text, status)| {
                // A damaged row is treated as content nothing matches: it ends up removed
                // (and its history kept) rather than stopping every scan of the document.
                let content: Content = serde_json::from_str(&fields).unwrap_or_default();
                let status = Status::parse(&status).unwrap_or(Status::Unchecked);
                Ok((
                    id,
                    status,
                    Stored {
                        located: Located {
                            footnote_ordinal: usize::try_from(ordinal).unwrap_or(0),
                            footnote_number: number,
                            footnote_label: label,
                            citation_index: usize::try_from(index).unwrap_or(0),
                            text,
                            content,
                        },
                        present,
                    },
                ))
            },
        )
        .collect()
}

/// The footnotes and citations of a stored document rebuilt from its rows (for a document
/// scanned before the ledger existed: its entries are created from these).
fn stored_footnotes(
    conn: &Connection,
    db: &Path,
    document_id: i64,
) -> Result<Vec<Footnote>, StoreError> {
    let mut notes: Vec<(i64, Footnote)> = conn
        .prepare_cached(
            "SELECT id, number, label, text FROM footnotes WHERE document_id = ?1 ORDER BY ordinal",
        )
        .at(db)?
        .query_map([document_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Footnote {
                    number: r.get(1)?,
                    label: r.get(2)?,
                    span: Span::default(),
                    marker_span: Span::default(),
                    text: r.get(3)?,
                    citations: Vec::new(),
                },
            ))
        })
        .at(db)?
        .collect::<Result<_, _>>()
        .at(db)?;
    for (id, note) in &mut notes {
        let mut stmt = conn
            .prepare_cached(
                "SELECT id, raw_text, parsed, short_form_type, short_form_note,
                        short_form_target_footnote, short_form_target_citation, title,
                        outlet_as_written, outlet_id, date_as_written, date_iso, url, pinpoint
                 FROM citations WHERE footnote_id = ?1 ORDER BY ordinal",
            )
            .at(db)?;
        let rows = stmt
            .query_map([*id], |r| {
                let mut c = Citation::unparsed(r.get(1)?, Span::default());
                c.kind = CitationKind::Other;
                c.parsed = r.get(2)?;
                let short: Option<String> = r.get(3)?;
                c.short_form = short
                    .as_deref()
                    .and_then(ShortFormKind::from_name)
                    .map(|kind| ShortForm {
                        kind,
                        note: r.get(4).ok().flatten(),
                        resolves_to: match (
                            r.get::<_, Option<u32>>(5).ok().flatten(),
                            r.get::<_, Option<i64>>(6).ok().flatten(),
                        ) {
                            (Some(footnote), Some(citation)) => Some(ShortFormTarget {
                                footnote,
                                citation: usize::try_from(citation).unwrap_or(usize::MAX),
                            }),
                            _ => None,
                        },
                    });
                c.title = r.get(7)?;
                c.outlet = r
                    .get::<_, Option<String>>(8)?
                    .map(|as_written| -> rusqlite::Result<OutletField> {
                        Ok(OutletField {
                            as_written,
                            id: r.get(9)?,
                            name: None,
                            span: Span::default(),
                        })
                    })
                    .transpose()?;
                c.date = r
                    .get::<_, Option<String>>(10)?
                    .map(|as_written| -> rusqlite::Result<DateField> {
                        Ok(DateField {
                            as_written,
                            iso: r.get(11)?,
                            precision: None,
                            year: None,
                            month: None,
                            day: None,
                            style: DateStyle::Malformed,
                            impossible: false,
                            span: Span::default(),
                        })
                    })
                    .transpose()?;
                c.url = r.get(12)?;
                c.pinpoint = r.get(13)?;
                Ok((r.get::<_, i64>(0)?, c))
            })
            .at(db)?
            .collect::<Result<Vec<_>, _>>()
            .at(db)?;
        for (cid, mut c) in rows {
            c.authors = conn
                .prepare_cached(
                    "SELECT p.given, p.family FROM citation_authors AS a
                     JOIN persons AS p ON p.id = a.person_id
                     WHERE a.citation_id = ?1 ORDER BY a.position",
                )
                .at(db)?
                .query_map([cid], |r| {
                    Ok(Person {
                        given: r.get(0)?,
                        family: r.get(1)?,
                    })
                })
                .at(db)?
                .collect::<Result<_, _>>()
                .at(db)?;
            note.citations.push(c);
        }
    }
    Ok(notes.into_iter().map(|(_, n)| n).collect())
}

/// `(id, footnote_count, citation_count)` of the stored document at `path`.
fn document_row(
    conn: &Connection,
    db: &Path,
    path: &str,
) -> Result<Option<(i64, i64)>, StoreError> {
    conn.prepare_cached("SELECT id, citation_count FROM documents WHERE path = ?1")
        .at(db)?
        .query_row([path], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .at(db)
}

/// Whether `path` has any ledger entry (present or removed).
/// Whether the ledger of document `path` has been started (by `ibid verify`); only
/// then does a re-scan reconcile it.
pub(crate) fn tracks(conn: &Connection, db: &Path, path: &str) -> Result<bool, StoreError> {
    has_entries(conn, db, path)
}

fn has_entries(conn: &Connection, db: &Path, path: &str) -> Result<bool, StoreError> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM ledger_entries WHERE document_path = ?1)")
        .at(db)?
        .query_row([path], |r| r.get(0))
        .at(db)
}

const ENTRY_COLUMNS: &str = "id, footnote_ordinal, footnote_number, footnote_label,
    citation_index, text, present, status, status_by, status_at, status_note";

fn entry_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EntryRow> {
    let status: String = r.get(7)?;
    Ok(EntryRow {
        id: r.get(0)?,
        footnote_ordinal: r.get(1)?,
        footnote_number: r.get(2)?,
        footnote_label: r.get(3)?,
        citation_index: r.get(4)?,
        text: r.get(5)?,
        present: r.get(6)?,
        status: Status::parse(&status).unwrap_or(Status::Unchecked),
        by: r.get(8)?,
        at: r.get(9)?,
        note: r.get(10)?,
    })
}

/// The present entries of `path`, in document order.
fn present_entries(conn: &Connection, db: &Path, path: &str) -> Result<Vec<EntryRow>, StoreError> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE document_path = ?1 AND present = 1
         ORDER BY footnote_ordinal, citation_index, id"
    );
    let mut stmt = conn.prepare_cached(&sql).at(db)?;
    let rows = stmt.query_map([path], entry_row).at(db)?;
    rows.collect::<Result<_, _>>().at(db)
}

/// A `58` / `58.2` target: the footnote as written and the 1-based citation, if given.
fn parse_target(target: &str) -> Result<(String, Option<usize>), LedgerError> {
    let t = target.trim();
    if t.is_empty() {
        return Err(LedgerError::BadTarget(target.to_string()));
    }
    if let Some((note, cite)) = t.rsplit_once('.') {
        if let Ok(n) = cite.parse::<usize>() {
            if n == 0 || note.is_empty() {
                return Err(LedgerError::BadTarget(target.to_string()));
            }
            return Ok((note.to_string(), Some(n)));
        }
    }
    Ok((t.to_string(), None))
}

fn short(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 70 {
        let cut: String = flat.chars().take(69).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

impl Store {
    /// Wait up to `timeout` for another process's lock (the default is [`super::BUSY_TIMEOUT`]).
    pub fn set_busy_timeout(&self, timeout: Duration) -> Result<(), StoreError> {
        self.conn.busy_timeout(timeout).at(&self.path)
    }

    /// The stored document meant by `given`: its path exactly, or the one stored path
    /// that ends with it (at a `/`), ignoring a leading `./`.
    pub fn resolve_document(&self, given: &str) -> Result<String, LedgerError> {
        let paths: Vec<String> = self.documents()?.into_iter().map(|d| d.path).collect();
        if paths.iter().any(|p| p == given) {
            return Ok(given.to_string());
        }
        let bare = given.trim_start_matches("./");
        let found: Vec<&String> = paths
            .iter()
            .filter(|p| {
                let p = p.trim_start_matches("./");
                p == bare || p.ends_with(&format!("/{bare}"))
            })
            .collect();
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] => {
                let known = if paths.is_empty() {
                    " (the database holds no documents)".to_string()
                } else if paths.len() <= 10 {
                    format!(" (stored: {})", paths.join(", "))
                } else {
                    format!(" ({} documents stored; see `ibid status`)", paths.len())
                };
                Err(LedgerError::UnknownDocument {
                    db: self.path.display().to_string(),
                    given: given.to_string(),
                    known,
                })
            }
            many => Err(LedgerError::AmbiguousDocument {
                given: given.to_string(),
                candidates: many
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// The present ledger entries of stored document `path`, in document order. A
    /// document scanned before the ledger existed shows its citations as unchecked.
    pub fn ledger_entries(&self, path: &str) -> Result<Vec<EntryRow>, StoreError> {
        let db = self.path.as_path();
        if has_ledger(&self.conn, db)? && has_entries(&self.conn, db, path)? {
            return present_entries(&self.conn, db, path);
        }
        let Some((id, _)) = document_row(&self.conn, db, path)? else {
            return Ok(Vec::new());
        };
        let notes = stored_footnotes(&self.conn, db, id)?;
        Ok(located(&notes)
            .into_iter()
            .map(|l| EntryRow {
                id: 0,
                footnote_ordinal: i64::try_from(l.footnote_ordinal).unwrap_or(i64::MAX),
                footnote_number: l.footnote_number.map(i64::from),
                footnote_label: l.footnote_label,
                citation_index: i64::try_from(l.citation_index).unwrap_or(i64::MAX),
                text: l.text,
                present: true,
                status: Status::Unchecked,
                by: None,
                at: None,
                note: None,
            })
            .collect())
    }

    /// Record `status` for the citation `target` (`58`, `58.2`) of stored document `path`,
    /// with a history row; one IMMEDIATE transaction, so concurrent calls queue up.
    pub fn ledger_set_status(
        &mut self,
        path: &str,
        target: &str,
        status: Status,
        note: Option<&str>,
        by: &str,
        at: &str,
    ) -> Result<EntryRow, LedgerError> {
        let (footnote, wanted) = parse_target(target)?;
        let db = self.path.clone();
        let db = db.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(db)?;
        let Some((document_id, citations)) = document_row(&tx, db, path)? else {
            return Err(LedgerError::UnknownDocument {
                db: db.display().to_string(),
                given: path.to_string(),
                known: String::new(),
            });
        };
        let notes = stored_footnotes(&tx, db, document_id)?;
        if citations > 0 && !has_entries(&tx, db, path)? {
            // Scanned before the ledger existed: create its entries now.
            reconcile(&tx, db, path, &located(&notes), at)?;
        }
        let matching: Vec<usize> = notes
            .iter()
            .enumerate()
            .filter(|(_, n)| {
                n.label == footnote
                    || (n.number.is_some() && n.number == footnote.parse::<u32>().ok())
            })
            .map(|(i, _)| i)
            .collect();
        let ordinal = match matching.as_slice() {
            [one] => *one,
            [] => {
                let labels: Vec<&str> = notes.iter().map(|n| n.label.as_str()).collect();
                let known = match labels.as_slice() {
                    [] => " (it has no footnotes)".to_string(),
                    l if l.len() <= 12 => format!(" (footnotes: {})", l.join(", ")),
                    l => format!(
                        " (footnotes: {} … {}, {} in all)",
                        l[..6].join(", "),
                        l[l.len() - 3..].join(", "),
                        l.len()
                    ),
                };
                return Err(LedgerError::UnknownFootnote {
                    path: path.to_string(),
                    footnote,
                    known,
                });
            }
            many => {
                return Err(LedgerError::AmbiguousFootnote {
                    path: path.to_string(),
                    footnote,
                    count: many.len(),
                })
            }
        };
        let entries: Vec<EntryRow> = present_entries(&tx, db, path)?
            .into_iter()
            .filter(|e| usize::try_from(e.footnote_ordinal).ok() == Some(ordinal))
            .collect();
        let entry = match (wanted, entries.len()) {
            (_, 0) => {
                return Err(LedgerError::NoCitations {
                    path: path.to_string(),
                    footnote,
                })
            }
            (None, 1) => entries[0].clone(),
            (None, count) => {
                let listing: Vec<String> = entries
                    .iter()
                    .map(|e| format!("  {}  {}", e.place(), short(&e.text)))
                    .collect();
                return Err(LedgerError::AmbiguousCitation {
                    path: path.to_string(),
                    footnote,
                    count,
                    listing: listing.join("\n"),
                });
            }
            (Some(n), count) => match entries.get(n - 1) {
                Some(e) => e.clone(),
                None => {
                    return Err(LedgerError::UnknownCitation {
                        path: path.to_string(),
                        footnote,
                        count,
                        wanted: n,
                    })
                }
            },
        };
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        tx.prepare_cached(
            "UPDATE ledger_entries SET status = ?2, status_by = ?3, status_at = ?4,
                 status_note = ?5 WHERE id = ?1",
        )
        .at(db)?
        .execute(params![entry.id, status.as_str(), by, at, note])
        .at(db)?;
        let l = Located {
            footnote_ordinal: ordinal,
            footnote_number: entry.footnote_number.and_then(|n| u32::try_from(n).ok()),
            footnote_label: entry.footnote_label.clone(),
            citation_index: usize::try_from(entry.citation_index).unwrap_or(0),
            text: entry.text.clone(),
            content: Content::default(),
        };
        insert_history(
            &tx,
            db,
            entry.id,
            &l,
            Event {
                at,
                by: Some(by),
                event: "status",
                status,
                note,
                changes: None,
            },
        )?;
        tx.commit().at(db)?;
        Ok(EntryRow {
            status,
            by: Some(by.to_string()),
            at: Some(at.to_string()),
            note: note.map(str::to_string),
            ..entry
        })
    }

    /// The entries of `path` whose current (or, if removed, last) footnote is `footnote`
    /// (label or number), each with its history, oldest first.
    pub fn ledger_history(
        &self,
        path: &str,
        footnote: &str,
    ) -> Result<Vec<(EntryRow, Vec<HistoryRow>)>, LedgerError> {
        let db = self.path.as_path();
        if !has_ledger(&self.conn, db)? {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM ledger_entries
             WHERE document_path = ?1 AND (footnote_label = ?2 OR footnote_number = ?3)
             ORDER BY present DESC, footnote_ordinal, citation_index, id"
        );
        let number: Option<i64> = footnote.trim().parse().ok();
        let entries: Vec<EntryRow> = self
            .conn
            .prepare_cached(&sql)
            .at(db)?
            .query_map(params![path, footnote.trim(), number], entry_row)
            .at(db)?
            .collect::<Result<_, _>>()
            .at(db)?;
        let mut out = Vec::new();
        for e in entries {
            let rows = self
                .conn
                .prepare_cached(
                    "SELECT at, by, event, status, footnote_number, footnote_label,
                            citation_index, text, note, changes
                     FROM ledger_history WHERE entry_id = ?1 ORDER BY id",
                )
                .at(db)?
                .query_map([e.id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<i64>>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, i64>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, Option<String>>(8)?,
                        r.get::<_, Option<String>>(9)?,
                    ))
                })
                .at(db)?
                .collect::<Result<Vec<_>, _>>()
                .at(db)?;
            let mut history = Vec::new();
            for (at, by, event, status, number, label, index, text, note, changes) in rows {
                let changes: Vec<Change> = match changes {
                    Some(json) => {
                        serde_json::from_str(&json).map_err(|err| LedgerError::Damaged {
                            db: db.display().to_string(),
                            id: e.id,
                            what: err.to_string(),
                        })?
                    }
                    None => Vec::new(),
                };
                history.push(HistoryRow {
                    at,
                    by,
                    event,
                    status: Status::parse(&status).unwrap_or(Status::Unchecked),
                    footnote_number: number,
                    footnote_label: label,
                    citation_index: index,
                    text,
                    note,
                    changes,
                });
            }
            out.push((e, history));
        }
        Ok(out)
    }

    /// The statuses of every present citation of every stored document, for the lint
    /// rules. Empty for a database without the ledger tables.
    pub fn load_ledger(&self) -> Result<Ledger, StoreError> {
        let db = self.path.as_path();
        let mut ledger = Ledger::default();
        if !has_ledger(&self.conn, db)? {
            return Ok(ledger);
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT e.document_path, e.fingerprint, e.status, e.status_by, e.status_at,
                        e.status_note
                 FROM ledger_entries AS e JOIN documents AS d ON d.path = e.document_path
                 WHERE e.present = 1
                 ORDER BY e.document_path, e.footnote_ordinal, e.citation_index, e.id",
            )
            .at(db)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .at(db)?;
        for row in rows {
            let (path, fp, status, by, at, note) = row.at(db)?;
            let status = Status::parse(&status).unwrap_or(Status::Unchecked);
            ledger.push(
                &path,
                fp,
                Mark {
                    status,
                    by,
                    at,
                    note,
                },
            );
        }
        Ok(ledger)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::markdown;

    const ESSAY: &str = include_str!("../../tests/fixtures/ledger/essay-v1.md");

    fn count(store: &Store, sql: &str) -> i64 {
        store.conn.query_row(sql, [], |r| r.get(0)).unwrap_or(-1)
    }

    /// A document nobody has verified yet (or scanned before the ledger existed) has
    /// citations but no entries: status
    /// shows them unchecked, verify creates the entries from the stored rows, and those
    /// entries match the next scan's fingerprints exactly (nothing "changed").
    #[test]
    fn documents_scanned_before_the_ledger_are_backfilled_from_their_rows() {
        let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let mut ex = markdown(ESSAY);
        ex.document.content_hash = "v1".to_string();
        store
            .ingest_at(&ex, &[], "2026-01-01T00:00:00Z")
            .unwrap_or_else(|e| panic!("{e}"));
        // A scan does not start a document's ledger; the first `verify` does.
        assert_eq!(count(&store, "SELECT count(*) FROM ledger_entries"), 0);

        let shown = store
            .ledger_entries("notes.md")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(shown.len(), 9);
        assert!(shown.iter().all(|e| e.status == Status::Unchecked));
        assert_eq!(shown[2].place(), "2.2");

        let set = store
            .ledger_set_status(
                "notes.md",
                "4",
                Status::Verified,
                None,
                "ann",
                "2026-01-02T00:00:00Z",
            )
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(set.text, "Id.");
        assert_eq!(count(&store, "SELECT count(*) FROM ledger_entries"), 9);

        // The same extraction under a new hash: every fingerprint matches exactly.
        ex.document.content_hash = "v2".to_string();
        store
            .ingest_at(&ex, &[], "2026-01-03T00:00:00Z")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM ledger_history WHERE event IN ('changed', 'removed')"
            ),
            0
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM ledger_entries WHERE status = 'verified' AND present = 1"
            ),
            1
        );
    }

    #[test]
    fn targets_parse_as_people_count() {
        assert_eq!(parse_target("58").ok(), Some(("58".to_string(), None)));
        assert_eq!(parse_target("58.2").ok(), Some(("58".to_string(), Some(2))));
        assert_eq!(
            parse_target("cnn-report").ok(),
            Some(("cnn-report".to_string(), None))
        );
        assert!(parse_target("58.0").is_err());
        assert!(parse_target(" ").is_err());
    }
}
