//! IB405 `short-form-before-full-citation`: A short form precedes the first full citation of its source

use super::common::{cite_name, note_name};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity, Shared};
use crate::parse::resolve::Outcome;

pub static META: RuleMeta = RuleMeta {
    code: "IB405",
    name: "short-form-before-full-citation",
    default_severity: Severity::Warning,
    summary: "A short form precedes the first full citation of its source",
    doc: r#"## What it does

Reports a short form (`Author, supra` without a note number, or a `hereinafter` short
title) used before the note where the work is first cited in full.

## Why is this bad?

A reader meets the short form first and cannot know what it refers to. Usually the full
citation and a short form were swapped while notes were moved.

## Example

```text
4. Posner, supra, at 3.
8. Richard A. Posner, Economic Analysis of Law 3 (9th ed. 2014).
```"#,
};

/// IB405: see [`META`].
pub struct ShortFormBeforeFullCitation;

impl Rule for ShortFormBeforeFullCitation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        self.check_shared(&Shared::new(ctx), out);
    }

    fn check_shared(&self, shared: &Shared<'_>, out: &mut Vec<Finding>) {
        for &(doc, ext, note, citation, ref r) in shared.short_form_sites() {
            let Outcome::BeforeFull(target) = r.outcome else {
                continue;
            };
            out.push(
                Finding::new(
                    &META,
                    doc,
                    citation.span,
                    note.number,
                    format!(
                        "{}: `{}` comes before the first full citation of its source, in {}",
                        note_name(note),
                        super::common::quote(&citation.text, 40),
                        cite_name(ext, target)
                    ),
                )
                .with_help("move the full citation to the first note that cites the work"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, markdown};

    const SEQUENCE: &str = include_str!("../../parse/testdata/short_forms.md");

    #[test]
    fn a_supra_before_the_full_citation_is_reported() {
        let (findings, text) = check(&ShortFormBeforeFullCitation, &[markdown(SEQUENCE)]);
        assert_eq!(findings.len(), 1, "{text}");
        assert_eq!(findings[0].footnote, Some(10));
        assert!(findings[0].message.contains("in footnote 11"), "{text}");
        insta::assert_snapshot!(text);
    }

    #[test]
    fn a_hereinafter_title_before_its_definition_is_reported() {
        let doc = markdown("A.[^1] B.[^2]\n\n[^1]: *See* Senate Report at 45.\n[^2]: Senate Select Comm. on Intelligence, *Russian Active Measures Campaigns* 12 (2020) [hereinafter Senate Report].\n");
        let (findings, text) = check(&ShortFormBeforeFullCitation, &[doc]);
        assert_eq!(findings.len(), 1, "{text}");
        assert_eq!(findings[0].footnote, Some(1));
    }
}
