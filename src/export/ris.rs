//! RIS (Research Information Systems), the tagged format Zotero, EndNote, Mendeley and most
//! reference managers import: `TAG  - value` lines, one record per work from `TY` to `ER`.
//!
//! Values are written on one line (any line break inside a value becomes a space); authors
//! are `Family, Given`, one `AU` line each; dates are `DA  - YYYY/MM/DD/` to the known
//! precision plus `PY  - YYYY`.

use super::works::Work;
use crate::model::{CitationKind, DatePrecision};

/// The RIS reference type of a citation kind.
pub fn ris_type(kind: CitationKind) -> &'static str {
    match kind {
        CitationKind::NewsArticle => "NEWS",
        CitationKind::JournalArticle => "JOUR",
        CitationKind::WebPage => "ELEC",
        CitationKind::Book => "BOOK",
        CitationKind::Report => "RPRT",
        CitationKind::Case => "CASE",
        CitationKind::Statute => "STAT",
        CitationKind::Other => "GEN",
    }
}

/// The tag an outlet goes into: the publisher for books and reports, the secondary
/// (container) title for everything else.
fn outlet_tag(kind: CitationKind) -> &'static str {
    match kind {
        CitationKind::Book | CitationKind::Report => "PB",
        _ => "T2",
    }
}

/// `value` on one line, whitespace runs collapsed.
fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn push(out: &mut String, tag: &str, value: &str) {
    let value = one_line(value);
    if value.is_empty() {
        return;
    }
    out.push_str(tag);
    out.push_str("  - ");
    out.push_str(&value);
    out.push('\n');
}

/// `YYYY/MM/DD/`, `YYYY/MM//` or `YYYY///`.
fn ris_date(work: &Work) -> Option<(String, i32)> {
    let date = work.date.as_ref()?;
    let year = date.year?;
    let precision = date.precision.unwrap_or(DatePrecision::Year);
    let month = date
        .month
        .filter(|m| precision >= DatePrecision::Month && (1..=12).contains(m));
    let day = date
        .day
        .filter(|d| month.is_some() && precision >= DatePrecision::Day && (1..=31).contains(d));
    let m = month.map(|m| format!("{m:02}")).unwrap_or_default();
    let d = day.map(|d| format!("{d:02}")).unwrap_or_default();
    Some((format!("{year:04}/{m}/{d}/"), year))
}

/// One work as an RIS record (ending with its `ER` line).
pub fn record(work: &Work, key: &str) -> String {
    let mut out = String::new();
    push(&mut out, "TY", ris_type(work.kind));
    push(&mut out, "ID", key);
    for person in &work.authors {
        let name = match person.given.as_deref().filter(|g| !g.trim().is_empty()) {
            Some(given) => format!("{}, {}", person.family, given),
            None => person.family.clone(),
        };
        push(&mut out, "AU", &name);
    }
    if let Some(title) = &work.title {
        push(&mut out, "TI", title);
    }
    if let Some(outlet) = work.outlet_name() {
        push(&mut out, outlet_tag(work.kind), outlet);
    }
    if let Some((da, year)) = ris_date(work) {
        push(&mut out, "PY", &format!("{year:04}"));
        push(&mut out, "DA", &da);
    }
    if let Some(url) = &work.url {
        push(&mut out, "UR", url);
    }
    if let Some(conflict) = &work.conflict {
        push(&mut out, "N1", conflict);
    }
    out.push_str("ER  - \n");
    out
}

/// Every work as RIS, records in citekey order separated by blank lines.
pub fn render(works: &[Work], keys: &[String]) -> String {
    let mut pairs: Vec<(&String, &Work)> = keys.iter().zip(works).collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::new();
    for (key, work) in pairs {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&record(work, key));
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::export::citekey::assign_keys;
    use crate::export::works::group_works;
    use crate::export::works::tests::{date, extraction, news, outlet, person, sample};

    /// A small, strict RIS reader: every non-blank line must be `TAG  - value`, records
    /// start with `TY` and end with `ER`; returns each record's (tag, value) pairs.
    pub(crate) fn parse(text: &str) -> Result<Vec<Vec<(String, String)>>, String> {
        let mut records = Vec::new();
        let mut current: Option<Vec<(String, String)>> = None;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let (tag, value) = match (line.get(..2), line.get(2..6), line.get(6..)) {
                (Some(tag), Some("  - "), rest) => (tag, rest.unwrap_or("")),
                (Some(tag), Some("  -"), None) => (tag, ""),
                _ => return Err(format!("line {}: not `TAG  - value`: {line:?}", n + 1)),
            };
            if !tag
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            {
                return Err(format!("line {}: bad tag {tag:?}", n + 1));
            }
            match (tag, current.as_mut()) {
                ("TY", None) => current = Some(vec![("TY".into(), value.into())]),
                ("TY", Some(_)) => return Err(format!("line {}: TY inside a record", n + 1)),
                ("ER", Some(_)) => records.extend(current.take()),
                (_, Some(fields)) => fields.push((tag.into(), value.into())),
                (_, None) => return Err(format!("line {}: {tag} outside a record", n + 1)),
            }
        }
        if current.is_some() {
            return Err("unterminated record".into());
        }
        Ok(records)
    }

    fn get<'a>(record: &'a [(String, String)], tag: &str) -> Vec<&'a str> {
        record
            .iter()
            .filter(|(t, _)| t == tag)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    #[test]
    fn the_export_reads_back() {
        let works = group_works(&sample());
        let keys = assign_keys(&works);
        let out = render(&works, &keys);
        let records = parse(&out).expect("parses");
        assert_eq!(records.len(), 2);
        let gearan = &records[0];
        assert_eq!(get(gearan, "TY"), ["NEWS"]);
        assert_eq!(get(gearan, "ID"), ["gearan2020trump"]);
        assert_eq!(get(gearan, "AU"), ["Gearan, Anne"]);
        assert_eq!(get(gearan, "T2"), ["The Washington Post"]);
        assert_eq!(get(gearan, "DA"), ["2020/03//"]);
        let mashal = &records[1];
        assert_eq!(get(mashal, "AU"), ["Mashal, Mujib", "Jakes, Lara"]);
        assert_eq!(get(mashal, "DA"), ["2020/02/11/"]);
        assert_eq!(get(mashal, "PY"), ["2020"]);
        insta::assert_snapshot!("ris", out);
    }

    #[test]
    fn values_stay_on_one_line_and_kinds_map() {
        let mut c = news(
            vec![person("Zoë", "Ñandú")],
            "A title\nbroken  across lines & 50% 🎉",
            outlet("Penguin", None, None),
            Some(date(2019, None, None, "2019")),
        );
        c.kind = CitationKind::Book;
        c.url = Some("https://example.com/a_b?x=1&y=2".into());
        let works = group_works(&[extraction("x", vec![(1, vec![c])])]);
        let keys = assign_keys(&works);
        let records = parse(&render(&works, &keys)).expect("parses");
        let r = &records[0];
        assert_eq!(get(r, "TY"), ["BOOK"]);
        assert_eq!(get(r, "TI"), ["A title broken across lines & 50% 🎉"]);
        assert_eq!(get(r, "PB"), ["Penguin"]);
        assert_eq!(get(r, "AU"), ["Ñandú, Zoë"]);
        assert_eq!(get(r, "DA"), ["2019///"]);
        assert_eq!(get(r, "UR"), ["https://example.com/a_b?x=1&y=2"]);
    }

    #[test]
    fn the_reader_rejects_malformed_input() {
        assert!(parse("TY  - NEWS\nTI  - x\n").is_err());
        assert!(parse("TI  - x\nER  - \n").is_err());
        assert!(parse("TY  - NEWS\nTI - x\nER  - \n").is_err());
    }
}
