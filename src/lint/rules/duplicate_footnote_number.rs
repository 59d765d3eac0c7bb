//! IB103 `duplicate-footnote-number`: two footnotes share a number.

use super::common::note_name;
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};
use crate::model::Footnote;
use foldhash::{HashMap, HashMapExt};

pub static META: RuleMeta = RuleMeta {
    code: "IB103",
    name: "duplicate-footnote-number",
    default_severity: Severity::Error,
    summary: "Two footnotes share a number (or a label)",
    doc: r#"## What it does

Reports every footnote whose number (or, for named notes such as `[^cnn]`, whose label)
was already used by an earlier footnote of the same document, and says where the first
one is and whether the two bodies are identical.

## Why is this bad?

A callout can only lead to one note. With two notes under one number, one of the sources
is unreachable, or a note was pasted twice and the numbering after it is off by one.

## Example

```text
12 First round of US-Taliban peace talks resurrected in Qatar, Al Jazeera (December 7, 2019)
…
12 Mujib Mashal & Lara Jakes, Trump gives conditional green light …
```

Two footnotes are numbered 12.
"#,
};

/// IB103: see [`META`].
pub struct DuplicateFootnoteNumber;

#[derive(PartialEq, Eq, Hash)]
enum Key<'a> {
    Number(u32),
    Label(&'a str),
}

impl Rule for DuplicateFootnoteNumber {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            let mut seen: HashMap<Key<'_>, &Footnote> = HashMap::with_capacity(ext.footnotes.len());
            for note in &ext.footnotes {
                let key = match note.number {
                    Some(n) => Key::Number(n),
                    None => Key::Label(note.label.as_str()),
                };
                let Some(first) = seen.get(&key) else {
                    seen.insert(key, note);
                    continue;
                };
                let at = ext.document.position(first.marker_span.start);
                let what = match note.number {
                    Some(n) => format!("footnote number {n}"),
                    None => format!("footnote label [{}]", note.label),
                };
                let copy = if first.text.trim() == note.text.trim() {
                    "; the two notes are identical"
                } else {
                    ""
                };
                out.push(
                    Finding::new(
                        &META,
                        doc,
                        note.marker_span,
                        note.number,
                        format!(
                            "{what} is used twice: {} is also at line {}, column {}{copy}",
                            note_name(first),
                            at.line,
                            at.column
                        ),
                    )
                    .with_help(
                        "renumber the notes, or delete this one if the same note was pasted twice",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, taliban, Cite, Fixture};

    #[test]
    fn the_example_has_no_duplicates() {
        assert!(check(&DuplicateFootnoteNumber, &[taliban()]).0.is_empty());
    }

    #[test]
    fn later_copies_are_reported_with_the_first_position() {
        let exts = [Fixture::new()
            .note("12", vec![Cite::news("Al Jazeera (December 7, 2019)")])
            .note("12", vec![Cite::news("N.Y. Times (February 11, 2020)")])
            .note("cnn", vec![Cite::news("CNN (May 12, 2020)")])
            .note("cnn", vec![Cite::news("CNN (May 12, 2020)")])
            .note("13", vec![Cite::news("CNN (May 12, 2020)")])
            .build()];
        let (findings, text) = check(&DuplicateFootnoteNumber, &exts);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].footnote, Some(12));
        assert_eq!(findings[1].footnote, None);
        assert!(findings[1].message.ends_with("identical"));
        assert!(!findings[0].message.ends_with("identical"));
        insta::assert_snapshot!(text);
    }
}
