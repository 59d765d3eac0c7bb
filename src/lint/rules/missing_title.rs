//! IB205 `missing-title`: a full citation without a title.

use super::common::{full_citations, kind_noun, note_name};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};
use crate::model::CitationKind;

pub static META: RuleMeta = RuleMeta {
    code: "IB205",
    name: "missing-title",
    default_severity: Severity::Warning,
    summary: "A citation has no title",
    doc: r#"## What it does

Reports every full citation in which no title was found. Statutes (cited by code and
section), posts on a platform cited by their author (`Ann Lee (@ann), Twitter (May 2,
2020)`: posts have no titles), short forms and segments that could not be parsed are
skipped.

## Why is this bad?

The title is what a reader searches for. An outlet and a date alone rarely identify one
piece: a newspaper publishes hundreds of articles a day.

## Example

```text
12 Al Jazeera (December 7, 2019)
```

No title for this news article.
"#,
};

/// IB205: see [`META`].
pub struct MissingTitle;

impl Rule for MissingTitle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            for (note, citation) in full_citations(ext) {
                let has_title = citation
                    .title
                    .as_deref()
                    .is_some_and(|t| !t.trim().is_empty());
                if has_title
                    || citation.kind == CitationKind::Statute
                    || is_post(citation, ctx.registry)
                {
                    continue;
                }
                out.push(
                    Finding::new(
                        &META,
                        doc,
                        citation.span,
                        note.number,
                        format!(
                            "{}: no title for this {}",
                            note_name(note),
                            kind_noun(citation.kind)
                        ),
                    )
                    .with_help("add the title of the work as it was published"),
                );
            }
        }
    }
}

/// A post on a platform, cited by its account holder (`Ryan J. Reilly (@ryanjreilly),
/// Twitter (Oct. 1, 2022)`): posts have no titles (Bluebook 18.7).
fn is_post(citation: &crate::model::Citation, registry: &crate::outlets::Registry) -> bool {
    !citation.authors.is_empty() && registry.kind_of(citation.outlet.as_ref()) == Some("platform")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, taliban, Cite, Fixture};

    #[test]
    fn the_example_has_titles_everywhere() {
        assert!(check(&MissingTitle, &[taliban()]).0.is_empty());
    }

    #[test]
    fn untitled_citations_are_reported() {
        let exts = [Fixture::new()
            .note(
                "7",
                vec![
                    Cite::news("Al Jazeera (December 7, 2019)"),
                    Cite::news("CNN, Deal").title(" "),
                    Cite::new(CitationKind::Statute, "10 U.S.C. § 801"),
                    Cite::news("Mashal, Attacks, N.Y. Times").title("Attacks"),
                    // a post by its account holder has no title; an anonymous one is reported
                    Cite::new(
                        CitationKind::WebPage,
                        "Ann Lee (@ann), Twitter (May 2, 2020)",
                    )
                    .author("Ann", "Lee")
                    .outlet_id("Twitter", "twitter"),
                    Cite::new(CitationKind::WebPage, "Twitter (May 2, 2020)")
                        .outlet_id("Twitter", "twitter"),
                ],
            )
            .build()];
        let (findings, text) = check(&MissingTitle, &exts);
        assert_eq!(findings.len(), 3);
        assert_eq!(
            findings[0].message,
            "footnote 7: no title for this news article"
        );
        insta::assert_snapshot!(text);
    }
}
