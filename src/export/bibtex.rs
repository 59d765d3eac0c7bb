//! BibTeX and BibLaTeX through the `biblatex` crate.
//!
//! Field values go in as plain [`Chunk::Normal`] text: the crate escapes LaTeX's special
//! characters (`& % $ # _ { } ~ ^ \`) when it writes them, so nothing is escaped here.
//! Pinpoints are left out: they belong to a citation, not to a bibliography entry.

use super::works::Work;
use super::ExportError;
use crate::model::{CitationKind, DatePrecision};
use biblatex::{Chunk, Entry, EntryType, Spanned};

/// Which dialect to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Bibtex,
    Biblatex,
}

/// `s` as chunks the crate escapes. The crate writes `^` and `~` as `\^` and `\~`, which
/// LaTeX reads as accents on the next character (`\^"` is not `^"`); an empty verbatim
/// chunk after each makes them `\^{}` and `\~{}`, the literal characters.
fn normal(s: &str) -> Vec<Spanned<Chunk>> {
    let mut chunks = Vec::new();
    let mut rest = s;
    while let Some(at) = rest.find(['^', '~']) {
        let (head, tail) = rest.split_at(at + 1);
        chunks.push(Spanned::detached(Chunk::Normal(head.to_string())));
        chunks.push(Spanned::detached(Chunk::Verbatim(String::new())));
        rest = tail;
    }
    if !rest.is_empty() || chunks.is_empty() {
        chunks.push(Spanned::detached(Chunk::Normal(rest.to_string())));
    }
    chunks
}

fn entry_type(kind: CitationKind) -> EntryType {
    match kind {
        CitationKind::NewsArticle | CitationKind::JournalArticle => EntryType::Article,
        CitationKind::WebPage => EntryType::Online,
        CitationKind::Book => EntryType::Book,
        // `to_bibtex_string` writes `@techreport` for this.
        CitationKind::Report => EntryType::Report,
        CitationKind::Case | CitationKind::Statute | CitationKind::Other => EntryType::Misc,
    }
}

/// The container field an outlet goes into, per entry kind.
fn outlet_field(kind: CitationKind) -> &'static str {
    match kind {
        // The crate renames `journaltitle` to `journal` for BibTeX.
        CitationKind::NewsArticle | CitationKind::JournalArticle => "journaltitle",
        CitationKind::WebPage => "organization",
        CitationKind::Book => "publisher",
        CitationKind::Report => "institution",
        CitationKind::Case | CitationKind::Statute | CitationKind::Other => "howpublished",
    }
}

/// `2020-04-24`, `2020-04` or `2020`, to the date's known precision.
fn iso_date(work: &Work) -> Option<String> {
    let date = work.date.as_ref()?;
    let year = date.year?;
    let month = date.month.filter(|m| (1..=12).contains(m));
    let day = date.day.filter(|d| (1..=31).contains(d));
    Some(match (date.precision, month, day) {
        (Some(DatePrecision::Day), Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
        (Some(DatePrecision::Day | DatePrecision::Month), Some(m), _) => {
            format!("{year:04}-{m:02}")
        }
        _ => format!("{year:04}"),
    })
}

/// One work as a `biblatex::Entry`.
pub fn entry(work: &Work, key: &str, dialect: Dialect) -> Entry {
    let mut e = Entry::new(key.to_string(), entry_type(work.kind));
    if !work.authors.is_empty() {
        let people: Vec<biblatex::Person> = work
            .authors
            .iter()
            .map(|p| biblatex::Person {
                name: p.family.clone(),
                given_name: p.given.clone().unwrap_or_default(),
                prefix: String::new(),
                suffix: String::new(),
                id: None,
                prefix_initials: None,
                given_initials: None,
                use_prefix: None,
            })
            .collect();
        e.set_author(people);
    }
    if let Some(title) = &work.title {
        e.set("title", normal(title));
    }
    if let Some(outlet) = work.outlet_name() {
        e.set(outlet_field(work.kind), normal(outlet));
    }
    if work.kind == CitationKind::NewsArticle && dialect == Dialect::Biblatex {
        e.set("entrysubtype", normal("newspaper"));
    }
    if let Some(date) = iso_date(work) {
        // For BibTeX the crate splits `date` into `year`/`month`/`day`.
        e.set("date", normal(&date));
    }
    if let Some(url) = &work.url {
        e.set("url", normal(url));
    }
    if let Some(conflict) = &work.conflict {
        e.set("note", normal(conflict));
    }
    e
}

/// BibTeX's predefined month macros, January first.
const MONTH_MACROS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Classic BibTeX styles print `month` as written, so `{04}` would show as "04": write the
/// predefined macro (`month = apr,`) instead of the crate's numeric field.
fn month_macro(text: &str, work: &Work) -> String {
    let Some(month) = work
        .date
        .as_ref()
        .and_then(|d| d.month)
        .filter(|m| (1..=12).contains(m))
    else {
        return text.to_string();
    };
    let numeric = format!("month = {{{month:02}}},");
    let Some(name) = MONTH_MACROS.get(month as usize - 1) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    let mut done = false;
    for line in text.split_inclusive('\n') {
        if !done && line.trim_end() == numeric {
            out.push_str(&format!("month = {name},"));
            out.push_str(&line[line.trim_end().len()..]);
            done = true;
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The whole bibliography, entries sorted by key and separated by blank lines.
pub fn render(works: &[Work], keys: &[String], dialect: Dialect) -> Result<String, ExportError> {
    let mut entries: Vec<(&String, &Work)> = keys.iter().zip(works).collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::new();
    for (key, work) in entries {
        let e = entry(work, key, dialect);
        let text = match dialect {
            Dialect::Biblatex => e.to_biblatex_string(),
            Dialect::Bibtex => month_macro(
                &e.to_bibtex_string().map_err(|err| ExportError::Bibtex {
                    key: key.clone(),
                    message: err.to_string(),
                })?,
                work,
            ),
        };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&text);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::citekey::assign_keys;
    use crate::export::works::group_works;
    use crate::export::works::tests::{date, extraction, news, outlet, person, sample};
    use biblatex::{Bibliography, ChunksExt};

    fn sample_output(dialect: Dialect) -> String {
        let works = group_works(&sample());
        let keys = assign_keys(&works);
        render(&works, &keys, dialect).expect("renders")
    }

    fn field(bib: &Bibliography, key: &str, name: &str) -> Option<String> {
        bib.get(key)?.get(name).map(|c| c.format_verbatim())
    }

    #[test]
    fn biblatex_round_trips_through_the_parser() {
        let out = sample_output(Dialect::Biblatex);
        let bib = Bibliography::parse(&out).expect("parses");
        assert_eq!(bib.len(), 2, "a work cited twice is exported once");
        let e = bib.get("mashal2020trump").expect("entry");
        assert_eq!(e.entry_type, EntryType::Article);
        let authors = e.author().expect("authors");
        assert_eq!(authors.len(), 2);
        assert_eq!(authors[0].name, "Mashal");
        assert_eq!(authors[0].given_name, "Mujib");
        assert_eq!(authors[1].name, "Jakes");
        assert_eq!(
            field(&bib, "mashal2020trump", "title").as_deref(),
            Some("Trump gives conditional green light to peace deal with Taliban, according to officials")
        );
        assert_eq!(
            field(&bib, "mashal2020trump", "journaltitle").as_deref(),
            Some("The New York Times")
        );
        assert_eq!(
            field(&bib, "mashal2020trump", "entrysubtype").as_deref(),
            Some("newspaper")
        );
        assert_eq!(
            field(&bib, "mashal2020trump", "date").as_deref(),
            Some("2020-02-11")
        );
        assert_eq!(
            field(&bib, "gearan2020trump", "date").as_deref(),
            Some("2020-03")
        );
    }

    #[test]
    fn bibtex_round_trips_with_year_and_month() {
        let out = sample_output(Dialect::Bibtex);
        let bib = Bibliography::parse(&out).expect("parses");
        assert_eq!(bib.len(), 2);
        assert_eq!(
            field(&bib, "gearan2020trump", "journal").as_deref(),
            Some("The Washington Post")
        );
        assert_eq!(
            field(&bib, "gearan2020trump", "year").as_deref(),
            Some("2020")
        );
        // A month macro, which the parser expands to the month's number.
        assert!(out.contains("month = mar,"), "{out}");
        assert!(!out.contains("month = {"), "{out}");
        assert_eq!(
            field(&bib, "gearan2020trump", "month").as_deref(),
            Some("March")
        );
        assert_eq!(field(&bib, "gearan2020trump", "day"), None);
        assert_eq!(field(&bib, "gearan2020trump", "entrysubtype"), None);
        assert!(!out.contains("journaltitle"));
        assert!(!out.contains("date ="));
    }

    #[test]
    fn special_characters_are_escaped_once() {
        let c = news(
            vec![person("Ann", "O'Brien")],
            "Profits & losses: 50% of $5 for #1 in_us",
            outlet("AT&T News", None, None),
            Some(date(2021, None, None, "2021")),
        );
        let works = group_works(&[extraction("x", vec![(1, vec![c])])]);
        let keys = assign_keys(&works);
        for dialect in [Dialect::Bibtex, Dialect::Biblatex] {
            let out = render(&works, &keys, dialect).expect("renders");
            assert!(
                out.contains(r"Profits \& losses: 50\% of \$5 for \#1 in\_us"),
                "{out}"
            );
            assert!(out.contains(r"AT\&T News"), "{out}");
            assert!(!out.contains(r"\\&"), "double escape in {out}");
            let bib = Bibliography::parse(&out).expect("parses");
            let key = &keys[0];
            assert_eq!(
                field(&bib, key, "title").as_deref(),
                Some("Profits & losses: 50% of $5 for #1 in_us")
            );
        }
    }

    #[test]
    fn kinds_map_to_entry_types() {
        let mut web = news(vec![], "A page", outlet("Example", None, None), None);
        web.kind = CitationKind::WebPage;
        web.url = Some("https://example.com/a_b".to_string());
        let mut report = news(vec![], "A report", outlet("RAND", None, None), None);
        report.kind = CitationKind::Report;
        let mut book = news(vec![], "A book", outlet("Penguin", None, None), None);
        book.kind = CitationKind::Book;
        let works = group_works(&[extraction("x", vec![(1, vec![web, report, book])])]);
        let keys = assign_keys(&works);
        let latex = render(&works, &keys, Dialect::Biblatex).expect("renders");
        assert!(latex.contains("@online{"), "{latex}");
        assert!(latex.contains("@report{"), "{latex}");
        assert!(latex.contains("@book{"), "{latex}");
        assert!(latex.contains("url = {https://example.com/a_b}"), "{latex}");
        let tex = render(&works, &keys, Dialect::Bibtex).expect("renders");
        assert!(tex.contains("@techreport{"), "{tex}");
        assert!(tex.contains("@misc{"), "{tex}");
    }

    #[test]
    fn snapshots() {
        insta::assert_snapshot!("bibtex", sample_output(Dialect::Bibtex));
        insta::assert_snapshot!("biblatex", sample_output(Dialect::Biblatex));
    }
}
