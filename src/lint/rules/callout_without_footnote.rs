//! IB104 `callout-without-footnote`: a reference to a note that has no body.

use super::common::{calls, quote};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "IB104",
    name: "callout-without-footnote",
    default_severity: Severity::Error,
    summary: "A callout (`Footnote 34`, `[^x]`) refers to a note with no body",
    doc: r#"## What it does

Reports every in-text reference to a note (`Footnote 34`, a superscript, `[^cnn]`) for
which the document has no footnote body with that number or label.

## Why is this bad?

The claim the callout supports has lost its source: the note was deleted, never written,
or dropped when the document was converted. A fact-checker cannot verify it.

## Example

```text
… as Footnote 34 explains, the prisoners were to be released …
```

`Footnote 34` points to footnote 34, which has no body in this document.
"#,
};

/// IB104: see [`META`].
pub struct CalloutWithoutFootnote;

impl Rule for CalloutWithoutFootnote {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            for callout in &ext.callouts {
                if ext.footnotes.iter().any(|note| calls(callout, note)) {
                    continue;
                }
                let written = quote(ext.document.slice(callout.span), 40);
                let note = match callout.number {
                    Some(n) => format!("footnote {n}"),
                    None => format!("footnote [{}]", callout.label),
                };
                let message = if written.is_empty() {
                    format!("a reference points to {note}, which has no body in this document")
                } else {
                    format!("`{written}` points to {note}, which has no body in this document")
                };
                out.push(
                    Finding::new(&META, doc, callout.span, callout.number, message).with_help(
                        "restore the missing note from the original document, or remove the \
                         reference",
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
    fn the_example_reports_34_55_and_56() {
        let exts = [taliban()];
        let (findings, text) = check(&CalloutWithoutFootnote, &exts);
        let notes: Vec<_> = findings.iter().map(|f| f.footnote).collect();
        assert_eq!(notes, vec![Some(34), Some(55), Some(56)]);
        insta::assert_snapshot!(text);
    }

    #[test]
    fn callouts_match_by_number_or_label() {
        let exts = [Fixture::new()
            .explicit_callouts()
            .prose("Claim.")
            .callout("[^1]", "1")
            .prose(" Other claim.")
            .callout("[^cnn]", "cnn")
            .prose(" Lost claim.")
            .callout("[^gone]", "gone")
            .prose("\n\n")
            .note("1", vec![Cite::news("A")])
            .note("cnn", vec![Cite::news("B")])
            .build()];
        let (findings, _) = check(&CalloutWithoutFootnote, &exts);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "`[^gone]` points to footnote [gone], which has no body in this document"
        );
    }
}
