//! IB201 `missing-date`: a full citation without a date.

use super::common::{full_citations, kind_noun, note_name};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};
use crate::model::CitationKind;

pub static META: RuleMeta = RuleMeta {
    code: "IB201",
    name: "missing-date",
    default_severity: Severity::Warning,
    summary: "A citation has no date",
    doc: r#"## What it does

Reports every full citation that gives no date. Short forms (`Id.`, `supra`), cases and
statutes (cited by reporter or code), and segments that could not be parsed are skipped.

## Why is this bad?

The date tells which version of a story or report was relied on, and is how the source
is found again when a URL breaks. News pieces are updated and republished under the same
title; without a date the citation is ambiguous.

## Example

```text
12 First round of US-Taliban peace talks resurrected in Qatar, Al Jazeera.
```

No date for this news article.
"#,
};

/// IB201: see [`META`].
pub struct MissingDate;

impl Rule for MissingDate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            for (note, citation) in full_citations(ext) {
                if citation.date.is_some()
                    || matches!(citation.kind, CitationKind::Case | CitationKind::Statute)
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
                            "{}: no date for this {}",
                            note_name(note),
                            kind_noun(citation.kind)
                        ),
                    )
                    .with_help(
                        "add the date of publication (for a web page, also the date you \
                         accessed it)",
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
    use crate::model::{DateStyle, ShortFormKind};

    #[test]
    fn the_example_has_dates_everywhere() {
        assert!(check(&MissingDate, &[taliban()]).0.is_empty());
    }

    #[test]
    fn undated_full_citations_are_reported() {
        let exts = [Fixture::new()
            .note(
                "1",
                vec![
                    Cite::news("Qatar talks, Al Jazeera").title("Qatar talks"),
                    Cite::new(CitationKind::Book, "Steve Coll, Directorate S"),
                    Cite::new(CitationKind::Case, "Hamdi v. Rumsfeld, 542 U.S. 507"),
                    Cite::new(CitationKind::Statute, "10 U.S.C. § 801"),
                    Cite::news("Id.").short(ShortFormKind::Id, None),
                    Cite::unparsed("garbled text"),
                    Cite::news("CNN (May 12, 2020)").ymd(
                        "May 12, 2020",
                        DateStyle::MonthDayYear,
                        2020,
                        5,
                        12,
                    ),
                ],
            )
            .build()];
        let (findings, text) = check(&MissingDate, &exts);
        assert_eq!(findings.len(), 2);
        assert_eq!(
            findings[0].message,
            "footnote 1: no date for this news article"
        );
        assert_eq!(findings[1].message, "footnote 1: no date for this book");
        insta::assert_snapshot!(text);
    }
}
