//! IB105 `footnote-without-callout`: a note body that nothing in the text refers to.

use super::common::{calls, note_name};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "IB105",
    name: "footnote-without-callout",
    default_severity: Severity::Warning,
    summary: "A footnote body is never referred to in the text",
    doc: r#"## What it does

In formats that mark callouts explicitly (Markdown `[^1]`, DOCX, HTML, LaTeX), reports
every footnote body that no callout in the text refers to. Plain text, where callouts
cannot be told apart from other numbers, is not checked.

## Why is this bad?

An orphan note supports nothing: its callout was deleted with the sentence it belonged
to, or points at the wrong label. Either the note is dead weight or a claim has lost its
source.

## Example

```markdown
The deal was signed in Doha.

[^1]: Mujib Mashal, Taliban intensify attacks …, N.Y. Times (Apr. 24, 2020).
```

Footnote 1 is never referred to in the text.
"#,
};

/// IB105: see [`META`].
pub struct FootnoteWithoutCallout;

impl Rule for FootnoteWithoutCallout {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            if !ext.explicit_callouts {
                continue;
            }
            for note in &ext.footnotes {
                if ext.callouts.iter().any(|c| calls(c, note)) {
                    continue;
                }
                out.push(
                    Finding::new(
                        &META,
                        doc,
                        note.marker_span,
                        note.number,
                        format!("{} is never referred to in the text", note_name(note)),
                    )
                    .with_help(
                        "add the reference where the note belongs, or delete the note if it is \
                         no longer needed",
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

    fn fixture(explicit: bool) -> crate::model::Extraction {
        let f = Fixture::new()
            .prose("Claim.")
            .callout("[^1]", "1")
            .prose("\n\n")
            .note("1", vec![Cite::news("A")])
            .note("2", vec![Cite::news("B")])
            .note("cnn", vec![Cite::news("C")]);
        if explicit {
            f.explicit_callouts().build()
        } else {
            f.build()
        }
    }

    #[test]
    fn uncalled_notes_are_reported_when_callouts_are_explicit() {
        let exts = [fixture(true)];
        let (findings, text) = check(&FootnoteWithoutCallout, &exts);
        assert_eq!(findings.len(), 2);
        assert_eq!(
            findings[0].message,
            "footnote 2 is never referred to in the text"
        );
        insta::assert_snapshot!(text);
    }

    #[test]
    fn formats_without_explicit_callouts_are_skipped() {
        assert!(check(&FootnoteWithoutCallout, &[fixture(false)])
            .0
            .is_empty());
        assert!(check(&FootnoteWithoutCallout, &[taliban()]).0.is_empty());
    }
}
