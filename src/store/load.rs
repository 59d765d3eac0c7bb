//! Rebuilding extractions from the stored rows (`ibid export --db`, `ibid sources`).
//!
//! What the store keeps is what exports need: footnotes with their citations (authors,
//! title, outlet, date, URL, pinpoint, kind, signal, short forms) and callouts. The
//! documents' text is not stored, so the rebuilt [`Document`]s have an empty text; the
//! date's written style and what only the linter uses (paragraph breaks, dangling URL
//! markers) are not stored either.

use super::error::{ResultExt, StoreError};
use super::Store;
use crate::model::{
    Callout, Citation, CitationKind, DateField, DatePrecision, DateStyle, Document, Extraction,
    Footnote, Format, OutletField, Person, ShortForm, ShortFormKind, ShortFormTarget, Span,
};
use rusqlite::Row;
use std::collections::HashMap;

fn format_of(s: &str) -> Format {
    match s {
        "markdown" => Format::Markdown,
        "html" => Format::Html,
        "latex" => Format::Latex,
        "docx" => Format::Docx,
        _ => Format::Text,
    }
}

fn kind_of(s: &str) -> CitationKind {
    match s {
        "news-article" => CitationKind::NewsArticle,
        "journal-article" => CitationKind::JournalArticle,
        "book" => CitationKind::Book,
        "report" => CitationKind::Report,
        "web-page" => CitationKind::WebPage,
        "case" => CitationKind::Case,
        "statute" => CitationKind::Statute,
        _ => CitationKind::Other,
    }
}

fn precision_of(s: &str) -> Option<DatePrecision> {
    Some(match s {
        "year" => DatePrecision::Year,
        "month" => DatePrecision::Month,
        "day" => DatePrecision::Day,
        _ => return None,
    })
}

/// A stored offset or count as `usize` (never negative in rows ibid wrote).
fn offset(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn number(n: Option<i64>) -> Option<u32> {
    n.and_then(|n| u32::try_from(n).ok())
}

/// The date a citation row holds: year, month and day come from the ISO form.
fn date_of(
    written: Option<String>,
    iso: Option<String>,
    precision: Option<String>,
) -> Option<DateField> {
    let as_written = written?;
    let part = |range: std::ops::Range<usize>| iso.as_deref().and_then(|s| s.get(range));
    Some(DateField {
        year: part(0..4).and_then(|y| y.parse().ok()),
        month: part(5..7).and_then(|m| m.parse().ok()),
        day: part(8..10).and_then(|d| d.parse().ok()),
        precision: precision.as_deref().and_then(precision_of),
        iso,
        as_written,
        style: DateStyle::Partial,
        impossible: false,
        span: Span::default(),
    })
}

const CITATION_COLUMNS: &str =
    "c.id, c.footnote_id, c.raw_text, c.span_start, c.span_end, c.kind, c.parsed,
     c.signal, c.short_form_type, c.short_form_note, c.short_form_target_footnote,
     c.short_form_target_citation, c.authors_as_written, c.title, c.outlet_as_written,
     c.outlet_id, o.name, c.date_as_written, c.date_iso, c.date_precision, c.url, c.pinpoint";

/// `(citation id, footnote id, citation)` from a row of [`CITATION_COLUMNS`].
fn citation_of(r: &Row<'_>) -> rusqlite::Result<(i64, i64, Citation)> {
    let span = Span::new(offset(r.get(3)?), offset(r.get(4)?).max(offset(r.get(3)?)));
    let mut c = Citation::unparsed(r.get(2)?, span);
    c.kind = kind_of(&r.get::<_, String>(5)?);
    c.parsed = r.get(6)?;
    c.signal = r.get(7)?;
    c.short_form = r
        .get::<_, Option<String>>(8)?
        .as_deref()
        .and_then(ShortFormKind::from_name)
        .map(|kind| -> rusqlite::Result<ShortForm> {
            let target = match (number(r.get(10)?), r.get::<_, Option<i64>>(11)?) {
                (Some(footnote), Some(citation)) => Some(ShortFormTarget {
                    footnote,
                    citation: offset(citation),
                }),
                _ => None,
            };
            Ok(ShortForm {
                kind,
                note: number(r.get(9)?),
                resolves_to: target,
            })
        })
        .transpose()?;
    c.authors_as_written = r.get(12)?;
    c.title = r.get(13)?;
    c.outlet = r
        .get::<_, Option<String>>(14)?
        .map(|as_written| -> rusqlite::Result<OutletField> {
            let id: Option<String> = r.get(15)?;
            Ok(OutletField {
                as_written,
                name: if id.is_some() { r.get(16)? } else { None },
                id,
                span: Span::default(),
            })
        })
        .transpose()?;
    c.date = date_of(r.get(17)?, r.get(18)?, r.get(19)?);
    c.url = r.get(20)?;
    c.pinpoint = r.get(21)?;
    Ok((r.get(0)?, r.get(1)?, c))
}

impl Store {
    /// Every stored document whose path `keep` accepts, rebuilt as an [`Extraction`]
    /// (documents in path order, footnotes, citations and callouts in stored order).
    pub fn extractions(&self, keep: impl Fn(&str) -> bool) -> Result<Vec<Extraction>, StoreError> {
        let db = &self.path;
        let mut out = Vec::new();
        for doc in self.documents()?.into_iter().filter(|d| keep(&d.path)) {
            let document = Document::new(
                doc.path.clone(),
                format_of(&doc.format),
                String::new(),
                doc.content_hash.clone(),
            );
            let mut footnotes: Vec<(i64, Footnote)> = self
                .conn
                .prepare_cached(
                    "SELECT id, number, label, text, span_start, span_end FROM footnotes
                     WHERE document_id = ?1 ORDER BY ordinal",
                )
                .at(db)?
                .query_map([doc.id], |r| {
                    let start = offset(r.get(4)?);
                    let span = Span::new(start, offset(r.get(5)?).max(start));
                    Ok((
                        r.get(0)?,
                        Footnote {
                            number: number(r.get(1)?),
                            label: r.get(2)?,
                            text: r.get(3)?,
                            span,
                            marker_span: Span::new(start, start),
                            citations: Vec::new(),
                        },
                    ))
                })
                .at(db)?
                .collect::<Result<_, _>>()
                .at(db)?;
            let mut authors: HashMap<i64, Vec<Person>> = HashMap::new();
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT a.citation_id, p.given, p.family
                     FROM citation_authors AS a
                     JOIN persons AS p ON p.id = a.person_id
                     JOIN citations AS c ON c.id = a.citation_id
                     JOIN footnotes AS f ON f.id = c.footnote_id
                     WHERE f.document_id = ?1 ORDER BY a.citation_id, a.position",
                )
                .at(db)?;
            let rows = stmt
                .query_map([doc.id], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        Person {
                            given: r.get(1)?,
                            family: r.get(2)?,
                        },
                    ))
                })
                .at(db)?;
            for row in rows {
                let (citation, person) = row.at(db)?;
                authors.entry(citation).or_default().push(person);
            }
            let at: HashMap<i64, usize> = footnotes
                .iter()
                .enumerate()
                .map(|(i, (id, _))| (*id, i))
                .collect();
            let mut stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT {CITATION_COLUMNS}
                     FROM citations AS c
                     JOIN footnotes AS f ON f.id = c.footnote_id
                     LEFT JOIN outlets AS o ON o.id = c.outlet_id
                     WHERE f.document_id = ?1 ORDER BY f.ordinal, c.ordinal"
                ))
                .at(db)?;
            let rows = stmt.query_map([doc.id], citation_of).at(db)?;
            for row in rows {
                let (id, footnote, mut citation) = row.at(db)?;
                citation.authors = authors.remove(&id).unwrap_or_default();
                if let Some((_, f)) = at.get(&footnote).and_then(|&i| footnotes.get_mut(i)) {
                    f.citations.push(citation);
                }
            }
            let callouts: Vec<Callout> = self
                .conn
                .prepare_cached(
                    "SELECT number, label, span_start, span_end FROM callouts
                     WHERE document_id = ?1 ORDER BY ordinal",
                )
                .at(db)?
                .query_map([doc.id], |r| {
                    let start = offset(r.get(2)?);
                    Ok(Callout {
                        number: number(r.get(0)?),
                        label: r.get(1)?,
                        span: Span::new(start, offset(r.get(3)?).max(start)),
                    })
                })
                .at(db)?
                .collect::<Result<_, _>>()
                .at(db)?;
            out.push(Extraction {
                document,
                explicit_callouts: false,
                footnotes: footnotes.into_iter().map(|(_, f)| f).collect(),
                callouts,
            });
        }
        Ok(out)
    }
}
