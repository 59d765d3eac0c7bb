//! A hand-built extraction and findings shared by the report tests.
//!
//! Line 2 has multi-byte characters and a tab before its spans (columns count
//! characters); line 3 is 3,000+ characters long (the renderer must window it); the
//! `*` note runs over a blank line (a multi-line span).

use crate::lint::{Finding, Severity};
use crate::model::{
    Callout, Citation, CitationKind, DateField, DatePrecision, DateStyle, Document, Extraction,
    Footnote, Format, OutletField, Person, ShortForm, ShortFormKind, ShortFormTarget, Span,
};

pub fn text() -> String {
    let filler = "x".repeat(1500);
    format!(
        "Intro with a callout Footnote 3 here and [^note].\n\
         Café\t“quoted” 1 See Jane Doe, A Title, N.Y. Times (Apr. 24, 2020).\n\
         {filler} 2 Wash. (4, 2020), at; Doe, supra note 1, at 5. {filler}\n\
         * Mujib Mashal, Split title, N.Y.\n\
         \n\
         Times (May 2020). Prose resumes.\n"
    )
}

/// Byte span of the `nth` (0-based) occurrence of `needle` in `text`.
pub fn find(text: &str, needle: &str, nth: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("fixture text lacks {needle:?}"));
    Span {
        start,
        end: start + needle.len(),
    }
}

fn person(given: Option<&str>, family: &str) -> Person {
    Person {
        given: given.map(str::to_string),
        family: family.to_string(),
    }
}

fn outlet(text: &str, written: &str, known: Option<(&str, &str)>) -> OutletField {
    OutletField {
        as_written: written.to_string(),
        id: known.map(|k| k.0.to_string()),
        name: known.map(|k| k.1.to_string()),
        span: find(text, written, 0),
    }
}

fn date(
    text: &str,
    written: &str,
    iso: Option<&str>,
    precision: Option<DatePrecision>,
    style: DateStyle,
) -> DateField {
    DateField {
        as_written: written.to_string(),
        iso: iso.map(str::to_string),
        precision,
        year: None,
        month: None,
        day: None,
        style,
        impossible: false,
        span: find(text, written, 0),
    }
}

fn citation(text: &str, written: &str) -> Citation {
    let mut c = Citation::unparsed(written.to_string(), find(text, written, 0));
    c.parsed = true;
    c
}

pub fn extraction() -> Extraction {
    let text = text();
    let t = text.as_str();

    let mut c1 = citation(t, "See Jane Doe, A Title, N.Y. Times (Apr. 24, 2020)");
    c1.kind = CitationKind::NewsArticle;
    c1.signal = Some("See".into());
    c1.authors = vec![person(Some("Jane"), "Doe")];
    c1.title = Some("A Title".into());
    c1.outlet = Some(outlet(
        t,
        "N.Y. Times",
        Some(("new-york-times", "The New York Times")),
    ));
    c1.date = Some(date(
        t,
        "Apr. 24, 2020",
        Some("2020-04-24"),
        Some(DatePrecision::Day),
        DateStyle::AbbrevMonthDayYear,
    ));

    let mut c2 = citation(t, "Wash. (4, 2020), at");
    c2.kind = CitationKind::NewsArticle;
    c2.outlet = Some(outlet(t, "Wash.", None));
    c2.date = Some(DateField {
        // The first `4, 2020` is inside `Apr. 24, 2020`.
        span: find(t, "4, 2020", 1),
        ..date(t, "4, 2020", None, None, DateStyle::Malformed)
    });

    let mut c3 = citation(t, "Doe, supra note 1, at 5");
    c3.authors = vec![person(None, "Doe")];
    c3.pinpoint = Some("5".into());
    c3.short_form = Some(ShortForm {
        kind: ShortFormKind::Supra,
        note: Some(1),
        resolves_to: Some(ShortFormTarget {
            footnote: 1,
            citation: 0,
        }),
    });

    let mut c4 = citation(t, "Mujib Mashal, Split title, N.Y.\n\nTimes (May 2020)");
    c4.kind = CitationKind::NewsArticle;
    c4.authors = vec![person(Some("Mujib"), "Mashal")];
    c4.title = Some("Split title".into());
    c4.outlet = Some(OutletField {
        as_written: "N.Y. Times".into(),
        id: Some("new-york-times".into()),
        name: Some("The New York Times".into()),
        span: find(t, "N.Y.\n\nTimes", 0),
    });
    c4.date = Some(date(
        t,
        "May 2020",
        Some("2020-05"),
        Some(DatePrecision::Month),
        DateStyle::Partial,
    ));
    c4.url = Some("https://example.com/a".into());

    let note1 = find(t, "1 See", 0);
    let note2 = find(t, " 2 Wash.", 0);
    let star = find(t, "* Mujib", 0);
    let footnotes = vec![
        Footnote {
            number: Some(1),
            label: "1".into(),
            span: Span {
                start: note1.start,
                end: find(t, "2020).", 0).end,
            },
            marker_span: Span {
                start: note1.start,
                end: note1.start + 1,
            },
            text: "See Jane Doe, A Title, N.Y. Times (Apr. 24, 2020).".into(),
            citations: vec![c1],
        },
        Footnote {
            number: Some(2),
            label: "2".into(),
            span: Span {
                start: note2.start + 1,
                end: find(t, "at 5.", 0).end,
            },
            marker_span: Span {
                start: note2.start + 1,
                end: note2.start + 2,
            },
            text: "Wash. (4, 2020), at; Doe, supra note 1, at 5.".into(),
            citations: vec![c2, c3],
        },
        Footnote {
            number: None,
            label: "*".into(),
            span: Span {
                start: star.start,
                end: find(t, "(May 2020).", 0).end,
            },
            marker_span: Span {
                start: star.start,
                end: star.start + 1,
            },
            text: "Mujib Mashal, Split title, N.Y.\n\nTimes (May 2020).".into(),
            citations: vec![c4],
        },
    ];
    let callouts = vec![
        Callout {
            number: Some(3),
            label: "3".into(),
            span: find(t, "Footnote 3", 0),
        },
        Callout {
            number: None,
            label: "note".into(),
            span: find(t, "[^note]", 0),
        },
    ];
    Extraction {
        document: Document::new("docs/sample.txt", Format::Text, text.clone(), "00".into()),
        explicit_callouts: false,
        footnotes,
        callouts,
    }
}

fn finding(
    code: &'static str,
    rule: &'static str,
    severity: Severity,
    span: Span,
    footnote: Option<u32>,
    message: &str,
    help: Option<&str>,
) -> Finding {
    Finding {
        document: 0,
        code,
        rule,
        severity,
        span,
        footnote,
        message: message.into(),
        help: help.map(str::to_string),
    }
}

pub fn findings(t: &str) -> Vec<Finding> {
    let at = find(t, ", at;", 0);
    vec![
        finding(
            "IB104",
            "callout-without-footnote",
            Severity::Error,
            find(t, "Footnote 3", 0),
            Some(3),
            "`Footnote 3` is called but has no body",
            None,
        ),
        finding(
            "IB301",
            "inconsistent-outlet-name",
            Severity::Warning,
            find(t, "N.Y. Times", 0),
            Some(1),
            "The New York Times is written 2 ways",
            Some("write it as `N.Y. Times` everywhere"),
        ),
        finding(
            "IB202",
            "incomplete-date",
            Severity::Warning,
            find(t, "4, 2020", 1),
            Some(2),
            "date `4, 2020` lacks a month",
            Some("restore the month, e.g. `Mar. 4, 2020`"),
        ),
        finding(
            "IB203",
            "missing-url",
            Severity::Warning,
            Span {
                start: at.start + 4,
                end: at.start + 4,
            },
            Some(2),
            "online source without a URL (dangling `at`)",
            None,
        ),
        finding(
            "IB106",
            "citation-split-across-paragraphs",
            Severity::Warning,
            find(t, "N.Y.\n\nTimes", 0),
            None,
            "citation runs over a blank line",
            Some("join `N.Y.` and `Times`"),
        ),
        finding(
            "IB204",
            "missing-author",
            Severity::Info,
            find(t, "Wash. (4, 2020), at", 0),
            Some(2),
            "no author",
            None,
        ),
    ]
}

/// The extraction (one document) and its findings.
pub fn sample() -> (Vec<Extraction>, Vec<Finding>) {
    let extraction = extraction();
    let findings = findings(&extraction.document.text);
    (vec![extraction], findings)
}
