//! IB403 `id-without-antecedent`: `Id.` has no citation before it

use super::common::note_name;
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity, Shared};
use crate::parse::resolve::Outcome;

pub static META: RuleMeta = RuleMeta {
    code: "IB403",
    name: "id-without-antecedent",
    default_severity: Severity::Error,
    summary: "`Id.` has no citation before it",
    doc: r#"## What it does

Reports `Id.` and `Ibid.` with no citation before them: in the first note that cites
anything, or at the start of a document.

## Why is this bad?

`Id.` stands for the preceding authority; with none, the reader cannot know the source.
It usually means the full citation was deleted or moved during editing.

## Example

```text
1. Id. at 5.
```"#,
};

/// IB403: see [`META`].
pub struct IdWithoutAntecedent;

impl Rule for IdWithoutAntecedent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        self.check_shared(&Shared::new(ctx), out);
    }

    fn check_shared(&self, shared: &Shared<'_>, out: &mut Vec<Finding>) {
        for &(doc, _ext, note, citation, ref r) in shared.short_form_sites() {
            if r.outcome != Outcome::NoAntecedent {
                continue;
            }
            out.push(
                Finding::new(
                    &META,
                    doc,
                    citation.span,
                    note.number,
                    format!(
                        "{}: `{}` has no citation before it",
                        note_name(note),
                        super::common::quote(&citation.text, 30)
                    ),
                )
                .with_help("cite the work in full here"),
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
    fn id_in_the_first_citing_note_is_reported() {
        let doc = markdown(
            "Text.[^1] More.[^2]\n\n[^1]: This note explains, and cites nothing.\n[^2]: *Ibid.*\n",
        );
        let (findings, text) = check(&IdWithoutAntecedent, &[doc]);
        assert_eq!(findings.len(), 1, "{text}");
        assert_eq!(findings[0].footnote, Some(2));
        insta::assert_snapshot!(text);
    }

    #[test]
    fn the_law_review_sequence_has_an_antecedent_for_every_id() {
        assert!(check(&IdWithoutAntecedent, &[markdown(SEQUENCE)])
            .0
            .is_empty());
    }
}
