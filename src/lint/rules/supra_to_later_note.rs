//! IB404 `supra-to-later-note`: `supra note N` points to a later note

use super::common::{cite_name, note_name};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity, Shared};
use crate::parse::resolve::Outcome;

pub static META: RuleMeta = RuleMeta {
    code: "IB404",
    name: "supra-to-later-note",
    default_severity: Severity::Warning,
    summary: "`supra note N` points to a later note",
    doc: r#"## What it does

Reports `supra note N` where note N comes after the note that uses it.

## Why is this bad?

`supra` means "above": the work must have been cited in full earlier. A forward `supra`
is usually a wrong note number, or a sign that notes were reordered; the forward pointer
is `infra`.

## Example

```text
7. Posner, supra note 8, at 3.
8. Richard A. Posner, Economic Analysis of Law 3 (9th ed. 2014).
```"#,
};

/// IB404: see [`META`].
pub struct SupraToLaterNote;

impl Rule for SupraToLaterNote {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        self.check_shared(&Shared::new(ctx), out);
    }

    fn check_shared(&self, shared: &Shared<'_>, out: &mut Vec<Finding>) {
        for &(doc, ext, note, citation, ref r) in shared.short_form_sites() {
            let Outcome::Forward(target) = r.outcome else {
                continue;
            };
            let written = citation.short_form.as_ref().and_then(|s| s.note);
            out.push(
                Finding::new(
                    &META,
                    doc,
                    citation.span,
                    note.number,
                    format!(
                        "{}: `supra note {}` points forward, to {}",
                        note_name(note),
                        written.map_or("?".to_string(), |n| n.to_string()),
                        cite_name(ext, target)
                    ),
                )
                .with_help("cite the work in full here and use `supra` in the later note, or correct the note number"),
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
    fn a_forward_supra_is_reported() {
        let (findings, text) = check(&SupraToLaterNote, &[markdown(SEQUENCE)]);
        assert_eq!(findings.len(), 1, "{text}");
        assert_eq!(findings[0].footnote, Some(7));
        assert!(findings[0]
            .message
            .contains("`supra note 8` points forward, to footnote 8"));
        insta::assert_snapshot!(text);
    }
}
