//! IB204 `missing-author`: a news article, journal article or book without an author.

use super::common::{full_citations, kind_noun, note_name};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};
use crate::model::CitationKind;

pub static META: RuleMeta = RuleMeta {
    code: "IB204",
    name: "missing-author",
    default_severity: Severity::Info,
    summary: "A news article, journal article or book names no author",
    doc: r#"## What it does

Reports news articles, journal articles and books cited without an author. Reports, web
pages, cases and statutes are often authorless and are not checked.

## Why is this bad?

The author is part of how a work is identified and how its reliability is judged. It is
only information: news items without a byline (editorials, wire reports) are legitimate,
which is why the rule's default severity is `info`.

## Example

```text
12 First round of US-Taliban peace talks resurrected in Qatar, Al Jazeera (December 7, 2019)
```

No author for this news article.
"#,
};

/// IB204: see [`META`].
pub struct MissingAuthor;

impl Rule for MissingAuthor {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            for (note, citation) in full_citations(ext) {
                let expects_author = matches!(
                    citation.kind,
                    CitationKind::NewsArticle | CitationKind::JournalArticle | CitationKind::Book
                );
                if !expects_author
                    || !citation.authors.is_empty()
                    || citation.authors_as_written.is_some()
                {
                    continue;
                }
                let help = if citation.kind == CitationKind::NewsArticle {
                    "add the byline; a piece published without one (an editorial, a wire \
                     report) is fine as it is"
                } else {
                    "add the author or editor"
                };
                out.push(
                    Finding::new(
                        &META,
                        doc,
                        citation.span,
                        note.number,
                        format!(
                            "{}: no author for this {}",
                            note_name(note),
                            kind_noun(citation.kind)
                        ),
                    )
                    .with_help(help),
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
    fn the_example_reports_note_12() {
        let exts = [taliban()];
        let (findings, text) = check(&MissingAuthor, &exts);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].footnote, Some(12));
        assert_eq!(findings[0].severity, Severity::Info);
        insta::assert_snapshot!(text);
    }

    #[test]
    fn only_kinds_with_authors_are_checked() {
        let mut unsplit = Cite::new(CitationKind::Book, "Coll et al., Directorate S");
        unsplit = unsplit.title("Directorate S");
        let mut exts = [Fixture::new()
            .note(
                "1",
                vec![
                    Cite::new(CitationKind::Report, "UNAMA, Civilian Casualties"),
                    Cite::new(CitationKind::JournalArticle, "Note, 12 Harv. L. Rev. 1"),
                    unsplit,
                ],
            )
            .build()];
        exts[0].footnotes[0].citations[2].authors_as_written = Some("Coll et al.".into());
        let (findings, _) = check(&MissingAuthor, &exts);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "footnote 1: no author for this journal article"
        );
    }
}
