//! A faithful, compact cache of a document's [`Extraction`] (everything but the text), so
//! `ibid check --db` can skip extraction and parsing of documents that did not change.
//!
//! The model types derive only `Serialize`, shaped for the JSON output contract (many
//! fields are `#[serde(skip)]`), so the cache goes through mirror structs here that carry
//! every field. The mirrors are built by exhaustive destructuring: adding a field to a
//! model type without adding it here is a compile error, not a silently stale cache.
//!
//! Encoding: [postcard](https://docs.rs/postcard) over the mirrors — a stable, documented,
//! varint-based serde format; a 100-citation document takes a few kilobytes and decodes
//! in microseconds, far cheaper than re-parsing and smaller than JSON — then LZ4 (block
//! format, size prepended). A note's text comes back in its citations' raw text and
//! again in their titles and outlets, so LZ4 shrinks a blob about fourfold at
//! ~1 GB/s: the cache was a third of a scanned corpus's database, and the scan's one
//! writer thread copied every byte of it. Compressing happens on the worker threads.
//!
//! A cache entry is trusted only when its [`CacheKey`] equals the current one: the key
//! names the ibid version, [`CACHE_FORMAT`], the outlet registry in force (built-in list
//! plus the config file) and a forced `--input-format`. Anything else is ignored.

use crate::model::{
    Callout, Citation, CitationKind, DateField, DatePrecision, DateStyle, Document, Extraction,
    Footnote, Format, OutletField, Person, ShortForm, ShortFormKind, ShortFormTarget, Span,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::borrow::Cow;

/// Version of the mirror structs below; bump it whenever their shape changes.
pub const CACHE_FORMAT: u32 = 3;

/// What a cached extraction depends on besides the document's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheKey(String);

impl CacheKey {
    /// The key for this build, the outlet registry built from `config_text` (the bytes of
    /// the config file in force, if any) and a forced input format.
    pub fn new(config_text: Option<&[u8]>, forced: Option<Format>) -> CacheKey {
        let mut h = Sha256::new();
        h.update(include_str!("../../sources/outlets.toml").as_bytes());
        h.update([0u8]);
        if let Some(t) = config_text {
            h.update(t);
        }
        let digest = h.finalize();
        let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
        CacheKey(format!(
            "ibid {} cache {CACHE_FORMAT} registry {hex} input {}",
            env!("CARGO_PKG_VERSION"),
            forced.map_or("auto", Format::as_str),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What [`encode`] reuses from one document to the next on a thread: the postcard bytes,
/// the compressed bytes and LZ4's two hash tables (16-bit entries for an input under
/// 64 KiB, 32-bit above, as `lz4_flex::block::compress_prepend_size` chooses: the same
/// blob, byte for byte). Allocating and zeroing them for every document, and growing the
/// postcard vector by doubling, was about 2% of a scan worker's instructions.
struct Scratch {
    plain: Vec<u8>,
    compressed: Vec<u8>,
    small: lz4_flex::block::CompressTable,
    large: Option<lz4_flex::block::CompressTable>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch {
        plain: Vec::new(),
        compressed: Vec::new(),
        small: lz4_flex::block::CompressTable::small(),
        large: None,
    });
}

/// Encode `ex` (all but its text, path and hash, which the caller has) for the cache:
/// postcard, then an LZ4 block after its size (little-endian u32).
pub fn encode(ex: &Extraction) -> Vec<u8> {
    let mirror = CExtraction::from(ex);
    SCRATCH.with_borrow_mut(|s| {
        s.plain.clear();
        // Serialising plain structs into a Vec cannot fail (no maps with non-string keys,
        // no I/O); an empty blob would simply never decode and be treated as a miss.
        let Ok(plain) = postcard::to_extend(&mirror, std::mem::take(&mut s.plain)) else {
            return Vec::new();
        };
        s.plain = plain;
        let Ok(size) = u32::try_from(s.plain.len()) else {
            return Vec::new();
        };
        let max = lz4_flex::block::get_maximum_output_size(s.plain.len());
        if s.compressed.len() < max {
            s.compressed.resize(max, 0);
        }
        let table = if s.plain.len() < usize::from(u16::MAX) {
            &mut s.small
        } else {
            s.large
                .get_or_insert_with(lz4_flex::block::CompressTable::large)
        };
        let Ok(n) = lz4_flex::block::compress_into_with_table(&s.plain, &mut s.compressed, table)
        else {
            return Vec::new();
        };
        let mut blob = Vec::with_capacity(4 + n);
        blob.extend_from_slice(&size.to_le_bytes());
        blob.extend_from_slice(&s.compressed[..n]);
        // An exceptionally large document's buffers are not kept for the thread's life.
        if s.plain.capacity() > KEPT_SCRATCH {
            s.plain = Vec::new();
            s.compressed = Vec::new();
        }
        blob
    })
}

/// Largest postcard buffer [`encode`] keeps for the next document (bytes).
const KEPT_SCRATCH: usize = 4 << 20;

/// The postcard bytes inside a cache blob; `None` when the blob is not one.
fn decompress(blob: &[u8]) -> Option<Vec<u8>> {
    // The size prefix is trusted for the allocation: refuse one no LZ4 block of this
    // length could expand to (a damaged blob must be a cache miss, not a huge allocation).
    const MAX_RATIO: usize = 255;
    let size = u32::from_le_bytes(blob.get(..4)?.try_into().ok()?) as usize;
    if size > blob.len().saturating_mul(MAX_RATIO) {
        return None;
    }
    lz4_flex::block::decompress_size_prepended(blob).ok()
}

/// Rebuild the extraction of `document` from a cache blob; the document comes back
/// unchanged when the blob does not decode or does not fit it (then the caller extracts
/// afresh).
pub fn decode(blob: &[u8], mut document: Document) -> Result<Extraction, Box<Document>> {
    let Some(plain) = decompress(blob) else {
        return Err(Box::new(document));
    };
    let Ok(m) = postcard::from_bytes::<CExtraction>(&plain) else {
        return Err(Box::new(document));
    };
    if m.format != CFormat::from(document.format) {
        return Err(Box::new(document));
    }
    let invalid_utf8_at = document.invalid_utf8_at;
    document.invalid_utf8_at = m.invalid_utf8_at;
    let len = document.text.len();
    let ex = Extraction {
        document,
        explicit_callouts: m.explicit_callouts,
        footnotes: m.footnotes.into_iter().map(Footnote::from).collect(),
        callouts: m.callouts.into_iter().map(Callout::from).collect(),
    };
    // A blob that points past the text belongs to some other document.
    let fits = ex.footnotes.iter().all(|f| f.span.end <= len)
        && ex.callouts.iter().all(|c| c.span.end <= len);
    if fits {
        Ok(ex)
    } else {
        let mut document = ex.document;
        document.invalid_utf8_at = invalid_utf8_at;
        Err(Box::new(document))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct CSpan(usize, usize);

impl From<Span> for CSpan {
    fn from(s: Span) -> Self {
        CSpan(s.start, s.end)
    }
}
impl From<CSpan> for Span {
    fn from(s: CSpan) -> Self {
        Span {
            start: s.0,
            end: s.1,
        }
    }
}

/// Mirror enums: exhaustive matches both ways.
macro_rules! mirror_enum {
    ($model:ident, $mirror:ident { $($v:ident),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        enum $mirror { $($v),+ }
        impl From<$model> for $mirror {
            fn from(v: $model) -> Self {
                match v { $($model::$v => $mirror::$v),+ }
            }
        }
        impl From<$mirror> for $model {
            fn from(v: $mirror) -> Self {
                match v { $($mirror::$v => $model::$v),+ }
            }
        }
    };
}

mirror_enum!(
    Format,
    CFormat {
        Text,
        Markdown,
        Html,
        Latex,
        Docx
    }
);
mirror_enum!(
    CitationKind,
    CKind {
        NewsArticle,
        JournalArticle,
        Book,
        Report,
        WebPage,
        Case,
        Statute,
        Other
    }
);
mirror_enum!(DatePrecision, CPrecision { Year, Month, Day });
mirror_enum!(
    DateStyle,
    CStyle {
        AbbrevMonthDayYear,
        MonthDayYear,
        DayMonthYear,
        Iso,
        YearMonthDay,
        Numeric,
        Partial,
        Malformed
    }
);
mirror_enum!(
    ShortFormKind,
    CShortKind {
        Id,
        Ibid,
        Supra,
        Hereinafter,
        Short,
        Infra
    }
);

#[derive(Debug, Serialize, Deserialize)]
struct CExtraction<'a> {
    format: CFormat,
    invalid_utf8_at: Option<usize>,
    explicit_callouts: bool,
    footnotes: Vec<CFootnote<'a>>,
    callouts: Vec<CCallout<'a>>,
}

impl<'a> From<&'a Extraction> for CExtraction<'a> {
    fn from(ex: &'a Extraction) -> Self {
        let Extraction {
            document,
            explicit_callouts,
            footnotes,
            callouts,
        } = ex;
        CExtraction {
            format: document.format.into(),
            invalid_utf8_at: document.invalid_utf8_at,
            explicit_callouts: *explicit_callouts,
            footnotes: footnotes.iter().map(CFootnote::from).collect(),
            callouts: callouts.iter().map(CCallout::from).collect(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct CCallout<'a> {
    number: Option<u32>,
    label: Cow<'a, str>,
    span: CSpan,
}

impl<'a> From<&'a Callout> for CCallout<'a> {
    fn from(c: &'a Callout) -> Self {
        let Callout {
            number,
            label,
            span,
        } = c;
        CCallout {
            number: *number,
            label: Cow::Borrowed(label),
            span: (*span).into(),
        }
    }
}
impl From<CCallout<'_>> for Callout {
    fn from(c: CCallout) -> Self {
        Callout {
            number: c.number,
            label: c.label.into_owned(),
            span: c.span.into(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct CFootnote<'a> {
    number: Option<u32>,
    label: Cow<'a, str>,
    span: CSpan,
    marker_span: CSpan,
    text: Cow<'a, str>,
    citations: Vec<CCitation<'a>>,
}

impl<'a> From<&'a Footnote> for CFootnote<'a> {
    fn from(f: &'a Footnote) -> Self {
        let Footnote {
            number,
            label,
            span,
            marker_span,
            text,
            citations,
        } = f;
        CFootnote {
            number: *number,
            label: Cow::Borrowed(label),
            span: (*span).into(),
            marker_span: (*marker_span).into(),
            text: Cow::Borrowed(text),
            citations: citations.iter().map(CCitation::from).collect(),
        }
    }
}
impl From<CFootnote<'_>> for Footnote {
    fn from(f: CFootnote) -> Self {
        Footnote {
            number: f.number,
            label: f.label.into_owned(),
            span: f.span.into(),
            marker_span: f.marker_span.into(),
            text: f.text.into_owned(),
            citations: f.citations.into_iter().map(Citation::from).collect(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct CPerson<'a> {
    given: Option<Cow<'a, str>>,
    family: Cow<'a, str>,
}

#[derive(Debug, Serialize, Deserialize)]
struct COutlet<'a> {
    as_written: Cow<'a, str>,
    id: Option<Cow<'a, str>>,
    name: Option<Cow<'a, str>>,
    span: CSpan,
}

#[derive(Debug, Serialize, Deserialize)]
struct CDate<'a> {
    as_written: Cow<'a, str>,
    iso: Option<Cow<'a, str>>,
    precision: Option<CPrecision>,
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    style: CStyle,
    impossible: bool,
    span: CSpan,
}

#[derive(Debug, Serialize, Deserialize)]
struct CShortForm {
    kind: CShortKind,
    note: Option<u32>,
    resolves_to: Option<(u32, usize)>,
}

#[derive(Debug, Serialize, Deserialize)]
struct CCitation<'a> {
    text: Cow<'a, str>,
    span: CSpan,
    kind: CKind,
    signal: Option<Cow<'a, str>>,
    short_form: Option<CShortForm>,
    authors: Vec<CPerson<'a>>,
    authors_as_written: Option<Cow<'a, str>>,
    title: Option<Cow<'a, str>>,
    outlet: Option<COutlet<'a>>,
    date: Option<CDate<'a>>,
    url: Option<Cow<'a, str>>,
    pinpoint: Option<Cow<'a, str>>,
    dangling_url_marker: Option<CSpan>,
    paragraph_breaks: Vec<CSpan>,
    parsed: bool,
    hereinafter: Option<Cow<'a, str>>,
    supra_note_end: Option<u32>,
}

impl<'a> From<&'a Citation> for CCitation<'a> {
    fn from(c: &'a Citation) -> Self {
        let Citation {
            text,
            span,
            kind,
            signal,
            short_form,
            authors,
            authors_as_written,
            title,
            outlet,
            date,
            url,
            pinpoint,
            dangling_url_marker,
            paragraph_breaks,
            parsed,
            hereinafter,
            supra_note_end,
        } = c;
        CCitation {
            text: Cow::Borrowed(text),
            span: (*span).into(),
            kind: (*kind).into(),
            signal: signal.as_deref().map(Cow::Borrowed),
            short_form: short_form.as_ref().map(|s| {
                let ShortForm {
                    kind,
                    note,
                    resolves_to,
                } = s;
                CShortForm {
                    kind: (*kind).into(),
                    note: *note,
                    resolves_to: resolves_to.map(|t| {
                        let ShortFormTarget { footnote, citation } = t;
                        (footnote, citation)
                    }),
                }
            }),
            authors: authors
                .iter()
                .map(|p| {
                    let Person { given, family } = p;
                    CPerson {
                        given: given.as_deref().map(Cow::Borrowed),
                        family: Cow::Borrowed(family),
                    }
                })
                .collect(),
            authors_as_written: authors_as_written.as_deref().map(Cow::Borrowed),
            title: title.as_deref().map(Cow::Borrowed),
            outlet: outlet.as_ref().map(|o| {
                let OutletField {
                    as_written,
                    id,
                    name,
                    span,
                } = o;
                COutlet {
                    as_written: Cow::Borrowed(as_written),
                    id: id.as_deref().map(Cow::Borrowed),
                    name: name.as_deref().map(Cow::Borrowed),
                    span: (*span).into(),
                }
            }),
            date: date.as_ref().map(|d| {
                let DateField {
                    as_written,
                    iso,
                    precision,
                    year,
                    month,
                    day,
                    style,
                    impossible,
                    span,
                } = d;
                CDate {
                    as_written: Cow::Borrowed(as_written),
                    iso: iso.as_deref().map(Cow::Borrowed),
                    precision: precision.map(Into::into),
                    year: *year,
                    month: *month,
                    day: *day,
                    style: (*style).into(),
                    impossible: *impossible,
                    span: (*span).into(),
                }
            }),
            url: url.as_deref().map(Cow::Borrowed),
            pinpoint: pinpoint.as_deref().map(Cow::Borrowed),
            dangling_url_marker: dangling_url_marker.map(Into::into),
            paragraph_breaks: paragraph_breaks.iter().map(|s| (*s).into()).collect(),
            parsed: *parsed,
            hereinafter: hereinafter.as_deref().map(Cow::Borrowed),
            supra_note_end: *supra_note_end,
        }
    }
}

impl From<CCitation<'_>> for Citation {
    fn from(c: CCitation) -> Self {
        Citation {
            text: c.text.into_owned(),
            span: c.span.into(),
            kind: c.kind.into(),
            signal: c.signal.map(Cow::into_owned),
            short_form: c.short_form.map(|s| ShortForm {
                kind: s.kind.into(),
                note: s.note,
                resolves_to: s
                    .resolves_to
                    .map(|(footnote, citation)| ShortFormTarget { footnote, citation }),
            }),
            authors: c
                .authors
                .into_iter()
                .map(|p| Person {
                    given: p.given.map(Cow::into_owned),
                    family: p.family.into_owned(),
                })
                .collect(),
            authors_as_written: c.authors_as_written.map(Cow::into_owned),
            title: c.title.map(Cow::into_owned),
            outlet: c.outlet.map(|o| OutletField {
                as_written: o.as_written.into_owned(),
                id: o.id.map(Cow::into_owned),
                name: o.name.map(Cow::into_owned),
                span: o.span.into(),
            }),
            date: c.date.map(|d| DateField {
                as_written: d.as_written.into_owned(),
                iso: d.iso.map(Cow::into_owned),
                precision: d.precision.map(Into::into),
                year: d.year,
                month: d.month,
                day: d.day,
                style: d.style.into(),
                impossible: d.impossible,
                span: d.span.into(),
            }),
            url: c.url.map(Cow::into_owned),
            pinpoint: c.pinpoint.map(Cow::into_owned),
            dangling_url_marker: c.dangling_url_marker.map(Into::into),
            paragraph_breaks: c.paragraph_breaks.into_iter().map(Into::into).collect(),
            parsed: c.parsed,
            hereinafter: c.hereinafter.map(Cow::into_owned),
            supra_note_end: c.supra_note_end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Debug output prints every field of every model type (all derive `Debug`), so equal
    /// Debug strings mean equal extractions, skipped-in-JSON fields included.
    fn same(a: &Extraction, b: &Extraction) {
        assert_eq!(format!("{a:#?}"), format!("{b:#?}"));
    }

    fn roundtrip(ex: &Extraction) -> Extraction {
        let blob = encode(ex);
        decode(&blob, ex.document.clone()).expect("decodes")
    }

    fn span() -> impl Strategy<Value = Span> {
        (0usize..50, 0usize..50).prop_map(|(a, b)| Span {
            start: a.min(b),
            end: a.max(b),
        })
    }

    fn opt_str() -> impl Strategy<Value = Option<String>> {
        proptest::option::of("[a-zA-Z .,“”é]{0,12}")
    }

    fn date() -> impl Strategy<Value = DateField> {
        (
            (".{0,10}", opt_str(), proptest::option::of(0u8..3)),
            (
                proptest::option::of(any::<i32>()),
                proptest::option::of(any::<u32>()),
                proptest::option::of(any::<u32>()),
            ),
            (0u8..8, any::<bool>(), span()),
        )
            .prop_map(
                |((as_written, iso, p), (year, month, day), (s, impossible, span))| DateField {
                    as_written,
                    iso,
                    precision: p.map(|p| {
                        [
                            DatePrecision::Year,
                            DatePrecision::Month,
                            DatePrecision::Day,
                        ][p as usize]
                    }),
                    year,
                    month,
                    day,
                    style: [
                        DateStyle::AbbrevMonthDayYear,
                        DateStyle::MonthDayYear,
                        DateStyle::DayMonthYear,
                        DateStyle::Iso,
                        DateStyle::YearMonthDay,
                        DateStyle::Numeric,
                        DateStyle::Partial,
                        DateStyle::Malformed,
                    ][s as usize],
                    impossible,
                    span,
                },
            )
    }

    fn short_form() -> impl Strategy<Value = ShortForm> {
        (
            0..ShortFormKind::ALL.len(),
            proptest::option::of(any::<u32>()),
            proptest::option::of((any::<u32>(), 0usize..1000)),
        )
            .prop_map(|(k, note, t)| ShortForm {
                kind: ShortFormKind::ALL[k],
                note,
                resolves_to: t.map(|(footnote, citation)| ShortFormTarget { footnote, citation }),
            })
    }

    fn citation() -> impl Strategy<Value = Citation> {
        (
            (
                ".{0,20}",
                span(),
                0u8..8,
                opt_str(),
                proptest::option::of(short_form()),
            ),
            (
                proptest::collection::vec((opt_str(), "[A-Z][a-z]{0,8}"), 0..3),
                opt_str(),
                opt_str(),
                proptest::option::of((".{0,8}", opt_str(), opt_str(), span())),
                proptest::option::of(date()),
            ),
            (
                opt_str(),
                opt_str(),
                proptest::option::of(span()),
                proptest::collection::vec(span(), 0..3),
                any::<bool>(),
                opt_str(),
                proptest::option::of(any::<u32>()),
            ),
        )
            .prop_map(
                |(
                    (text, span, kind, signal, short_form),
                    (authors, authors_as_written, title, outlet, date),
                    (
                        url,
                        pinpoint,
                        dangling_url_marker,
                        paragraph_breaks,
                        parsed,
                        hereinafter,
                        supra_note_end,
                    ),
                )| Citation {
                    text,
                    span,
                    kind: [
                        CitationKind::NewsArticle,
                        CitationKind::JournalArticle,
                        CitationKind::Book,
                        CitationKind::Report,
                        CitationKind::WebPage,
                        CitationKind::Case,
                        CitationKind::Statute,
                        CitationKind::Other,
                    ][kind as usize],
                    signal,
                    short_form,
                    authors: authors
                        .into_iter()
                        .map(|(given, family)| Person { given, family })
                        .collect(),
                    authors_as_written,
                    title,
                    outlet: outlet.map(|(as_written, id, name, span)| OutletField {
                        as_written,
                        id,
                        name,
                        span,
                    }),
                    date,
                    url,
                    pinpoint,
                    dangling_url_marker,
                    paragraph_breaks,
                    parsed,
                    hereinafter,
                    supra_note_end,
                },
            )
    }

    fn extraction() -> impl Strategy<Value = Extraction> {
        let footnote = (
            proptest::option::of(any::<u32>()),
            "[0-9*a-z]{1,4}",
            span(),
            span(),
            ".{0,30}",
            proptest::collection::vec(citation(), 0..4),
        )
            .prop_map(
                |(number, label, span, marker_span, text, citations)| Footnote {
                    number,
                    label,
                    span,
                    marker_span,
                    text,
                    citations,
                },
            );
        let callout = (proptest::option::of(any::<u32>()), "[0-9]{1,3}", span()).prop_map(
            |(number, label, span)| Callout {
                number,
                label,
                span,
            },
        );
        (
            0u8..5,
            proptest::option::of(0usize..50),
            any::<bool>(),
            proptest::collection::vec(footnote, 0..5),
            proptest::collection::vec(callout, 0..5),
        )
            .prop_map(|(f, invalid, explicit_callouts, footnotes, callouts)| {
                let format = [
                    Format::Text,
                    Format::Markdown,
                    Format::Html,
                    Format::Latex,
                    Format::Docx,
                ][f as usize];
                let mut document =
                    Document::new("a/b.txt", format, "x".repeat(50), "ab12".to_string());
                document.invalid_utf8_at = invalid;
                Extraction {
                    document,
                    explicit_callouts,
                    footnotes,
                    callouts,
                }
            })
    }

    proptest! {
        #[test]
        fn every_field_survives_the_cache(ex in extraction()) {
            let back = roundtrip(&ex);
            prop_assert_eq!(format!("{ex:#?}"), format!("{back:#?}"));
        }
    }

    #[test]
    fn real_extractions_survive_the_cache() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut seen = 0;
        let mut citations = 0;
        let entries = ["tests/fixtures", "sources/examples", "tests/data"]
            .iter()
            .flat_map(|d| std::fs::read_dir(format!("{root}/{d}")).unwrap());
        for entry in entries {
            let path = entry.unwrap().path();
            if !path.is_file() {
                continue;
            }
            let Ok(doc) = crate::read::read_path(&path.to_string_lossy(), None) else {
                continue;
            };
            let ex = crate::extract::extract(doc, crate::outlets::Registry::builtin());
            citations += ex.citation_count();
            same(&ex, &roundtrip(&ex));
            seen += 1;
        }
        assert!(
            seen >= 5 && citations >= 20,
            "{seen} files, {citations} citations"
        );
    }

    #[test]
    fn a_blob_for_another_document_or_format_is_refused() {
        let doc = Document::new("a.md", Format::Markdown, "[^1]: Note.".into(), "h".into());
        let ex = crate::extract::extract(doc, crate::outlets::Registry::builtin());
        assert_eq!(ex.footnotes.len(), 1);
        let blob = encode(&ex);
        let shorter = Document::new("a.md", Format::Markdown, "x".into(), "h".into());
        assert_eq!(decode(&blob, shorter).unwrap_err().text, "x");
        let as_text = Document::new("a.md", Format::Text, "[^1]: Note.".into(), "h".into());
        assert!(decode(&blob, as_text).is_err());
        assert!(decode(b"\xff\xff\xff", ex.document.clone()).is_err());
        assert!(decode(&blob[..blob.len() / 2], ex.document.clone()).is_err());
    }

    #[test]
    fn a_damaged_or_uncompressed_blob_is_a_miss_not_a_huge_allocation() {
        let doc = Document::new(
            "a.txt",
            Format::Text,
            "Text.\n\n1 Jane Roe, Harbour News, N.Y. Times (Jan. 2, 2020).\n".into(),
            "h".into(),
        );
        let ex = crate::extract::extract(doc, crate::outlets::Registry::builtin());
        // A version-1 blob: postcard alone.
        let plain = postcard::to_allocvec(&CExtraction::from(&ex)).unwrap();
        assert!(decode(&plain, ex.document.clone()).is_err());
        // A size prefix no block of this length can expand to.
        let mut blob = encode(&ex);
        blob[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&blob, ex.document.clone()).is_err());
        assert!(decode(&[], ex.document.clone()).is_err());
    }

    #[test]
    fn the_cache_is_compressed() {
        let root = env!("CARGO_MANIFEST_DIR");
        let path = format!("{root}/sources/examples/us-taliban-agreement.txt");
        let doc = crate::read::read_path(&path, None).unwrap();
        let ex = crate::extract::extract(doc, crate::outlets::Registry::builtin());
        let plain = postcard::to_allocvec(&CExtraction::from(&ex)).unwrap();
        let blob = encode(&ex);
        assert!(
            blob.len() * 2 < plain.len(),
            "{} bytes compressed, {} plain",
            blob.len(),
            plain.len()
        );
    }

    #[test]
    fn keys_differ_by_config_and_forced_format() {
        let a = CacheKey::new(None, None);
        assert_eq!(a, CacheKey::new(None, None));
        assert!(a.as_str().contains(env!("CARGO_PKG_VERSION")));
        assert_ne!(a, CacheKey::new(Some(b"[rules]"), None));
        assert_ne!(a, CacheKey::new(None, Some(Format::Text)));
    }

    #[test]
    fn encode_gives_lz4_flex_s_own_blob_for_small_and_large_extractions() {
        let reference = |ex: &Extraction| {
            let plain = postcard::to_allocvec(&CExtraction::from(ex)).unwrap();
            lz4_flex::block::compress_prepend_size(&plain)
        };
        // Under and over 64 KiB of postcard (the two LZ4 tables), the small one again
        // after the large one (a reused table), and the large one twice.
        use crate::{extract::extract, outlets::Registry, read::document_from_bytes};
        let small = extract(
            document_from_bytes(
                "a.md",
                b"Text.[^1]\n\n[^1]: Jane Roe, A Title, N.Y. Times (Apr. 24, 2020).\n",
                None,
            )
            .unwrap(),
            Registry::builtin(),
        );
        let mut text = String::new();
        for i in 1..=1500 {
            text.push_str(&format!("Claim {i}.[^{i}]\n\n"));
        }
        for i in 1..=1500 {
            text.push_str(&format!(
                "[^{i}]: Writer {i}, Title number {i}, Wash. Post (May {}, 2020), https://example.com/{i}.\n",
                i % 28 + 1
            ));
        }
        let large = extract(
            document_from_bytes("b.md", text.as_bytes(), None).unwrap(),
            Registry::builtin(),
        );
        assert!(
            postcard::to_allocvec(&CExtraction::from(&large))
                .unwrap()
                .len()
                > 1 << 16
        );
        for ex in [&small, &large, &small, &large, &large] {
            assert_eq!(encode(ex), reference(ex));
        }
    }
}
