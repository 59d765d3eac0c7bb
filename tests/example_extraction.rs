//! The first acceptance test: the flattened law-review example extracts exactly as
//! `../shared/examples/us-taliban-agreement.expected.md` describes.

use ibid::extract::extract;
use ibid::model::{DatePrecision, DateStyle, Extraction};
use ibid::outlets::Registry;
use ibid::read::read_path;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sources/examples/us-taliban-agreement.txt"
);

fn example() -> Extraction {
    let doc = read_path(EXAMPLE, None).expect("example is readable");
    extract(doc, Registry::builtin())
}

fn names(c: &ibid::model::Citation) -> Vec<String> {
    c.authors.iter().map(|p| p.display()).collect()
}

#[test]
fn four_footnotes_in_document_order_with_seven_citations() {
    let ex = example();
    let numbers: Vec<_> = ex.footnotes.iter().map(|f| f.number).collect();
    assert_eq!(numbers, [Some(58), Some(12), Some(16), Some(49)]);
    let per_note: Vec<_> = ex.footnotes.iter().map(|f| f.citations.len()).collect();
    assert_eq!(per_note, [3, 1, 1, 2]);
}

#[test]
fn footnote_58_fields() {
    let ex = example();
    let f = &ex.footnotes[0];
    let c = &f.citations;
    assert_eq!(names(&c[0]), ["Mujib Mashal"]);
    assert_eq!(
        c[0].title.as_deref(),
        Some("Taliban intensify attacks even as the coronavirus spreads in Afghanistan")
    );
    let o = c[0].outlet.as_ref().expect("outlet");
    assert_eq!(o.as_written, "N.Y. Times");
    assert_eq!(o.id.as_deref(), Some("new-york-times"));
    assert_eq!(o.name.as_deref(), Some("The New York Times"));
    let d = c[0].date.as_ref().expect("date");
    assert_eq!(
        (d.iso.as_deref(), d.precision),
        (Some("2020-04-24"), Some(DatePrecision::Day))
    );
    assert_eq!(d.as_written, "Apr. 24, 2020");
    assert!(
        c[0].text.contains("N.Y.\n\nTimes"),
        "the citation runs over the blank line"
    );
    assert_eq!(c[0].paragraph_breaks.len(), 1);
    assert_eq!(c[0].url, None);

    assert_eq!(names(&c[1]), ["Susannah George"]);
    assert_eq!(
        c[1].title.as_deref(),
        Some("Civilian casualties in Afghanistan rise after U.S.-Taliban deal")
    );
    let o = c[1].outlet.as_ref().expect("outlet");
    assert_eq!(o.as_written, "Wash. Swiss Post");
    assert_eq!(o.id, None, "a garbled outlet must not resolve silently");
    let d = c[1].date.as_ref().expect("date");
    assert_eq!(
        (d.iso.as_deref(), d.style),
        (Some("2020-05-19"), DateStyle::DayMonthYear)
    );

    assert_eq!(c[2].signal.as_deref(), Some("See"));
    assert_eq!(names(&c[2]), ["Ryan Browne", "Kylie Atwood"]);
    assert!(c[2]
        .title
        .as_deref()
        .is_some_and(|t| t.starts_with("Afghan President Orders Resumption")));
    assert_eq!(
        c[2].outlet.as_ref().and_then(|o| o.id.as_deref()),
        Some("cnn")
    );
    assert_eq!(
        c[2].date.as_ref().and_then(|d| d.iso.as_deref()),
        Some("2020-05-12")
    );

    // the explanatory sentence is footnote text, not a citation; prose resumes after CNN
    assert!(f.text.contains("Tensions were exacerbated"));
    assert!(!f.text.contains("These tensions between"));
    assert!(c.iter().all(|c| !c.text.contains("Tensions were")));
}

#[test]
fn footnotes_12_16_49_fields() {
    let ex = example();
    let c12 = &ex.footnotes[1].citations[0];
    assert!(c12.authors.is_empty());
    assert_eq!(
        c12.title.as_deref(),
        Some("First round of US-Taliban peace talks resurrected in Qatar")
    );
    assert_eq!(
        c12.outlet.as_ref().and_then(|o| o.name.as_deref()),
        Some("Al Jazeera")
    );
    assert_eq!(
        c12.date.as_ref().and_then(|d| d.iso.as_deref()),
        Some("2019-12-07")
    );

    let c16 = &ex.footnotes[2].citations[0];
    assert_eq!(names(c16), ["Mujib Mashal", "Lara Jakes"]);
    assert_eq!(
        c16.title.as_deref(),
        Some("Trump gives conditional green light to peace deal with Taliban, according to officials")
    );
    assert_eq!(
        c16.date.as_ref().and_then(|d| d.iso.as_deref()),
        Some("2020-02-11")
    );
    assert!(
        c16.dangling_url_marker.is_some(),
        "the dangling `at` is remembered"
    );

    let c49 = &ex.footnotes[3].citations;
    assert_eq!(names(&c49[0]), ["Anne Gearan"]);
    assert!(c49[0]
        .title
        .as_deref()
        .is_some_and(|t| t.contains("senior Taliban leader, in first between U.S. president")));
    assert_eq!(
        c49[0].outlet.as_ref().map(|o| o.as_written.as_str()),
        Some("Washington Post")
    );
    assert_eq!(
        c49[0].outlet.as_ref().and_then(|o| o.id.as_deref()),
        Some("washington-post")
    );
    assert_eq!(
        c49[0].date.as_ref().and_then(|d| d.iso.as_deref()),
        Some("2020-03-03")
    );

    assert_eq!(names(&c49[1]), ["Susannah George"]);
    assert_eq!(
        c49[1].outlet.as_ref().map(|o| o.as_written.as_str()),
        Some("Wash.")
    );
    let d = c49[1]
        .date
        .as_ref()
        .expect("a truncated date is still a date");
    assert_eq!(
        (d.iso.as_deref(), d.precision, d.style),
        (
            Some("2020"),
            Some(DatePrecision::Year),
            DateStyle::Malformed
        )
    );
    assert!(ex.footnotes[3].text.ends_with("4, 2020), at"));
}

#[test]
fn three_callouts_without_bodies() {
    let ex = example();
    let callouts: Vec<_> = ex.callouts.iter().map(|c| c.number).collect();
    assert_eq!(callouts, [Some(34), Some(55), Some(56)]);
}

#[test]
fn no_url_survived_anywhere() {
    let ex = example();
    assert!(ex
        .footnotes
        .iter()
        .flat_map(|f| &f.citations)
        .all(|c| c.url.is_none()));
}

#[test]
fn prose_numbers_are_never_footnotes() {
    let ex = example();
    let text = &ex.document.text;
    for prose in [
        "5,000",
        "1,000",
        "13,000",
        "8,600",
        "135 days",
        "14 months",
        "29 September",
        "five military bases",
    ] {
        let at = text.find(prose).expect("prose number present");
        for f in &ex.footnotes {
            assert!(
                !(f.marker_span.start <= at && at < f.marker_span.end),
                "`{prose}` was taken for the marker of footnote {:?}",
                f.number
            );
        }
    }
    // and no footnote number other than the four real ones
    assert!(ex
        .footnotes
        .iter()
        .all(|f| matches!(f.number, Some(58 | 12 | 16 | 49))));
}

#[test]
fn positions_point_at_the_first_character() {
    let ex = example();
    let f58 = &ex.footnotes[0];
    let pos = ex.document.position(f58.marker_span.start);
    assert_eq!(pos.line, 1);
    assert_eq!(
        &ex.document.text[f58.marker_span.start..f58.marker_span.end],
        "58"
    );
    let c = &f58.citations[0];
    assert!(ex.document.text[c.span.start..].starts_with("Mujib Mashal"));
    let f49 = &ex.footnotes[3];
    assert_eq!(
        ex.document.position(f49.marker_span.start),
        ibid::model::Position { line: 7, column: 1 }
    );
}
