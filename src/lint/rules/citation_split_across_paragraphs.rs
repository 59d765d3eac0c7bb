//! IB106 `citation-split-across-paragraphs`: a citation runs over a blank line.

use super::common::note_name;
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "IB106",
    name: "citation-split-across-paragraphs",
    default_severity: Severity::Warning,
    summary: "A citation runs over a paragraph break (`N.Y.` / `Times`)",
    doc: r#"## What it does

Reports every blank line that falls inside a citation, naming the words on either side.

## Why is this bad?

A citation never spans paragraphs. The break is an artefact of flattening footnotes into
the running text or of a bad conversion; it splits outlet names and titles, so the
citation is misread by people and tools alike.

## Example

```text
58 Mujib Mashal, Taliban intensify attacks even as the coronavirus spreads in Afghanistan, N.Y.

Times (Apr. 24, 2020)
```

The citation runs over a paragraph break between `N.Y.` and `Times`.
"#,
};

/// IB106: see [`META`].
pub struct CitationSplitAcrossParagraphs;

impl Rule for CitationSplitAcrossParagraphs {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            let text = ext.document.text.as_str();
            for note in &ext.footnotes {
                for citation in &note.citations {
                    for brk in &citation.paragraph_breaks {
                        let before = text
                            .get(citation.span.start..brk.start)
                            .and_then(|s| s.split_whitespace().next_back())
                            .unwrap_or("");
                        let after = text
                            .get(brk.end..citation.span.end)
                            .and_then(|s| s.split_whitespace().next())
                            .unwrap_or("");
                        let mut message = format!(
                            "{}: the citation runs over a paragraph break",
                            note_name(note)
                        );
                        if !before.is_empty() && !after.is_empty() {
                            message.push_str(&format!(" between `{before}` and `{after}`"));
                        }
                        out.push(
                            Finding::new(&META, doc, *brk, note.number, message).with_help(
                                "join the two parts; the blank line probably came from \
                                 flattening the footnote into the text",
                            ),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, taliban, Cite, Fixture};

    #[test]
    fn the_example_reports_the_break_in_note_58() {
        let exts = [taliban()];
        let (findings, text) = check(&CitationSplitAcrossParagraphs, &exts);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].footnote, Some(58));
        assert!(findings[0].message.ends_with("between `N.Y.` and `Times`"));
        assert_eq!(exts[0].document.slice(findings[0].span), "\n\n");
        insta::assert_snapshot!(text);
    }

    #[test]
    fn every_break_is_reported_and_whole_citations_pass() {
        let exts = [Fixture::new()
            .note("1", vec![Cite::news("Whole, N.Y. Times (Apr. 24, 2020)")])
            .note("2", vec![Cite::news("One\n\nTwo\n\nThree")])
            .build()];
        let (findings, _) = check(&CitationSplitAcrossParagraphs, &exts);
        assert_eq!(findings.len(), 2);
        assert!(findings[1].message.ends_with("between `Two` and `Three`"));
    }
}
