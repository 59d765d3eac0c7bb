//! IB102 `footnote-out-of-order`: a lower footnote number follows a higher one.

use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};
use crate::model::Footnote;

pub static META: RuleMeta = RuleMeta {
    code: "IB102",
    name: "footnote-out-of-order",
    default_severity: Severity::Warning,
    summary: "A footnote number is lower than the one before it (58 then 12)",
    doc: r#"## What it does

Walks a document's numbered footnotes in document order and reports each note whose
number is lower than the number of the note just before it.

## Why is this bad?

Footnotes are numbered in reading order. A descent means passages were moved, notes were
renumbered by hand, or the extractor picked up a number that is not a note; in each case
a reader following the numbers will land on the wrong source.

## Example

```text
… peace deal: 58 Mujib Mashal, Taliban intensify attacks …
… in Qatar: 12 First round of US-Taliban peace talks resurrected in Qatar, Al Jazeera …
```

Footnote 12 comes after footnote 58.
"#,
};

/// IB102: see [`META`].
pub struct FootnoteOutOfOrder;

impl Rule for FootnoteOutOfOrder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            let mut previous: Option<(u32, &Footnote)> = None;
            for note in &ext.footnotes {
                let Some(n) = note.number else { continue };
                if let Some((p, prev)) = previous {
                    if n < p {
                        let at = ext.document.position(prev.marker_span.start);
                        out.push(
                            Finding::new(
                                &META,
                                doc,
                                note.marker_span,
                                Some(n),
                                format!(
                                    "footnote {n} comes after footnote {p} (line {}, column {}); \
                                     numbers should increase through the document",
                                    at.line, at.column
                                ),
                            )
                            .with_help(
                                "check whether this passage was moved or the notes were \
                                 renumbered by hand",
                            ),
                        );
                    }
                }
                previous = Some((n, note));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, taliban, Cite, Fixture};

    #[test]
    fn the_example_reports_12_after_58_only() {
        let exts = [taliban()];
        let (findings, text) = check(&FootnoteOutOfOrder, &exts);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].footnote, Some(12));
        insta::assert_snapshot!(text);
    }

    #[test]
    fn ascending_and_equal_numbers_pass_and_labels_are_skipped() {
        let exts = [Fixture::new()
            .note("1", vec![Cite::news("A")])
            .note("x", vec![Cite::news("B")])
            .note("2", vec![Cite::news("C")])
            .note("2", vec![Cite::news("D")])
            .build()];
        assert!(check(&FootnoteOutOfOrder, &exts).0.is_empty());
    }

    #[test]
    fn each_descent_is_reported() {
        let exts = [Fixture::new()
            .note("3", vec![Cite::news("A")])
            .note("1", vec![Cite::news("B")])
            .note("4", vec![Cite::news("C")])
            .note("2", vec![Cite::news("D")])
            .build()];
        let notes: Vec<_> = check(&FootnoteOutOfOrder, &exts)
            .0
            .iter()
            .map(|f| f.footnote)
            .collect();
        assert_eq!(notes, vec![Some(1), Some(2)]);
    }
}
