//! Store tests over hand-built extractions and real database files.

use super::*;
use crate::lint::Severity;
use crate::model::{
    Callout, Citation, CitationKind, DateField, DatePrecision, DateStyle, Document, Footnote,
    Format, OutletField, Person, ShortForm, ShortFormKind, ShortFormTarget, Span,
};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde_json::{Map, Value};
use std::fs;

const T0: &str = "2026-01-01T00:00:00Z";
const T1: &str = "2026-02-02T00:00:00Z";

/// Span of the first `needle` at or after byte `from`.
fn span_in(text: &str, needle: &str, from: usize) -> Span {
    let start = from
        + text[from..]
            .find(needle)
            .unwrap_or_else(|| panic!("fixture text lacks {needle:?}"));
    Span::new(start, start + needle.len())
}

trait StartChar {
    fn start_char(self) -> Span;
}

impl StartChar for Span {
    /// The first (ASCII) character of the span.
    fn start_char(self) -> Span {
        Span::new(self.start, self.start + 1)
    }
}

fn person(given: &str, family: &str) -> Person {
    Person {
        given: Some(given.to_string()),
        family: family.to_string(),
    }
}

fn outlet(text: &str, written: &str, from: usize, id: Option<(&str, &str)>) -> OutletField {
    OutletField {
        as_written: written.to_string(),
        id: id.map(|(i, _)| i.to_string()),
        name: id.map(|(_, n)| n.to_string()),
        span: span_in(text, written, from),
    }
}

fn date(
    text: &str,
    written: &str,
    from: usize,
    iso: &str,
    precision: DatePrecision,
    style: DateStyle,
) -> DateField {
    DateField {
        as_written: written.to_string(),
        iso: Some(iso.to_string()),
        precision: Some(precision),
        year: iso.get(0..4).and_then(|y| y.parse().ok()),
        month: iso.get(5..7).and_then(|m| m.parse().ok()),
        day: iso.get(8..10).and_then(|d| d.parse().ok()),
        style,
        impossible: false,
        span: span_in(text, written, from),
    }
}

/// A footnote whose body is the line starting at `marker` (e.g. `"\n1 "`).
fn footnote(text: &str, marker: &str, number: u32, citations: Vec<Citation>) -> Footnote {
    let m = span_in(text, marker, 0);
    let start = m.start + 1; // skip the newline
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let label = number.to_string();
    Footnote {
        number: Some(number),
        label: label.clone(),
        span: Span::new(start, end),
        marker_span: Span::new(start, start + label.len()),
        text: text[start + label.len() + 1..end].to_string(),
        citations,
    }
}

fn doc(path: &str, text: &str) -> Document {
    // Any distinct string will do as a hash for the store.
    let hash = format!("hash-of-{}-bytes-{}", text.len(), text.lines().count());
    Document::new(path, Format::Text, text.to_string(), hash)
}

/// Two footnotes, three citations (one `Id.`), two callouts; non-ASCII before a callout.
fn original() -> (Extraction, Vec<Finding>) {
    let text = "Peace talks stalled.1 Then \u{201c}Footnote 2\u{201d} came.\n\n\
        1 Mujib Mashal, Taliban intensify attacks, N.Y. Times (Apr. 24, 2020); \
        See Ryan Browne & Kylie Atwood, Afghan President orders offensive, CNN (May 12, 2020).\n\
        2 Id. at 3; Mujib Mashal, Second story, N.Y. Times (2020).\n";
    let f1 = span_in(text, "\n1 ", 0).start;
    let f2 = span_in(text, "\n2 ", 0).start;

    let c1_text = "Mujib Mashal, Taliban intensify attacks, N.Y. Times (Apr. 24, 2020)";
    let mut c1 = Citation::unparsed(c1_text.to_string(), span_in(text, c1_text, f1));
    c1.kind = CitationKind::NewsArticle;
    c1.parsed = true;
    c1.authors = vec![person("Mujib", "Mashal")];
    c1.authors_as_written = Some("Mujib Mashal".into());
    c1.title = Some("Taliban intensify attacks".into());
    c1.outlet = Some(outlet(
        text,
        "N.Y. Times",
        f1,
        Some(("new-york-times", "The New York Times")),
    ));
    c1.date = Some(date(
        text,
        "Apr. 24, 2020",
        f1,
        "2020-04-24",
        DatePrecision::Day,
        DateStyle::AbbrevMonthDayYear,
    ));

    let c2_text =
        "See Ryan Browne & Kylie Atwood, Afghan President orders offensive, CNN (May 12, 2020)";
    let mut c2 = Citation::unparsed(c2_text.to_string(), span_in(text, c2_text, f1));
    c2.kind = CitationKind::NewsArticle;
    c2.parsed = true;
    c2.signal = Some("See".into());
    c2.authors = vec![person("Ryan", "Browne"), person("Kylie", "Atwood")];
    c2.authors_as_written = Some("Ryan Browne & Kylie Atwood".into());
    c2.title = Some("Afghan President orders offensive".into());
    c2.outlet = Some(outlet(text, "CNN", f1, Some(("cnn", "CNN"))));
    c2.date = Some(date(
        text,
        "May 12, 2020",
        f1,
        "2020-05-12",
        DatePrecision::Day,
        DateStyle::MonthDayYear,
    ));
    c2.url = Some("https://www.cnn.com/2020/05/12/politics/afghan".into());

    let mut c3 = Citation::unparsed("Id. at 3".into(), span_in(text, "Id. at 3", f2));
    c3.parsed = true;
    c3.short_form = Some(ShortForm {
        kind: ShortFormKind::Id,
        note: None,
        resolves_to: Some(ShortFormTarget {
            footnote: 1,
            citation: 1,
        }),
    });
    c3.pinpoint = Some("3".into());

    let c4_text = "Mujib Mashal, Second story, N.Y. Times (2020)";
    let mut c4 = Citation::unparsed(c4_text.to_string(), span_in(text, c4_text, f2));
    c4.kind = CitationKind::NewsArticle;
    c4.parsed = true;
    c4.authors = vec![person("Mujib", "Mashal")];
    c4.title = Some("Second story".into());
    c4.outlet = Some(outlet(
        text,
        "N.Y. Times",
        f2,
        Some(("new-york-times", "The New York Times")),
    ));
    c4.date = Some(date(
        text,
        "2020",
        f2 + 20,
        "2020",
        DatePrecision::Year,
        DateStyle::Partial,
    ));

    let fn1 = footnote(text, "\n1 ", 1, vec![c1, c2]);
    let fn2 = footnote(text, "\n2 ", 2, vec![c3, c4]);
    let callouts = vec![
        Callout {
            number: Some(1),
            label: "1".into(),
            span: span_in(text, "1 Then", 0).start_char(),
        },
        Callout {
            number: Some(2),
            label: "2".into(),
            span: span_in(text, "Footnote 2", 0),
        },
    ];
    let ex = Extraction {
        document: doc("notes/peace.txt", text),
        explicit_callouts: false,
        footnotes: vec![fn1, fn2],
        callouts,
    };
    let findings = vec![
        Finding {
            document: 7, // relative to a run; the store ignores it
            code: "IB104",
            rule: "callout-without-footnote",
            severity: Severity::Error,
            span: span_in(text, "Footnote 2", 0),
            footnote: Some(2),
            message: "Footnote 2 is never given".into(),
            help: None,
        },
        Finding {
            document: 7,
            code: "IB203",
            rule: "missing-url",
            severity: Severity::Warning,
            span: span_in(text, c1_text, f1),
            footnote: Some(1),
            message: "no URL".into(),
            help: Some("add the article's URL".into()),
        },
    ];
    (ex, findings)
}

/// Same path, other content: one footnote, one citation, new people and outlet.
fn changed() -> (Extraction, Vec<Finding>) {
    let text = "Talks resumed.\n\n\
        1 Anne Gearan, Trump speaks by phone, Washington Post (Mar. 3, 2020).\n";
    let f1 = span_in(text, "\n1 ", 0).start;
    let c_text = "Anne Gearan, Trump speaks by phone, Washington Post (Mar. 3, 2020)";
    let mut c = Citation::unparsed(c_text.to_string(), span_in(text, c_text, f1));
    c.kind = CitationKind::NewsArticle;
    c.parsed = true;
    c.authors = vec![person("Anne", "Gearan")];
    c.title = Some("Trump speaks by phone".into());
    c.outlet = Some(outlet(
        text,
        "Washington Post",
        f1,
        Some(("washington-post", "The Washington Post")),
    ));
    let ex = Extraction {
        document: doc("notes/peace.txt", text),
        explicit_callouts: false,
        footnotes: vec![footnote(text, "\n1 ", 1, vec![c])],
        callouts: Vec::new(),
    };
    (ex, Vec::new())
}

/// Every table and view, rows in key order, as JSON.
fn dump(conn: &Connection) -> Value {
    let mut out = Map::new();
    for table in [
        "documents",
        "footnotes",
        "callouts",
        "citations",
        "persons",
        "citation_authors",
        "outlets",
        "findings",
        "outlet_spellings",
        "document_outlet_spellings",
    ] {
        let width = conn
            .prepare(&format!("SELECT * FROM {table}"))
            .unwrap()
            .column_count();
        let order: Vec<String> = (1..=width).map(|i| i.to_string()).collect();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT * FROM {table} ORDER BY {}",
                order.join(", ")
            ))
            .unwrap();
        let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
        let rows: Vec<Value> = stmt
            .query_map([], |r| {
                let mut row = Map::new();
                for (i, name) in names.iter().enumerate() {
                    let v = match r.get_ref(i)? {
                        ValueRef::Null => Value::Null,
                        ValueRef::Integer(n) => n.into(),
                        ValueRef::Real(x) => x.into(),
                        ValueRef::Text(t) => String::from_utf8_lossy(t).into(),
                        ValueRef::Blob(_) => "<blob>".into(),
                    };
                    row.insert(name.clone(), v);
                }
                Ok(Value::Object(row))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        out.insert(table.to_string(), Value::Array(rows));
    }
    Value::Object(out)
}

fn scalar(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn ingest_writes_every_row_with_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibid.db");
    let mut store = Store::open(&db).unwrap();
    let (ex, findings) = original();
    assert_eq!(
        store.ingest_at(&ex, &findings, T0).unwrap(),
        IngestOutcome::New
    );
    assert_eq!(store.counts().unwrap(), (1, 2, 4, 2));

    let docs = store.documents().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].path, "notes/peace.txt");
    assert_eq!(docs[0].format, "text");
    assert_eq!(docs[0].content_hash, ex.document.content_hash);
    assert_eq!(docs[0].scanned_at, T0);
    assert_eq!((docs[0].footnote_count, docs[0].citation_count), (2, 4));

    // Mujib Mashal wrote two of the citations but is one person.
    let c = &store.conn;
    assert_eq!(scalar(c, "SELECT count(*) FROM persons"), 3);
    assert_eq!(
        scalar(
            c,
            "SELECT count(*) FROM citation_authors JOIN persons ON persons.id = person_id WHERE family = 'Mashal'"
        ),
        2
    );
    // Columns count characters: the callout follows a curly quote (3 bytes, 1 char).
    let (line, column): (i64, i64) = c
        .query_row(
            "SELECT line, \"column\" FROM callouts WHERE number = 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((line, column), (1, 29));
    // Footnote 2 starts line 4; its second citation after `2 Id. at 3; `.
    let (line, column): (i64, i64) = c
        .query_row(
            "SELECT c.line, c.\"column\" FROM citations c JOIN footnotes f ON f.id = c.footnote_id
             WHERE f.number = 2 AND c.ordinal = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((line, column), (4, 13));

    assert_eq!(
        store.outlet_spellings().unwrap(),
        vec![
            (Some("cnn".to_string()), "CNN".to_string(), 1),
            (
                Some("new-york-times".to_string()),
                "N.Y. Times".to_string(),
                2
            ),
        ]
    );
    assert_eq!(
        store.outlets().unwrap(),
        vec![
            ("cnn".to_string(), "CNN".to_string()),
            (
                "new-york-times".to_string(),
                "The New York Times".to_string()
            ),
        ]
    );
    insta::assert_json_snapshot!("ingest_original", dump(&store.conn));
}

#[test]
fn citation_texts_read_back_as_written_whether_or_not_they_are_slices_of_their_note() {
    let (mut ex, findings) = original();
    // Multi-byte characters before the citations (offsets are bytes, not characters), a
    // text that is no slice of its note (stored as text), an empty one.
    ex.footnotes[0].text = format!("« Voir » — {}", ex.footnotes[0].text);
    ex.footnotes[1].citations[0].text = String::new();
    ex.footnotes[1].citations[1].text = "Mujib Mashal,\n  Second story".into();
    let mut store = Store::open_in_memory().unwrap();
    store.ingest_at(&ex, &findings, T0).unwrap();
    let written: Vec<&str> = ex
        .footnotes
        .iter()
        .flat_map(|f| f.citations.iter().map(|c| c.text.as_str()))
        .collect();
    for sql in [
        "SELECT raw_text FROM citations ORDER BY id",
        "SELECT text FROM v_citations ORDER BY citation_id",
    ] {
        let mut stmt = store.conn.prepare(sql).unwrap();
        let read: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(read, written, "{sql}");
    }
    let c = &store.conn;
    assert_eq!(
        scalar(
            c,
            "SELECT count(*) FROM citations WHERE typeof(raw_text) = 'text'"
        ),
        4
    );
    // Only the text that is no slice is stored as text.
    assert_eq!(scalar(c, "SELECT count(raw_text) FROM citation_rows"), 1);
    assert_eq!(scalar(c, "SELECT count(text_start) FROM citation_rows"), 3);
    // The extraction rebuilt from the rows has the same texts.
    let loaded = store.extractions(|_| true).unwrap();
    let back: Vec<&str> = loaded[0]
        .footnotes
        .iter()
        .flat_map(|f| f.citations.iter().map(|c| c.text.as_str()))
        .collect();
    assert_eq!(back, written);
}

#[test]
fn unchanged_document_is_skipped_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibid.db");
    let mut store = Store::open(&db).unwrap();
    let (ex, findings) = original();
    store.ingest_at(&ex, &findings, T0).unwrap();
    let before = dump(&store.conn);
    let changes = store.conn.total_changes();

    // Even with no findings passed and a later clock, nothing is touched.
    assert_eq!(
        store.ingest_at(&ex, &[], T1).unwrap(),
        IngestOutcome::Unchanged
    );
    assert_eq!(store.conn.total_changes(), changes);
    assert_eq!(dump(&store.conn), before);
    assert_eq!(store.documents().unwrap()[0].scanned_at, T0);

    // Also across a reopen.
    drop(store);
    let mut store = Store::open(&db).unwrap();
    assert_eq!(
        store.ingest(&ex, &findings).unwrap(),
        IngestOutcome::Unchanged
    );
    assert_eq!(dump(&store.conn), before);
}

#[test]
fn changed_document_is_replaced_without_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibid.db");
    let mut store = Store::open(&db).unwrap();
    let (ex, findings) = original();
    store.ingest_at(&ex, &findings, T0).unwrap();
    // A second document keeps its own rows and shares a person and an outlet.
    let (mut other, _) = original();
    other.document.path = "notes/other.txt".into();
    other.footnotes.truncate(1);
    other.footnotes[0].citations.truncate(1);
    store.ingest_at(&other, &[], T0).unwrap();
    assert_eq!(store.counts().unwrap(), (2, 3, 5, 2));

    let (new, new_findings) = changed();
    assert_eq!(
        store.ingest_at(&new, &new_findings, T1).unwrap(),
        IngestOutcome::Replaced
    );
    assert_eq!(store.counts().unwrap(), (2, 2, 2, 0));
    let docs = store.documents().unwrap();
    let peace = docs.iter().find(|d| d.path == "notes/peace.txt").unwrap();
    assert_eq!(peace.content_hash, new.document.content_hash);
    assert_eq!(peace.scanned_at, T1);
    assert_eq!((peace.footnote_count, peace.citation_count), (1, 1));

    let c = &store.conn;
    // People and outlets only the old version cited are gone; shared ones stay.
    let people: Vec<String> = c
        .prepare("SELECT family FROM persons ORDER BY family")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(people, ["Gearan", "Mashal"]);
    assert_eq!(
        store.outlets().unwrap(),
        vec![
            (
                "new-york-times".to_string(),
                "The New York Times".to_string()
            ),
            (
                "washington-post".to_string(),
                "The Washington Post".to_string()
            ),
        ]
    );
    // No row points at a missing parent.
    assert_eq!(
        scalar(c, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    for sql in [
        "SELECT count(*) FROM footnotes WHERE document_id NOT IN (SELECT id FROM documents)",
        "SELECT count(*) FROM callouts WHERE document_id NOT IN (SELECT id FROM documents)",
        "SELECT count(*) FROM findings WHERE document_id NOT IN (SELECT id FROM documents)",
        "SELECT count(*) FROM citations WHERE footnote_id NOT IN (SELECT id FROM footnotes)",
        "SELECT count(*) FROM citation_authors WHERE citation_id NOT IN (SELECT id FROM citations)",
    ] {
        assert_eq!(scalar(c, sql), 0, "{sql}");
    }
}

/// People a batch's documents share are looked up once per batch (the writer remembers
/// their ids): the rows must be exactly those written one document per transaction, a
/// missing given name and an empty one being the same person, as `persons_unique` says.
#[test]
fn a_batch_shares_its_people_and_writes_the_same_rows_as_single_documents() {
    let (first, findings) = original();
    let sharing = |path: &str| {
        let (mut ex, _) = changed();
        ex.document.path = path.into();
        ex.footnotes[0].citations[0].authors = vec![
            person("Mujib", "Mashal"),
            Person {
                given: None,
                family: "Mashal".into(),
            },
            Person {
                given: Some(String::new()),
                family: "Mashal".into(),
            },
            person("Anne", "Gearan"),
            // Not the same person as "Mashal" (a key made of the two names run together).
            Person {
                given: Some("Mashal".into()),
                family: String::new(),
            },
        ];
        ex
    };
    let (second, third) = (sharing("notes/second.txt"), sharing("notes/third.txt"));
    let none: &[Finding] = &[];
    let mut batched = Store::open_in_memory().unwrap();
    let docs: Vec<BatchDocument> = [
        (&first, findings.as_slice()),
        (&second, none),
        (&third, none),
    ]
    .into_iter()
    .map(|(extraction, findings)| BatchDocument {
        extraction,
        findings,
        cache: None,
    })
    .collect();
    let outcomes = batched.ingest_batch(&docs, T0).unwrap();
    assert!(outcomes.iter().all(|o| matches!(o, Ok(IngestOutcome::New))));
    let mut single = Store::open_in_memory().unwrap();
    for (ex, f) in [
        (&first, findings.as_slice()),
        (&second, none),
        (&third, none),
    ] {
        single.ingest_at(ex, f, T0).unwrap();
    }
    assert_eq!(dump(&batched.conn), dump(&single.conn));
    assert_eq!(
        scalar(
            &batched.conn,
            "SELECT count(*) FROM persons WHERE family = 'Mashal'"
        ),
        2
    );
    assert_eq!(
        scalar(
            &batched.conn,
            "SELECT count(DISTINCT person_id) FROM citation_authors AS a
             JOIN citations AS c ON c.id = a.citation_id
             JOIN footnotes AS f ON f.id = c.footnote_id
             JOIN documents AS d ON d.id = f.document_id
             WHERE d.path = 'notes/third.txt'"
        ),
        4
    );
    assert_index_matches_rows(&batched);
}

/// A batch of new paths is written without foreign-key checks; the connection has them
/// again afterwards, and the rows hold together as if checked.
#[test]
fn a_batch_of_new_paths_is_written_unchecked_and_leaves_foreign_keys_on() {
    let mut store = Store::open_in_memory().unwrap();
    let (first, findings) = original();
    let (mut second, _) = changed();
    second.document.path = "notes/second.txt".into();
    let none: &[Finding] = &[];
    fn batch<'a>(docs: &[(&'a Extraction, &'a [Finding])]) -> Vec<BatchDocument<'a>> {
        docs.iter()
            .map(|&(extraction, findings)| BatchDocument {
                extraction,
                findings,
                cache: None,
            })
            .collect()
    }
    let docs = [(&first, findings.as_slice()), (&second, none)];
    let outcomes = store.ingest_batch(&batch(&docs), T0).unwrap();
    assert!(outcomes.iter().all(|o| matches!(o, Ok(IngestOutcome::New))));
    let foreign_keys = |store: &Store| scalar(&store.conn, "PRAGMA foreign_keys");
    assert_eq!(foreign_keys(&store), 1);
    assert_eq!(
        scalar(&store.conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    assert_index_matches_rows(&store);
    // A changed document (a stored path) is replaced with the cascades.
    let (mut third, _) = changed();
    third.document.path = "notes/second.txt".into();
    third.document.content_hash = "another hash".into();
    let outcomes = store.ingest_batch(&batch(&[(&third, none)]), T1).unwrap();
    assert!(matches!(outcomes[0], Ok(IngestOutcome::Replaced)));
    assert_eq!(foreign_keys(&store), 1);
    assert_eq!(store.counts().unwrap(), (2, 3, 5, 2));
    assert_eq!(
        scalar(&store.conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    assert_index_matches_rows(&store);
}

/// A path another process stored after the batch was found new cannot be replaced
/// without the cascades: the writer refuses it (and `ingest_batch` writes the batch again
/// with foreign keys on, as after any failure of its fast path).
#[test]
fn a_writer_without_cascades_refuses_to_replace_a_stored_document() {
    let mut store = Store::open_in_memory().unwrap();
    let (first, findings) = original();
    store.ingest_at(&first, &findings, T0).unwrap();
    let (mut again, _) = original();
    again.document.content_hash = "another hash".into();
    let db = store.path.clone();
    let tx = store.conn.transaction().unwrap();
    let mut sql = super::ingest::Statements::prepare(&tx, &db).unwrap();
    sql.cascades = false;
    let err = super::ingest::Writer {
        tx: &tx,
        db: &db,
        doc: &again.document,
        cache: None,
        sql: &mut sql,
    }
    .write(&again, &[], T1)
    .unwrap_err();
    assert!(matches!(err, StoreError::StoredMeanwhile { .. }), "{err}");
}

/// The fast path of a batch of new paths fails (a document cannot be written): foreign
/// keys are on again for the retry and afterwards.
#[test]
fn a_failed_unchecked_batch_is_written_again_with_foreign_keys_on() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .conn
        .execute_batch(
            "CREATE TRIGGER reject BEFORE INSERT ON footnotes
             WHEN (SELECT path FROM documents WHERE id = NEW.document_id) = 'notes/bad.txt'
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )
        .unwrap();
    let (good, findings) = original();
    let (mut bad, _) = changed();
    bad.document.path = "notes/bad.txt".into();
    let docs = [
        BatchDocument {
            extraction: &good,
            findings: &findings,
            cache: None,
        },
        BatchDocument {
            extraction: &bad,
            findings: &[],
            cache: None,
        },
    ];
    let outcomes = store.ingest_batch(&docs, T0).unwrap();
    assert!(matches!(outcomes[0], Ok(IngestOutcome::New)));
    assert!(outcomes[1].is_err());
    assert_eq!(scalar(&store.conn, "PRAGMA foreign_keys"), 1);
    assert_eq!(
        scalar(&store.conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    assert_index_matches_rows(&store);
}

#[test]
fn a_garbage_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.db");
    let garbage = "These are my notes, not a database.\n".repeat(200);
    fs::write(&db, &garbage).unwrap();
    let err = Store::open(&db).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "{} is not an ibid database (file is not a database); move it away or pass --db",
            db.display()
        )
    );
    assert!(matches!(
        Store::open_read_only(&db),
        Err(StoreError::NotADatabase { .. })
    ));
    assert_eq!(fs::read_to_string(&db).unwrap(), garbage);
}

#[test]
fn a_damaged_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibid.db");
    Store::open(&db).unwrap();
    // Keep the 100-byte header, wreck the schema page behind it.
    let mut bytes = fs::read(&db).unwrap();
    for b in &mut bytes[100..4096] {
        *b = 0xA5;
    }
    fs::write(&db, &bytes).unwrap();
    let err = Store::open(&db).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Corrupt { .. } | StoreError::NotADatabase { .. }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("is not an ibid database"), "{err}");
}

#[test]
fn a_read_only_database_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibid.db");
    let (ex, findings) = original();
    Store::open(&db)
        .unwrap()
        .ingest_at(&ex, &findings, T0)
        .unwrap();
    let mut perms = fs::metadata(&db).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&db, perms).unwrap();

    // Root ignores file modes; only then is this part not testable.
    let writable_anyway = fs::OpenOptions::new().write(true).open(&db).is_ok();
    if !writable_anyway {
        let err = Store::open(&db).unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
        assert!(err.to_string().contains("read-only"), "{err}");
    }

    // A read-only connection still answers queries and refuses writes the same way.
    let mut store = Store::open_read_only(&db).unwrap();
    assert_eq!(store.counts().unwrap(), (1, 2, 4, 2));
    let (new, _) = changed();
    let err = store.ingest_at(&new, &[], T1).unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: database is read-only; check the file's permissions or use --db",
            db.display()
        )
    );
    assert_eq!(store.documents().unwrap()[0].scanned_at, T0);
}

#[test]
fn a_lock_held_longer_than_the_busy_timeout_gives_a_clear_error() {
    // The real timeout is BUSY_TIMEOUT (seconds, enough for another scan's batch);
    // this thread uses a short one so the test does not wait that long.
    super::set_thread_busy_timeout(Duration::from_millis(300));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibid.db");
    Store::open(&db).unwrap();
    let other = Connection::open(&db).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO persons (given, family) VALUES ('A', 'B');")
        .unwrap();

    // Reading the schema version is allowed beside a pending write…
    let mut store = Store::open(&db).unwrap();
    let (ex, findings) = original();
    // …writing is not.
    let err = store.ingest_at(&ex, &findings, T0).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: database is locked by another process; retry or use --db",
            db.display()
        )
    );
    let batch = [super::BatchDocument {
        extraction: &ex,
        findings: &findings,
        cache: None,
    }];
    let err = store.ingest_batch(&batch, T0).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");

    // Once the other writer is done, the same store works.
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        store.ingest_at(&ex, &findings, T0).unwrap(),
        IngestOutcome::New
    );
    super::set_thread_busy_timeout(super::BUSY_TIMEOUT);
}

#[test]
fn a_writer_waits_for_another_writer_shorter_than_the_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibid.db");
    let mut store = Store::open(&db).unwrap();
    let other = Connection::open(&db).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO persons (given, family) VALUES ('A', 'B');")
        .unwrap();
    // The other writer commits after a moment, well inside BUSY_TIMEOUT (10 s).
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        other.execute_batch("COMMIT").unwrap();
    });
    let (ex, findings) = original();
    assert_eq!(
        store.ingest_at(&ex, &findings, T0).unwrap(),
        IngestOutcome::New
    );
    releaser.join().unwrap();
    assert_eq!(
        scalar(
            &store.conn,
            "SELECT count(*) FROM persons WHERE family = 'B'"
        ),
        1
    );
}

#[test]
fn files_are_in_wal_mode_so_an_exclusive_writer_does_not_block_readers() {
    super::set_thread_busy_timeout(Duration::from_millis(300));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibid.db");
    let mut store = Store::open(&db).unwrap();
    let mode: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let (ex, findings) = original();
    store.ingest_at(&ex, &findings, T0).unwrap();
    let other = Connection::open(&db).unwrap();
    other
        .execute_batch("BEGIN EXCLUSIVE; DELETE FROM documents;")
        .unwrap();
    // Opening and reading see the last committed state, not the pending delete…
    let reader = Store::open(&db).unwrap();
    assert_eq!(reader.documents().unwrap().len(), 1);
    let ro = Store::open_read_only(&db).unwrap();
    assert_eq!(ro.counts().unwrap(), (1, 2, 4, 2));
    // …but writing waits, then reports the lock.
    let (new, _) = changed();
    let err = store.ingest_at(&new, &[], T1).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    other.execute_batch("ROLLBACK").unwrap();
    super::set_thread_busy_timeout(super::BUSY_TIMEOUT);
}

#[test]
fn a_batch_keeps_the_good_documents_when_one_fails() {
    let mut store = Store::open_in_memory().unwrap();
    let (ex, findings) = original();
    let (mut other, _) = changed();
    other.document.path = "notes/other.txt".into();
    let (mut bad, _) = changed();
    bad.document.path = "notes/bad.txt".into();
    store
        .conn
        .execute_batch(
            "CREATE TRIGGER reject BEFORE INSERT ON footnotes
             WHEN (SELECT path FROM documents WHERE id = NEW.document_id) = 'notes/bad.txt'
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )
        .unwrap();
    let blob = super::cache::encode(&ex);
    store.set_cache_key(super::CacheKey::new(None, None));
    let docs = [
        super::BatchDocument {
            extraction: &ex,
            findings: &findings,
            cache: Some(&blob),
        },
        super::BatchDocument {
            extraction: &bad,
            findings: &[],
            cache: None,
        },
        super::BatchDocument {
            extraction: &other,
            findings: &[],
            cache: None,
        },
    ];
    let outcomes = store.ingest_batch(&docs, T0).unwrap();
    assert!(matches!(outcomes[0], Ok(IngestOutcome::New)));
    assert!(outcomes[1].is_err());
    assert!(matches!(outcomes[2], Ok(IngestOutcome::New)));
    let paths: Vec<String> = store
        .documents()
        .unwrap()
        .into_iter()
        .map(|d| d.path)
        .collect();
    assert_eq!(paths, ["notes/other.txt", ex.document.path.as_str()]);
    // Nothing of the failed document is left, and the cache entry is where it belongs.
    assert_eq!(
        scalar(
            &store.conn,
            "SELECT count(*) FROM footnotes WHERE document_id NOT IN (SELECT id FROM documents)"
        ),
        0
    );
    let key = super::CacheKey::new(None, None);
    let cached = store
        .cached_extraction(&ex.document.path, &ex.document.content_hash, &key)
        .unwrap()
        .unwrap();
    assert_eq!(cached, blob);
    // Another key (ibid version, registry) is not trusted.
    let other_key = super::CacheKey::new(Some(b"[[outlet]]"), None);
    assert!(store
        .cached_extraction(&ex.document.path, &ex.document.content_hash, &other_key)
        .unwrap()
        .is_none());
    // Deleting documents takes their rows and cache with them.
    assert_eq!(
        store
            .delete_documents(&[ex.document.path.clone(), "never/stored.txt".into()])
            .unwrap(),
        1
    );
    assert_eq!(
        scalar(&store.conn, "SELECT count(*) FROM extraction_cache"),
        0
    );
    assert_eq!(store.stored_documents().unwrap().len(), 1);
}

#[test]
fn a_failure_mid_ingest_rolls_back_to_the_previous_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibid.db");
    let mut store = Store::open(&db).unwrap();
    let (ex, findings) = original();
    store.ingest_at(&ex, &findings, T0).unwrap();
    let before = dump(&store.conn);

    // Make the database reject the new version's citation, after its document row,
    // footnote and the old rows' deletion have already been written.
    store
        .conn
        .execute_batch(
            "CREATE TRIGGER reject BEFORE INSERT ON citation_rows WHEN NEW.title = 'Trump speaks by phone'
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )
        .unwrap();
    let (new, _) = changed();
    let err = store.ingest_at(&new, &[], T1).unwrap_err();
    assert!(matches!(err, StoreError::Sqlite { .. }), "{err:?}");
    assert!(err.to_string().contains("injected failure"), "{err}");
    assert_eq!(dump(&store.conn), before);

    // A brand-new document that fails leaves no trace either.
    let (mut fresh, _) = changed();
    fresh.document.path = "notes/fresh.txt".into();
    assert!(store.ingest_at(&fresh, &[], T1).is_err());
    assert_eq!(dump(&store.conn), before);

    // And from another connection, too.
    drop(store);
    let store = Store::open(&db).unwrap();
    assert_eq!(dump(&store.conn), before);
}

#[test]
fn a_missing_directory_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no/such/dir/ibid.db");
    let err = Store::open(&db).unwrap_err();
    assert!(matches!(err, StoreError::CannotOpen { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with(&db.display().to_string()),
        "{err}"
    );
}

#[test]
fn read_only_open_does_not_create_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibid.db");
    assert!(matches!(
        Store::open_read_only(&db),
        Err(StoreError::CannotOpen { .. })
    ));
    assert!(!db.exists());
}

#[test]
fn a_newer_database_is_refused_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibid.db");
    Store::open(&db).unwrap();
    Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 9)
        .unwrap();
    let err = Store::open(&db).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 9, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("upgrade ibid"), "{err}");
}

#[test]
fn in_memory_store_works_and_enforces_foreign_keys() {
    let mut store = Store::open_in_memory().unwrap();
    let (ex, findings) = original();
    assert_eq!(store.ingest(&ex, &findings).unwrap(), IngestOutcome::New);
    assert_eq!(store.counts().unwrap(), (1, 2, 4, 2));
    let fk: i64 = store
        .conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    assert!(store
        .conn
        .execute("INSERT INTO footnotes (document_id, ordinal, label, text, span_start, span_end, line, \"column\") VALUES (999, 0, '1', '', 0, 0, 1, 1)", [])
        .is_err());
}

/// `(document, footnote, citation, fields)` of a search hit.
type Place = (String, Option<i64>, Option<i64>, Vec<&'static str>);

/// Where `query` (user syntax) matches.
fn found(store: &Store, query: &str) -> Vec<Place> {
    let fts = fts_query(query).unwrap();
    store
        .search(&fts, 50)
        .unwrap()
        .into_iter()
        .map(|h| (h.document, h.footnote, h.citation, h.fields))
        .collect()
}

#[test]
fn the_search_index_follows_inserts_replacements_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("ibid.db")).unwrap();
    let (ex, findings) = original();
    store.ingest_at(&ex, &findings, T0).unwrap();
    let (mut other, _) = original();
    other.document.path = "notes/other.txt".into();
    other.footnotes.truncate(1);
    other.footnotes[0].citations.truncate(1);
    store.ingest_at(&other, &[], T0).unwrap();
    // External content: the row count reads `search_source`; the integrity check
    // proves the index holds exactly those rows' terms.
    let rows = |s: &Store| {
        assert_index_matches_rows(s);
        scalar(&s.conn, "SELECT count(*) FROM search_index")
    };
    assert_eq!(rows(&store), 3 + 5, "one row per footnote and per citation");

    // A title match; the footnote's own text also matches but its citation is shown.
    let p = "notes/peace.txt".to_string();
    let o = "notes/other.txt".to_string();
    assert_eq!(
        found(&store, "taliban"),
        [
            (o.clone(), Some(1), Some(0), vec!["title"]),
            (p.clone(), Some(1), Some(0), vec!["title"]),
        ]
    );
    // The canonical outlet name is indexed besides the spelling written.
    let nyt = found(&store, "New York Times");
    assert_eq!(nyt.len(), 3, "{nyt:?}");
    assert!(nyt.iter().all(|h| h.3.contains(&"outlet_name")), "{nyt:?}");
    // Accents and case do not matter; punctuation is not part of words.
    assert_eq!(found(&store, "N.Y. TIMES").len(), 3);
    // A footnote whose citations do not match but whose text does is a hit of its own.
    assert_eq!(
        found(&store, "Atwood"),
        [
            (p.clone(), Some(1), Some(1), vec!["authors"]),
            (o.clone(), Some(1), None, vec!["note"]),
        ]
    );
    // Footnote text that is no citation field: the footnote itself is the hit.
    assert_eq!(
        found(&store, "Id. at 3"),
        [(p.clone(), Some(2), None, vec!["note"])]
    );
    // Body text is not indexed.
    assert!(found(&store, "stalled").is_empty());

    // Replacing a document replaces its index rows; parsed authors without a written form
    // are indexed too.
    let (new, _) = changed();
    store.ingest_at(&new, &[], T1).unwrap();
    assert_eq!(
        found(&store, "taliban"),
        [(o.clone(), Some(1), Some(0), vec!["title"])]
    );
    let gearan = found(&store, "gearan");
    assert_eq!(gearan, [(p.clone(), Some(1), Some(0), vec!["authors"])]);
    assert_eq!(rows(&store), 2 + 2);

    // Snippets mark the match; the score ranks.
    let hits = store.search(&fts_query("phone").unwrap(), 5).unwrap();
    assert_eq!(hits[0].snippet, "Trump speaks by «phone»");
    assert!(
        hits[0].score <= 0.0,
        "bm25 scores are negative, best lowest"
    );

    // FTS syntax is passed through; a broken query is an error, not a crash.
    assert_eq!(found(&store, "gearan OR taliban").len(), 2);
    assert_eq!(found(&store, "title:gearan").len(), 0);
    let err = store.search("title:(", 5).unwrap_err();
    assert!(matches!(err, StoreError::BadSearch { .. }), "{err}");
    let err = store.search("nosuchcolumn:x", 5).unwrap_err();
    assert!(matches!(err, StoreError::BadSearch { .. }), "{err}");

    // Rows changed in place (no ibid command does, but `sqlite3` users may) are
    // re-indexed by the triggers, and so is a renamed outlet.
    store
        .conn
        .execute_batch(
            "UPDATE citation_rows SET title = 'Harbour lights' WHERE id = (SELECT min(id) FROM citation_rows);
             UPDATE footnotes SET text = 'Quayside notes' WHERE id = (SELECT max(id) FROM footnotes);
             UPDATE outlets SET name = 'The Grey Lady' WHERE id = 'new-york-times';",
        )
        .unwrap();
    assert_index_matches_rows(&store);
    assert_eq!(found(&store, "harbour").len(), 1);
    assert_eq!(found(&store, "quayside").len(), 1);
    assert!(!found(&store, "grey").is_empty());
    assert!(found(&store, "\"new york times\"").is_empty());

    // A citation, or a footnote with its citations, deleted on its own leaves the index.
    let before = rows(&store);
    store
        .conn
        .execute(
            "DELETE FROM citation_rows WHERE id = (SELECT max(id) FROM citation_rows)",
            [],
        )
        .unwrap();
    assert_eq!(rows(&store), before - 1);
    let citations_in_first: i64 = scalar(
        &store.conn,
        "SELECT count(*) FROM citations WHERE footnote_id = (SELECT min(id) FROM footnotes)",
    );
    store
        .conn
        .execute(
            "DELETE FROM footnotes WHERE id = (SELECT min(id) FROM footnotes)",
            [],
        )
        .unwrap();
    assert_eq!(rows(&store), before - 2 - citations_in_first);

    store.conn.execute("DELETE FROM documents", []).unwrap();
    assert_eq!(rows(&store), 0);
}

/// FTS5's own check that `search_index` holds exactly the terms of the rows
/// `search_source` shows (it fails on a row indexed with other values, or not at all).
fn assert_index_matches_rows(store: &Store) {
    store
        .conn
        .execute(
            "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
}

#[test]
fn a_version_1_database_is_indexed_when_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../../tests/data/schema-v1.sql"))
            .unwrap();
        conn.execute_batch(
            "INSERT INTO documents VALUES (1, 'a.txt', 'text', 'h', 't', 1, 1);
             INSERT INTO footnotes VALUES (1, 1, 0, 1, '1', 'Jane Roe, Harbour news, Gazette (2020).', 0, 10, 1, 1);
             INSERT INTO citations (id, footnote_id, ordinal, raw_text, span_start, span_end, line, \"column\", kind, parsed, title, outlet_as_written)
             VALUES (1, 1, 0, 'Jane Roe, Harbour news, Gazette (2020)', 0, 10, 1, 1, 'news-article', 1, 'Harbour news', 'Gazette');
             INSERT INTO persons VALUES (1, 'Jane', 'Roe');
             INSERT INTO citation_authors VALUES (1, 1, 0);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        found(&store, "harbour"),
        [("a.txt".to_string(), Some(1), Some(0), vec!["title"])]
    );
    assert_eq!(found(&store, "roe")[0].3, ["authors"]);
}

#[test]
fn stored_rows_rebuild_extractions_that_export_the_same() {
    let mut store = Store::open_in_memory().unwrap();
    let (ex, findings) = original();
    store.ingest_at(&ex, &findings, T0).unwrap();
    let loaded = store.extractions(|_| true).unwrap();
    assert_eq!(loaded.len(), 1);
    let back = &loaded[0];
    assert_eq!(back.document.path, ex.document.path);
    assert_eq!(back.document.content_hash, ex.document.content_hash);
    assert_eq!(back.callouts.len(), ex.callouts.len());
    for (a, b) in back.footnotes.iter().zip(&ex.footnotes) {
        assert_eq!(
            (a.number, &a.label, &a.text, a.span),
            (b.number, &b.label, &b.text, b.span)
        );
        assert_eq!(a.citations.len(), b.citations.len());
        for (x, y) in a.citations.iter().zip(&b.citations) {
            assert_eq!(x.text, y.text);
            assert_eq!(x.span, y.span);
            assert_eq!(x.kind, y.kind);
            assert_eq!(x.parsed, y.parsed);
            assert_eq!(x.signal, y.signal);
            assert_eq!(x.short_form, y.short_form);
            assert_eq!(x.authors, y.authors);
            assert_eq!(x.authors_as_written, y.authors_as_written);
            assert_eq!(x.title, y.title);
            assert_eq!(x.url, y.url);
            assert_eq!(x.pinpoint, y.pinpoint);
            let outlet = |c: &Citation| {
                c.outlet
                    .as_ref()
                    .map(|o| (o.as_written.clone(), o.id.clone(), o.name.clone()))
            };
            assert_eq!(outlet(x), outlet(y));
            let date = |c: &Citation| {
                c.date.as_ref().map(|d| {
                    (
                        d.as_written.clone(),
                        d.iso.clone(),
                        d.precision,
                        d.year,
                        d.month,
                        d.day,
                    )
                })
            };
            assert_eq!(date(x), date(y));
        }
    }
    for format in [
        crate::export::ExportFormat::Bibtex,
        crate::export::ExportFormat::CslJson,
        crate::export::ExportFormat::Ris,
    ] {
        assert_eq!(
            crate::export::export(&loaded, format, None).unwrap(),
            crate::export::export(std::slice::from_ref(&ex), format, None).unwrap(),
            "{format:?}"
        );
    }
    // The path filter chooses documents.
    assert!(store
        .extractions(|p| p.ends_with(".md"))
        .unwrap()
        .is_empty());
}

#[test]
fn recorded_citekeys_keep_their_identity_or_move_with_their_key() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(store.citekeys().unwrap().is_empty());
    let rec = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(i, k)| (i.to_string(), k.to_string()))
            .collect()
    };
    store
        .record_citekeys(
            &rec(&[("t|o|2020", "roe2020t"), ("u|o|2020", "roe2020u")]),
            T0,
        )
        .unwrap();
    // A recorded identity keeps its key; a recorded key moves to its work's new identity.
    store
        .record_citekeys(
            &rec(&[("t|o|2020", "other"), ("u|o|2020|authors:roe", "roe2020u")]),
            T1,
        )
        .unwrap();
    let keys = store.citekeys().unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys["t|o|2020"], "roe2020t");
    assert_eq!(keys["u|o|2020|authors:roe"], "roe2020u");
}

#[test]
fn sql_reads_but_never_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibid.db");
    {
        let mut store = Store::open(&db).unwrap();
        let (ex, findings) = original();
        store.ingest_at(&ex, &findings, T0).unwrap();
    }
    let store = Store::open_query_only(&db).unwrap();
    let r = store
        .query("SELECT document, footnote, citation, authors, outlet_name, date FROM v_citations ORDER BY citation_id")
        .unwrap();
    assert_eq!(
        r.columns,
        [
            "document",
            "footnote",
            "citation",
            "authors",
            "outlet_name",
            "date"
        ]
    );
    assert_eq!(r.rows.len(), 4);
    use rusqlite::types::Value as V;
    assert_eq!(
        r.rows[1],
        [
            V::Text("notes/peace.txt".into()),
            V::Integer(1),
            V::Integer(1),
            V::Text("Ryan Browne; Kylie Atwood".into()),
            V::Text("CNN".into()),
            V::Text("2020-05-12".into()),
        ]
    );
    for bad in [
        "DELETE FROM documents",
        "INSERT INTO outlets VALUES ('x', 'X')",
        "CREATE TABLE t (a)",
        "DROP VIEW v_citations",
        "PRAGMA user_version = 7",
        "SELECT 1; DELETE FROM documents",
        "SELEC 1",
        "SELECT * FROM no_such_table",
        "",
    ] {
        let err = store.query(bad).unwrap_err();
        assert!(matches!(err, StoreError::BadSql { .. }), "{bad}: {err}");
    }
    let err = store
        .query("DELETE FROM documents")
        .unwrap_err()
        .to_string();
    assert!(err.contains("only statements that read"), "{err}");
    assert_eq!(scalar(&store.conn, "SELECT count(*) FROM documents"), 1);
    assert_eq!(
        scalar(&store.conn, "SELECT count(*) FROM v_findings"),
        findings_count()
    );
}

fn findings_count() -> i64 {
    original().1.len() as i64
}

#[test]
fn a_checkpointer_copies_the_log_so_that_the_writer_starts_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ibid.db");
    let wal = dir.path().join("ibid.db-wal");
    let mut store = Store::open(&path).unwrap();
    let checkpointer = store.checkpointer().unwrap();
    // The writer's own checkpoint waits for 64 MB of log (it finishes what the
    // checkpointer has not copied yet).
    let automatic: i64 = scalar(&store.conn, "PRAGMA wal_autocheckpoint");
    let page_size = scalar(&store.conn, "PRAGMA page_size");
    assert_eq!(automatic * page_size, 64 << 20);
    let write = |store: &mut Store, i: usize| {
        let (mut ex, findings) = original();
        ex.document.path = format!("notes/{i}.txt");
        store.ingest_at(&ex, &findings, T0).unwrap();
    };
    let wal_size = || std::fs::metadata(&wal).unwrap().len();

    // Without checkpoints every document adds to the log.
    write(&mut store, 0);
    let one = wal_size();
    for i in 1..5 {
        write(&mut store, i);
    }
    assert!(wal_size() > 2 * one, "{} vs {one}", wal_size());

    // With one after each commit, each transaction writes the log from its start again.
    checkpointer.checkpoint().unwrap();
    let settled = wal_size();
    for i in 5..15 {
        write(&mut store, i);
        checkpointer.checkpoint().unwrap();
    }
    assert_eq!(wal_size(), settled, "the log did not start again");
    assert_eq!(scalar(&store.conn, "SELECT count(*) FROM documents"), 15);
}

/// A document of `notes` endnotes, each with two citations and an author or two, through
/// the real extractor: more rows of each table than one INSERT statement writes.
fn many_notes(path: &str, notes: usize, edition: &str) -> Extraction {
    let mut text = String::from("A body that cites everything.\n\nNotes\n");
    for n in 1..=notes {
        text.push_str(&format!(
            "{n}. Ann Writer{n} & Bo Second, Title {edition} number {n}, N.Y. Times (Jan. {d}, 2020); \
             Cy Third, Another title {n}, Wash. Post (Feb. {d}, 2021).\n",
            d = n % 28 + 1
        ));
    }
    let document = Document::new(path, Format::Text, text, format!("{path}-{edition}"));
    crate::extract::extract(document, crate::outlets::Registry::builtin())
}

/// Rows written many to a statement carry the ids SQLite would have given them, also
/// after a document that held the largest ids was replaced in the same transaction, and
/// each citation hangs off its own footnote.
#[test]
fn rows_written_many_to_a_statement_get_the_ids_sqlite_would_give() {
    let mut store = Store::open_in_memory().unwrap();
    let first = many_notes("a.txt", 150, "one");
    let second = many_notes("b.txt", 70, "one");
    fn batch<'e>(docs: &[&'e Extraction]) -> Vec<BatchDocument<'e>> {
        docs.iter()
            .map(|&extraction| BatchDocument {
                extraction,
                findings: &[],
                cache: None,
            })
            .collect()
    }
    assert!(first.citation_count() >= 300 && second.footnotes.len() == 70);
    let outcomes = store.ingest_batch(&batch(&[&first, &second]), T0).unwrap();
    assert!(outcomes.iter().all(|o| matches!(o, Ok(IngestOutcome::New))));
    // `b.txt` holds the largest ids: replaced, its ids are handed out again.
    let edited = many_notes("b.txt", 65, "two");
    let third = many_notes("c.txt", 3, "one");
    let outcomes = store.ingest_batch(&batch(&[&edited, &third]), T1).unwrap();
    assert!(matches!(outcomes[0], Ok(IngestOutcome::Replaced)));
    assert!(matches!(outcomes[1], Ok(IngestOutcome::New)));
    for table in ["footnotes", "citations"] {
        assert_eq!(
            scalar(&store.conn, &format!("SELECT max(id) FROM {table}")),
            scalar(&store.conn, &format!("SELECT count(*) FROM {table}")),
            "{table}: ids from 1 without a gap"
        );
    }
    for ex in [&first, &edited, &third] {
        let mut stmt = store
            .conn
            .prepare(
                "SELECT footnote, citation, text, authors FROM v_citations
                 WHERE document = ?1 ORDER BY footnote, citation",
            )
            .unwrap();
        let stored: Vec<(u32, i64, String, Option<String>)> = stmt
            .query_map([&ex.document.path], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let expected: Vec<(u32, i64, String, Option<String>)> = ex
            .footnotes
            .iter()
            .flat_map(|f| {
                f.citations.iter().enumerate().map(move |(i, c)| {
                    let authors: Vec<String> = c
                        .authors
                        .iter()
                        .map(|p| match &p.given {
                            Some(g) => format!("{g} {}", p.family),
                            None => p.family.clone(),
                        })
                        .collect();
                    (
                        f.number.unwrap_or(0),
                        i as i64,
                        c.text.clone(),
                        Some(authors.join("; ")).filter(|a| !a.is_empty()),
                    )
                })
            })
            .collect();
        assert_eq!(stored, expected, "{}", ex.document.path);
    }
    assert_index_matches_rows(&store);
}
