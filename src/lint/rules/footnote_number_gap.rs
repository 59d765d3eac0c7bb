//! IB101 `footnote-number-gap`: the numbering of footnotes skips numbers.

use super::common::range;
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};
use crate::model::{Extraction, Footnote};
use std::collections::BTreeMap;

pub static META: RuleMeta = RuleMeta {
    code: "IB101",
    name: "footnote-number-gap",
    default_severity: Severity::Warning,
    summary: "Footnote numbering skips numbers (…16, 49…)",
    doc: r#"## What it does

Sorts a document's numbered footnotes by number and reports every run of missing
numbers: before the first note (when it is not 1) and between consecutive notes. Each gap
is reported once, at the first note after it, with the missing range.

## Why is this bad?

Missing numbers usually mean notes were lost when the document was copied, converted or
flattened into plain text, so some claims have lost their sources. In an excerpt the gap
may be intended; then the finding can be ignored.

## Example

```text
… peace deal: 16 Mujib Mashal & Lara Jakes, Trump gives conditional green light …
… insurgent forces: 49 Anne Gearan, Trump speaks by phone …
```

Footnotes 17–48 are missing between footnote 16 and footnote 49.
"#,
};

/// IB101: see [`META`].
pub struct FootnoteNumberGap;

impl Rule for FootnoteNumberGap {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            check_document(doc, ext, out);
        }
    }
}

fn check_document(doc: usize, ext: &Extraction, out: &mut Vec<Finding>) {
    // The first note carrying each number, in ascending order of number.
    let mut first: BTreeMap<u32, &Footnote> = BTreeMap::new();
    for note in &ext.footnotes {
        if let Some(n) = note.number {
            first.entry(n).or_insert(note);
        }
    }
    let mut previous: Option<u32> = None;
    for (&n, note) in &first {
        let lo = previous.map_or(1, |p| p.saturating_add(1));
        if n > lo {
            let hi = n - 1;
            let what = if lo == hi {
                format!("footnote {lo} is missing")
            } else {
                format!("footnotes {} are missing", range(lo, hi))
            };
            let context = match previous {
                Some(p) => format!("between footnote {p} and footnote {n}"),
                None => format!("before footnote {n}, the lowest-numbered note"),
            };
            let mut called: Vec<u32> = ext
                .callouts
                .iter()
                .filter_map(|c| c.number)
                .filter(|c| (lo..=hi).contains(c))
                .collect();
            called.sort_unstable();
            called.dedup();
            let mut message = format!("{what} {context}");
            if !called.is_empty() {
                let list: Vec<String> = called.iter().map(u32::to_string).collect();
                message.push_str(&format!(
                    " (the text refers to {} in this range)",
                    list.join(", ")
                ));
            }
            out.push(
                Finding::new(&META, doc, note.marker_span, Some(n), message).with_help(
                    "check whether these notes were lost when the document was copied or \
                     flattened; in an excerpt that starts mid-way, the gap is expected",
                ),
            );
        }
        previous = Some(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, taliban, Cite, Fixture};

    #[test]
    fn the_example_reports_every_gap_once() {
        let exts = [taliban()];
        let (findings, text) = check(&FootnoteNumberGap, &exts);
        let notes: Vec<_> = findings.iter().map(|f| f.footnote).collect();
        assert_eq!(notes, vec![Some(12), Some(16), Some(49), Some(58)]);
        assert!(findings[0].message.contains("1–11"));
        assert!(findings[2].message.contains("17–48"));
        assert!(findings[2].message.contains("refers to 34"));
        insta::assert_snapshot!(text);
    }

    #[test]
    fn consecutive_numbers_and_duplicates_are_no_gap() {
        let exts = [Fixture::new()
            .note("1", vec![Cite::news("A")])
            .note("2", vec![Cite::news("B")])
            .note("2", vec![Cite::news("C")])
            .note("3", vec![Cite::news("D")])
            .note("*", vec![Cite::news("E")])
            .build()];
        let (findings, _) = check(&FootnoteNumberGap, &exts);
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn a_single_missing_number_is_named() {
        let exts = [Fixture::new()
            .note("1", vec![Cite::news("A")])
            .note("3", vec![Cite::news("B")])
            .build()];
        let (findings, _) = check(&FootnoteNumberGap, &exts);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "footnote 2 is missing between footnote 1 and footnote 3"
        );
    }
}
