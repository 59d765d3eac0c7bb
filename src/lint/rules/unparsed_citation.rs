//! IB107 `unparsed-citation`: a citation-shaped segment whose fields could not be read.

use super::common::{note_name, quote};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "IB107",
    name: "unparsed-citation",
    default_severity: Severity::Warning,
    summary: "A segment that looks like a citation could not be parsed",
    doc: r#"## What it does

Reports every citation segment of a footnote in which the parser recognised no citation
shape (author, title, outlet, date), unless it is a short form such as `Id.` or
`supra note 12`, which have their own rules.

## Why is this bad?

ibid cannot check what it cannot read: the other field rules skip such a segment. It is
often a garbled citation (a merged pair, a lost comma) that a reader would misread too.

## Example

```text
12 Qatar talks Al Jazeera December
```

`Qatar talks Al Jazeera December` could not be read as a citation.
"#,
};

/// IB107: see [`META`].
pub struct UnparsedCitation;

impl Rule for UnparsedCitation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            for note in &ext.footnotes {
                for citation in &note.citations {
                    if citation.parsed || citation.short_form.is_some() {
                        continue;
                    }
                    out.push(
                        Finding::new(
                            &META,
                            doc,
                            citation.span,
                            note.number,
                            format!(
                                "{}: `{}` could not be read as a citation (no author, title, \
                                 outlet or date recognised)",
                                note_name(note),
                                quote(&citation.text, 60)
                            ),
                        )
                        .with_help(
                            "check the citation's form, e.g. `Author, Title, Outlet (Mon. D, \
                             YYYY), URL`",
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, taliban, Cite, Fixture};
    use crate::model::ShortFormKind;

    #[test]
    fn the_example_parses_fully() {
        assert!(check(&UnparsedCitation, &[taliban()]).0.is_empty());
    }

    #[test]
    fn unparsed_segments_are_reported_but_short_forms_are_not() {
        let exts = [Fixture::new()
            .note(
                "12",
                vec![
                    Cite::unparsed("Qatar talks Al Jazeera December"),
                    Cite::unparsed("Id. at 4").short(ShortFormKind::Id, None),
                    Cite::news("Al Jazeera (December 7, 2019)"),
                ],
            )
            .build()];
        let (findings, text) = check(&UnparsedCitation, &exts);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].footnote, Some(12));
        insta::assert_snapshot!(text);
    }
}
